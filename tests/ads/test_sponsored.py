"""Sponsored cards on the results page and in the API: only where targeted, always labelled, never on a
flagged result or in the PDF."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ads.models import CampaignDay
from diagnosis.models import PhotoCheck
from tests.ads.conftest import make_advertiser, make_campaign, make_result

pytestmark = pytest.mark.django_db


def page(client, human) -> str:
    response = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id}))
    assert response.status_code == 200
    return response.content.decode()


def sponsored_cards(html: str) -> list[str]:
    return re.findall(r'<li class="product-card sponsored-card" data-sponsored="\d+">.*?</li>', html, re.S)


def test_matching_result_shows_one_labelled_sponsored_card(browser_client):
    campaign = make_campaign(scalp_types=["hair_loss"], sexes=["F"], age_bands=[30])
    [card] = sponsored_cards(page(browser_client, make_result(skin="hair_loss", sex="F", age=30)))
    assert f'data-sponsored="{campaign.pk}"' in card
    assert re.sub(r"<[^>]+>", "", re.search(r'<span class="sponsored-label".*?</span>\s*</span>', card, re.S)
                  .group(0)) == "광고 / Sponsored"
    assert "두피 진정 앰플 1+1" in card and "라보에이치" in card and "19,800원" in card
    assert f'href="/go/c/{campaign.pk}/?r=' in card and 'rel="noopener noreferrer nofollow sponsored"' in card


@pytest.mark.parametrize("result", [
    {"skin": "oily"},  # another scalp type
    {"sex": "M"},  # another sex
    {"age": 50},  # another age band
    {"photo_check": PhotoCheck.DOUBTFUL},  # the photo check did not pass
    {"photo_check": PhotoCheck.REFUSED},
    {"photo_check": PhotoCheck.UNCHECKED},
])
def test_non_matching_or_flagged_result_shows_no_sponsored_card(browser_client, result):
    make_campaign(scalp_types=["hair_loss"], sexes=["F"], age_bands=[30])
    html = page(browser_client, make_result(**{"skin": "hair_loss", "sex": "F", "age": 30, **result}))
    assert "data-sponsored" not in html and "광고 / Sponsored" not in html


@pytest.mark.parametrize("campaign", [
    {"approved": False}, {"days": (-10, -1)}, {"days": (1, 5)}, {"daily_cap": 3},
])
def test_unapproved_ended_future_or_capped_campaigns_do_not_show(browser_client, campaign):
    shown = make_campaign(**campaign)
    if campaign.get("daily_cap"):
        CampaignDay.objects.create(campaign=shown, day=timezone.localdate(), scalp_type="dry", sex="M",
                                   age_band=20, impressions=3)
    assert sponsored_cards(page(browser_client, make_result())) == []


def test_empty_targeting_means_anyone_and_at_most_two_cards(browser_client):
    advertiser = make_advertiser()
    campaigns = {make_campaign(advertiser, name=f"c{n}").pk for n in range(4)}
    cards = sponsored_cards(page(browser_client, make_result(skin="dry", sex="M", age=60)))
    assert len(cards) == 2
    assert {int(re.search(r'data-sponsored="(\d+)"', c).group(1)) for c in cards} <= campaigns


def test_cap_is_reached_by_the_pages_that_showed_it(browser_client):
    make_campaign(daily_cap=2)
    shown = [bool(sponsored_cards(page(browser_client, make_result()))) for _ in range(3)]
    assert shown == [True, True, False]
    assert sum(CampaignDay.objects.values_list("impressions", flat=True)) == 2


def test_image_from_another_server_is_dropped(browser_client):
    make_campaign(image_url="https://image.oliveyoung.co.kr/x.jpg")
    from ads.models import Campaign

    Campaign.objects.update(image_url="https://tracker.example.net/pixel.gif")  # as if edited behind the form
    [card] = sponsored_cards(page(browser_client, make_result()))
    assert "tracker.example" not in card and "<img" not in card


def test_pdf_report_carries_no_sponsored_card(browser_client):
    make_campaign()
    human = make_result()
    assert sponsored_cards(page(browser_client, human))
    response = browser_client.get(reverse("history:result_report", kwargs={"public_id": human.public_id}))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "두피 진정 앰플" not in text and "광고" not in text and "Sponsored" not in text


def test_api_gives_the_sponsored_card_with_its_label_and_counting_link(browser_client):
    campaign = make_campaign(scalp_types=["hair_loss"])
    human = make_result()
    body = browser_client.get("/api/v1/products", {"scalp_type": "hair_loss", "diagnosis": str(human.public_id)}).json()
    [card] = body["sponsored"]
    assert card["campaign_id"] == campaign.pk and card["label"]["ko"] == "광고" and card["label"]["en"] == "Sponsored"
    assert card["click_url"].endswith(f"/go/c/{campaign.pk}/?r={human.public_id}")
    flagged = make_result(photo_check=PhotoCheck.DOUBTFUL)
    assert browser_client.get("/api/v1/products", {"scalp_type": "hair_loss",
                                                    "diagnosis": str(flagged.public_id)}).json()["sponsored"] == []
    assert browser_client.get("/api/v1/products", {"scalp_type": "hair_loss"}).json()["sponsored"] == []


def test_campaign_outside_its_dates_by_one_day_is_not_shown(browser_client):
    today = timezone.localdate()
    make_campaign(days=(0, 0))
    assert sponsored_cards(page(browser_client, make_result()))
    from ads.models import Campaign

    Campaign.objects.update(starts_on=today - timedelta(days=2), ends_on=today - timedelta(days=1))
    assert sponsored_cards(page(browser_client, make_result())) == []
