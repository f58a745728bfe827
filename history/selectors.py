"""Reads: the results remembered on this device, and which of their photos the person may see."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from common.device_history import history_contains, history_ids
from diagnosis.models import Human
from diagnosis.selectors import human_get
from ml.labels import SYMPTOMS


def history_humans(request: HttpRequest) -> list[Human]:
    """This device's results that still exist, newest first."""
    ids = history_ids(request)
    if not ids:
        return []
    return list(Human.objects.filter(public_id__in=ids).order_by("-created_at", "-pk"))


def history_human_get(request: HttpRequest, *, public_id) -> Human:
    """One of this device's results; 404 for anything else, so other people's ids reveal nothing."""
    if not history_contains(request, public_id=public_id):
        raise Http404
    return human_get(public_id=public_id)


def history_previous(request: HttpRequest, *, human: Human) -> Human | None:
    """The newest result on this device made before `human`, when `human` is on this device too."""
    if not history_contains(request, public_id=human.public_id):
        return None
    ids = [i for i in history_ids(request) if i != str(human.public_id)]
    return (Human.objects.filter(public_id__in=ids, created_at__lte=human.created_at)
            .exclude(pk=human.pk).order_by("-created_at", "-pk").first())


def photo_kept(human: Human) -> bool:
    """The photo was kept with the person's consent and is still on disk."""
    return bool(human.photo_consent and human.photo and human.photo.storage.exists(human.photo.name))


DATA_LABELS = {"aihub": _("AI Hub scalp photos"), "synthetic": _("Synthetic images (demo)")}


def provenance_for(human: Human) -> list[dict]:
    """Per symptom, the checkpoint that graded it (Human.weights) and a readable name for its training data."""
    rows = []
    for symptom in SYMPTOMS:
        weights = (human.weights or {}).get(symptom.key, {})
        data = weights.get("data", "unknown")
        rows.append({"symptom": symptom, "weights": weights, "data": DATA_LABELS.get(data, data)})
    return rows
