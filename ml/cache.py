"""The process-wide model cache: lazy, thread-safe, each checkpoint read once per process.

Filled on the first request that needs it, never at import and never in AppConfig.ready (which
runs for every manage.py command). A missing file is looked for again next time, so weights
copied in later are picked up; a corrupt file is remembered until it changes on disk.
"""

from __future__ import annotations

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


class ModelCache:
    def __init__(self, loader: Callable[..., LoadedModel] | None = None):
        self._loader = loader
        self._lock = threading.Lock()
        self._models: dict[str, LoadedModel] = {}
        self._failed: dict[str, tuple[tuple[float, int], str]] = {}
        self.loads = 0  # checkpoint reads, for tests and the benchmark

    def _load_one(self, symptom: str, path: Path) -> LoadedModel | WeightsProblem:
        key = str(path.resolve())
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
        from ml.model import CheckpointError, load_checkpoint

        self.loads += 1
        try:
            loaded = (self._loader or load_checkpoint)(path, expect_symptom=symptom)
        except CheckpointError as exc:
            self._failed[key] = (stamp, str(exc))
            return WeightsProblem(symptom, str(path), "corrupt", str(exc))
        self._models[key] = loaded
        return loaded

    def get(self, weights_dir: str | Path) -> dict[str, LoadedModel]:
        """All six models, keyed by symptom; WeightsUnavailable lists every file that is not usable."""
        weights_dir = Path(weights_dir)
        with self._lock:
            results = {s: self._load_one(s, weights_dir / weights_filename(s)) for s in SYMPTOM_KEYS}
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
