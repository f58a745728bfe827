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


# Grades of a photo the check found doubtful or refused (graded anyway) are not counted; diagnoses
# made before the photo check existed ("unchecked") are.
UNRELIABLE_PHOTO = (PhotoCheck.DOUBTFUL, PhotoCheck.REFUSED)


def reliable_counts(queryset: QuerySet) -> tuple[list[dict], int]:
    """combination_counts of the diagnoses whose photo can be trusted, and how many were left out: one query."""
    rows = list(queryset.order_by().values(*GROUP_FIELDS, "photo_check").annotate(n=Count("pk")))
    reliable = [r for r in rows if r["photo_check"] not in UNRELIABLE_PHOTO]
    return reliable, sum(r["n"] for r in rows) - sum(r["n"] for r in reliable)


def _yours(human: Human | None) -> dict:
    return {"grades": human.grades, "skin": human.scalp_type_key} if human else {}


def people_stats(queryset: QuerySet, *, human: Human | None = None) -> GroupStats:
    """ScalpSpectra's diagnoses in `queryset`, unreliable photos left out (and counted); where `human` stands."""
    reliable, unreliable = reliable_counts(queryset)
    return replace(group_stats(rows=reliable, **_yours(human)), unreliable=unreliable)


def people_like(*, human: Human, using: str = "default") -> GroupStats:
    """Other ScalpSpectra users of the same sex and age band (this diagnosis and unreliable photos left out)."""
    group = Human.objects.using(using).filter(sex=human.sex, age=human.age).exclude(pk=human.pk)
    return people_stats(group, human=human)


def reference_sources() -> list[str]:
    return list(ReferenceRecord.objects.order_by("source").values_list("source", flat=True).distinct())


def _reference_group(*, source: str, sex: str, age: int, human: Human | None = None) -> GroupStats:
    return group_stats(queryset=ReferenceRecord.objects.filter(source=source, sex=sex, age=age), **_yours(human))


def reference_like(*, human: Human, source: str) -> GroupStats:
    """Images of one reference data set whose subjects share this user's sex and age band."""
    return _reference_group(source=source, sex=human.sex, age=human.age, human=human)


def reference_groups(*, sex: str, age: int, human: Human | None = None) -> list[tuple[str, GroupStats]]:
    """Each reference data set's images of a sex and age band; where `human` stands in them, when given."""
    return [(source, _reference_group(source=source, sex=sex, age=age, human=human)) for source in reference_sources()]


def groups_for(*, sex: str, age: int) -> list[tuple[str | None, GroupStats]]:
    """Everything the statistics section shows for a sex and age band, without a diagnosis of one's own:
    ScalpSpectra's diagnoses (source None; unreliable photos left out, as on the results page), then each
    reference data set."""
    return [(None, people_stats(Human.objects.filter(sex=sex, age=age))), *reference_groups(sex=sex, age=age)]
