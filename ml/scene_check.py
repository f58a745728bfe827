"""What does this photo show? A scalp close-up, a scalp or head from further away, or something else.

Independent of the grading weights: ImageNet EfficientNet-Lite0's pooled features (ml.scene_backbone,
1280 numbers at 224 px) go through a multinomial logistic regression on standardised features, fitted
by ml.scene_fit on real trichoscope close-ups of training people, synthetic scalp renders (short and
long hair, warm and brownish tones) against photos and renders of other things and of heads seen from
a distance. The decision: `scalp_closeup` when its probability reaches `scalp_threshold` (set so that
at most 2% of close-ups of calibration people fall below it), otherwise the likelier of `too_far` and
`not_scalp`. Stored in weights/scene_check.npz (versioned); no torch and no Django here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from ml.imaging import to_rgb

SCALP_CLOSEUP, TOO_FAR, NOT_SCALP = "scalp_closeup", "too_far", "not_scalp"
CLASSES = (SCALP_CLOSEUP, TOO_FAR, NOT_SCALP)
FORMAT_VERSION = 1
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "weights" / "scene_check.npz"
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


class SceneModelError(ValueError):
    """The scene check's file is missing, of another version or damaged."""


@dataclass(frozen=True)
class Scene:
    category: str
    probabilities: dict[str, float]

    def as_dict(self) -> dict:
        return {"category": self.category, **{k: round(v, 4) for k, v in self.probabilities.items()}}


@dataclass(frozen=True)
class SceneModel:
    feature_mean: np.ndarray
    feature_scale: np.ndarray
    weight: np.ndarray  # [3, F]
    bias: np.ndarray  # [3]
    scalp_threshold: float
    image_size: int
    info: dict

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = (np.atleast_2d(features).astype(np.float64) - self.feature_mean) / self.feature_scale
        logits = z @ self.weight.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def classify(self, features: np.ndarray) -> list[Scene]:
        out = []
        for p in self.probabilities(features):
            if p[0] >= self.scalp_threshold:
                category = SCALP_CLOSEUP
            else:
                category = TOO_FAR if p[1] >= p[2] else NOT_SCALP
            out.append(Scene(category, {c: float(v) for c, v in zip(CLASSES, p, strict=True)}))
        return out


def preprocess(images: list[Image.Image], size: int) -> np.ndarray:
    """The whole photo squashed to size x size (a close-up has no subject to crop to), normalised NCHW."""
    rows = []
    for image in images:
        rgb = to_rgb(image).resize((size, size), Image.BILINEAR)
        rows.append(((np.asarray(rgb, dtype=np.float32) / 255.0 - MEAN) / STD).transpose(2, 0, 1))
    return np.stack(rows).astype(np.float32)


def features(images: list[Image.Image], backbone, batch_size: int = 16) -> np.ndarray:
    """Pooled backbone features [N, F] (backbone: a LoadedModel from ml.scene_backbone)."""
    out = []
    for i in range(0, len(images), batch_size):
        out.append(backbone.infer(preprocess(images[i:i + batch_size], backbone.image_size))[1])
    return np.concatenate(out)


def classify_image(image: Image.Image, backbone, model: SceneModel) -> Scene:
    return model.classify(features([image], backbone))[0]


def save(path: Path, *, feature_mean, feature_scale, weight, bias, scalp_threshold: float, image_size: int,
         info: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:  # a file object: np.savez would append ".npz" to another name
        np.savez_compressed(f, version=np.int64(FORMAT_VERSION), classes=np.array(CLASSES),
                            feature_mean=feature_mean.astype(np.float32),
                            feature_scale=feature_scale.astype(np.float32),
                            weight=weight.astype(np.float32), bias=bias.astype(np.float32),
                            scalp_threshold=np.float64(scalp_threshold), image_size=np.int64(image_size),
                            info=np.array(json.dumps(info, ensure_ascii=False)))


def load(path: Path = DEFAULT_PATH) -> SceneModel:
    try:
        with np.load(path, allow_pickle=False) as f:
            if int(f["version"]) != FORMAT_VERSION or tuple(f["classes"]) != CLASSES:
                raise SceneModelError(f"{path}: version {int(f['version'])}, expected {FORMAT_VERSION}: "
                                      "run python -m ml.scene_fit")
            return SceneModel(f["feature_mean"].astype(np.float64), f["feature_scale"].astype(np.float64),
                              f["weight"].astype(np.float64), f["bias"].astype(np.float64),
                              float(f["scalp_threshold"]), int(f["image_size"]), json.loads(str(f["info"])))
    except (OSError, KeyError, ValueError) as exc:
        if isinstance(exc, SceneModelError):
            raise
        raise SceneModelError(f"{path}: {exc}") from exc
