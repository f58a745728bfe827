"""Small real things for tests: tiny EfficientNet checkpoints and scalp-like photos."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from ml.labels import SYMPTOM_KEYS, weights_filename

TINY_ARCH = "efficientnet-b0"
TINY_OVERRIDES = {"width_coefficient": 0.1, "depth_coefficient": 0.1}
TINY_SIZE = 32


def write_checkpoint(path: Path, symptom: str, *, data: str = "synthetic", seed: int = 0,
                     arch: str = TINY_ARCH, image_size: int = TINY_SIZE, overrides=TINY_OVERRIDES) -> Path:
    import torch  # lazily: most tests never build a model, and a run that needs none imports no PyTorch

    from ml.model import build_model, make_checkpoint

    torch.manual_seed(seed)
    model = build_model(arch, image_size=image_size, overrides=overrides)
    ckpt = make_checkpoint(model, symptom=symptom, arch=arch, image_size=image_size, overrides=overrides,
                           provenance={"data": data, "trained_at": "2026-11-24T00:00:00Z"})
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(ckpt, path)
    return path


def write_weights(directory: Path, *, data: str = "synthetic") -> Path:
    for i, symptom in enumerate(SYMPTOM_KEYS):
        write_checkpoint(directory / weights_filename(symptom), symptom, data=data, seed=i)
    return directory


def scalp_image(size=(640, 480), seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    base = np.array([222, 190, 170], dtype=np.float32)
    arr = base + rng.normal(0, 12, (size[1], size[0], 3))
    for _ in range(25):  # dark hair shafts
        y = int(rng.integers(0, size[1]))
        arr[max(0, y - 1):y + 1, :, :] = 40
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def image_bytes(image: Image.Image | None = None, fmt: str = "JPEG", **save_kwargs) -> bytes:
    image = image if image is not None else scalp_image()
    out = io.BytesIO()
    image.save(out, fmt, **save_kwargs)
    return out.getvalue()
