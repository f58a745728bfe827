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
from ml.runtime_config import Runtime

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

    def known_problems(self, weights_dir: str | Path, runtime: Runtime | None = None) -> list[WeightsProblem]:
        """The files that are missing now, or were found corrupt and have not changed since: loads nothing."""
        weights_dir, runtime = Path(weights_dir), runtime or Runtime()
        problems = []
        for symptom in SYMPTOM_KEYS:
            path = weights_dir / weights_filename(symptom)
            key = f"{runtime.backend}:{path.resolve()}"
            try:
                st = path.stat()
            except FileNotFoundError:
                problems.append(WeightsProblem(symptom, str(path), "missing"))
                continue
            with self._lock:
                failed = self._failed.get(key)
            if failed and failed[0] == (st.st_mtime, st.st_size):
                problems.append(WeightsProblem(symptom, str(path), "corrupt", failed[1]))
        return problems

    def clear(self) -> None:
        with self._lock:
            self._models.clear()
            self._failed.clear()
            self.loads = 0


model_cache = ModelCache()
