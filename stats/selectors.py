"""Reads for the statistics section: how people of the user's sex and age band were graded.

One aggregate query per group, whatever the table size: a GROUP BY over the six grades and the
scalp type, filtered on (sex, age), from which every distribution is summed. (sex, age) lead the
composite indexes of Human and ReferenceRecord; see combination_counts for the index that makes
it an index-only scan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Count, QuerySet

from diagnosis.models import Human, PhotoCheck
from ml.labels import GRADES, SCALP_TYPES, SYMPTOMS, Grade, ScalpType, Symptom
from stats.models import ReferenceRecord


@dataclass(frozen=True)
class GradeShare:
    grade: Grade
    count: int
    share: float


@dataclass(frozen=True)
class Standing:
    """Shares of the group with a lower, the same and a higher grade than the user."""

    grade: Grade
    lower: float
    same: float
    higher: float


@dataclass(frozen=True)
class SymptomDistribution:
    symptom: Symptom
    shares: list[GradeShare]
    standing: Standing | None


@dataclass(frozen=True)
class TypeShare:
    scalp_type: ScalpType
    count: int
    share: float
    yours: bool


@dataclass(frozen=True)
class GroupStats:
    total: int
    min_group: int
    symptoms: list[SymptomDistribution]
    types: list[TypeShare]
    unreliable: int = 0  # diagnoses of this group left out because their photo failed the photo check

    @property
    def enough(self) -> bool:
        return self.total >= self.min_group


def min_group() -> int:
    return settings.STATS_MIN_GROUP


GROUP_FIELDS = (*(s.field for s in SYMPTOMS), "skin")


def combination_counts(queryset: QuerySet) -> list[dict]:
    """[{fine_dead_skin: 0, ..., hair_loss: 2, skin: "hair_loss", n: 12}, ...]: one GROUP BY query.

    Grouping by all six grades and the type at once lets one index range scan (sex, age, six
    grades, skin) answer every figure; the marginals are summed up in Python from at most a few
    thousand rows.
    """
    return list(queryset.order_by().values(*GROUP_FIELDS).annotate(n=Count("pk")))


def tally(rows: list[dict]) -> tuple[dict[str, list[int]], dict[str, int]]:
    """({value_1: [n0, n1, n2, n3], ...}, {scalp type key: n}) from combination_counts rows."""
    grades = {s.key: [0] * len(GRADES) for s in SYMPTOMS}
    types: dict[str, int] = {}
    for row in rows:
        for sym in SYMPTOMS:
            grades[sym.key][row[sym.field]] += row["n"]
        types[row["skin"]] = types.get(row["skin"], 0) + row["n"]
    return grades, types


def _standing(counts: list[int], grade: int, total: int) -> Standing:
    return Standing(grade=GRADES[grade], lower=sum(counts[:grade]) / total, same=counts[grade] / total,
                    higher=sum(counts[grade + 1:]) / total)


def group_stats(*, queryset: QuerySet | None = None, rows: list[dict] | None = None,
                grades: dict[str, int] | None = None, skin: str | None = None) -> GroupStats:
    """Grade and scalp-type distributions of one group (a queryset, or its combination_counts rows);
    where `grades`/`skin` (the user's) stand."""
    by_symptom, by_type = tally(rows if rows is not None else combination_counts(queryset))
    total = sum(by_type.values())
    symptoms, types = [], []
    if total:
        for sym in SYMPTOMS:
            counts = by_symptom[sym.key]
            shares = [GradeShare(g, n, n / total) for g, n in zip(GRADES, counts, strict=True)]
            standing = _standing(counts, grades[sym.key], total) if grades else None
            symptoms.append(SymptomDistribution(sym, shares, standing))
        types = [TypeShare(t, by_type.get(t.key, 0), by_type.get(t.key, 0) / total, t.key == skin)
                 for t in SCALP_TYPES]
    return GroupStats(total=total, min_group=min_group(), symptoms=symptoms, types=types)


def human_grades(human) -> dict[str, int]:
    return {s.key: getattr(human, s.field) for s in SYMPTOMS}


# Grades of a photo the check found doubtful or refused (graded anyway) are not counted; diagnoses
# made before the photo check existed ("unchecked") are.
UNRELIABLE_PHOTO = (PhotoCheck.DOUBTFUL, PhotoCheck.REFUSED)


def people_like(*, human: Human, using: str = "default") -> GroupStats:
    """Other ScalpSpectra users of the same sex and age band (this diagnosis and unreliable photos left out)."""
    group = Human.objects.using(using).filter(sex=human.sex, age=human.age).exclude(pk=human.pk)
    rows = list(group.order_by().values(*GROUP_FIELDS, "photo_check").annotate(n=Count("pk")))  # one query
    reliable = [r for r in rows if r["photo_check"] not in UNRELIABLE_PHOTO]
    stats = group_stats(rows=reliable, grades=human_grades(human), skin=human.skin)
    return replace(stats, unreliable=sum(r["n"] for r in rows) - sum(r["n"] for r in reliable))


def reference_sources() -> list[str]:
    return list(ReferenceRecord.objects.order_by("source").values_list("source", flat=True).distinct())


def reference_like(*, human: Human, source: str) -> GroupStats:
    """Images of one reference data set whose subjects share this user's sex and age band."""
    queryset = ReferenceRecord.objects.filter(source=source, sex=human.sex, age=human.age)
    return group_stats(queryset=queryset, grades=human_grades(human), skin=human.skin)


def groups_for(*, sex: str, age: int) -> list[tuple[str | None, GroupStats]]:
    """Everything the statistics section shows for a sex and age band, without a diagnosis of one's own:
    ScalpSpectra's diagnoses (source None), then each reference data set."""
    people = group_stats(queryset=Human.objects.filter(sex=sex, age=age))
    references = [(source, group_stats(queryset=ReferenceRecord.objects.filter(source=source, sex=sex, age=age)))
                  for source in reference_sources()]
    return [(None, people), *references]
