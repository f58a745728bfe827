"""Clicks and impressions: counted once per page, for people not robots, as daily aggregates only."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ads.models import CampaignDay, ProductDay
from products.models import Product
from tests.ads.conftest import BROWSER, LANDING, make_campaign, make_result
from tests.products.conftest import goods_no, make_product

pytestmark = pytest.mark.django_db
SEGMENT = {"scalp_type": "hair_loss", "sex": "F", "age_band": 30}


def counts(model, **owner):
    return list(model.objects.filter(**owner).values_list("scalp_type", "sex", "age_band", "impressions", "clicks"))


def click(client, name, pk, human, **headers):
    return client.get(reverse(name, args=[pk]), {"r": str(human.public_id)}, **headers)


def test_product_click_redirects_to_the_stored_url_and_counts_one_click(browser_client):
    product = make_product(goods_no(1))
    human = make_result()
    response = click(browser_client, "products:click", product.pk, human)
    assert response.status_code == 302 and response["Location"] == product.url
    assert response["Referrer-Policy"] == "no-referrer"
    assert counts(ProductDay, product=product) == [("hair_loss", "F", 30, 0, 1)]
    assert ProductDay.objects.get().day == timezone.localdate()


def test_sponsored_click_redirects_to_the_landing_url_and_counts_for_the_campaign(browser_client):
    campaign = make_campaign()
    other = make_campaign(campaign.advertiser, name="다른 캠페인")
    response = click(browser_client, "ads:campaign_click", campaign.pk, make_result(skin="dry", sex="M", age=40))
    assert response.status_code == 302 and response["Location"] == LANDING
    assert counts(CampaignDay, campaign=campaign) == [("dry", "M", 40, 0, 1)]
    assert counts(CampaignDay, campaign=other) == [] and ProductDay.objects.count() == 0


def test_a_url_in_the_request_is_never_followed(browser_client):
    product = make_product(goods_no(1))
    response = browser_client.get(reverse("products:click", args=[product.pk]),
                                  {"r": str(make_result().public_id), "next": "https://evil.example/",
                                   "url": "https://evil.example/"})
    assert response["Location"] == product.url


@pytest.mark.parametrize("path", ["/products/go/999999/", "/go/c/999999/", "/products/go/abc/", "/products/go/-1/"])
def test_tampered_id_is_404_and_counts_nothing(browser_client, path):
    make_product(goods_no(1))
    make_campaign()
    assert browser_client.get(path, {"r": str(make_result().public_id)}).status_code == 404
    assert ProductDay.objects.count() == CampaignDay.objects.count() == 0


def test_unapproved_campaign_or_a_stored_link_off_the_allowed_hosts_is_404(browser_client):
    campaign = make_campaign(approved=False)
    product = make_product(goods_no(1), url="https://evil.example/phish")
    human = make_result()
    assert click(browser_client, "ads:campaign_click", campaign.pk, human).status_code == 404
    assert click(browser_client, "products:click", product.pk, human).status_code == 404


def test_second_click_from_the_same_page_adds_none(browser_client):
    product = make_product(goods_no(1))
    human = make_result()
    for _ in range(3):
        assert click(browser_client, "products:click", product.pk, human).status_code == 302
    assert counts(ProductDay, product=product) == [("hair_loss", "F", 30, 0, 1)]
    click(browser_client, "products:click", product.pk, make_result())  # another results page
    assert counts(ProductDay, product=product) == [("hair_loss", "F", 30, 0, 2)]


@pytest.mark.parametrize("headers", [
    {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
    {"HTTP_USER_AGENT": "facebookexternalhit/1.1"},
    {"HTTP_USER_AGENT": "curl/8.5.0"},
    {"HTTP_USER_AGENT": ""},
    {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
    {"HTTP_PURPOSE": "prefetch"},
    {"HTTP_X_MOZ": "prefetch"},
])
def test_robots_and_prefetches_are_redirected_but_not_counted(browser_client, headers):
    product = make_product(goods_no(1))
    human = make_result()
    assert click(browser_client, "products:click", product.pk, human, **headers).status_code == 302
    html = browser_client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id}), **headers)
    assert "product-card" in html.content.decode()
    assert ProductDay.objects.count() == 0


def test_showing_the_section_counts_one_impression_per_card_once_a_day(browser_client):
    products = [make_product(goods_no(n)) for n in range(6)]
    campaign = make_campaign()
    human = make_result()
    url = reverse("diagnosis:result", kwargs={"public_id": human.public_id})
    html = browser_client.get(url).content.decode()
    browser_client.get(url)  # a reload counts nothing more
    shown = {int(pk) for pk in re.findall(r'href="/products/go/(\d+)/', html)}
    assert len(shown) == 4
    assert {row.product_id: row.impressions for row in ProductDay.objects.all()} == dict.fromkeys(shown, 1)
    assert counts(CampaignDay, campaign=campaign) == [("hair_loss", "F", 30, 1, 0)]
    assert set(p.pk for p in products) > shown


def test_aggregates_hold_no_address_session_result_id_or_browser_string(browser_client):
    product = make_product(goods_no(1))
    campaign = make_campaign()
    human = make_result()
    browser_client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id}), REMOTE_ADDR="203.0.113.9")
    click(browser_client, "products:click", product.pk, human, REMOTE_ADDR="203.0.113.9")
    click(browser_client, "ads:campaign_click", campaign.pk, human, REMOTE_ADDR="203.0.113.9")
    assert "sessionid" not in browser_client.cookies  # counting sets no cookie, so there is no session to keep
    for model, owner in ((ProductDay, "product"), (CampaignDay, "campaign")):
        fields = {f.name for f in model._meta.get_fields()}
        assert fields == {"id", owner, "day", "scalp_type", "sex", "age_band", "impressions", "clicks"}
        stored = " ".join(str(v) for row in model.objects.values_list() for v in row)
        assert model.objects.filter(clicks=1).exists()
        for secret in ("203.0.113.9", str(human.public_id), human.public_id.hex, BROWSER, "Mozilla"):
            assert secret not in stored


def test_click_without_a_results_page_redirects_but_counts_nothing(browser_client):
    product = make_product(goods_no(1))
    for query in ({}, {"r": "not-a-uuid"}, {"r": "00000000-0000-0000-0000-000000000000"}):
        response = browser_client.get(reverse("products:click", args=[product.pk]), query)
        assert response.status_code == 302 and response["Location"] == product.url
    assert ProductDay.objects.count() == 0 and Product.objects.count() == 1
