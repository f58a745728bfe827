"""Can this photo's grades be trusted? Quality checks on the decoded photo, and how familiar the
six models find it (from the pooled features they graded). No Django, no torch.

Outcome: "ok"; "doubtful" (graded, with a warning naming each reason); "refused" (not graded unless
the person insists; never for not_scalp). Reason codes: not_scalp and too_far (the scene check,
ml.scene_check, always refused), blurry, dark, overexposed, flat, unfamiliar (each with a doubtful
and a refused level).

Quality (OpenCV on a grayscale copy scaled to QUALITY_AREA pixels, so scores do not depend on the
upload's resolution):
- sharpness: variance of the Laplacian divided by the variance of the image (contrast-free: a dim
  but sharp photo keeps its score). Blur lowers it fast: see the README table, "Photo check".
- brightness: mean luminance (0-255) and the share of near-black pixels (< 30);
- overexposure: the share of near-white pixels (> 245);
- flatness: luminance standard deviation (0-255) and the number of distinct colours (5 bits per channel).

Familiarity: each model's Mahalanobis distance (ml.familiarity) divided by its median distance on
held-out images of the training kind; the combined score is the geometric mean over the six models
(a photo unlike the training photos moves all six models' features, and the mean pools that evidence),
divided by a threshold set so that `false_alarm_rate` (2%) of the held-out images exceed it
(ml.calibrate). "Refused" starts at `refuse_factor` times the threshold. (A maximum over the models
needed per-model thresholds at the 0.4% quantile, set by 3 held-out images each, and missed re-styled
scalps that every model finds somewhat, but none extremely, unfamiliar.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import numpy as np
from PIL import Image

from ml import familiarity
from ml.imaging import to_rgb

OK, DOUBTFUL, REFUSED = "ok", "doubtful", "refused"
REASONS = ("not_scalp", "too_far", "blurry", "dark", "overexposed", "flat", "unfamiliar")
SCENE_REASONS = ("not_scalp", "too_far")  # ml.scene_check categories that refuse
QUALITY_AREA = 320 * 240
FALSE_ALARM_RATE = 0.02
YES, NO = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}  # from_env's switches


@dataclass(frozen=True)
class Thresholds:
    """Quality limits (Django's settings.PHOTO_CHECK, see from_env); each pair: doubtful, refused."""

    sharpness_doubtful: float = 0.5
    sharpness_refused: float = 0.15
    brightness_doubtful: float = 75.0
    brightness_refused: float = 40.0
    dark_share_doubtful: float = 0.35
    dark_share_refused: float = 0.7
    bright_share_doubtful: float = 0.15
    bright_share_refused: float = 0.4
    contrast_doubtful: float = 8.0
    contrast_refused: float = 4.0
    colours_refused: int = 16
    familiarity_enabled: bool = True
    scene_enabled: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str], prefix: str = "PHOTO_CHECK_") -> Thresholds:
        """These defaults, each replaced by env[prefix + FIELD] where it is set (PHOTO_CHECK_SHARPNESS_REFUSED=0.1)."""
        values = {}
        for f in fields(cls):
            name = prefix + f.name.upper()
            if (text := env.get(name)) is None:
                continue
            if isinstance(f.default, bool):
                if text.strip().lower() not in YES | NO:
                    raise ValueError(f"{name} must be one of {', '.join(sorted(YES | NO))}, not {text!r}")
                values[f.name] = text.strip().lower() in YES
                continue
            try:
                values[f.name] = type(f.default)(text)
            except ValueError:
                kind = "a whole number" if isinstance(f.default, int) else "a number"
                raise ValueError(f"{name} must be {kind}, not {text!r}") from None
        return cls(**values)


DEFAULTS = Thresholds()


@dataclass(frozen=True)
class Reason:
    code: str
    level: str  # DOUBTFUL or REFUSED


@dataclass(frozen=True)
class PhotoCheck:
    outcome: str
    reasons: tuple[Reason, ...] = ()
    scores: dict = field(default_factory=dict)
    scene: str = ""  # ml.scene_check category, "" when the scene was not checked

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    @property
    def final(self) -> bool:
        """Refused whatever the person asks: the photo is not a scalp, there is nothing to grade."""
        return "not_scalp" in self.codes

    def as_dict(self) -> dict:
        """{"outcome", "reasons", "scene", "scores"}: what is stored and what the API returns."""
        return {"outcome": self.outcome, "reasons": self.codes, "scene": self.scene, "scores": self.scores}


def _near_quality_area(image: Image.Image) -> Image.Image:
    """Reduced by a whole factor, still >= QUALITY_AREA pixels, before any full-size array copy is made."""
    factor = int((image.width * image.height / QUALITY_AREA) ** 0.5)
    if factor < 2 or image.mode not in {"L", "RGB", "RGBA", "LA"}:
        return image
    small = image.reduce(factor)
    small.info = image.info  # the EXIF orientation, for to_rgb
    return small


