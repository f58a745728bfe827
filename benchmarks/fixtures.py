"""Throwaway results for timing the PDF reports (manage.py benchmark_reports): real rows, rolled back after."""

from __future__ import annotations

import io
from datetime import timedelta

import numpy as np
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from diagnosis.models import Human, PhotoCheck
from ml.labels import NUM_GRADES, SYMPTOM_KEYS, SYMPTOMS, progression, scalp_type

DEMO_WEIGHTS = {"arch": "efficientnet-b0", "image_size": 112, "data": "synthetic", "sha256": "0123456789ab",
                "trained_at": "2026-11-24T16:06:26Z"}


def _photo(rng: np.random.Generator) -> bytes:
    pixels = rng.normal([205, 175, 155], 18, (480, 640, 3)).clip(0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=90)
    return out.getvalue()


def sample_result(rng: np.random.Generator, *, days_ago: int, photo: bool) -> Human:
    """A result with random grades, probabilities that agree with them, and (optionally) a kept photo."""
    grades = {k: int(rng.choice(NUM_GRADES, p=[.55, .25, .13, .07])) for k in SYMPTOM_KEYS}
    probabilities = {}
    for key, grade in grades.items():
        p = rng.dirichlet(np.ones(NUM_GRADES))
        p[grade] += 2
        probabilities[key] = [round(float(v), 4) for v in p / p.sum()]
    human = Human(sex=str(rng.choice(["M", "F"])), age=int(rng.choice([20, 30, 40, 50])),
                  pred=progression(grades).value, skin=scalp_type(grades).key, probabilities=probabilities,
                  weights={k: dict(DEMO_WEIGHTS, file=f"{k}.pt") for k in SYMPTOM_KEYS},
                  photo_check=PhotoCheck.OK, photo_consent=photo,
                  created_at=timezone.now() - timedelta(days=days_ago),
                  **{s.field: grades[s.key] for s in SYMPTOMS})
    if photo:
        human.photo.save(f"{human.public_id}.jpg", ContentFile(_photo(rng)), save=False)
    human.save()
    return human
