"""ScalpSpectra's own diagnoses are counted from a snapshot per sex and age band, not live.

Live counts would let anyone take the statistics just before and just after someone's upload and read
that person's six grades off the difference. So each group's counts are taken at most once every
STATS_SNAPSHOT_SECONDS (an hour) and kept in the cache, shared by every server process; every reader in
between gets the same figures, however many uploads arrive. stats.selectors then rounds them
(STATS_ROUND_TO), so even the hourly refresh shows a single upload only rarely, and never which one.
Deleting a result does not refresh the snapshot either: otherwise anyone could force a refresh at will.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone

from diagnosis.models import Human, PhotoCheck
from ml.labels import SYMPTOMS

GROUP_FIELDS = (*(s.field for s in SYMPTOMS), "skin")
# Grades of a photo the check found doubtful or refused (graded anyway) are not counted; diagnoses
# made before the photo check existed ("unchecked") are.
UNRELIABLE_PHOTO = (PhotoCheck.DOUBTFUL, PhotoCheck.REFUSED)
KEY_PREFIX = "stats:people:v1"


@dataclass(frozen=True)
class PeopleCounts:
    rows: list[dict]  # combination_counts rows of the diagnoses whose photo can be trusted
    unreliable: int  # diagnoses left out because their photo failed the photo check
    taken_at: datetime


def reliable_counts(queryset: QuerySet) -> tuple[list[dict], int]:
    """combination_counts of the diagnoses whose photo can be trusted, and how many were left out: one query."""
    rows = list(queryset.order_by().values(*GROUP_FIELDS, "photo_check").annotate(n=Count("pk")))
    reliable = [{f: r[f] for f in (*GROUP_FIELDS, "n")} for r in rows if r["photo_check"] not in UNRELIABLE_PHOTO]
    return reliable, sum(r["n"] for r in rows) - sum(r["n"] for r in reliable)


def people_counts(*, sex: str, age: int, using: str = "default") -> PeopleCounts:
    """The group's counts as they are now (one GROUP BY query); what a snapshot holds."""
    rows, unreliable = reliable_counts(Human.objects.using(using).filter(sex=sex, age=age))
    return PeopleCounts(rows=rows, unreliable=unreliable, taken_at=timezone.now())


def _stale(snapshot: dict | None) -> bool:
    age = timedelta(seconds=settings.STATS_SNAPSHOT_SECONDS)
    return snapshot is None or timezone.now() - snapshot["taken_at"] >= age


def people_snapshot(*, sex: str, age: int) -> PeopleCounts:
    """The group's counts as of its snapshot, taking a new one when there is none or it is an hour old."""
    key = f"{KEY_PREFIX}:{sex}:{age}"
    snapshot = cache.get(key)
    if _stale(snapshot):
        counts = people_counts(sex=sex, age=age)
        snapshot = {"rows": counts.rows, "unreliable": counts.unreliable, "taken_at": counts.taken_at}
        cache.set(key, snapshot, timeout=settings.STATS_SNAPSHOT_SECONDS)
    return PeopleCounts(**snapshot)


def without(counts: PeopleCounts, human: Human) -> PeopleCounts:
    """The counts less `human`'s own diagnosis, when the snapshot has it (the results page leaves it out)."""
    if human.created_at is None or human.created_at > counts.taken_at:
        return counts
    if human.photo_check in UNRELIABLE_PHOTO:
        return PeopleCounts(counts.rows, max(counts.unreliable - 1, 0), counts.taken_at)
    mine, rows = tuple(getattr(human, f) for f in GROUP_FIELDS), []
    for row in counts.rows:
        if tuple(row[f] for f in GROUP_FIELDS) == mine:
            mine = None  # one row of counts holds it: take one off
            if row["n"] > 1:
                rows.append({**row, "n": row["n"] - 1})
        else:
            rows.append(row)
    return PeopleCounts(rows, counts.unreliable, counts.taken_at)
