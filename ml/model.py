"""EfficientNet classifiers and their checkpoints.

A checkpoint is a plain dict of plain types that rebuilds its model alone and loads with
`torch.load(..., weights_only=True)`:

    {"format": 1, "symptom": "value_6", "arch": "efficientnet-b7", "arch_overrides": {},
     "image_size": 300, "labels": ["양호", "경증", "중등도", "중증"], "mean": [...], "std": [...],
     "state_dict": {...}, "provenance": {"data": "synthetic" | "aihub", ...}, "metrics": {...},
     # optional, added by ml.train / ml.calibrate (issue 10):
     "temperature": 1.0, "photo_check": {...familiarity statistics and threshold...}}

Every backend answers the same question for a batch: `LoadedModel.infer(batch)` takes a float32
NCHW array (the eval preset's output) and returns `(logits [N, 4], features [N, F])`, the pooled
features being the ones the head graded. The photo check reads the features; the grade reads the
logits divided by the checkpoint's temperature.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from efficientnet_pytorch import EfficientNet
from torch import nn

from ml.labels import GRADES, NUM_GRADES, SYMPTOM_KEYS, weights_filename  # noqa: F401 (re-exported)

CHECKPOINT_FORMAT = 1
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
# The original project's configuration: B3 for 미세각질 and 피지과다, B7 at 300 px for the other four.
ORIGINAL_ARCH = {
    "value_1": "efficientnet-b3",
    "value_2": "efficientnet-b3",
    "value_3": "efficientnet-b7",
    "value_4": "efficientnet-b7",
    "value_5": "efficientnet-b7",
    "value_6": "efficientnet-b7",
}
ORIGINAL_IMAGE_SIZE = 300
# Global-parameter overrides efficientnet-pytorch accepts and we allow in a checkpoint.
ALLOWED_OVERRIDES = frozenset({"width_coefficient", "depth_coefficient", "dropout_rate",
                               "drop_connect_rate"})


class CheckpointError(ValueError):
    """A checkpoint file that cannot be turned into a model."""


def build_model(arch: str, *, image_size: int, overrides: dict | None = None) -> nn.Module:
    """An untrained EfficientNet with a four-grade head. Any efficientnet-b0..b8/l2 name works."""
    overrides = dict(overrides or {})
    unknown = set(overrides) - ALLOWED_OVERRIDES
    if unknown:
        raise CheckpointError(f"unsupported architecture overrides: {sorted(unknown)}")
    try:
        return EfficientNet.from_name(arch, num_classes=NUM_GRADES, image_size=image_size,
                                      **overrides)
    except (KeyError, ValueError, NotImplementedError) as exc:
        raise CheckpointError(f"unknown architecture {arch!r}") from exc


class WithFeatures(nn.Module):
    """An EfficientNet that returns (logits, pooled features): the grade and what it was graded from.

    The same computation as EfficientNet.forward, with the pooled features as a second output, so
    the photo check needs no second network and export keeps both outputs.
    """

    def __init__(self, net: nn.Module):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.net._avg_pooling(self.net.extract_features(x)).flatten(start_dim=1)
        return self.net._fc(self.net._dropout(features)), features


def make_checkpoint(model: nn.Module, *, symptom: str, arch: str, image_size: int,
                    overrides: dict | None = None, provenance: dict | None = None,
                    metrics: dict | None = None, half: bool = False,
                    mean=IMAGENET_MEAN, std=IMAGENET_STD) -> dict[str, Any]:
    """The checkpoint dict for a trained model. `half` stores float16 weights (demo size budget)."""
    state = {k: (v.half() if half and v.is_floating_point() else v).detach().cpu().contiguous().clone()
             for k, v in model.state_dict().items()}
    return {
        "format": CHECKPOINT_FORMAT,
        "symptom": symptom,
        "arch": arch,
        "arch_overrides": dict(overrides or {}),
        "image_size": int(image_size),
        "labels": [g.ko for g in GRADES],
        "mean": [float(x) for x in mean],
        "std": [float(x) for x in std],
        "state_dict": state,
        "provenance": dict(provenance or {}),
        "metrics": dict(metrics or {}),
    }


@dataclass
class LoadedModel:
    symptom: str
    model: nn.Module
    image_size: int
    mean: tuple[float, ...]
    std: tuple[float, ...]
    path: str
    sha256: str
    arch: str
    provenance: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    temperature: float = 1.0  # temperature scaling fitted on the validation split; 1.0 = uncalibrated
    photo_check: dict = field(default_factory=dict)  # familiarity statistics from the training split
    backend: str = "torch"

    @functools.cached_property
    def with_features(self) -> WithFeatures:
        return WithFeatures(self.model)

    def infer(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(logits [N, 4], pooled features [N, F]) for a float32 NCHW batch, on PyTorch."""
        with torch.inference_mode():
            logits, features = self.with_features(torch.from_numpy(np.ascontiguousarray(batch)))
        return logits.numpy(), features.numpy()

    def describe(self) -> dict[str, Any]:
        """What a reviewer needs to know about the weights behind a prediction."""
        return {"file": Path(self.path).name, "sha256": self.sha256[:12], "arch": self.arch,
                "image_size": self.image_size, "data": self.provenance.get("data", "unknown"),
                "trained_at": self.provenance.get("trained_at", ""), "backend": self.backend}


