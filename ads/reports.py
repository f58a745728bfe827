"""Reads for the advertiser reports: a campaign's impressions, clicks and CTR per day and per segment.

Small segments are merged (docs/advertising.md): a segment's "people" is its impressions, each one a
results page on one day (repeat views of that page that day are not counted, see ads.counting), so it
bounds the people who saw the card. Segments with fewer than STATS_MIN_GROUP are merged into "other";
when "other" itself stays under STATS_MIN_GROUP, the next smallest segments join it, so no small group
can be recovered by subtracting the shown segments from the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ads.models import Campaign, CampaignDay
from common.i18n import local_name
from diagnosis.models import AgeBand, Sex
from ml.labels import SCALP_TYPE_BY_KEY

MAX_REPORT_DAYS = 366


@dataclass(frozen=True)
class Row:
    label: str
    impressions: int
    clicks: int
    key: str = ""  # a day (ISO) or "scalp_type/sex/age_band"; "other" for the merged segments

    @property
    def ctr(self) -> float | None:
        return self.clicks / self.impressions if self.impressions else None


@dataclass(frozen=True)
class CampaignReport:
    campaign: Campaign
    days: list[Row]
    segments: list[Row]
    total: Row
    min_group: int


def report_days(campaign: Campaign) -> tuple[date, date]:
    """The campaign's days so far, at most the last MAX_REPORT_DAYS."""
    last = min(campaign.ends_on, timezone.localdate())
    first = max(campaign.starts_on, last - timedelta(days=MAX_REPORT_DAYS - 1))
    return first, last


def _daily(campaign: Campaign, first: date, last: date, using: str) -> list[Row]:
    rows = (CampaignDay.objects.using(using).filter(campaign_id=campaign.pk, day__range=(first, last))
            .values("day").order_by("day").annotate(i=Sum("impressions"), c=Sum("clicks")))
    by_day = {row["day"]: (row["i"], row["c"]) for row in rows}
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [Row(day.isoformat(), *by_day.get(day, (0, 0)), key=day.isoformat()) for day in days]


def segment_label(scalp_type: str, sex: str, age_band: int) -> str:
    kind = local_name(SCALP_TYPE_BY_KEY[scalp_type]) if scalp_type in SCALP_TYPE_BY_KEY else scalp_type
    return f"{kind} · {Sex(sex).label} · {AgeBand(age_band).label}"


def merge_small(rows: list[Row], min_group: int) -> list[Row]:
    """Segments of at least min_group impressions, biggest first, and the rest merged into "other"."""
    rows = sorted(rows, key=lambda r: (-r.impressions, r.key))
    shown = [r for r in rows if r.impressions >= min_group]
    small = [r for r in rows if r.impressions < min_group]
    while small and shown and sum(r.impressions for r in small) < min_group:
        small.append(shown.pop())  # the smallest shown segment joins "other"
    if not small:
        return shown
    other = Row(_("Other (small groups merged)"), sum(r.impressions for r in small),
                sum(r.clicks for r in small), key="other")
    return [*shown, other]


def _segments(campaign: Campaign, first: date, last: date, min_group: int, using: str) -> list[Row]:
    rows = (CampaignDay.objects.using(using).filter(campaign_id=campaign.pk, day__range=(first, last))
            .values("scalp_type", "sex", "age_band").order_by().annotate(i=Sum("impressions"), c=Sum("clicks")))
    return merge_small([Row(segment_label(r["scalp_type"], r["sex"], r["age_band"]), r["i"], r["c"],
                            key=f"{r['scalp_type']}/{r['sex']}/{r['age_band']}") for r in rows], min_group)


def campaign_report(*, campaign: Campaign, using: str = "default") -> CampaignReport:
    first, last = report_days(campaign)
    min_group = settings.STATS_MIN_GROUP
    days = _daily(campaign, first, last, using) if first <= last else []
    segments = _segments(campaign, first, last, min_group, using) if first <= last else []
    total = Row(_("Total"), sum(r.impressions for r in days), sum(r.clicks for r in days), key="total")
    return CampaignReport(campaign=campaign, days=days, segments=segments, total=total, min_group=min_group)
