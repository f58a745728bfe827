"""Human rows with consistent derived fields, for statistics tests (no model run needed)."""

from __future__ import annotations

from django.utils import timezone

from diagnosis.models import Human
from ml.labels import GRADES, SYMPTOM_KEYS, SYMPTOMS, progression, scalp_type


def make_human(*, sex: str = "M", age: int = 30, grades: dict[str, int] | None = None,
               data: str = "aihub") -> Human:
    """A stored diagnosis; `grades` maps value_1..value_6 to 0-3 (missing keys are 0)."""
    grades = {k: 0 for k in SYMPTOM_KEYS} | (grades or {})
    probabilities = {k: [0.7 if g == grades[k] else 0.1 for g in range(len(GRADES))] for k in SYMPTOM_KEYS}
    return Human.objects.create(
        sex=sex, age=age, pred=progression(grades).value, skin=scalp_type(grades).key,
        probabilities=probabilities, weights={k: {"data": data} for k in SYMPTOM_KEYS},
        created_at=timezone.now(), **{s.field: grades[s.key] for s in SYMPTOMS},
    )


def make_group(n: int, *, sex: str = "M", age: int = 30, hair_loss: int = 0) -> list[Human]:
    return [make_human(sex=sex, age=age, grades={"value_6": hair_loss}) for _ in range(n)]
