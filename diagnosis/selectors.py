"""Reads for the diagnosis pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.shortcuts import get_object_or_404

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
