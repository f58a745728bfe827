"""Writes: run the six models on a photo and store the diagnosis."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from diagnosis.images import encode_jpeg
from diagnosis.models import Human
from diagnosis.selectors import inference_runtime
from ml.cache import inference_gate, model_cache
from ml.labels import SYMPTOMS


def diagnosis_create(*, photo: Image.Image, sex: str, age: int) -> Human:
    """Grade the photo with the cached models, then save the Human row and its photo together.

    Raises ml.cache.WeightsUnavailable (nothing saved) when any of the six checkpoints is unusable.
    """
    from ml.predict import predict  # imports PyTorch; deferred so manage.py commands start fast

    runtime = inference_runtime()
    models = model_cache.get(settings.WEIGHTS_DIR, runtime)
    with inference_gate(runtime):  # at most INFERENCE_CONCURRENCY diagnoses computing at once
        result = predict(photo, models)
    human = Human(
        sex=sex, age=age, pred=result.progression.value, skin=result.scalp_type.key,
        probabilities={s.symptom: list(s.probabilities) for s in result.symptoms},
        weights={s.symptom: s.weights for s in result.symptoms},
        created_at=timezone.now(),
        **{sym.field: result.grades[sym.key] for sym in SYMPTOMS},
    )
    with transaction.atomic():
        human.photo.save(f"{human.public_id}.jpg", ContentFile(encode_jpeg(photo)), save=False)
        try:
            human.save()
        except Exception:
            human.photo.delete(save=False)
            raise
    return human
