"""Inference backends: eager PyTorch, or ONNX Runtime sessions exported from the same checkpoints.

The `.pt` checkpoints stay the only files trained, shipped and reviewed. On the first load of a
checkpoint with the `onnxruntime` backend, the model is exported to ONNX (`WithFeatures`: logits and
pooled features, dynamic batch axis) and stored in a cache folder as `<checkpoint sha256>.onnx`, with
`<sha256>.probe.npz` beside it: PyTorch's outputs on fixed probe inputs. Every load checks the ONNX
Runtime session against those outputs (largest probability difference <= 1e-4, features close), so
a warm cache needs neither the export nor the PyTorch module. When the export, the session or the
check fails, that model is served by PyTorch and a warning says why.

No Django here: the caller passes a `Runtime` (the site builds it from settings).
"""

from __future__ import annotations

import functools
import logging
import time
import warnings
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np
import torch

from ml.model import CheckpointError, LoadedModel, WithFeatures, atomic_write, load_checkpoint
from ml.predict import softmax
from ml.runtime_config import Runtime

logger = logging.getLogger(__name__)

MAX_PROB_DIFF = 1e-4
FEATURE_TOLERANCE = 1e-3  # relative to the largest feature magnitude (at least 1)
PROBE_BATCH = 2  # two rows, so the check also exercises the dynamic batch axis
OPSET = 17


class ExportError(RuntimeError):
    """Export, session or check failed; the message says why."""


