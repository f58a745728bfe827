"""Server-rendered SVG charts for the results page: no JavaScript, no external assets."""

from django import template

from common.i18n import local_name
from diagnosis.selectors import SymptomRow
from diagnosis.summary import rounded_percent

register = template.Library()

WIDTH = 320
LABEL_WIDTH = 84  # grade names, right-aligned against the bars
BAR_X = 90
BAR_MAX = 178
ROW_HEIGHT = 30
BAR_HEIGHT = 18
SEVERITY = ("sev-0", "sev-1", "sev-2", "sev-3")  # green, amber, orange, red (static/css/site.css)


@register.inclusion_tag("diagnosis/_symptom_chart.html")
def symptom_chart(row: SymptomRow) -> dict:
    """One horizontal bar per grade; the predicted grade's bar is outlined and its label bold."""
    bars = []
    for i, (grade, p) in enumerate(row.probabilities):
        y = 4 + i * ROW_HEIGHT
        bars.append({
            "grade": grade, "label": local_name(grade), "percent": rounded_percent(p),
            "severity": SEVERITY[grade.value], "predicted": grade == row.grade,
            "y": y, "text_y": y + BAR_HEIGHT - 4, "width": f"{max(1.0, float(p) * BAR_MAX):.1f}",  # no l10n
        })
    return {
        "row": row, "bars": bars, "id": f"chart-{row.symptom.key}", "severity": SEVERITY[row.grade.value],
        "width": WIDTH, "height": 8 + len(bars) * ROW_HEIGHT, "label_x": LABEL_WIDTH, "bar_x": BAR_X,
        "bar_max": BAR_MAX, "bar_height": BAR_HEIGHT, "value_x": BAR_X + BAR_MAX + 8,
        "description": ", ".join(f"{b['label']} {b['percent']}" for b in bars),
    }
