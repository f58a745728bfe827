"""axe-core (from the npm registry, installed by `make axe` into var/node) finds no serious or critical
violation on any page; the phone's first screen holds the summary; the area is stored and shown."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.stats.factories import make_group

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE.read_text() + "\n;0")  # through DevTools, so the site's CSP need not allow it
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]),
             "targets": [n["target"] for n in v["nodes"][:3]]} for v in result["violations"]]


@pytest.fixture
def warm(weights):
    """The models loaded before the first page, as each server process does (scalpspectra/gunicorn_conf.py)."""
    from diagnosis.warmup import models_warm_up

    models_warm_up()


def _upload(page, live_server, photo, area):
    page.goto(live_server.url + "/")
    if page.locator("#photo-guide").is_visible():
        page.get_by_role("button", name="확인했어요").click()
    page.set_input_files("#id_photo", str(photo))
    page.check(f"input[name=area][value={area}]")
    page.check("input[name=sex][value=M]")
    page.select_option("#id_age", "30")
    page.get_by_role("button", name="사진 분석하기").click()
    page.wait_for_url(re.compile(r"/result/[0-9a-f-]+/$"))
    return page.url


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `make axe`")
def test_no_serious_or_critical_axe_violation_on_any_page(open_page, live_server, warm, photo, artifacts):
    page = open_page(device=PHONE)
    counts, pages = {}, {}

    def audit(name):
        found = axe_violations(page)
        counts[name] = sum(v["nodes"] for v in found if v["impact"] in SERIOUS)
        pages[name] = found
        page.screenshot(path=artifacts / f"axe-{name}.png", full_page=False)

    page.goto(live_server.url + "/")
    audit("guide")  # the photo guide opens as a dialog on the first visit
    page.get_by_role("button", name="확인했어요").click()
    audit("upload")
    first = _upload(page, live_server, photo, "crown")
    audit("results")
    make_group(6, sex="M", age=30, hair_loss=1)
    page.reload()
    audit("results-with-statistics")
    _upload(page, live_server, photo, "crown")
    page.goto(live_server.url + "/history/")
    audit("history")
    page.locator(".history-item-actions a.button").first.click()
    audit("comparison")
    for name, path in [("privacy", "/privacy/"), ("delete", first[len(live_server.url):] + "delete/"),
                       ("404", "/no-such-page/"), ("api-docs", "/api/v1/docs")]:
        page.goto(live_server.url + path)
        audit(name)
    (artifacts / "axe-counts.json").write_text(json.dumps({"serious_or_critical_nodes": counts, "violations": pages},
                                                          ensure_ascii=False, indent=1))
    assert counts == {name: 0 for name in counts}, json.dumps(pages, ensure_ascii=False)


def test_phone_first_screen_holds_the_summary_and_the_area_is_stored_and_shown(open_page, live_server, warm,
                                                                               photo, artifacts):
    page = open_page(device=PHONE)
    _upload(page, live_server, photo, "hairline")
    expect(page.locator("main")).to_have_attribute("data-area", "hairline")
    box = page.locator("#summary-title").bounding_box()
    assert box["y"] + box["height"] <= 844, box
    next_step = page.locator(".next-step").bounding_box()
    assert next_step["y"] + next_step["height"] <= 844, next_step
    expect(page.locator("#summary .meta")).to_contain_text("앞머리선")
    page.screenshot(path=artifacts / "results-phone-first-screen-ko.png")
    _upload(page, live_server, photo, "crown")
    page.goto(live_server.url + "/history/")
    expect(page.locator("section.area-trend")).to_have_count(2)
    expect(page.locator(".history-item-actions a.button")).to_have_count(0)  # no earlier result of the same area
    page.screenshot(path=artifacts / "history-per-area-phone-ko.png", full_page=True)
