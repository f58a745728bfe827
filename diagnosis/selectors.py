"""Reads for the diagnosis pages."""

from __future__ import annotations

import functools
import logging
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
    NO_RELIABLE_RESULT,
    NOT_SCALP_TIPS,
    REASON_MESSAGES,
    REFUSED_INTRO,
    REFUSED_TITLE,
    RETAKE_TIPS,
    UNFAMILIAR_REAL,
    UNFAMILIAR_SYNTHETIC,
)
from ml.assess import Scenery
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


logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhotoCheckView:
    """The photo check as pages show it: the outcome, each reason in words, the data attribute."""

    outcome: str
    reasons: list[PhotoReason]
    saved: bool = True  # False on the upload form that came back: nothing was stored

    @property
    def final(self) -> bool:
        """Not a scalp: no "grade it anyway", only what a scalp close-up is."""
        return any(r.code == "not_scalp" for r in self.reasons)

    @property
    def tips(self) -> list[str]:
        return list(NOT_SCALP_TIPS) if self.final else []

    @property
    def no_reliable_result(self) -> str:
        """The headline of a result graded anyway after a refusal (instead of the scalp type)."""
        return NO_RELIABLE_RESULT if self.saved and self.outcome == PhotoCheck.REFUSED else ""

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


def _message(code: str, scores: dict) -> str:
    """The words for one reason. A scalp close-up the grading models find unfamiliar is told why in
    words that fit a real scalp photo (never that it does not look like a scalp)."""
    if code == "unfamiliar" and scores.get("scene", {}).get("category") == "scalp_closeup":
        return UNFAMILIAR_SYNTHETIC if scores.get("models_trained_on") == "synthetic" else UNFAMILIAR_REAL
    return REASON_MESSAGES[code]


def photo_check_view(*, outcome: str, codes: list[str], saved: bool = True,
                     scores: dict | None = None) -> PhotoCheckView:
    scores = scores or {}
    reasons = [PhotoReason(c, _message(c, scores), RETAKE_TIPS[c]) for c in codes if c in REASON_MESSAGES]
    return PhotoCheckView(outcome, reasons, saved)


def photo_check_for(human: Human) -> PhotoCheckView:
    return photo_check_view(outcome=human.photo_check, codes=human.photo_check_flags.split(),
                            scores=human.photo_check_scores or {})


def photo_check_dict(human: Human) -> dict:
    """{"outcome", "reasons", "scene", "scores"}: the photo check in plain types (for the API)."""
    return {"outcome": human.photo_check, "reasons": human.photo_check_flags.split(), "scene": human.scene,
            "scores": human.photo_check_scores or {}}


@functools.cache
def _scenery(path: str, runtime: Runtime) -> Scenery | None:
    from ml import scene_backbone, scene_check

    try:
        model = scene_check.load(Path(path))
    except scene_check.SceneModelError as exc:
        logger.warning("scene check off: %s", exc)
        return None
    return Scenery(scene_backbone.backbone_cache.get(runtime), model)


def scenery() -> Scenery | None:
    """The scene check (ml.scene_check) on the site's runtime, loaded once; None when switched off or its
    file is unusable (logged)."""
    if not settings.PHOTO_CHECK.scene_enabled:
        return None
    return _scenery(str(settings.SCENE_CHECK_FILE), inference_runtime())


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
