"""{% history_section human %} on the results page, and the trend chart the history pages and PDFs share."""

from django import template
from django.urls import reverse

from common.device_history import history_contains, history_ids
from diagnosis.selectors import photo_check_for
from history.selectors import history_previous, photo_kept
from history.trends import GEOMETRY, TrendChart
from ml.labels import GRADES, SYMPTOMS

register = template.Library()


@register.inclusion_tag("history/_section.html", takes_context=True)
def history_section(context, human) -> dict:
    """Links to my results, to the comparison with my previous result (when there is one) and to the PDF."""
    request = context.get("request")
    on_device = request is not None and history_contains(request, public_id=human.public_id)
    return {
        "human": human,
        "previous": history_previous(request, human=human) if on_device else None,
        "has_history": request is not None and bool(history_ids(request)),
    }


@register.simple_tag(takes_context=True)
def kept_photo_url(context, human) -> str:
    """The kept photo's address (history:photo checks the device again), or "" when it may not be shown here."""
    request = context.get("request")
    if request is None or not history_contains(request, public_id=human.public_id) or not photo_kept(human):
        return ""
    return reverse("history:photo", kwargs={"public_id": human.public_id})


@register.inclusion_tag("history/_trend_chart.html")
def trend_chart(chart: TrendChart) -> dict:
    return {"chart": chart, "id": f"trend-{chart.symptom.key}", **GEOMETRY}


@register.filter
def grades(human) -> list:
    """The six grades of a result, in the order of ml.labels.SYMPTOMS."""
    return [GRADES[human.grades[s.key]] for s in SYMPTOMS]


@register.filter
def next_item(items, index: int):
    """items[index + 1], or None past the end ("the one before" in a newest-first list)."""
    index = int(index) + 1
    return items[index] if index < len(items) else None


@register.filter
def previous_same_area(humans, index: int):
    """The next older result of the same area in a newest-first list, or None: comparisons stay per area."""
    human = humans[int(index)]
    return next((h for h in humans[int(index) + 1:] if h.area == human.area), None)


@register.filter
def photo_reasons(human) -> list:
    """The photo check's reasons in words (diagnosis.selectors.PhotoReason), empty when it passed."""
    return photo_check_for(human).reasons


@register.filter
def any_demo(humans) -> bool:
    return any(h.is_demo for h in humans)
