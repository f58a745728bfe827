"""{% stats_section human %}: how people of the same sex and age band were graded."""

from django import template
from django.conf import settings

from stats.selectors import people_like, reference_like, reference_sources

register = template.Library()


@register.inclusion_tag("stats/_section.html")
def stats_section(human) -> dict:
    return {
        "human": human,
        "people": people_like(human=human),
        "references": [(source, reference_like(human=human, source=source)) for source in reference_sources()],
        "tableau_url": settings.TABLEAU_VIEW_URL,
        "tableau_sex_field": settings.TABLEAU_SEX_FIELD,
        "tableau_age_field": settings.TABLEAU_AGE_FIELD,
    }


@register.filter
def pct(value) -> str:
    """0.4234 -> '42%' (shares of a group)."""
    return f"{float(value) * 100:.0f}%"


@register.filter
def css_pct(value) -> str:
    """0.4234 -> '42.34%' for an inline width, never localised."""
    return f"{float(value) * 100:.2f}%"
