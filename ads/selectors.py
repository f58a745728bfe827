"""Reads: which sponsored cards a results page shows, and which campaigns an account may see."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, Sum
from django.utils import timezone

from ads import hosts
from ads.counting import Segment
from ads.models import ADVERTISERS_GROUP, Campaign, CampaignDay
from diagnosis.models import PhotoCheck

SPONSORED_LABEL_KO, SPONSORED_LABEL_EN = "광고", "Sponsored"  # shown together, as Korean advertising law asks


@dataclass(frozen=True)
class SponsoredCard:
    """A sponsored card; its links passed the AD_ALLOWED_HOSTS check, its image AD_IMAGE_HOSTS."""

    campaign_id: int
    title: str
    advertiser: str
    price: int | None
    landing_url: str  # its click link is ads:campaign_click, which counts and redirects here
    image_url: str  # "" when there is none on an allowed server


def live_campaigns(*, using: str = "default") -> QuerySet[Campaign]:
    """Approved campaigns running today (the daily cap is checked separately)."""
    today = timezone.localdate()
    return (Campaign.objects.using(using).filter(is_approved=True, starts_on__lte=today, ends_on__gte=today)
            .select_related("advertiser", "product"))


def _shown_today(campaign_ids: list[int], using: str) -> dict[int, int]:
    rows = (CampaignDay.objects.using(using).filter(campaign_id__in=campaign_ids, day=timezone.localdate())
            .values("campaign_id").order_by().annotate(n=Sum("impressions")))
    return {row["campaign_id"]: row["n"] for row in rows}


def sponsored_card(campaign: Campaign) -> SponsoredCard | None:
    if not hosts.host_allowed(campaign.landing_url, hosts.link_hosts()):
        return None
    product = campaign.product
    image = campaign.image_url or (product.image_url if product else "")
    price = campaign.price if campaign.price is not None else (product.price if product else None)
    return SponsoredCard(
        campaign_id=campaign.pk, title=campaign.title, advertiser=campaign.advertiser.name, price=price,
        landing_url=campaign.landing_url,
        image_url=image if hosts.host_allowed(image, hosts.image_hosts(), frozenset({"https"})) else "",
    )


def sponsored_for(*, human, using: str = "default") -> list[SponsoredCard]:
    """At most AD_SLOTS cards for a result: approved campaigns running today, under today's cap, that
    target its scalp type, sex and age band. None for a result whose photo check did not pass. Which
    campaigns, when more qualify, is drawn with the result's public id as seed (stable on reload)."""
    if human.photo_check != PhotoCheck.OK or settings.AD_SLOTS <= 0:
        return []
    segment = Segment.of(human)
    matching = [c for c in live_campaigns(using=using)
                if c.targets(scalp_type=segment.scalp_type, sex=segment.sex, age_band=segment.age_band)]
    if not matching:
        return []
    shown = _shown_today([c.pk for c in matching], using)
    eligible = sorted((c for c in matching if shown.get(c.pk, 0) < c.daily_cap), key=lambda c: c.pk)
    random.Random(f"{human.public_id}:ads").shuffle(eligible)
    cards = (sponsored_card(c) for c in eligible)
    return [card for card in cards if card is not None][:settings.AD_SLOTS]


def is_advertiser(user) -> bool:
    return (user.is_authenticated and hasattr(user, "advertiser_member")
            and user.groups.filter(name=ADVERTISERS_GROUP).exists())


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """Staff: every campaign. An advertiser account: its own advertiser's. Anyone else: 403."""
    campaigns = Campaign.objects.select_related("advertiser")
    if user.is_staff:
        return campaigns
    if is_advertiser(user):
        return campaigns.filter(advertiser_id=user.advertiser_member.advertiser_id)
    raise PermissionDenied
