from django import template

from common.i18n import local_name

register = template.Library()


@register.filter
def local(obj) -> str:
    """{{ symptom|local }}: the Korean or English name of a symptom, grade or scalp type."""
    return local_name(obj)


@register.filter
def percent(value) -> str:
    return f"{float(value) * 100:.0f}%"
