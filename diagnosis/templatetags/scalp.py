from django import template

from common.i18n import local_name
from diagnosis.summary import rounded_percent

register = template.Library()


@register.filter
def local(obj) -> str:
    """{{ symptom|local }}: the Korean or English name of a symptom, grade or scalp type."""
    return local_name(obj)


@register.filter
def percent(value) -> str:
    """Rounded to 10%, never 0% or 100% (diagnosis.summary.rounded_percent): no false precision."""
    return rounded_percent(value)
