"""How checkpoints become models, and how many diagnoses run at once: the runtime configuration and the
inference gate. Imported by the cache (ml.cache) and the exporter (ml.runtime); imports neither, nor PyTorch."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

BACKENDS = ("onnxruntime", "torch")


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Runtime:
    """How checkpoints become models (ml.runtime): backend, ONNX cache folder, threads, gate size."""
    backend: str = "torch"
    onnx_cache_dir: Path | None = None
    threads: int = 0  # 0: the cores available to this process
    concurrency: int = 1  # diagnoses running their six models at once in this process

    def __post_init__(self):
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown inference backend {self.backend!r}; choose from {', '.join(BACKENDS)}")
        if self.backend == "onnxruntime" and self.onnx_cache_dir is None:
            raise ValueError("the onnxruntime backend needs an ONNX cache folder")

    @property
    def num_threads(self) -> int:
        return self.threads or available_cores()


_gates: dict[int, threading.BoundedSemaphore] = {}
_gates_lock = threading.Lock()


def inference_gate(runtime: Runtime) -> threading.BoundedSemaphore:
    """The process-wide gate around one diagnosis' six model runs (`with inference_gate(rt): ...`).
    gunicorn runs four threads on two cores: letting every request run its models at once only
    makes each of them slower."""
    size = max(1, runtime.concurrency)
    with _gates_lock:
        return _gates.setdefault(size, threading.BoundedSemaphore(size))
