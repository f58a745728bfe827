"""The process-wide model cache: lazy, thread-safe, each checkpoint read once per process.

Filled on the first request that needs it, never at import and never in AppConfig.ready (which
runs for every manage.py command). A missing file is looked for again next time, so weights
copied in later are picked up; a corrupt file is remembered until it changes on disk.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ml.labels import SYMPTOM_KEYS, weights_filename

if TYPE_CHECKING:
    from ml.model import LoadedModel


@dataclass(frozen=True)
class WeightsProblem:
    symptom: str
    path: str
    reason: str  # "missing" or "corrupt"
    detail: str = ""


class WeightsUnavailable(RuntimeError):
    def __init__(self, problems: list[WeightsProblem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.path}: {p.reason} {p.detail}".strip() for p in problems))


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


class ModelCache:
    def __init__(self, loader: Callable[..., LoadedModel] | None = None):
        self._loader = loader
        self._lock = threading.Lock()
        self._models: dict[str, LoadedModel] = {}
        self._failed: dict[str, tuple[tuple[float, int], str]] = {}
        self.loads = 0  # checkpoint reads, for tests and the benchmark

    def _load_one(self, symptom: str, path: Path, runtime: Runtime) -> LoadedModel | WeightsProblem:
        key = f"{runtime.backend}:{path.resolve()}"
        if key in self._models:
            return self._models[key]
        try:
            st = path.stat()
        except FileNotFoundError:
            return WeightsProblem(symptom, str(path), "missing")
        stamp = (st.st_mtime, st.st_size)
        if key in self._failed and self._failed[key][0] == stamp:
            return WeightsProblem(symptom, str(path), "corrupt", self._failed[key][1])
        # PyTorch is imported here, on the first load, not when Django starts.
        from ml.model import CheckpointError
        from ml.runtime import load

        self.loads += 1
        try:
            if self._loader:
                loaded = self._loader(path, expect_symptom=symptom)
            else:
                loaded = load(path, expect_symptom=symptom, runtime=runtime)
        except CheckpointError as exc:
            self._failed[key] = (stamp, str(exc))
            return WeightsProblem(symptom, str(path), "corrupt", str(exc))
        self._models[key] = loaded
        return loaded

    def get(self, weights_dir: str | Path, runtime: Runtime | None = None) -> dict[str, LoadedModel]:
        """All six models, keyed by symptom, on the runtime's backend (default: PyTorch);
        WeightsUnavailable lists every file that is not usable."""
        weights_dir, runtime = Path(weights_dir), runtime or Runtime()
        with self._lock:
            results = {s: self._load_one(s, weights_dir / weights_filename(s), runtime) for s in SYMPTOM_KEYS}
        problems = [r for r in results.values() if isinstance(r, WeightsProblem)]
        if problems:
            raise WeightsUnavailable(problems)
        return results  # type: ignore[return-value]

    def largest_input_side(self) -> int | None:
        """The largest image_size among the models loaded so far (None before the first load)."""
        with self._lock:
            return max((m.image_size for m in self._models.values()), default=None)

    def clear(self) -> None:
        with self._lock:
            self._models.clear()
            self._failed.clear()
            self.loads = 0


model_cache = ModelCache()