@functools.cache
def _umask() -> int:
    umask = os.umask(0)  # the only way to read it is to set it: once per process
    os.umask(umask)
    return umask


def atomic_write(path: Path, write) -> None:
    """Write through a temporary file in the same folder and rename: other processes see the whole
    file or none."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would hide the file from the server's user
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_checkpoint(path: str | Path, *, expect_symptom: str | None = None, mmap: bool = False) -> LoadedModel:
    """Rebuild an eval-mode model from a checkpoint file; CheckpointError when it is unusable.
    `mmap` maps the weights instead of reading them (ml.runtime: a warm ONNX cache never needs them)."""
    path = Path(path)
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=True, mmap=mmap)
    except Exception as exc:  # torch raises many types for a damaged file
        raise CheckpointError(f"{path.name} is not a readable checkpoint ({exc.__class__.__name__})") from exc
    if not isinstance(ckpt, dict) or ckpt.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"{path.name} is not a ScalpSpectra checkpoint (format {CHECKPOINT_FORMAT})")
    symptom = ckpt.get("symptom")
    if symptom not in SYMPTOM_KEYS or (expect_symptom and symptom != expect_symptom):
        raise CheckpointError(f"{path.name} holds symptom {symptom!r}, expected {expect_symptom!r}")
    # Built on the meta device: no time spent on random init that the weights overwrite anyway.
    with torch.device("meta"):
        model = build_model(ckpt["arch"], image_size=ckpt["image_size"], overrides=ckpt.get("arch_overrides"))
    state = {k: v.float() if v.is_floating_point() else v for k, v in ckpt["state_dict"].items()}
    try:
        model.load_state_dict(state, assign=True)
    except RuntimeError as exc:
        raise CheckpointError(f"{path.name}: weights do not fit {ckpt['arch']}") from exc
    model.set_swish(memory_efficient=False)  # the plain Swish is faster for inference
    model.eval()
    return LoadedModel(symptom=symptom, model=model, image_size=int(ckpt["image_size"]),
                       mean=tuple(ckpt.get("mean", IMAGENET_MEAN)), std=tuple(ckpt.get("std", IMAGENET_STD)),
                       path=str(path), sha256=_sha256(path), arch=ckpt["arch"],
                       provenance=dict(ckpt.get("provenance", {})), metrics=dict(ckpt.get("metrics", {})),
                       temperature=float(ckpt.get("temperature", 1.0)),
                       photo_check=_as_numpy(ckpt.get("photo_check", {})))


def _as_numpy(entry: dict) -> dict:
    """The photo-check statistics with tensors as float64 NumPy arrays, converted once at load, not per photo."""
    return {k: v.double().numpy() if isinstance(v, torch.Tensor) else v for k, v in entry.items()}
