"""hospitals.js in headless Chromium: offline fallback, the map with a stand-in SDK, and "use my location".

Kakao's servers are never contacted: requests to dapi.kakao.com are either refused (offline) or answered
with a small stand-in that records what the page asks of the kakao.maps API.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.hospitals.factories import make_hospital, make_human
from tests.hospitals.hira_files import HAEUNDAE, JONGNO, YEOKSAM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STAND_IN_SDK = """
window.kakaoCalls = {markers: 0, geocoded: []};
function LatLng(lat, lng) { this.lat = lat; this.lng = lng; }
function Noop() {}
Noop.prototype = {extend: Noop, setContent: Noop, open: Noop, close: Noop, relayout: Noop, setBounds: Noop};
window.kakao = {maps: {
  load: function (callback) { setTimeout(callback, 0); },
  LatLng: LatLng, Map: Noop, InfoWindow: Noop, LatLngBounds: Noop, Marker: Noop,
  MarkerClusterer: function () {
    this.clear = function () { kakaoCalls.markers = 0; };
    this.addMarkers = function (m) { kakaoCalls.markers += m.length; };
  },
  event: {addListener: Noop},
  services: {Status: {OK: "OK"}, Geocoder: function () {
    this.addressSearch = function (q, done) {
      kakaoCalls.geocoded.push(q);
      done([{y: "35.1631", x: "129.1636"}], "OK");
    };
  }}
}};
"""


@pytest.fixture
def chromium(browser):
    """The session's headless Chromium (tests/conftest.py); this test's pages close before its live server stops."""
    yield browser
    for context in browser.contexts:
        context.close()


@pytest.fixture
def result_url(live_server):
    make_hospital("J", "종로피부과", JONGNO, sigungu="종로구", dong="종로1가")
    make_hospital("Y", "역삼피부과", YEOKSAM)
    make_hospital("H", "해운대피부과", HAEUNDAE, sido="부산", sigungu="해운대구", dong="우동")
    return live_server.url + reverse("diagnosis:result", kwargs={"public_id": make_human().public_id})


def open_page(chromium, sdk=None, **context_options):
    context = chromium.new_context(locale="ko-KR", **context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    if sdk is None:
        page.route("**/dapi.kakao.com/**", lambda route: route.abort())
    else:
        page.route("**/dapi.kakao.com/**", lambda route: route.fulfill(body=sdk, content_type="text/javascript"))
    return page


def test_offline_sdk_leaves_the_list_and_no_map(chromium, result_url, settings):
    settings.KAKAO_JS_KEY = "test-key"
    page = open_page(chromium)
    page.goto(result_url + "?near=강남구")
    page.wait_for_load_state("networkidle")
    assert page.locator(".hospital-name").all_inner_texts() == ["역삼피부과", "종로피부과"]
    assert page.locator(".hospitals-map").is_hidden()


def test_map_appears_with_markers_once_the_sdk_loads(chromium, result_url, settings):
    settings.KAKAO_JS_KEY = "test-key"
    page = open_page(chromium, STAND_IN_SDK)
    page.goto(result_url + "?near=강남구")
    # Predicates are arrow functions: a bare expression string would be eval'd, which the CSP forbids.
    page.wait_for_function("() => window.kakaoCalls && window.kakaoCalls.markers === 2")
    assert page.locator(".hospitals-map").is_visible()
    page.fill("#hospitals-near", "해운대역")
    page.click(".hospitals-search button[type=submit]")
    expect(page.locator(".hospital-name").first).to_have_text("해운대피부과")
    assert page.evaluate("window.kakaoCalls.geocoded") == ["해운대역"]


def test_use_my_location_lists_clinics_near_the_browser(chromium, result_url, settings):
    settings.KAKAO_JS_KEY = ""
    page = open_page(chromium, geolocation={"latitude": HAEUNDAE[0], "longitude": HAEUNDAE[1]},
                     permissions=["geolocation"])
    page.goto(result_url)
    assert page.locator(".hospital").count() == 0
    page.click("[data-locate]")
    page.wait_for_selector(".hospital")
    assert page.locator(".hospital-name").all_inner_texts() == ["해운대피부과"]
    assert "0.0 km" in page.locator(".hospital-distance").first.inner_text()
