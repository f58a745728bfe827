"""Writes: run the six models on a photo and store the diagnosis; delete it on request."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from diagnosis.images import encode_jpeg
from diagnosis.models import Human
from ml.cache import model_cache
from ml.labels import SYMPTOMS


class PhotoRefused(Exception):
    """The photo check says the photo cannot be graded (not a scalp close-up); nothing was saved.

    `check` is the photo check's outcome (reason codes in `flags`, numbers in `scores`).
    """

    def __init__(self, check):
        self.check = check
        super().__init__(f"photo refused: {' '.join(getattr(check, 'flags', ()) or ())}")


def diagnosis_create(*, photo: Image.Image, sex: str, age: int, keep_photo: bool = False,
                     grade_anyway: bool = False) -> Human:
    """Grade the photo with the cached models and save the Human row.

    The photo is written (pixels only) with the row only when keep_photo is True, the person's
    consent, and is then due for deletion PHOTO_RETENTION_DAYS later; otherwise it was only ever in
    memory. Raises ml.cache.WeightsUnavailable (nothing saved) when any checkpoint is unusable.
    grade_anyway is the photo check's override (photocheck branch); unused here.
    """
    from ml.predict import predict  # imports PyTorch; deferred so manage.py commands start fast

    result = predict(photo, model_cache.get(settings.WEIGHTS_DIR))
    human = Human(
        sex=sex, age=age, pred=result.progression.value, skin=result.scalp_type.key,
        probabilities={s.symptom: list(s.probabilities) for s in result.symptoms},
        weights={s.symptom: s.weights for s in result.symptoms},
        created_at=timezone.now(),
        **{sym.field: result.grades[sym.key] for sym in SYMPTOMS},
    )
    if keep_photo:
        _save_with_photo(human, photo)
    else:
        human.save()
    return human


def _save_with_photo(human: Human, photo: Image.Image) -> None:
    human.photo_consent, human.photo_consent_at = True, human.created_at
    human.photo_delete_after = human.created_at + timedelta(days=settings.PHOTO_RETENTION_DAYS)
    with transaction.atomic():
        human.photo.save(f"{human.public_id}.jpg", ContentFile(encode_jpeg(photo)), save=False)
        try:
            human.save()
        except Exception:
            human.photo.delete(save=False)
            raise


@transaction.atomic
def diagnosis_delete(*, human: Human) -> None:
    """Delete the diagnosis; its photo file goes once the deletion commits (diagnosis.signals)."""
    human.delete()
