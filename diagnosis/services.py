"""Writes: run the six models on a photo and store the diagnosis; delete one."""

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


def _keep_photo(human: Human, photo: Image.Image) -> None:
    now = timezone.now()
    human.photo_consent, human.photo_consent_at = True, now
    human.photo_delete_after = now + timedelta(days=settings.PHOTO_RETENTION_DAYS)
    human.photo.save(f"{human.public_id}.jpg", ContentFile(encode_jpeg(photo)), save=False)


def diagnosis_create(*, photo: Image.Image, sex: str, age: int, keep_photo: bool = False,
                     grade_anyway: bool = False) -> Human:
    """Grade the photo with the cached models, then save the Human row (and the photo, only with consent).

    Raises ml.cache.WeightsUnavailable (nothing saved) when any of the six checkpoints is unusable.
    """
    from ml.predict import predict  # imports PyTorch; deferred so manage.py commands start fast

    models = model_cache.get(settings.WEIGHTS_DIR)
    result = predict(photo, models)
    human = Human(
        sex=sex, age=age, pred=result.progression.value, skin=result.scalp_type.key,
        probabilities={s.symptom: list(s.probabilities) for s in result.symptoms},
        weights={s.symptom: s.weights for s in result.symptoms},
        created_at=timezone.now(),
        **{sym.field: result.grades[sym.key] for sym in SYMPTOMS},
    )
    with transaction.atomic():
        if keep_photo:
            _keep_photo(human, photo)
        try:
            human.save()
        except Exception:
            if human.photo:
                human.photo.delete(save=False)
            raise
    return human


@transaction.atomic
def diagnosis_delete(*, human: Human) -> None:
    """Delete the diagnosis and its stored photo file, if any."""
    if human.photo:
        human.photo.delete(save=False)
    human.delete()
