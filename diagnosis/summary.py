"""The results page's summary card: the findings that matter and one next step, in plain words (issue 19)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from diagnosis.selectors import ResultView, SymptomRow

SEVERE = 3
PUSTULES = "value_4"  # follicular erythema / pustules: a doctor from 'moderate' on (diagnosis.templatetags.care)
MAX_FINDINGS = 3

NEXT_DOCTOR = _("See a dermatologist: at least one sign was graded severe, or pustules were found.")
NEXT_CARE = _("Follow the care advice below for your scalp type, and check again in a few weeks.")
NEXT_KEEP = _("Nothing stood out. Keep your usual routine and check again in a few months.")
ALL_NORMAL = _("All six signs were graded normal.")

# How sure the model is of the grade it chose: words, not false precision.
SURE_VERY, SURE_FAIRLY, SURE_NOT = _("very sure"), _("fairly sure"), _("not sure")


@dataclass(frozen=True)
class Finding:
    row: SymptomRow
    sureness: str


@dataclass(frozen=True)
class Summary:
    findings: list[Finding]
    next_step: str
    see_doctor: bool
    all_normal: str = ""


def sureness(probability: float) -> str:
    if probability >= 0.8:
        return str(SURE_VERY)
    return str(SURE_FAIRLY) if probability >= 0.55 else str(SURE_NOT)


def chosen_probability(row: SymptomRow) -> float:
    return next((float(p) for grade, p in row.probabilities if grade == row.grade), 0.0)


def rounded_percent(probability: float) -> str:
    """To the nearest 10%; the ends read "<10%" and ">90%", never 0% or 100%: the models are not that certain."""
    p = float(probability)
    if p < 0.05:
        return "<10%"
    return ">90%" if p > 0.95 else f"{round(p * 10) * 10}%"


def summary_for(result: ResultView) -> Summary:
    """The two or three most severe findings (grade above normal), and one next step."""
    marked = sorted((r for r in result.rows if r.grade.value > 0),
                    key=lambda r: (-r.grade.value, -chosen_probability(r)))
    findings = [Finding(r, sureness(chosen_probability(r))) for r in marked[:MAX_FINDINGS]]
    doctor = any(r.grade.value >= SEVERE for r in result.rows) or result.progression.value >= SEVERE or any(
        r.symptom.key == PUSTULES and r.grade.value >= 2 for r in result.rows)
    step = NEXT_DOCTOR if doctor else (NEXT_CARE if findings else NEXT_KEEP)
    return Summary(findings=findings, next_step=str(step), see_doctor=doctor,
                   all_normal="" if findings else str(ALL_NORMAL))
