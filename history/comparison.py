"""Two results side by side: per symptom, did the grade get better, stay the same or get worse?"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from diagnosis.models import Human
from diagnosis.selectors import ResultView, SymptomRow, result_for
from history.selectors import photo_kept


class Change(enum.Enum):
    # (css class, icon, words): colour, shape and text all say the same thing.
    BETTER = ("change-better", "▼", _("Better"))
    SAME = ("change-same", "=", _("No change"))
    WORSE = ("change-worse", "▲", _("Worse"))

    def __init__(self, css: str, icon: str, label) -> None:
        self.css, self.icon, self.label = css, icon, label

    @classmethod
    def between(cls, before: int, after: int) -> Change:
        """Grades run from 0 (normal) to 3 (severe): lower is better."""
        if after < before:
            return cls.BETTER
        return cls.WORSE if after > before else cls.SAME


@dataclass(frozen=True)
class SymptomChange:
    before: SymptomRow
    after: SymptomRow
    change: Change

    @property
    def symptom(self):
        return self.after.symptom

    @property
    def probabilities(self) -> list[tuple]:
        """(grade, p before, p after) for the four grades."""
        return [(g, p0, p1) for (g, p0), (_g, p1) in zip(self.before.probabilities, self.after.probabilities,
                                                          strict=True)]


@dataclass(frozen=True)
class Comparison:
    before: ResultView
    after: ResultView
    rows: list[SymptomChange]
    progression: Change
    photos: bool  # both photos were kept with consent

    @property
    def counts(self) -> dict[str, int]:
        return {change.name.lower(): sum(r.change is change for r in self.rows) for change in Change}


def comparison_for(first: Human, second: Human) -> Comparison:
    """The older result goes left ("before"), whatever order the two were asked in."""
    older, newer = sorted([first, second], key=lambda h: (h.created_at, h.pk))
    before, after = result_for(older), result_for(newer)
    rows = [SymptomChange(before=b, after=a, change=Change.between(b.grade.value, a.grade.value))
            for b, a in zip(before.rows, after.rows, strict=True)]
    return Comparison(before=before, after=after, rows=rows,
                      progression=Change.between(before.progression.value, after.progression.value),
                      photos=photo_kept(older) and photo_kept(newer))
