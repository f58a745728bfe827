"""Reads for the diagnosis pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.shortcuts import get_object_or_404

from diagnosis.models import Human
from ml.cache import Runtime, WeightsProblem, WeightsUnavailable, model_cache
from ml.labels import GRADES, SCALP_TYPE_BY_KEY, SYMPTOMS, Grade, ScalpType, Symptom


@dataclass(frozen=True)
class SymptomRow:
    symptom: Symptom
    grade: Grade
    probabilities: list[tuple[Grade, float]]  # (grade, probability) for all four grades


@dataclass(frozen=True)
class ResultView:
    human: Human
    scalp_type: ScalpType
    progression: Grade
    rows: list[SymptomRow]


def human_get(*, public_id) -> Human:
    return get_object_or_404(Human, public_id=public_id)


def result_for(human: Human) -> ResultView:
    rows = []
    for sym in SYMPTOMS:
        probs = human.probabilities.get(sym.key, [0.0] * len(GRADES))
        rows.append(SymptomRow(symptom=sym, grade=GRADES[getattr(human, sym.field)],
                               probabilities=list(zip(GRADES, probs, strict=True))))
    return ResultView(human=human, scalp_type=SCALP_TYPE_BY_KEY[human.skin],
                      progression=GRADES[human.pred], rows=rows)


def inference_runtime() -> Runtime:
    """The backend, ONNX cache, threads and gate the settings ask for (ml.cache.Runtime)."""
    return Runtime(backend=settings.INFERENCE_BACKEND, onnx_cache_dir=Path(settings.ONNX_CACHE_DIR),
                   threads=settings.ONNXRUNTIME_THREADS, concurrency=settings.INFERENCE_CONCURRENCY)


def weights_problems() -> list[WeightsProblem]:
    """Which checkpoints are missing or unusable; loads the models on first call (cached)."""
    try:
        model_cache.get(settings.WEIGHTS_DIR, inference_runtime())
    except WeightsUnavailable as exc:
        return exc.problems
    return []
