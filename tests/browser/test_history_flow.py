"""Two uploads in one browser: the results page offers the comparison, the comparison shows what changed, and
both PDF reports download and read in Korean (and English). Screenshots go to test-artifacts/."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings as django_settings
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from ml.render import Painter, random_look
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

# The shipped demo models grade these painted photos as fine dead skin 1 -> 2 (worse), dandruff 2 -> 1 and
# hair loss 2 -> 0 (better), the rest normal both times.
BEFORE, AFTER = (1, 0, 0, 0, 2, 2), (2, 2, 0, 0, 1, 0)


@pytest.fixture
def demo_weights(settings):
    settings.WEIGHTS_DIR = Path(django_settings.BASE_DIR) / "weights"


def painted(path: Path, grades) -> Path:
    rng = np.random.default_rng(3)
    look = random_look(rng)
    bgr = Painter(rng).paint(grades, look)
    Image.fromarray(np.ascontiguousarray(bgr[..., ::-1])).save(path, "JPEG", quality=92)
    return path


def upload(page, live_server, photo: Path) -> None:
    page.goto(live_server.url + "/")
    guide = page.locator("#photo-guide")
    if guide.is_visible():
        page.get_by_role("button", name="확인했어요").click()
    page.set_input_files("#id_photo", str(photo))
    page.check("input[name=sex][value=F]")
    page.select_option("#id_age", "30")
    page.check("input[name=area][value=crown]")
    page.get_by_role("button", name="사진 분석하기").click()
    page.wait_for_url(re.compile(r"/result/[0-9a-f-]+/$"))


def download(page, link_name: str, target: Path) -> str:
    """Click a download link, keep the PDF in test-artifacts/, a PNG of its first page, and return its text."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    info.value.save_as(target)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(target), str(target.with_suffix(""))],
                       check=True)
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    return "\n".join(p.extract_text() for p in reader.pages)


def test_two_uploads_then_compare_list_and_download_both_reports(
        open_page, live_server, demo_weights, tmp_path, artifacts):
    page = open_page(device=DESKTOP)
    upload(page, live_server, painted(tmp_path / "before.jpg", BEFORE))
    expect(page.locator("#history")).to_contain_text("PDF 보고서 내려받기")
    expect(page.get_by_role("link", name="이전 결과와 비교하기")).to_have_count(0)

    upload(page, live_server, painted(tmp_path / "after.jpg", AFTER))
    result_url = page.url
    page.get_by_role("link", name="이전 결과와 비교하기").click()
    page.wait_for_url(re.compile(r"/history/compare/\?a=.+&b=.+"))
    expect(page.locator(".compare-card")).to_have_count(6)
    # Hair loss 2 -> 0 changes the scalp type (탈모성 -> another), so the comparison names that change
    # instead of calling a grade better or worse (issue 19).
    expect(page.get_by_text("두피 유형이 바뀌었으므로")).to_be_visible()
    expect(page.locator('[data-symptom="value_1"]')).to_have_attribute("data-change", "changed")
    expect(page.locator('[data-symptom="value_6"]')).to_have_attribute("data-change", "changed")
    page.screenshot(path=artifacts / "history-compare-desktop-ko.png", full_page=True)

    page.locator("#main").get_by_role("link", name="내 결과").click()
    expect(page.locator(".history-item")).to_have_count(2)
    expect(page.locator("svg.trend[role=img]")).to_have_count(6)
    page.screenshot(path=artifacts / "history-list-desktop-ko.png", full_page=True)
    text = download(page, "전체를 PDF 보고서로 내려받기", artifacts / "history-report-ko.pdf")
    for words in ("내 두피의 변화", "결과 2개", "양호", "경증", "중등도", "데모 모델", "의학적 진단이 아닙니다"):
        assert words in text, words

    page.goto(result_url)
    text = download(page, "PDF 보고서 내려받기", artifacts / "result-report-ko.pdf")
    for words in ("두피 자가 점검 보고서", "미세각질 중등도", "비듬 경증", "탈모 양호", "데모 모델"):
        assert words in text, words

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#history .button").first).to_be_hidden()
    page.screenshot(path=artifacts / "result-print-ko.png", full_page=True)
    page.emulate_media(media="screen")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    text = download(page, "Download PDF report", artifacts / "result-report-en.pdf")
    for words in ("Scalp self-check report", "Fine dead skin Moderate", "Hair loss Normal", "Demo model",
                  "This is not a medical diagnosis."):
        assert words in text, words
    assert page.outside_requests == []


def test_comparison_fits_a_phone_and_another_browser_sees_no_results(open_page, live_server, demo_weights,
                                                                       tmp_path, artifacts):
    page = open_page(device=PHONE)
    upload(page, live_server, painted(tmp_path / "before.jpg", BEFORE))
    upload(page, live_server, painted(tmp_path / "after.jpg", AFTER))
    page.get_by_role("link", name="이전 결과와 비교하기").click()
    expect(page.locator(".compare-card")).to_have_count(6)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / "history-compare-phone-ko.png", full_page=True)

    stranger = open_page(device=DESKTOP)
    stranger.goto(live_server.url + "/history/")
    expect(stranger.locator("#history-empty")).to_be_visible()
    expect(stranger.locator(".history-item")).to_have_count(0)
    stranger.goto(page.url)
    expect(stranger.locator("h1")).not_to_have_text("두 결과 비교하기")