def measure_quality(image: Image.Image) -> dict[str, float]:
    """Sharpness, brightness, dark/bright shares, contrast and distinct colours of one photo."""
    import cv2  # here, not at the top: Django's settings import Thresholds at start-up

    rgb = np.asarray(to_rgb(_near_quality_area(image)))
    scale = min(1.0, (QUALITY_AREA / (rgb.shape[0] * rgb.shape[1])) ** 0.5)
    if scale < 1.0:
        rgb = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    contrast = float(gray.std())
    laplacian = cv2.Laplacian(gray.astype(np.float32), cv2.CV_32F, ksize=3)
    codes = (rgb >> 3).astype(np.int32).reshape(-1, 3) @ np.array([1024, 32, 1], dtype=np.int32)
    colours = np.count_nonzero(np.bincount(codes, minlength=32768))
    return {"sharpness": round(float(laplacian.var()) / max(contrast**2, 1.0), 4),
            "brightness": round(float(gray.mean()), 1),
            "dark_share": round(float(np.mean(gray < 30)), 4),
            "bright_share": round(float(np.mean(gray > 245)), 4),
            "contrast": round(contrast, 2), "colours": int(colours)}


def _level(value: float, doubtful: float, refused: float, *, low_is_bad: bool = True) -> str | None:
    if low_is_bad:
        return REFUSED if value < refused else DOUBTFUL if value < doubtful else None
    return REFUSED if value > refused else DOUBTFUL if value > doubtful else None


def _worst(*levels: str | None) -> str | None:
    return REFUSED if REFUSED in levels else DOUBTFUL if DOUBTFUL in levels else None


def quality_reasons(scores: Mapping[str, float], t: Thresholds) -> list[Reason]:
    """The quality reasons for measured scores. A flat photo has no sharpness to judge."""
    levels = {
        "flat": _worst(_level(scores["contrast"], t.contrast_doubtful, t.contrast_refused),
                       REFUSED if scores["colours"] < t.colours_refused else None),
        "dark": _worst(_level(scores["brightness"], t.brightness_doubtful, t.brightness_refused),
                       _level(scores["dark_share"], t.dark_share_doubtful, t.dark_share_refused, low_is_bad=False)),
        "overexposed": _level(scores["bright_share"], t.bright_share_doubtful, t.bright_share_refused,
                              low_is_bad=False),
    }
    if levels["flat"] != REFUSED:
        levels["blurry"] = _level(scores["sharpness"], t.sharpness_doubtful, t.sharpness_refused)
    return [Reason(code, level) for code in REASONS if (level := levels.get(code))]


def familiarity_scores(features: Mapping[str, np.ndarray], stats: Mapping[str, dict]) -> dict[str, float] | None:
    """Per symptom, distance / the model's held-out median distance; None when a model has no statistics
    (or statistics from before the combined score: run ml.calibrate again)."""
    if not features or any(not stats.get(s) or "scale" not in stats[s] for s in features):
        return None
    return {s: float(familiarity.distance(stats[s], f)[0] / stats[s]["scale"]) for s, f in features.items()}


def combined_familiarity(scores: Mapping[str, float], stats: Mapping[str, dict]) -> float:
    """The geometric mean of the per-model scores over the threshold (1.0 = the threshold). Models
    calibrated apart carry different thresholds: the largest is used, erring towards fewer alarms."""
    threshold = max(float(stats[s]["threshold"]) for s in scores)
    return float(familiarity.combine({s: [v] for s, v in scores.items()})[0]) / threshold


def familiarity_reason(combined: float, stats: Mapping[str, dict]) -> Reason | None:
    refuse_factor = min(float(s.get("refuse_factor", 2.0)) for s in stats.values())
    if combined > refuse_factor:
        return Reason("unfamiliar", REFUSED)
    return Reason("unfamiliar", DOUBTFUL) if combined > 1.0 else None


def outcome_of(reasons: list[Reason]) -> str:
    levels = {r.level for r in reasons}
    return REFUSED if REFUSED in levels else DOUBTFUL if levels else OK


def check_quality(image: Image.Image, thresholds: Thresholds = DEFAULTS) -> PhotoCheck:
    """The quality part alone: cheap, run before grading so a refused photo costs no model time."""
    scores = measure_quality(image)
    reasons = quality_reasons(scores, thresholds)
    return PhotoCheck(outcome_of(reasons), tuple(reasons), {"quality": scores})


def check_photo(quality: PhotoCheck, features: Mapping[str, np.ndarray], stats: Mapping[str, dict],
                thresholds: Thresholds = DEFAULTS) -> PhotoCheck:
    """The full check: the quality outcome plus the familiarity of the features the models graded."""
    reasons, scores = list(quality.reasons), dict(quality.scores)
    per_model = familiarity_scores(features, stats) if thresholds.familiarity_enabled else None
    if per_model is not None:
        combined = combined_familiarity(per_model, stats)
        scores["familiarity"] = round(combined, 3)
        scores["familiarity_by_symptom"] = {s: round(v, 3) for s, v in per_model.items()}
        if reason := familiarity_reason(combined, {s: stats[s] for s in per_model}):
            if quality.scene == "scalp_closeup":  # a scalp the models cannot judge: graded, told why
                reason = Reason(reason.code, DOUBTFUL)
            reasons.append(reason)
    return PhotoCheck(outcome_of(reasons), tuple(reasons), scores, quality.scene)


def with_scene(quality: PhotoCheck, scene) -> PhotoCheck:
    """The quality outcome plus the scene check's (an ml.scene_check.Scene): not_scalp and too_far refuse."""
    reasons = [Reason(scene.category, REFUSED)] if scene.category in SCENE_REASONS else []
    reasons += list(quality.reasons)
    reasons.sort(key=lambda r: REASONS.index(r.code))
    return PhotoCheck(outcome_of(reasons), tuple(reasons), {**quality.scores, "scene": scene.as_dict()},
                      scene.category)
