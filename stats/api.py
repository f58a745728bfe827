"""/api/v1/stats: how people of a sex and age band were graded, as the results page's statistics show it."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Query, Router, Schema

from common.api_errors import ErrorOut
from common.api_schemas import LabelOut, label_out
from diagnosis.models import Sex
from stats.selectors import GroupStats, groups_for

router = Router(tags=["statistics"])


class GradeShareOut(Schema):
    grade: int = Field(ge=0, le=3, examples=[1])
    ko: str = Field(examples=["경증"])
    en: str = Field(examples=["Mild"])
    count: int = Field(ge=0, description="Rounded to the nearest 5 for ScalpSpectra's diagnoses", examples=[10])
    share: float = Field(ge=0, le=1, description="From the rounded counts", examples=[0.2])


class SymptomSharesOut(LabelOut):
    shares: list[GradeShareOut] = Field(description="One per grade, 0 to 3")


class TypeShareOut(LabelOut):
    count: int = Field(ge=0, examples=[7])
    share: float = Field(ge=0, le=1, examples=[0.14])


class GroupOut(Schema):
    source: str | None = Field(description="null: diagnoses made on ScalpSpectra; otherwise a reference data set",
                               examples=[None])
    enough: bool = Field(description="False while the group is smaller than min_group: then no figures are given")
    min_group: int = Field(examples=[5])
    total: int | None = Field(description="Diagnoses in the group (as on the results page, without those whose photo "
                              "the photo check doubted or refused); null when not enough. For ScalpSpectra's "
                              "diagnoses every count is rounded to the nearest 5 (STATS_ROUND_TO) and taken from "
                              "a snapshot at most an hour old (STATS_SNAPSHOT_SECONDS)", examples=[50])
    symptoms: list[SymptomSharesOut]
    types: list[TypeShareOut]


class StatsOut(Schema):
    sex: Literal[tuple(Sex.values)]  # type: ignore[valid-type]
    age: int
    groups: list[GroupOut]


class GroupQuery(Schema):
    sex: Literal[tuple(Sex.values)] = Field(description="M or F", examples=["F"])  # type: ignore[valid-type]
    age: int = Field(ge=10, le=70, multiple_of=10, description="Age band: 10, 20 ... 70", examples=[30])


def group_out(source: str | None, stats: GroupStats) -> dict:
    # Like the page: a group below the minimum size shows no figure at all, not even its size.
    if not stats.enough:
        return {"source": source, "enough": False, "min_group": stats.min_group, "total": None,
                "symptoms": [], "types": []}
    symptoms = [{**label_out(d.symptom), "shares": [
        {"grade": s.grade.value, "ko": s.grade.ko, "en": s.grade.en, "count": s.count, "share": s.share}
        for s in d.shares]} for d in stats.symptoms]
    types = [{**label_out(t.scalp_type), "count": t.count, "share": t.share} for t in stats.types]
    return {"source": source, "enough": True, "min_group": stats.min_group, "total": stats.total,
            "symptoms": symptoms, "types": types}


@router.get("/stats", response={200: StatsOut, 400: ErrorOut}, operation_id="stats_group", summary="Group statistics")
def group(request, query: Query[GroupQuery]):
    """Grade and scalp-type shares of everyone of this sex and age band, and of each reference data set."""
    groups = [group_out(source, stats) for source, stats in groups_for(sex=query.sex, age=query.age)]
    return {"sex": query.sex, "age": query.age, "groups": groups}
