"""Staff set up advertisers, their accounts and campaigns in the admin, and approve campaigns there."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from ads.models import ADVERTISERS_GROUP, Advertiser, Campaign
from tests.ads.conftest import IMAGE, LANDING, make_campaign

pytestmark = pytest.mark.django_db


def campaign_form(advertiser, **fields):
    today = timezone.localdate().isoformat()
    return {"advertiser": advertiser.pk, "name": "봄 캠페인", "product_url": LANDING, "landing_url": LANDING,
            "title": "두피 앰플", "image_url": IMAGE, "price": "15000", "scalp_types": ["hair_loss", "oily"],
            "sexes": ["F"], "starts_on": today, "ends_on": today, "daily_cap": "500", **fields}


def test_staff_create_an_advertiser_with_an_account_and_it_joins_the_group(admin_client):
    user = User.objects.create_user("labo", password="a-long-test-password-3")
    response = admin_client.post(reverse("admin:ads_advertiser_add"), {
        "name": "라보에이치", "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0",
        "members-0-user": user.pk})
    assert response.status_code == 302
    assert user.advertiser_member.advertiser == Advertiser.objects.get(name="라보에이치")
    assert user.groups.filter(name=ADVERTISERS_GROUP).exists()


def test_staff_create_a_targeted_campaign_that_waits_for_approval(admin_client):
    advertiser = Advertiser.objects.create(name="라보에이치")
    response = admin_client.post(reverse("admin:ads_campaign_add"), campaign_form(advertiser))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.scalp_types, campaign.sexes, campaign.age_bands) == (["hair_loss", "oily"], ["F"], [])
    assert not campaign.is_approved


@pytest.mark.parametrize("field,value", [("landing_url", "https://evil.example/"),
                                         ("image_url", "https://tracker.example.net/a.jpg"),
                                         ("product_url", "")])
def test_links_off_the_allowed_hosts_or_no_product_are_refused(admin_client, field, value):
    advertiser = Advertiser.objects.create(name="라보에이치")
    response = admin_client.post(reverse("admin:ads_campaign_add"), campaign_form(advertiser, **{field: value}))
    assert response.status_code == 200 and Campaign.objects.count() == 0
    assert "errorlist" in response.content.decode()


def test_approving_records_who_and_when_and_a_later_change_withdraws_it(admin_client, admin_user):
    campaign = make_campaign(approved=False)
    admin_client.post(reverse("admin:ads_campaign_changelist"),
                      {"action": "approve", "_selected_action": [campaign.pk]})
    campaign.refresh_from_db()
    assert campaign.is_approved and campaign.approved_by == admin_user and campaign.approved_at
    form = campaign_form(campaign.advertiser, title="바뀐 제목")
    admin_client.post(reverse("admin:ads_campaign_change", args=[campaign.pk]), form)
    campaign.refresh_from_db()
    assert campaign.title == "바뀐 제목" and not campaign.is_approved


def test_admin_speaks_korean(admin_client):
    html = admin_client.get(reverse("admin:ads_campaign_add")).content.decode()
    assert "랜딩 URL" in html and "하루 최대 노출 수" in html and "아무것도 고르지 않으면 모두 대상입니다." in html
