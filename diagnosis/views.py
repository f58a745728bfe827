import logging

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from diagnosis.forms import DiagnosisForm
from diagnosis.models import Human
from diagnosis.selectors import human_get, result_for, weights_problems
from diagnosis.services import diagnosis_create, diagnosis_delete
from history.services import history_remember
from ml.cache import WeightsUnavailable

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def upload(request):
    """Upload a scalp photo with sex and age band; on success go to the results page."""
    form = DiagnosisForm(request.POST or None, request.FILES or None)
    problems = weights_problems()
    status = 200
    if request.method == "POST":
        if problems:
            status = 503
        elif form.is_valid():
            try:
                human = diagnosis_create(photo=form.cleaned_data["photo"], sex=form.cleaned_data["sex"],
                                         age=form.cleaned_data["age"], keep_photo=form.cleaned_data["keep_photo"])
            except WeightsUnavailable as exc:
                problems, status = exc.problems, 503
            else:
                history_remember(request, human)
                return redirect("diagnosis:result", public_id=human.public_id)
        else:
            status = 400
    context = {"form": form, "problems": problems, "retention_days": settings.PHOTO_RETENTION_DAYS}
    return render(request, "diagnosis/upload.html", context, status=status)


def result(request, public_id):
    """The diagnosis for one photo: scalp type, progression and the six symptom grades."""
    human = human_get(public_id=public_id)
    return render(request, "diagnosis/result.html", {"result": result_for(human), "human": human})


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


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
