import logging
import math
from pathlib import PurePath

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from diagnosis.forms import DiagnosisForm
from diagnosis.models import Human
from diagnosis.ratelimit import ERROR_RATE_LIMITED, upload_allowed
from diagnosis.selectors import human_get, photo_check_for, photo_check_view, result_for, weights_problems
from diagnosis.services import PhotoRefused, diagnosis_create, diagnosis_delete
from history.services import history_remember
from ml.cache import WeightsUnavailable

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def upload(request):
    """Upload a scalp photo with sex and age band; on success go to the results page.

    A photo the check refuses comes back (422) with what is wrong, retake tips and "grade it anyway"
    (not for a photo that is not a scalp: that one gets tips on what a scalp close-up is).
    """
    form = DiagnosisForm(request.POST or None, request.FILES or None)
    problems = weights_problems()
    status, refused, limited = 200, None, False
    if request.method == "POST":
        if problems:
            status = 503
        elif not upload_allowed(request):
            form, status, limited = DiagnosisForm(), 429, True  # unbound: the photo is not even decoded
        elif form.is_valid():
            data = form.cleaned_data
            try:
                human = diagnosis_create(photo=data["photo"], sex=data["sex"], age=data["age"],
                                         keep_photo=data["keep_photo"], grade_anyway=data["grade_anyway"])
            except WeightsUnavailable as exc:
                problems, status = exc.problems, 503
            except PhotoRefused as exc:
                refused = photo_check_view(outcome="refused", codes=exc.check.codes, saved=False,
                                           scores=exc.check.scores)
                status = 422
            else:
                history_remember(request, human)
                return redirect("diagnosis:result", public_id=human.public_id)
        else:
            status = 400
    context = {"form": form, "problems": problems_shown(request, problems), "refused": refused,
               "rate_limited": ERROR_RATE_LIMITED if limited else "", "retention_days": settings.PHOTO_RETENTION_DAYS}
    return render(request, "diagnosis/upload.html", context, status=status)


def problems_shown(request, problems: list) -> list[dict]:
    """Weights problems for the notice: staff see the server's path, everyone else only the file name.
    The full paths always go to the log."""
    if problems:
        logger.warning("diagnosis unavailable: %s", "; ".join(f"{p.path}: {p.reason} {p.detail}" for p in problems))
    staff = request.user.is_active and request.user.is_staff
    return [{"file": p.path if staff else PurePath(p.path).name, "reason": p.reason} for p in problems]


def result(request, public_id):
    """The diagnosis for one photo: scalp type, progression and the six symptom grades."""
    human = human_get(public_id=public_id)
    return render(request, "diagnosis/result.html",
                  {"result": result_for(human), "human": human, "photo_check": photo_check_for(human)})


@require_http_methods(["GET", "POST"])
def delete(request, public_id):
    """Delete my result and its photo, after a confirmation page; it cannot be undone."""
    human = human_get(public_id=public_id)
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
        "stats_min_group": settings.STATS_MIN_GROUP,
        "kakao": bool(settings.KAKAO_JS_KEY), "tableau": bool(settings.TABLEAU_VIEW_URL),
    })


@staff_member_required
def photo(request, pk: int):
    """The stored photo of a diagnosis, for reviewers in the admin only."""
    human = get_object_or_404(Human, pk=pk)
    if not human.photo:
        raise Http404
    return FileResponse(human.photo.open("rb"), content_type="image/jpeg")


def csrf_failure(request, reason=""):
    """The site's own page when a form's security token is missing or stale (CSRF_FAILURE_VIEW)."""
    logger.warning("CSRF failure at %s: %s", request.path, reason)
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def login_locked(request, original_response=None, credentials=None):
    """Too many failed admin sign-ins from this address (django-axes): try again after the cool-off."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "lockout.html", {"minutes": minutes}, status=429)
