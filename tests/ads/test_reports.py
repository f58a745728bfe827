"""Advertiser reports: an account sees only its own campaigns; small segments are merged."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from ads.models import CampaignDay
from ads.reports import Row, merge_small
from tests.ads.conftest import make_advertiser, make_campaign, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_advertisers():
    a, b = make_advertiser("에이사"), make_advertiser("비사")
    return {"a": make_campaign(a, name="A 캠페인"), "b": make_campaign(b, name="B 캠페인"),
            "alice": make_member(a, "alice"), "bob": make_member(b, "bob")}


def count(campaign, segment, impressions, clicks, days_ago=1):
    CampaignDay.objects.create(campaign=campaign, day=timezone.localdate() - timedelta(days=days_ago),
                               scalp_type=segment[0], sex=segment[1], age_band=segment[2],
                               impressions=impressions, clicks=clicks)


def test_advertiser_sees_only_its_own_campaigns(client, two_advertisers):
    client.force_login(two_advertisers["alice"])
    listing = client.get(reverse("ads:campaigns")).content.decode()
    assert "A 캠페인" in listing and "B 캠페인" not in listing
    theirs = two_advertisers["b"].pk
    for url in (reverse("ads:report", args=[theirs]), reverse("ads:report_csv", args=[theirs, "days"]),
                reverse("ads:report_csv", args=[theirs, "segments"])):
        assert client.get(url).status_code == 404
    assert client.get(reverse("ads:report", args=[two_advertisers["a"].pk])).status_code == 200


def test_signed_in_users_outside_the_group_get_403_and_anonymous_the_login(client, two_advertisers):
    url = reverse("ads:report", args=[two_advertisers["a"].pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("ads:login"))
    client.force_login(User.objects.create_user("mallory", password="a-long-test-password-2"))
    assert client.get(url).status_code == 403 and client.get(reverse("ads:campaigns")).status_code == 403
    two_advertisers["alice"].groups.clear()  # a member row without the group is not enough
    client.force_login(two_advertisers["alice"])
    assert client.get(url).status_code == 403


def test_staff_see_every_campaign(client, two_advertisers, admin_user):
    client.force_login(admin_user)
    listing = client.get(reverse("ads:campaigns")).content.decode()
    assert "A 캠페인" in listing and "B 캠페인" in listing
    assert client.get(reverse("ads:report", args=[two_advertisers["b"].pk])).status_code == 200


def test_login_page_signs_an_advertiser_in(client, two_advertisers):
    response = client.post(reverse("ads:login"), {"username": "alice", "password": "a-long-test-password-1"})
    assert response.status_code == 302 and response["Location"] == reverse("ads:campaigns")
    assert "A 캠페인" in client.get(reverse("ads:campaigns")).content.decode()


def test_report_shows_days_and_segments_with_charts_table_and_csv(client, two_advertisers, settings):
    settings.STATS_MIN_GROUP = 5
    campaign = two_advertisers["a"]
    count(campaign, ("hair_loss", "F", 30), 400, 12, days_ago=1)
    count(campaign, ("hair_loss", "F", 30), 100, 3, days_ago=0)
    count(campaign, ("oily", "M", 20), 3, 1, days_ago=1)  # a small segment ...
    count(campaign, ("dry", "M", 60), 4, 0, days_ago=1)  # ... and another
    client.force_login(two_advertisers["alice"])
    html = client.get(reverse("ads:report", args=[campaign.pk])).content.decode()
    assert html.count('<svg class="ads-chart') == 3
    assert "탈모성 · 여성 · 30대" in html and "지성 · 남성 · 20대" not in html and "기타" in html
    days = list(csv.reader(io.StringIO(client.get(reverse("ads:report_csv", args=[campaign.pk, "days"]))
                                      .content.decode("utf-8-sig"))))
    yesterday, today = (timezone.localdate() - timedelta(days=1)).isoformat(), timezone.localdate().isoformat()
    assert [yesterday, "407", "13", "0.0319"] in days and [today, "100", "3", "0.0300"] in days
    response = client.get(reverse("ads:report_csv", args=[campaign.pk, "segments"]))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    segments = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert segments == [["탈모성 · 여성 · 30대", "500", "15", "0.0300"], ["기타 (작은 집단 합침)", "7", "1", "0.1429"]]


def test_small_segments_are_merged_until_other_is_big_enough():
    rows = [Row("big", 100, 5, "a"), Row("mid", 6, 1, "b"), Row("tiny", 2, 1, "c")]
    merged = merge_small(rows, 5)
    assert [r.key for r in merged] == ["a", "other"]  # "tiny" alone would be a group of 2: "mid" joins it
    assert (merged[1].impressions, merged[1].clicks) == (8, 2)
    assert merge_small([Row("x", 9, 1, "x"), Row("y", 5, 0, "y")], 5) == [Row("x", 9, 1, "x"), Row("y", 5, 0, "y")]
    assert [r.key for r in merge_small([Row("x", 2, 1, "x")], 5)] == ["other"]
