import logging
from pathlib import PurePath

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from common.caching import private_no_store
from common.device_history import history_contains, history_remember
from common.ratelimit import ERROR_RATE_LIMITED, upload_allowed
from diagnosis.forms import DiagnosisForm
from diagnosis.models import Human
from diagnosis.photo_storage import PhotoNotStored
from diagnosis.selectors import (
    decode_side,
    human_get,
    photo_check_for,
    photo_check_view,
    result_for,
    weights_problems,
    weights_problems_known,
)
from diagnosis.services import PhotoRefused, diagnosis_create, diagnosis_delete
from diagnosis.summary import summary_for
from ml.cache import WeightsUnavailable

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def upload(request):
    """Upload a scalp photo with sex and age band; on success go to the results page.

    A photo the check refuses comes back (422) with what is wrong, retake tips and "grade it anyway"
    (not for a photo that is not a scalp: that one gets tips on what a scalp close-up is).
    """
    # A GET loads no model: it shows only the problems known without loading (missing or known-bad files).
    problems = weights_problems() if request.method == "POST" else weights_problems_known()
    form = DiagnosisForm(request.POST or None, request.FILES or None,
                         decode_side=decode_side() if request.method == "POST" and not problems else None)
    status, refused, limited, not_stored = 200, None, False, None
    if request.method == "POST":
        if problems:
            status = 503
        elif not upload_allowed(request):
            form, status, limited = DiagnosisForm(), 429, True  # unbound: the photo is not even decoded
        elif form.is_valid():
            try:
                human = diagnosis_create(**form.cleaned_data)
            except WeightsUnavailable as exc:
                problems, status = exc.problems, 503
            except PhotoRefused as exc:
                refused = photo_check_view(outcome="refused", codes=exc.check.codes, saved=False,
                                           scores=exc.check.scores)
                status = 422
            except PhotoNotStored as exc:  # nothing saved: the same form again, without "keep my photo"
                data = form.cleaned_data
                form = DiagnosisForm(initial={"sex": data["sex"], "age": data["age"], "area": data["area"],
                                              "keep_photo": False})
                not_stored, status = exc.message, exc.status
            else:
                history_remember(request, public_id=human.public_id)
                return redirect("diagnosis:result", public_id=human.public_id)
        else:
            status = 400
    context = {"form": form, "problems": problems_shown(request, problems), "refused": refused,
               "rate_limited": ERROR_RATE_LIMITED if limited else "", "not_stored": not_stored,
               "retention_days": settings.PHOTO_RETENTION_DAYS}
    return render(request, "diagnosis/upload.html", context, status=status)


def problems_shown(request, problems: list) -> list[dict]:
    """Weights problems for the notice: staff see the server's path, everyone else only the file name.
    The full paths always go to the log."""
    if problems:
        logger.warning("diagnosis unavailable: %s", "; ".join(f"{p.path}: {p.reason} {p.detail}" for p in problems))
    staff = request.user.is_active and request.user.is_staff
    return [{"file": p.path if staff else PurePath(p.path).name, "reason": p.reason} for p in problems]


@private_no_store
def result(request, public_id):
    """The diagnosis for one photo: scalp type, progression and the six symptom grades."""
    human = human_get(public_id=public_id)
    result = result_for(human)
    return render(request, "diagnosis/result.html", {
        "result": result, "human": human, "summary": summary_for(result), "photo_check": photo_check_for(human),
        "owner": history_contains(request, public_id=human.public_id)})


@private_no_store
@require_http_methods(["GET", "POST"])
def delete(request, public_id):
    """Delete my result and its photo, after a confirmation page; it cannot be undone.

    Only the device that made the result may: anyone else with the link is told to ask its owner (403)."""
    human = human_get(public_id=public_id)
    if not history_contains(request, public_id=human.public_id):
        return render(request, "diagnosis/delete_refused.html", {"human": human}, status=403)
    if request.method == "POST":  # CsrfViewMiddleware has checked the token
        diagnosis_delete(human=human)
        return redirect("diagnosis:deleted")
    return render(request, "diagnosis/delete.html", {"human": human})


def deleted(request):
    """Confirms that a result and its photo are gone."""
    return render(request, "diagnosis/deleted.html")


def privacy(request):
    """What is stored, why, for how long, who sees it, how to delete it, and whom to ask."""
    return render(request, "diagnosis/privacy.html", {
        "retention_days": settings.PHOTO_RETENTION_DAYS, "contact": settings.PRIVACY_CONTACT,
        "stats_min_group": settings.STATS_MIN_GROUP, "stats_round_to": settings.STATS_ROUND_TO,
        "kakao": bool(settings.KAKAO_JS_KEY), "tableau": bool(settings.TABLEAU_VIEW_URL),
    })


@staff_member_required
def photo(request, pk: int):
    """The stored photo of a diagnosis, for reviewers in the admin only."""
    human = get_object_or_404(Human, pk=pk)
    if not human.photo:
        raise Http404
    return FileResponse(human.photo.open("rb"), content_type="image/jpeg")
