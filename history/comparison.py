"""Two results side by side: per symptom, did the grade get better, stay the same or get worse?"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from diagnosis.models import Human
from diagnosis.selectors import ResultView, SymptomRow, result_for
from history.selectors import photo_kept
from history.trends import flagged


class Change(enum.Enum):
    # (css class, icon, words): colour, shape and text all say the same thing.
    BETTER = ("change-better", "▼", _("Better"))
    SAME = ("change-same", "=", _("No change"))
    WORSE = ("change-worse", "▲", _("Worse"))
    # The grade moved, but a caveat (another area, another scalp type, a flagged photo) forbids calling it either.
    CHANGED = ("change-unclear", "≠", _("Changed (see the note above)"))

    def __init__(self, css: str, icon: str, label) -> None:
        self.css, self.icon, self.label = css, icon, label

    @classmethod
    def between(cls, before: int, after: int, *, comparable: bool = True) -> Change:
        """Grades run from 0 (normal) to 3 (severe): lower is better."""
        if after != before and not comparable:
            return cls.CHANGED
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
    caveats: list[str]  # why better/worse cannot be said (empty: the two are comparable)

    @property
    def counts(self) -> dict[str, int]:
        return {change.name.lower(): sum(r.change is change for r in self.rows) for change in Change}


AREA_DIFFERS = _("These two photos show different areas (%(before)s, %(after)s): their grades cannot be compared.")
TYPE_CHANGED = _("The scalp type changed (%(before)s → %(after)s), so a lower or higher grade is not simply better "
                 "or worse.")
PHOTO_FLAGGED = _("The photo check flagged the %(which)s photo, so its grades may be wrong.")
WHICH = {"before": _("earlier"), "after": _("later")}


def caveats_for(older: Human, newer: Human) -> list[str]:
    """What stops the comparison from calling a change better or worse, in words."""
    notes = []
    if older.area != newer.area:
        notes.append(str(AREA_DIFFERS) % {"before": older.area_label, "after": newer.area_label})
    if older.skin != newer.skin:
        notes.append(str(TYPE_CHANGED) % {"before": older.get_skin_display(), "after": newer.get_skin_display()})
    for which, human in (("before", older), ("after", newer)):
        if flagged(human):
            notes.append(str(PHOTO_FLAGGED) % {"which": WHICH[which]})
    return notes


def comparison_for(first: Human, second: Human) -> Comparison:
    """The older result goes left ("before"), whatever order the two were asked in."""
    older, newer = sorted([first, second], key=lambda h: (h.created_at, h.pk))
    before, after = result_for(older), result_for(newer)
    caveats = caveats_for(older, newer)
    rows = [SymptomChange(before=b, after=a,
                          change=Change.between(b.grade.value, a.grade.value, comparable=not caveats))
            for b, a in zip(before.rows, after.rows, strict=True)]
    progression = Change.between(before.progression.value, after.progression.value, comparable=not caveats)
    return Comparison(before=before, after=after, rows=rows, progression=progression,
                      photos=photo_kept(older) and photo_kept(newer), caveats=caveats)
