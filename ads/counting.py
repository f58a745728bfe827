"""Counting impressions and clicks as daily aggregates, without keeping anything about the visitor.

A request counts only when it looks like a person's: no bot User-Agent, not a prefetch or preview. A
results page's repeat views (same day) and repeat clicks on one card count once: the page's result id
is hashed into a short-lived cache key, never written to the aggregates. Each count is one upsert
statement (INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n), the same SQL on SQLite and
PostgreSQL, so counting never needs a read first.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponseRedirect
from django.utils import timezone

from ads.models import CampaignDay, ProductDay
from diagnosis.models import Human

# Self-declared robots, link unfurlers, command-line clients and monitors (case-insensitive).
BOT_UA = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|pingdom|"
    r"lighthouse|curl/|wget/|python-requests|python-urllib|httpclient|go-http-client|okhttp|java/|"
    r"libwww|headlesschrome|phantomjs", re.I)
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


@dataclass(frozen=True)
class Segment:
    """Who saw a card, as coarse as the statistics: scalp type, sex and age band."""

    scalp_type: str
    sex: str
    age_band: int

    @classmethod
    def of(cls, human) -> Segment:
        return cls(scalp_type=human.skin, sex=human.sex, age_band=human.age)


def is_countable(request) -> bool:
    """False for requests that say they are a robot, a prefetch or a preview; and for no request."""
    if request is None:
        return False
    agent = request.META.get("HTTP_USER_AGENT", "")
    if not agent or BOT_UA.search(agent):
        return False
    return not any(re.search(r"prefetch|preview|prerender", request.META.get(h, ""), re.I)
                   for h in PREFETCH_HEADERS)


def first_time(*parts: object) -> bool:
    """True the first time these parts are seen today (per cache); the key is a hash, expiring in a day."""
    digest = hashlib.sha256(":".join(map(str, (timezone.localdate(), *parts))).encode()).hexdigest()[:32]
    return cache.add(f"ads:seen:{digest}", 1, timeout=settings.AD_DEDUP_SECONDS)


def _upsert(model, owner_column: str, owner_ids: Iterable[int], segment: Segment, column: str,
            using: str) -> None:
    ids = sorted(set(owner_ids))
    if not ids:
        return
    table = model._meta.db_table
    key = [owner_column, "day", "scalp_type", "sex", "age_band"]
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(ids))
    sql = (f"INSERT INTO {table} ({', '.join(key)}, impressions, clicks) VALUES {values} "
           f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {column} = {table}.{column} + excluded.{column}")
    day = timezone.localdate()
    params = []
    for pk in ids:
        params += [pk, day, segment.scalp_type, segment.sex, segment.age_band,
                   int(column == "impressions"), int(column == "clicks")]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)


def count_impressions(*, segment: Segment, product_ids: Iterable[int] = (), campaign_ids: Iterable[int] = (),
                      using: str = "default") -> None:
    """One more impression today for each product and campaign shown to this segment."""
    _upsert(ProductDay, "product_id", product_ids, segment, "impressions", using)
    _upsert(CampaignDay, "campaign_id", campaign_ids, segment, "impressions", using)


def count_click(*, segment: Segment, product_id: int | None = None, campaign_id: int | None = None) -> None:
    """One more click today on a product or a campaign, for this segment."""
    if product_id is not None:
        _upsert(ProductDay, "product_id", [product_id], segment, "clicks", "default")
    if campaign_id is not None:
        _upsert(CampaignDay, "campaign_id", [campaign_id], segment, "clicks", "default")


def record_view(*, request, human, product_ids: Iterable[int], campaign_ids: Iterable[int],
                using: str = "default") -> None:
    """Counts a results page's cards once per page and day, when a person (not a robot) asked for it."""
    product_ids, campaign_ids = list(product_ids), list(campaign_ids)
    if (product_ids or campaign_ids) and is_countable(request) and first_time(human.public_id, "view"):
        count_impressions(segment=Segment.of(human), product_ids=product_ids, campaign_ids=campaign_ids,
                          using=using)


def _segment_of_page(request) -> Segment | None:
    """The segment of the results page the click came from (?r=<its public id>), if it exists."""
    try:
        public_id = uuid.UUID(request.GET.get("r", ""))
    except ValueError:
        return None
    human = Human.objects.filter(public_id=public_id).only("skin", "sex", "age").first()
    return Segment.of(human) if human else None


def count_and_redirect(request, url: str, **target) -> HttpResponseRedirect:
    """Count one click on `target` (product_id= or campaign_id=) for the page's segment, then 302 to `url`."""
    segment = _segment_of_page(request)
    if segment and is_countable(request) and first_time(request.GET["r"], *target.items()):
        count_click(segment=segment, **target)
    response = HttpResponseRedirect(url)  # 302, to the stored URL only
    response["Referrer-Policy"] = "no-referrer"  # the shop never learns the result's address
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
