"""Writes: check and grade a photo with the six models and store the diagnosis; delete it on request."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from PIL import Image

from diagnosis.delete_tokens import new_delete_token
from diagnosis.images import encode_jpeg
from diagnosis.models import Human
from diagnosis.photo_storage import discard, photo_write
from diagnosis.selectors import inference_runtime, scenery
from ml.assess import assess
from ml.cache import model_cache
from ml.labels import SYMPTOMS
from ml.photo_check import REFUSED, PhotoCheck
from ml.runtime_config import inference_gate


class PhotoRefused(Exception):
    """The photo check refused the photo and the person did not ask to grade it anyway; nothing saved."""

    def __init__(self, check: PhotoCheck):
        self.check = check
        super().__init__(f"photo refused: {' '.join(check.codes)}")


def diagnosis_create(*, photo: Image.Image, sex: str, age: int, area: str = "", keep_photo: bool = False,
                     grade_anyway: bool = False) -> Human:
    """Check the photo, grade it with the cached models and save the Human row.

    Raises PhotoRefused (nothing saved) when the photo check refuses it and grade_anyway is off, and
    always when it is not a scalp (ml.assess: quality and scene run first, so a refused photo costs no
    grading time). The photo is written
    (pixels only) with the row only when keep_photo is True, the person's consent, and is then due
    for deletion PHOTO_RETENTION_DAYS later; otherwise it was only ever in memory. Raises
    ml.cache.WeightsUnavailable (nothing saved) when any checkpoint is unusable.

    The returned row carries `delete_token`, the plain delete token, for the API to answer once; only its
    hash is stored.
    """
    runtime = inference_runtime()
    # at most INFERENCE_CONCURRENCY diagnoses computing at once (the gate)
    assessment = assess(photo, models=lambda: model_cache.get(settings.WEIGHTS_DIR, runtime), scenery=scenery(),
                        thresholds=settings.PHOTO_CHECK, grade_anyway=grade_anyway,
                        gate=lambda: inference_gate(runtime))
    check, result = assessment.check, assessment.result
    if result is None or (check.outcome == REFUSED and not grade_anyway):
        raise PhotoRefused(check)
    human = Human(
        sex=sex, age=age, area=area, pred=result.progression.value, skin=result.scalp_type.key,
        probabilities={s.symptom: list(s.probabilities) for s in result.symptoms},
        weights={s.symptom: s.weights for s in result.symptoms},
        photo_check=check.outcome, photo_check_flags=" ".join(check.codes), photo_check_scores=check.scores,
        scene=check.scene,
        created_at=timezone.now(),
        **{sym.field: result.grades[sym.key] for sym in SYMPTOMS},
    )
    token, human.delete_token_hash = new_delete_token()
    if keep_photo:
        _save_with_photo(human, photo)
    else:
        human.save()
    human.delete_token = token
    return human


def _save_with_photo(human: Human, photo: Image.Image) -> None:
    """The row and its photo, or neither: the photo is written under a temporary name, renamed once the row
    is saved, and removed on any failure (diagnosis.photo_storage). Raises PhotoNotStored."""
    human.photo_consent, human.photo_consent_at = True, human.created_at
    human.photo_delete_after = human.created_at + timedelta(days=settings.PHOTO_RETENTION_DAYS)
    field = Human._meta.get_field("photo")
    name = field.generate_filename(human, f"{human.public_id}.jpg")
    finish = photo_write(field.storage, name, encode_jpeg(photo))
    try:
        with transaction.atomic():
            human.photo.name = name
            human.save()
            finish()
    except BaseException:
        discard(field.storage, name, finish)
        raise


@transaction.atomic
def diagnosis_delete(*, human: Human) -> None:
    """Delete the diagnosis; its photo file goes once the deletion commits (diagnosis.signals)."""
    human.delete()
