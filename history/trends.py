"""Grade-over-time charts, one per symptom, drawn as server-side SVG (no JavaScript, no external assets)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.i18n import local_name
from diagnosis.models import Human, PhotoCheck
from diagnosis.templatetags.charts import SEVERITY
from ml.labels import GRADES, SYMPTOMS, Symptom

FLAGGED_NOTE = _(" (photo flagged)")
WIDTH = 320
PLOT_LEFT = 70  # grade names right-aligned against the plot
PLOT_RIGHT = WIDTH - 14
TOP = 12
ROW = 26  # one horizontal band per grade
AXIS_Y = TOP + ROW * (len(GRADES) - 1) + 20  # dates under the plot
HEIGHT = AXIS_Y + 8


@dataclass(frozen=True)
class TrendPoint:
    x: str
    y: int
    grade_label: str
    date: str
    severity: str
    flagged: bool = False  # the photo check doubted or refused the photo: drawn hollow


@dataclass(frozen=True)
class TrendChart:
    symptom: Symptom
    points: list[TrendPoint]
    grid: list[dict]  # one line and label per grade
    ticks: list[dict]  # date labels under the plot (first and last, or the only one)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def description(self) -> str:
        return ", ".join(f"{p.date} {p.grade_label}{FLAGGED_NOTE if p.flagged else ''}" for p in self.points)


def _y(grade: int) -> int:
    return TOP + ROW * (len(GRADES) - 1 - grade)


def _xs(n: int) -> list[float]:
    if n == 1:
        return [(PLOT_LEFT + PLOT_RIGHT) / 2]
    step = (PLOT_RIGHT - PLOT_LEFT - 12) / (n - 1)
    return [PLOT_LEFT + 6 + i * step for i in range(n)]


def _date(human: Human) -> str:
    return f"{timezone.localtime(human.created_at):%Y-%m-%d %H:%M}"


def flagged(human: Human) -> bool:
    return human.photo_check in (PhotoCheck.DOUBTFUL, PhotoCheck.REFUSED)


def trend_chart(symptom: Symptom, humans: list[Human]) -> TrendChart:
    """`humans` oldest first."""
    points = []
    for x, human in zip(_xs(len(humans)), humans, strict=True):
        grade = GRADES[human.grades[symptom.key]]
        points.append(TrendPoint(x=f"{x:.1f}", y=_y(grade.value), grade_label=local_name(grade),
                                 date=_date(human), severity=SEVERITY[grade.value], flagged=flagged(human)))
    grid = [{"y": _y(g.value), "text_y": _y(g.value) + 4, "label": local_name(g)} for g in GRADES]
    shown = points if len(points) < 3 else [points[0], points[-1]]
    anchors = ["middle"] if len(shown) == 1 else ["start", "end"]
    ticks = [{"x": p.x, "label": p.date[5:] if len(points) > 1 else p.date[:10], "anchor": a}
             for p, a in zip(shown, anchors, strict=True)]
    return TrendChart(symptom=symptom, points=points, grid=grid, ticks=ticks)


def trend_charts(oldest_first: list[Human]) -> list[TrendChart]:
    """Six charts for a device's results."""
    return [trend_chart(symptom, oldest_first) for symptom in SYMPTOMS]


GEOMETRY = {"width": WIDTH, "height": HEIGHT, "plot_left": PLOT_LEFT, "plot_right": PLOT_RIGHT,
            "label_x": PLOT_LEFT - 8, "axis_y": AXIS_Y}


@dataclass(frozen=True)
class AreaTrend:
    """One area's results, oldest first, and its six charts: trends never mix spots on the head."""

    area: str
    label: str
    oldest_first: list[Human]
    charts: list[TrendChart]


def area_trends(oldest_first: list[Human]) -> list[AreaTrend]:
    """One AreaTrend per area, in the order of each area's newest result (most recent area first)."""
    groups: dict[str, list[Human]] = {}
    for human in reversed(oldest_first):
        groups.setdefault(human.area, []).insert(0, human)
    return [AreaTrend(area=area, label=group[0].area_label, oldest_first=group, charts=trend_charts(group))
            for area, group in groups.items()]


def history_context(humans: list[Human]) -> dict:
    """What the history page and its PDF show: the list (newest first), the charts and tables per area."""
    oldest_first = sorted(humans, key=lambda h: (h.created_at, h.pk))
    return {"humans": humans, "areas": area_trends(oldest_first), "oldest_first": oldest_first}
