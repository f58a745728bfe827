from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from common.caching import private_no_store
from common.device_history import history_contains, history_forget, history_prune
from common.ratelimit import allowed
from diagnosis.selectors import human_get
from history import report_cache, reports
from history.comparison import comparison_for
from history.selectors import history_human_get, history_humans, photo_kept
from history.trends import history_context

SAME_RESULT_TWICE = _("Choose two different results to compare.")
ERROR_PDF_RATE_LIMITED = _("Many PDF reports were made from this address in a short time. Please wait a while and "
                           "try again.")


def _device_results(request):
    humans = history_humans(request)
    history_prune(request, existing=[str(h.public_id) for h in humans])
    return humans


@private_no_store
@require_GET
def history_list(request):
    """My results: every result made on this device, newest first, with the trend of each symptom."""
    return render(request, "history/list.html", history_context(_device_results(request)))


@require_POST
def forget(request, public_id):
    """Take one result off this device's list; the result page itself stays reachable by its link."""
    history_forget(request, public_id=public_id)
    return redirect("history:list")


@private_no_store
@require_GET
def compare(request):
    """Two of my results side by side, the older on the left, with what got better or worse."""
    first = history_human_get(request, public_id=request.GET.get("a", ""))
    second = history_human_get(request, public_id=request.GET.get("b", ""))
    if first.pk == second.pk:
        back = {"url": reverse("history:list"), "label": _("My results")}
        return render(request, "400.html", {"message": SAME_RESULT_TWICE, "back": back}, status=400)
    return render(request, "history/compare.html", {"comparison": comparison_for(first, second)})


@private_no_store
@require_GET
def photo(request, public_id):
    """My own photo, when I agreed to keep it: only from the device whose history holds the result."""
    human = history_human_get(request, public_id=public_id)
    if not photo_kept(human):
        raise Http404
    response = FileResponse(human.photo.open("rb"), content_type="image/jpeg")
    return response


def _pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdf_limited(request):
    """None, or the localized 429 page once this address has asked for PDF_RATE_LIMIT reports."""
    if allowed(request, setting="PDF_RATE_LIMIT", prefix="pdf-rate"):
        return None
    return render(request, "400.html", {"message": ERROR_PDF_RATE_LIMITED}, status=429)


@private_no_store
@require_GET
def result_report(request, public_id):
    """One result as a one-page A4 PDF to take to a doctor, in the page's language.

    Anyone with the result's link gets it; the kept photo is in it only on the device that made the result."""
    human = human_get(public_id=public_id)
    if limited := _pdf_limited(request):
        return limited
    on_device = history_contains(request, public_id=human.public_id)  # the same check as photo() above
    earlier = history_humans(request) if on_device else []

    def render() -> bytes:
        return reports.render_pdf(reports.result_report(human, with_photo=on_device, earlier=earlier), request=request)

    if on_device:  # its trend of the device's earlier results changes with every upload: rendered each time
        pdf = report_cache.render_gated(render)
    else:  # anyone else with the link (the case a crowd can hammer): cached per language
        pdf = report_cache.cached_pdf(report_cache.report_key(human, language=get_language(), with_photo=False),
                                      render)
    return _pdf_response(pdf, f"scalpspectra-{timezone.localtime(human.created_at):%Y-%m-%d}.pdf")


@private_no_store
@require_GET
def history_report(request):
    """Every result on this device as a PDF: a chart per symptom and the trend table."""
    humans = _device_results(request)
    if not humans:
        return redirect("history:list")
    if limited := _pdf_limited(request):
        return limited
    pdf = report_cache.render_gated(lambda: reports.render_pdf(reports.history_report(humans), request=request))
    return _pdf_response(pdf, f"scalpspectra-history-{timezone.localdate()}.pdf")
