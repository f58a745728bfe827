"""Advertisers, campaigns and results for the ads tests: real rows, nothing faked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.utils import timezone

from ads.models import ADVERTISERS_GROUP, Advertiser, AdvertiserMember, Campaign
from diagnosis.models import Human, PhotoCheck
from ml.labels import SYMPTOMS
from products import oliveyoung

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
LANDING = oliveyoung.product_url("A000000000777")
IMAGE = "https://image.oliveyoung.co.kr/uploads/images/goods/400/A000000000777.jpg"


@pytest.fixture(autouse=True)
def _empty_cache(db):
    """The repeat-click keys live in the cache; each test starts without any."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browser_client(client):
    """A client that says it is a browser (the counters ignore requests without a User-Agent)."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


def make_result(*, skin="hair_loss", sex="F", age=30, photo_check=PhotoCheck.OK) -> Human:
    return Human.objects.create(
        sex=sex, age=age, pred=1, skin=skin, probabilities={s.key: [0.7, 0.1, 0.1, 0.1] for s in SYMPTOMS},
        weights={s.key: {"data": "aihub"} for s in SYMPTOMS}, created_at=timezone.now(), photo_check=photo_check,
        **{s.field: 0 for s in SYMPTOMS},
    )


def make_advertiser(name="라보에이치") -> Advertiser:
    return Advertiser.objects.create(name=name)


def make_campaign(advertiser: Advertiser | None = None, *, approved=True, days=(-1, 7), **fields) -> Campaign:
    today = timezone.localdate()
    values = {"name": "두피 진정 캠페인", "title": "두피 진정 앰플 1+1", "landing_url": LANDING, "product_url": LANDING,
              "image_url": IMAGE, "price": 19800, "starts_on": today + timedelta(days=days[0]),
              "ends_on": today + timedelta(days=days[1]), "daily_cap": 1000, **fields}
    campaign = Campaign(advertiser=advertiser or make_advertiser(), **values)
    campaign.full_clean()
    campaign.is_approved = approved
    campaign.save()
    return campaign


def make_member(advertiser: Advertiser, username: str) -> User:
    user = User.objects.create_user(username, password="a-long-test-password-1")
    AdvertiserMember.objects.create(user=user, advertiser=advertiser)
    user.groups.add(Group.objects.get_or_create(name=ADVERTISERS_GROUP)[0])  # flushed by live_server tests
    return user
