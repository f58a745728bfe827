"""{% stats_section human %}: how people of the same sex and age band were graded."""

from django import template
from django.conf import settings

from stats.selectors import people_like, reference_groups

register = template.Library()


@register.inclusion_tag("stats/_section.html")
def stats_section(human) -> dict:
    return {
        "human": human,
        "people": people_like(human=human),
        "references": reference_groups(sex=human.sex, age=human.age, human=human),
        "tableau_url": settings.TABLEAU_VIEW_URL,
        "tableau_sex_field": settings.TABLEAU_SEX_FIELD,
        "tableau_age_field": settings.TABLEAU_AGE_FIELD,
    }


@register.filter
def pct(value) -> str:
    """0.4234 -> '42%' (shares of a group)."""
    return f"{float(value) * 100:.0f}%"


@register.filter
def svg_pct(value) -> str:
    """0.4234 -> '42.34': a width in an SVG bar 100 units wide, never localised.

    Bars are SVG rects, not `style="width: ..."`, so the Content-Security-Policy needs no 'unsafe-inline'."""
    return f"{float(value) * 100:.2f}"


@register.filter
def stack_segments(shares) -> list[dict]:
    """Grade shares -> [{'grade': 0, 'x': '0.00', 'width': '42.34'}, ...] laid end to end in 100 units."""
    segments, x = [], 0.0
    for share in shares:
        width = float(share.share) * 100
        segments.append({"grade": share.grade.value, "x": f"{x:.2f}", "width": f"{width:.2f}"})
        x += width
    return segments
