"""The scalp-type care card on the results page, from diagnosis/content/scalp_types.json."""

from django import template
from django.utils.translation import get_language

from common.i18n import local_name
from diagnosis.content import care_card
from diagnosis.selectors import ResultView

register = template.Library()

SEVERE = 3
PUSTULES = "value_4"  # follicular erythema / pustules: see a doctor from 'moderate' on


@register.inclusion_tag("diagnosis/_care.html")
def care_section(result: ResultView) -> dict:
    severe = [row for row in result.rows if row.grade.value >= SEVERE]
    pustules = any(row.symptom.key == PUSTULES and row.grade.value >= 2 for row in result.rows)
    return {
        "result": result, "card": care_card(scalp_type=result.scalp_type.key, lang=get_language()),
        "icon": f"img/scalp/{result.scalp_type.key}.svg", "severe": len(severe), "pustules": pustules,
        "severe_names": ", ".join(local_name(row.symptom) for row in severe),
    }
