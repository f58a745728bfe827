"""A results page with a labelled sponsored card, and an advertiser signing in to read its report."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ads.models import CampaignDay
from tests.ads.conftest import make_advertiser, make_campaign, make_member, make_result
from tests.browser.conftest import DESKTOP, PHONE
from tests.products.conftest import goods_no, make_product

pytestmark = pytest.mark.browser
SEGMENTS = [("hair_loss", "F", 30, 420, 14), ("hair_loss", "F", 40, 260, 5), ("oily", "F", 30, 3, 1)]


def test_results_page_shows_the_sponsored_card_labelled(open_page, live_server, artifacts):
    for n in range(4):
        make_product(goods_no(n), image_url="")
    campaign = make_campaign(image_url="", scalp_types=["hair_loss"], sexes=["F"])
    human = make_result()
    page = open_page(device=PHONE)
    page.goto(f"{live_server.url}/result/{human.public_id}/")
    card = page.locator(f'[data-sponsored="{campaign.pk}"]')
    expect(card).to_be_visible()
    expect(card.locator(".sponsored-label")).to_have_text("광고 / Sponsored")
    expect(page.locator(".product-card")).to_have_count(5)
    card.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "result-sponsored-phone-ko.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_advertiser_signs_in_and_reads_its_report(open_page, live_server, artifacts, settings):
    settings.STATS_MIN_GROUP = 5
    advertiser = make_advertiser()
    campaign = make_campaign(advertiser, days=(-13, 7))
    make_campaign(make_advertiser("다른 회사"), name="남의 캠페인")
    make_member(advertiser, "labo")
    today = timezone.localdate()
    for back in range(14):
        for skin, sex, age, impressions, clicks in SEGMENTS[:2] if back else SEGMENTS:  # the last one: small
            CampaignDay.objects.create(campaign=campaign, day=today - timedelta(days=back), scalp_type=skin,
                                       sex=sex, age_band=age, impressions=max(impressions - 9 * back, 3),
                                       clicks=max(clicks - back, 0))
    page = open_page(device=DESKTOP)
    page.goto(f"{live_server.url}/ads/")
    page.fill("#id_username", "labo")
    page.fill("#id_password", "a-long-test-password-1")
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("h1")).to_have_text("내 캠페인")
    expect(page.locator("tr[data-campaign]")).to_have_count(1)
    page.get_by_role("link", name="두피 진정 캠페인").click()
    expect(page.locator("svg.ads-chart")).to_have_count(3)
    expect(page.locator('.ads-segments tr[data-row="other"]')).to_contain_text("기타")
    page.screenshot(path=artifacts / "ads-report-desktop-ko.png", full_page=True)
    assert page.outside_requests == []
