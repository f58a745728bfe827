"""Stored links reach the page and the nearby JSON only as http(s) URLs, whatever the database holds."""

import html

import pytest
from django.urls import reverse

from common.links import safe_url
from tests.hospitals.factories import make_hospital, make_human
from tests.hospitals.hira_files import YEOKSAM
from tests.products.conftest import goods_no, make_product

HOSTILE = ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
           "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x", "/relative",
           "http://", "https://exa mple.kr", "ftp://files.example.kr"]


@pytest.mark.parametrize("url", HOSTILE)
def test_anything_but_an_absolute_http_url_becomes_empty(url):
    assert safe_url(url) == ""


@pytest.mark.parametrize("url", ["https://clinic.example.kr", "http://clinic.example.kr/a?b=c", "HTTPS://X.KR"])
def test_http_and_https_urls_pass_unchanged(url):
    assert safe_url(url) == url


@pytest.mark.django_db
class TestStoredClinicLinks:
    @pytest.fixture
    def hostile_clinic(self):
        return make_hospital("X", "역삼피부과", YEOKSAM, url="javascript:alert(1)")

    def test_results_page_does_not_link_a_javascript_url(self, client, hostile_clinic):
        human = make_human()
        url = reverse("diagnosis:result", kwargs={"public_id": human.public_id})
        page = html.unescape(client.get(url, {"near_lat": YEOKSAM[0], "near_lon": YEOKSAM[1]}).content.decode())
        assert "역삼피부과" in page
        assert "javascript:" not in page.lower()

    def test_nearby_json_carries_no_javascript_url(self, client, hostile_clinic):
        data = client.get(reverse("hospitals:nearby"), {"lat": YEOKSAM[0], "lon": YEOKSAM[1]}).json()
        assert [r["name"] for r in data["results"]] == ["역삼피부과"]
        assert data["results"][0]["url"] == ""
        assert all(r["kakao_url"].startswith("https://") for r in data["results"])


@pytest.mark.django_db
def test_product_cards_never_link_or_show_a_javascript_url(client):
    from tests.products.conftest import make_human as make_product_human

    for n in range(4):
        make_product(goods_no(n), url="javascript:alert(1)" if n % 2 else f"https://www.oliveyoung.co.kr/{n}",
                     image_url="javascript:alert(2)")
    human = make_product_human("hair_loss")
    page = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id})).content.decode()
    assert "javascript:" not in html.unescape(page).lower()
