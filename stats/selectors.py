"""Reads for the statistics section: how people of the user's sex and age band were graded.

ScalpSpectra's own diagnoses come from an hourly snapshot (stats.snapshot) and their counts are rounded
to STATS_ROUND_TO, shares computed from the rounded counts, so that reading the statistics around one
upload does not give that upload's grades away. Reference data sets are public and shown exactly.

One aggregate query per group, whatever the table size: a GROUP BY over the six grades and the
scalp type, filtered on (sex, age), from which every distribution is summed. (sex, age) lead the
composite indexes of Human and ReferenceRecord; see combination_counts for the index that makes
it an index-only scan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Count, QuerySet

from diagnosis.models import Human
from ml.labels import GRADES, SCALP_TYPES, SYMPTOMS, Grade, ScalpType, Symptom
from stats.models import ReferenceRecord
from stats.snapshot import GROUP_FIELDS, PeopleCounts, people_snapshot, without


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
    total: int  # rounded for ScalpSpectra's diagnoses
    min_group: int
    enough: bool  # the exact group size reaches min_group
    symptoms: list[SymptomDistribution]
    types: list[TypeShare]
    unreliable: int = 0  # diagnoses of this group left out because their photo failed the photo check
    round_to: int = 1  # every count is a multiple of this


def min_group() -> int:
    return settings.STATS_MIN_GROUP


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


def rounded(n: int, step: int) -> int:
    """n to the nearest multiple of step (halves up): 2 -> 0, 3 -> 5, 6 -> 5, 8 -> 10 for step 5."""
    return n if step <= 1 else step * ((n + step // 2) // step)


def _share(n: int, total: int) -> float:
    return n / total if total else 0.0


def _standing(counts: list[int], grade: int) -> Standing:
    total = sum(counts)
    return Standing(grade=GRADES[grade], lower=_share(sum(counts[:grade]), total),
                    same=_share(counts[grade], total), higher=_share(sum(counts[grade + 1:]), total))


def _distribution(sym: Symptom, counts: list[int], grades: dict[str, int] | None) -> SymptomDistribution:
    total = sum(counts)  # of the rounded counts, so the shares add up and follow only from what is shown
    shares = [GradeShare(g, n, _share(n, total)) for g, n in zip(GRADES, counts, strict=True)]
    return SymptomDistribution(sym, shares, _standing(counts, grades[sym.key]) if grades else None)


def group_stats(*, queryset: QuerySet | None = None, rows: list[dict] | None = None,
                grades: dict[str, int] | None = None, skin: str | None = None, round_to: int = 1) -> GroupStats:
    """Grade and scalp-type distributions of one group (a queryset, or its combination_counts rows), every
    count rounded to `round_to`; where `grades`/`skin` (the user's) stand."""
    by_symptom, by_type = tally(rows if rows is not None else combination_counts(queryset))
    exact_total = sum(by_type.values())
    symptoms, types = [], []
    if exact_total:
        symptoms = [_distribution(sym, [rounded(n, round_to) for n in by_symptom[sym.key]], grades)
                    for sym in SYMPTOMS]
        type_counts = {t.key: rounded(by_type.get(t.key, 0), round_to) for t in SCALP_TYPES}
        types = [TypeShare(t, type_counts[t.key], _share(type_counts[t.key], sum(type_counts.values())),
                           t.key == skin) for t in SCALP_TYPES]
    return GroupStats(total=rounded(exact_total, round_to), min_group=min_group(),
                      enough=exact_total >= min_group(), symptoms=symptoms, types=types)




def _yours(human: Human | None) -> dict:
    return {"grades": human.grades, "skin": human.scalp_type_key} if human else {}


def people_stats(counts: PeopleCounts, *, human: Human | None = None) -> GroupStats:
    """ScalpSpectra's diagnoses counted in `counts`, rounded, unreliable photos left out (and counted, rounded);
    where `human` stands."""
    step = settings.STATS_ROUND_TO
    stats = group_stats(rows=counts.rows, round_to=step, **_yours(human))
    return replace(stats, unreliable=rounded(counts.unreliable, step), round_to=step)


def people_like(*, human: Human) -> GroupStats:
    """Other ScalpSpectra users of the same sex and age band, as of the group's snapshot (this diagnosis and
    unreliable photos left out)."""
    return people_stats(without(people_snapshot(sex=human.sex, age=human.age), human), human=human)


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
    return [(None, people_stats(people_snapshot(sex=sex, age=age))), *reference_groups(sex=sex, age=age)]