class OnnxRunner:
    """One ONNX Runtime session answering like LoadedModel.infer."""

    def __init__(self, path: Path, threads: int):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Six sessions run one after another and share the cores with the web server's threads: an
        # idle pool that keeps spinning after its run would take the CPU from the next session.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.input_name = self.session.get_inputs()[0].name

    def __call__(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        logits, features = self.session.run(None, {self.input_name: np.ascontiguousarray(batch, np.float32)})
        return logits, features


@dataclass
class OnnxModel(LoadedModel):
    """A LoadedModel served by ONNX Runtime; `model` is None (the PyTorch module is dropped)."""
    runner: OnnxRunner | None = field(default=None, repr=False)
    onnx_path: str = ""
    exported: bool = False  # True when this load exported (empty cache), False when it reused the cache
    export_s: float = 0.0

    def infer(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(logits [N, 4], pooled features [N, F]) for a float32 NCHW batch, on ONNX Runtime."""
        return self.runner(batch)


def probe_inputs(image_size: int) -> np.ndarray:
    """Fixed inputs in the normalised space the eval preset produces."""
    rng = np.random.default_rng(20261126)
    return rng.normal(0.0, 1.0, (PROBE_BATCH, 3, image_size, image_size)).astype(np.float32)


def compare(reference: tuple[np.ndarray, np.ndarray], got: tuple[np.ndarray, np.ndarray],
            temperature: float) -> tuple[float, float]:
    """(largest probability difference, largest feature difference relative to the features' scale)."""
    prob_diff = float(np.abs(softmax(reference[0], temperature) - softmax(got[0], temperature)).max())
    scale = max(1.0, float(np.abs(reference[1]).max()))
    return prob_diff, float(np.abs(reference[1] - got[1]).max()) / scale


def check(loaded: LoadedModel, runner, reference: tuple[np.ndarray, np.ndarray]) -> None:
    got = runner(probe_inputs(loaded.image_size))
    prob_diff, feature_diff = compare(reference, got, loaded.temperature)
    if not prob_diff <= MAX_PROB_DIFF or not feature_diff <= FEATURE_TOLERANCE:  # NaN fails too
        raise ExportError(f"ONNX Runtime disagrees with PyTorch on the probe inputs (probability difference "
                          f"{prob_diff:.2e} > {MAX_PROB_DIFF:g} or feature difference {feature_diff:.2e} > "
                          f"{FEATURE_TOLERANCE:g})")


def export_onnx(loaded: LoadedModel, path: Path) -> None:
    """Export `WithFeatures(model)` from float32 weights with a dynamic batch axis."""
    net = WithFeatures(loaded.model).eval()
    example = torch.from_numpy(probe_inputs(loaded.image_size)[:1])  # tracing runs it once
    axes = {name: {0: "batch"} for name in ("image", "logits", "features")}
    with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and folding notes
        # dynamo=False: the TorchScript exporter takes ~1 s for a tiny model against ~6 s for
        # torch.export, and handles efficientnet-pytorch's static same padding for B0..B7.
        torch.onnx.export(net, (example,), path, input_names=["image"], output_names=["logits", "features"],
                          dynamic_axes=axes, opset_version=OPSET, dynamo=False)
    loaded.model.eval()  # export toggles training mode on the wrapper and its children


def torch_outputs(loaded: LoadedModel) -> tuple[np.ndarray, np.ndarray]:
    return loaded.infer(probe_inputs(loaded.image_size))


def _as_onnx(loaded: LoadedModel, runner: OnnxRunner, path: Path, *, exported: bool, export_s: float) -> OnnxModel:
    kept = {f.name: getattr(loaded, f.name) for f in fields(LoadedModel)}
    return OnnxModel(**{**kept, "model": None, "backend": "onnxruntime"}, runner=runner, onnx_path=str(path),
                     exported=exported, export_s=export_s)


def _save_probe(path: str, reference: tuple[np.ndarray, np.ndarray]) -> None:
    with open(path, "wb") as f:  # a file object: np.savez would append ".npz" to a name
        np.savez(f, logits=reference[0], features=reference[1])


def _export_and_check(loaded: LoadedModel, onnx_path: Path, probe_path: Path, threads: int) -> OnnxModel:
    start = time.perf_counter()
    reference = torch_outputs(loaded)
    onnx_path.parent.mkdir(parents=True, exist_ok=True)
    runner = None

    def export_and_check(tmp: str) -> None:  # checked before the rename: a file that fails never replaces one
        nonlocal runner
        export_onnx(loaded, Path(tmp))
        runner = OnnxRunner(Path(tmp), threads)
        check(loaded, runner, reference)

    atomic_write(onnx_path, export_and_check)
    atomic_write(probe_path, lambda tmp: _save_probe(tmp, reference))
    return _as_onnx(loaded, runner, onnx_path, exported=True, export_s=time.perf_counter() - start)


def _from_cache(loaded: LoadedModel, onnx_path: Path, probe_path: Path, threads: int) -> OnnxModel | None:
    if not (onnx_path.is_file() and probe_path.is_file()):
        return None
    try:
        with np.load(probe_path) as saved:
            reference = (saved["logits"], saved["features"])
        runner = OnnxRunner(onnx_path, threads)
        check(loaded, runner, reference)
    except Exception as exc:  # a damaged file, another ONNX Runtime version that disagrees, ...
        logger.warning("%s: the cached %s is unusable (%s); exporting again", Path(loaded.path).name,
                       onnx_path.name, exc)
        return None
    return _as_onnx(loaded, runner, onnx_path, exported=False, export_s=0.0)


def onnx_model(loaded: LoadedModel, cache_dir: Path, threads: int) -> OnnxModel:
    """The ONNX Runtime twin of a PyTorch-loaded checkpoint, from the cache or freshly exported and
    checked; raises with the reason when that is not possible."""
    onnx_path = Path(cache_dir) / f"{loaded.sha256}.onnx"
    probe_path = onnx_path.with_suffix(".probe.npz")
    cached = _from_cache(loaded, onnx_path, probe_path, threads)
    return cached or _export_and_check(loaded, onnx_path, probe_path, threads)


def _read(path: Path, symptom: str | None, *, mmap: bool) -> LoadedModel:
    if not mmap:
        return load_checkpoint(path, expect_symptom=symptom)
    try:  # mapped: a warm cache never reads the weights at all
        return load_checkpoint(path, expect_symptom=symptom, mmap=True)
    except CheckpointError:  # e.g. a legacy (non-zip) file that cannot be mapped; the plain read decides
        return load_checkpoint(path, expect_symptom=symptom)


@functools.cache
def _onnxruntime_missing() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        logger.warning("ONNX Runtime is unavailable (%s); every model is served by PyTorch", exc)
        return True
    return False


def load(path: str | Path, *, expect_symptom: str | None = None, runtime: Runtime | None = None) -> LoadedModel:
    """One checkpoint as a model on the runtime's backend, falling back to PyTorch (with a warning
    saying why) when ONNX Runtime cannot serve it. CheckpointError for an unusable checkpoint."""
    runtime = runtime or Runtime()
    if runtime.threads:  # an explicit setting applies to the PyTorch backend (and fallback) too
        torch.set_num_threads(runtime.threads)
    if runtime.backend == "torch" or _onnxruntime_missing():  # the ONNX cache is left as it is
        return load_checkpoint(path, expect_symptom=expect_symptom)
    loaded = _read(Path(path), expect_symptom, mmap=True)
    try:
        return onnx_model(loaded, Path(runtime.onnx_cache_dir), runtime.num_threads)
    except Exception as exc:
        logger.warning("%s: served by PyTorch; ONNX Runtime could not: %s: %s", Path(path).name,
                       type(exc).__name__, exc)
    return _read(Path(path), expect_symptom, mmap=False)
