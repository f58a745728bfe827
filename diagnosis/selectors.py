"""Reads for the diagnosis pages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404

from diagnosis.models import Human, PhotoCheck
from diagnosis.photo_messages import (
    DOUBTFUL_INTRO,
    DOUBTFUL_TITLE,
    GRADED_ANYWAY_INTRO,
    REASON_MESSAGES,
    REFUSED_INTRO,
    REFUSED_TITLE,
    RETAKE_TIPS,
)
from ml.cache import WeightsProblem, WeightsUnavailable, model_cache
from ml.labels import GRADES, SCALP_TYPE_BY_KEY, SYMPTOMS, Grade, ScalpType, Symptom
from ml.runtime_config import Runtime


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


def human_find(*, public_id) -> Human | None:
    """The result with this public id, or None: any text is accepted, so a malformed id is simply not found."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return Human.objects.filter(public_id=key).first()


def human_get(*, public_id) -> Human:
    """The result with this public id; 404 otherwise."""
    if (human := human_find(public_id=public_id)) is None:
        raise Http404
    return human


def result_for(human: Human) -> ResultView:
    rows = []
    for sym in SYMPTOMS:
        probs = human.probabilities.get(sym.key, [0.0] * len(GRADES))
        rows.append(SymptomRow(symptom=sym, grade=GRADES[human.grades[sym.key]],
                               probabilities=list(zip(GRADES, probs, strict=True))))
    return ResultView(human=human, scalp_type=SCALP_TYPE_BY_KEY[human.scalp_type_key],
                      progression=GRADES[human.progression], rows=rows)


@dataclass(frozen=True)
class PhotoReason:
    code: str
    message: str
    tip: str


@dataclass(frozen=True)
class PhotoCheckView:
    """The photo check as pages show it: the outcome, each reason in words, the data attribute."""

    outcome: str
    reasons: list[PhotoReason]
    saved: bool = True  # False on the upload form that came back: nothing was stored

    @property
    def title(self) -> str:
        return REFUSED_TITLE if not self.saved else DOUBTFUL_TITLE

    @property
    def intro(self) -> str:
        if not self.saved:
            return REFUSED_INTRO
        return GRADED_ANYWAY_INTRO if self.outcome == PhotoCheck.REFUSED else DOUBTFUL_INTRO

    @property
    def warns(self) -> bool:
        return self.outcome in (PhotoCheck.DOUBTFUL, PhotoCheck.REFUSED)

    @property
    def attribute(self) -> str:
        """`data-photo-check`: "ok", the reason codes ("blurry unfamiliar") or "unchecked"."""
        if self.outcome in (PhotoCheck.OK, PhotoCheck.UNCHECKED):
            return self.outcome
        return " ".join(r.code for r in self.reasons) or self.outcome


def photo_check_view(*, outcome: str, codes: list[str], saved: bool = True) -> PhotoCheckView:
    reasons = [PhotoReason(c, REASON_MESSAGES[c], RETAKE_TIPS[c]) for c in codes if c in REASON_MESSAGES]
    return PhotoCheckView(outcome, reasons, saved)


def photo_check_for(human: Human) -> PhotoCheckView:
    return photo_check_view(outcome=human.photo_check, codes=human.photo_check_flags.split())


def photo_check_dict(human: Human) -> dict:
    """{"outcome", "reasons", "scores"}: the photo check in plain types (for the API)."""
    return {"outcome": human.photo_check, "reasons": human.photo_check_flags.split(),
            "scores": human.photo_check_scores or {}}


def inference_runtime() -> Runtime:
    """The backend, ONNX cache, threads and gate the settings ask for (ml.runtime_config.Runtime)."""
    return Runtime(backend=settings.INFERENCE_BACKEND, onnx_cache_dir=Path(settings.ONNX_CACHE_DIR),
                   threads=settings.ONNXRUNTIME_THREADS, concurrency=settings.INFERENCE_CONCURRENCY)


def weights_problems_known() -> list[WeightsProblem]:
    """Which checkpoints are missing, or already found unusable, without loading any model."""
    return model_cache.known_problems(settings.WEIGHTS_DIR, inference_runtime())


def decode_side() -> int:
    """How large an upload is decoded: twice the largest input of the six models (loads them, cached).
    Call it after weights_problems() found none."""
    models = model_cache.get(settings.WEIGHTS_DIR, inference_runtime())
    return 2 * max(m.image_size for m in models.values())


def weights_problems() -> list[WeightsProblem]:
    """Which checkpoints are missing or unusable; loads the models on first call (cached)."""
    try:
        model_cache.get(settings.WEIGHTS_DIR, inference_runtime())
    except WeightsUnavailable as exc:
        return exc.problems
    return []
