"""The photo pipeline, assembled once: quality, scene, grading, familiarity.

Used by the site (diagnosis.services), ml.photo_check_eval and ml.benchmark, so what is measured is
what runs. Order: the quality checks and the scene check (ml.scene_check, independent of the grading
weights) come first, so a refused photo costs no grading time; a photo that is not a scalp is never
graded, whatever the person asks; then the six models grade it and their features give familiarity.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image

from ml import photo_check as pc

if TYPE_CHECKING:  # ml.predict imports PyTorch: only when grading
    from ml.predict import Prediction


@dataclass(frozen=True)
class Assessment:
    check: pc.PhotoCheck
    result: Prediction | None  # None: refused before grading

    @property
    def graded(self) -> bool:
        return self.result is not None


@dataclass(frozen=True)
class Scenery:
    """The scene check's parts: the backbone (ml.scene_backbone) and the fitted decision (SceneModel)."""
    backbone: object
    model: object


def models_trained_on(models: Mapping) -> str:
    """"synthetic" when any grading model learned from synthetic images only (the demo weights)."""
    kinds = {str(m.provenance.get("data", "unknown")) for m in models.values()}
    return "synthetic" if "synthetic" in kinds else ", ".join(sorted(kinds))


def precheck(photo: Image.Image, scenery: Scenery | None, thresholds: pc.Thresholds = pc.DEFAULTS) -> pc.PhotoCheck:
    """Quality and scene, before any grading model runs."""
    from ml import scene_check

    quality = pc.check_quality(photo, thresholds)
    if scenery is None or not thresholds.scene_enabled:
        return quality
    return pc.with_scene(quality, scene_check.classify_image(photo, scenery.backbone, scenery.model))


def assess(photo: Image.Image, *, models: Callable[[], Mapping], scenery: Scenery | None,
           thresholds: pc.Thresholds = pc.DEFAULTS, grade_anyway: bool = False,
           gate: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext) -> Assessment:
    """The photo check and, unless it refuses (or the person insists on a photo that is a scalp), the
    grades. `models` returns the six loaded models (called only when grading); `gate` wraps the grading."""
    from ml.predict import predict

    first = precheck(photo, scenery, thresholds)
    if first.final or (first.outcome == pc.REFUSED and not grade_anyway):
        return Assessment(first, None)
    loaded = models()
    with gate():
        result = predict(photo, loaded)
    check = pc.check_photo(first, result.features, {s: m.photo_check for s, m in loaded.items()}, thresholds)
    check.scores["models_trained_on"] = models_trained_on(loaded)
    return Assessment(check, result)
