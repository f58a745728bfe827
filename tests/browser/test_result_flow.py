"""Upload a photo in a real browser and read the results page, in Korean and English, desktop and phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.stats.factories import make_group

pytestmark = pytest.mark.browser


def _first_visit(page, live_server, screenshot):
    page.goto(live_server.url + "/")
    guide = page.locator("#photo-guide")
    expect(guide).to_be_visible()  # a popup on the first visit
    assert page.evaluate("document.getElementById('photo-guide').matches(':modal')")
    page.screenshot(path=screenshot)
    page.get_by_role("button", name="확인했어요").click()
    expect(guide).to_be_hidden()


def _upload(page, photo, *, sex="M", age="30"):
    page.set_input_files("#id_photo", str(photo))
    page.check(f"input[name=sex][value={sex}]")
    page.select_option("#id_age", age)
    page.check("input[name=area][value=crown]")
    page.get_by_role("button", name="사진 분석하기").click()
    page.wait_for_url(re.compile(r"/result/[0-9a-f-]+/$"))


def _check_results(page, *, lang):
    expect(page.locator("svg.chart")).to_have_count(6)
    for i in range(1, 7):
        expect(page.locator(f'[data-symptom="value_{i}"] svg[role=img]')).to_be_visible()
    expect(page.locator("#care .care-icon")).to_be_visible()
    expect(page.locator("#stats [data-stats-group=people] .standing li")).to_have_count(6)
    if lang == "ko":
        expect(page.locator(".verdict")).to_contain_text("당신의 두피는 '")
        expect(page.locator("#care")).to_contain_text("이 결과는 의학적 진단이 아닙니다.")
        expect(page.locator("#stats")).to_contain_text("나의 위치")
    else:
        expect(page.locator(".verdict")).to_contain_text("Your scalp type is '")
        expect(page.locator("#care")).to_contain_text("This is not a medical diagnosis.")
        expect(page.locator("#stats")).to_contain_text("Where you stand")
    expect(page.locator("#result-notice")).to_be_visible()


def _switch_to_english(page):
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_desktop_upload_shows_graph_advice_and_statistics_in_korean_then_english(
        open_page, live_server, weights, photo, artifacts):
    make_group(6, sex="M", age=30, hair_loss=1)
    page = open_page(device=DESKTOP)
    _first_visit(page, live_server, artifacts / "upload-guide-desktop-ko.png")
    _upload(page, photo)
    _check_results(page, lang="ko")
    page.screenshot(path=artifacts / "result-desktop-ko.png", full_page=True)

    _switch_to_english(page)
    _check_results(page, lang="en")
    page.screenshot(path=artifacts / "result-desktop-en.png", full_page=True)
    assert page.outside_requests == []  # local static assets only


def test_phone_layout_fits_the_screen_in_both_languages(open_page, live_server, weights, photo, artifacts):
    make_group(6, sex="F", age=20)
    page = open_page(device=PHONE)
    _first_visit(page, live_server, artifacts / "upload-guide-phone-ko.png")
    expect(page.get_by_role("button", name="카메라로 바로 찍기")).to_be_visible()
    photo_input = page.locator("#id_photo")  # camera and gallery both offered: no `capture` on the input itself
    assert "image/jpeg" in photo_input.get_attribute("accept") and photo_input.get_attribute("capture") is None
    page.screenshot(path=artifacts / "upload-phone-ko.png", full_page=True)
    _upload(page, photo, sex="F", age="20")
    _check_results(page, lang="ko")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    chart_width = page.locator('[data-symptom="value_1"] svg').bounding_box()["width"]
    assert chart_width >= 300  # one chart per row, full width on a 390 px screen
    page.screenshot(path=artifacts / "result-phone-ko.png", full_page=True)

    _switch_to_english(page)
    _check_results(page, lang="en")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / "result-phone-en.png", full_page=True)
    assert page.outside_requests == []


def test_photo_guide_reopens_from_its_button_and_stays_closed_after_the_first_visit(
        open_page, live_server, weights, artifacts):
    page = open_page(device=DESKTOP)
    _first_visit(page, live_server, artifacts / "upload-guide-desktop-ko.png")
    expect(page.get_by_role("button", name="카메라로 바로 찍기")).to_be_hidden()  # no touch screen
    page.reload()
    expect(page.locator("#photo-guide")).to_be_hidden()
    page.get_by_role("button", name="사진 찍는 법").click()
    expect(page.locator("#photo-guide")).to_be_visible()
    expect(page.locator("#photo-guide")).to_contain_text("가르마")


def test_without_javascript_the_guide_is_part_of_the_page_and_upload_still_works(
        open_page, live_server, weights, photo, artifacts):
    page = open_page(device=PHONE, javascript=False)
    page.goto(live_server.url + "/")
    expect(page.locator("#photo-guide")).to_be_visible()
    expect(page.get_by_role("button", name="사진 찍는 법")).to_be_hidden()
    page.screenshot(path=artifacts / "upload-nojs-phone-ko.png", full_page=True)
    page.set_input_files("#id_photo", str(photo))
    page.check("input[name=sex][value=M]")
    page.select_option("#id_age", "40")
    page.check("input[name=area][value=crown]")
    page.get_by_role("button", name="사진 분석하기").click()
    page.wait_for_url(re.compile(r"/result/"))
    expect(page.locator("svg.chart")).to_have_count(6)
    expect(page.locator("#stats .not-enough")).to_be_visible()


def test_tableau_view_that_cannot_load_says_so_and_the_figures_stay(
        open_page, live_server, weights, settings, artifacts):
    settings.TABLEAU_VIEW_URL = "https://public.tableau.com/views/ScalpSpectra/Demographics"
    human = make_group(6, sex="M", age=50)[0]
    page = open_page(device=DESKTOP)
    page.route("https://public.tableau.com/**", lambda route: route.abort())  # offline
    page.goto(f"{live_server.url}/result/{human.public_id}/")
    status = page.locator("[data-tableau-status]")
    expect(status).to_contain_text("Tableau 인터랙티브 보기를 불러오지 못했습니다", timeout=5_000)
    expect(page.locator("#stats [data-stats-group=people] .standing li")).to_have_count(6)
    page.screenshot(path=artifacts / "stats-tableau-offline-ko.png", full_page=True)
