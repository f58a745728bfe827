"""Server-rendered SVG charts for the advertiser reports, in the results page's style: no JavaScript."""

from django import template

from ads.reports import Row

register = template.Library()

WIDTH = 640
HEIGHT = 180
LEFT = 48  # room for the axis' top value
PLOT_TOP = 12
PLOT_HEIGHT = 140
BAR_ROW = 26
BAR_X = 210
BAR_MAX = 330


@register.inclusion_tag("ads/_day_chart.html")
def day_chart(rows: list[Row], field: str, chart_id: str, title: str) -> dict:
    """One vertical bar per day for `field` ("impressions" or "clicks"), scaled to the busiest day."""
    values = [getattr(r, field) for r in rows]
    top = max(values, default=0) or 1
    step = (WIDTH - LEFT - 4) / max(len(rows), 1)
    bars = []
    for i, (row, value) in enumerate(zip(rows, values, strict=True)):
        h = value / top * PLOT_HEIGHT
        bars.append({"label": row.label, "value": value, "x": f"{LEFT + i * step:.1f}",
                     "y": f"{PLOT_TOP + PLOT_HEIGHT - h:.1f}", "width": f"{max(step * .8, 1):.1f}",
                     "height": f"{h:.1f}"})
    return {"id": chart_id, "title": title, "bars": bars, "width": WIDTH, "height": HEIGHT, "field": field,
            "top": max(values, default=0), "left": LEFT, "axis_y": PLOT_TOP + PLOT_HEIGHT,
            "first": rows[0].label if rows else "", "last": rows[-1].label if rows else "",
            "label_y": PLOT_TOP + PLOT_HEIGHT + 18, "right": WIDTH - 4, "top_y": PLOT_TOP + 4,
            "description": ", ".join(f"{b['label']} {b['value']}" for b in bars[-14:])}


@register.inclusion_tag("ads/_ctr_chart.html")
def ctr_chart(rows: list[Row], chart_id: str, title: str) -> dict:
    """One horizontal bar per segment: its click-through rate, scaled to the highest."""
    top = max((r.ctr or 0 for r in rows), default=0) or 1
    bars = []
    for i, row in enumerate(rows):
        y = 4 + i * BAR_ROW
        ctr = row.ctr or 0
        bars.append({"label": row.label, "percent": f"{ctr * 100:.1f}%", "y": y, "text_y": y + 14,
                     "width": f"{max(1.0, ctr / top * BAR_MAX):.1f}", "other": row.key == "other"})
    return {"id": chart_id, "title": title, "bars": bars, "width": WIDTH, "height": 8 + len(bars) * BAR_ROW,
            "label_x": BAR_X - 8, "bar_x": BAR_X, "bar_max": BAR_MAX, "value_x": BAR_X + BAR_MAX + 8,
            "description": ", ".join(f"{b['label']} {b['percent']}" for b in bars)}


@register.filter
def ctr_percent(ctr: float | None) -> str:
    """0.0234 -> "2.34%"; no impressions -> "–"."""
    return "–" if ctr is None else f"{ctr * 100:.2f}%"
