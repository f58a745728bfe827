"""Ranking the organic products for a segment by click-through, with a beta prior (docs/advertising.md).

Each product's click-through rate in the segment (scalp type x sex x age band) is uncertain, more so
the fewer impressions it had. Its posterior is Beta(a*p0 + clicks, a*(1 - p0) + impressions - clicks):
p0 is the scalp type's overall rate (all products, all sexes and ages, same window) and a the prior's
strength in impressions (RANKING_PRIOR_STRENGTH). Its mean, (clicks + a*p0) / (impressions + a), pulls
a product with few impressions toward p0. The order is one Thompson-sampling draw from each posterior,
seeded by the result's public id: the same result always shows the same order, a product with a high
rate comes first for most results, and a new product (no counts, prior only) still gets shown to some.

Only whole days before today count, so a results page shows the same products all day and today's
own impressions never reorder it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone

from ads.counting import Segment
from ads.models import ProductDay


@dataclass(frozen=True)
class Counts:
    impressions: int = 0
    clicks: int = 0


@dataclass(frozen=True)
class SegmentCounts:
    by_product: dict[int, Counts]  # in the segment (or the whole scalp type when no sex and age are known)
    prior_rate: float  # p0: the scalp type's overall click-through


def posterior_mean(counts: Counts, *, prior_rate: float, strength: float) -> float:
    return (counts.clicks + strength * prior_rate) / (counts.impressions + strength)


def segment_counts(*, scalp_type: str, segment: Segment | None, using: str = "default") -> SegmentCounts:
    """One GROUP BY over the scalp type's recent days: per product, its segment's counts and all counts."""
    today = timezone.localdate()
    since = today - timedelta(days=settings.RANKING_WINDOW_DAYS)
    mine = Q(sex=segment.sex, age_band=segment.age_band) if segment else Q()
    rows = (ProductDay.objects.using(using).filter(scalp_type=scalp_type, day__gte=since, day__lt=today)
            .values("product_id").order_by()
            .annotate(seg_i=Sum("impressions", filter=mine), seg_c=Sum("clicks", filter=mine),
                      all_i=Sum("impressions"), all_c=Sum("clicks")))
    by_product, total_i, total_c = {}, 0, 0
    for row in rows:
        by_product[row["product_id"]] = Counts(row["seg_i"] or 0, min(row["seg_c"] or 0, row["seg_i"] or 0))
        total_i, total_c = total_i + row["all_i"], total_c + row["all_c"]
    prior = min(total_c / total_i, 1.0) if total_i else settings.RANKING_DEFAULT_CTR
    return SegmentCounts(by_product=by_product, prior_rate=min(max(prior, 1e-4), 1 - 1e-4))


def rank(ids: list[int], *, counts: SegmentCounts, seed: str) -> list[int]:
    """The ids, best first: one Thompson-sampling draw per product from its beta posterior."""
    rng = random.Random(seed)
    a, p0 = settings.RANKING_PRIOR_STRENGTH, counts.prior_rate
    scores = {}
    for pk in sorted(ids):
        c = counts.by_product.get(pk, Counts())
        scores[pk] = rng.betavariate(a * p0 + c.clicks, a * (1 - p0) + c.impressions - c.clicks)
    return sorted(scores, key=scores.__getitem__, reverse=True)
