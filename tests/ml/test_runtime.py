import functools
import json
import logging
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from ml import model as ml_model
from ml import runtime, runtime_config
from ml.cache import ModelCache
from ml.labels import SYMPTOM_KEYS
from ml.predict import predict, softmax
from ml.runtime_config import Runtime, inference_gate
from tests.factories import scalp_image, write_checkpoint


@pytest.fixture
def onnx_dir(tmp_path):
    return tmp_path / "onnx-cache"


def ort_runtime(onnx_dir, **kwargs) -> Runtime:
    return Runtime(backend="onnxruntime", onnx_cache_dir=onnx_dir, **kwargs)


# The tests below share the session's ONNX cache (conftest) where a fresh one is not the point: the
# six tiny models are then exported once per test session.
def test_onnxruntime_grades_like_pytorch_and_drops_the_pytorch_module(tiny_weights_dir, onnx_cache_dir):
    ort_models = ModelCache().get(tiny_weights_dir, ort_runtime(onnx_cache_dir))
    torch_models = ModelCache().get(tiny_weights_dir, Runtime(backend="torch"))
    assert {m.backend for m in ort_models.values()} == {"onnxruntime"}
    assert all(m.model is None for m in ort_models.values())
    assert {m.backend for m in torch_models.values()} == {"torch"}
    for seed in range(3):
        a, b = predict(scalp_image(seed=seed), ort_models), predict(scalp_image(seed=seed), torch_models)
        assert a.grades == b.grades
        for s in SYMPTOM_KEYS:
            probs = softmax(a.logits[s], ort_models[s].temperature), softmax(b.logits[s], 1.0)
            assert np.abs(probs[0] - probs[1]).max() <= 1e-4
            np.testing.assert_allclose(a.features[s], b.features[s], rtol=1e-3, atol=1e-5)
    assert a.symptoms[0].weights["backend"] == "onnxruntime"


def test_export_writes_one_model_and_one_probe_file_per_checkpoint_sha256(tmp_path, onnx_dir):
    models = [runtime.load(write_checkpoint(tmp_path / f"{s}.pt", s, seed=20 + i), expect_symptom=s,
                           runtime=ort_runtime(onnx_dir)) for i, s in enumerate(SYMPTOM_KEYS[:2])]
    names = {p.name for p in onnx_dir.iterdir()}
    assert names == {f"{m.sha256}{ext}" for m in models for ext in (".onnx", ".probe.npz")}


def test_batches_of_any_size_run_through_the_dynamic_batch_axis(tiny_weights_dir, onnx_cache_dir):
    model = ModelCache().get(tiny_weights_dir, ort_runtime(onnx_cache_dir))["value_1"]
    batch = np.random.default_rng(0).normal(size=(5, 3, model.image_size, model.image_size)).astype(np.float32)
    logits, features = model.infer(batch)
    assert logits.shape == (5, 4) and features.shape[0] == 5


def test_a_failing_export_falls_back_to_pytorch_and_says_why(tmp_path, onnx_dir, monkeypatch, caplog):
    path = write_checkpoint(tmp_path / "w" / "value_1.pt", "value_1", seed=11)

    def broken_export(loaded, target):
        raise RuntimeError("unsupported operator Foo")

    monkeypatch.setattr(runtime, "export_onnx", broken_export)
    with caplog.at_level(logging.WARNING, logger="ml.runtime"):
        model = runtime.load(path, expect_symptom="value_1", runtime=ort_runtime(onnx_dir))
    assert model.backend == "torch" and model.model is not None
    assert "unsupported operator Foo" in caplog.text and "value_1.pt" in caplog.text
    assert model.infer(runtime.probe_inputs(model.image_size))[0].shape == (runtime.PROBE_BATCH, 4)


def test_a_session_that_disagrees_with_pytorch_is_not_used_nor_kept(tmp_path, onnx_dir, monkeypatch, caplog):
    path = write_checkpoint(tmp_path / "w" / "value_2.pt", "value_2", seed=12)
    real_call = runtime.OnnxRunner.__call__

    def off_by_a_bit(self, batch):
        logits, features = real_call(self, batch)
        return logits + np.array([0.0, 0.01, 0.0, 0.0], np.float32), features

    monkeypatch.setattr(runtime.OnnxRunner, "__call__", off_by_a_bit)
    with caplog.at_level(logging.WARNING, logger="ml.runtime"):
        model = runtime.load(path, expect_symptom="value_2", runtime=ort_runtime(onnx_dir))
    assert model.backend == "torch"
    assert "disagrees with PyTorch" in caplog.text
    assert not any(onnx_dir.glob("*.onnx"))  # the next process does not trust it either


def test_a_damaged_cached_file_is_exported_again(tmp_path, onnx_dir, caplog):
    path = write_checkpoint(tmp_path / "w" / "value_3.pt", "value_3", seed=13)
    first = runtime.load(path, expect_symptom="value_3", runtime=ort_runtime(onnx_dir))
    (onnx_dir / f"{first.sha256}.onnx").write_bytes(b"half a file")
    with caplog.at_level(logging.WARNING, logger="ml.runtime"):
        again = runtime.load(path, expect_symptom="value_3", runtime=ort_runtime(onnx_dir))
    assert again.backend == "onnxruntime" and again.exported
    assert "exporting again" in caplog.text



def test_exported_files_are_readable_by_other_users_under_a_usual_umask(tmp_path, onnx_dir, monkeypatch):
    path = write_checkpoint(tmp_path / "w" / "value_5.pt", "value_5", seed=14)
    monkeypatch.setattr(ml_model, "_umask", functools.cache(ml_model._umask.__wrapped__))  # read under 0o022
    old = os.umask(0o022)
    try:
        runtime.load(path, expect_symptom="value_5", runtime=ort_runtime(onnx_dir))
    finally:
        os.umask(old)
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in onnx_dir.iterdir()} == {
        p.name: 0o644 for p in onnx_dir.iterdir()}


def test_a_failed_export_keeps_the_file_another_process_renamed_into_place(tmp_path, onnx_dir, monkeypatch):
    path = write_checkpoint(tmp_path / "w" / "value_6.pt", "value_6", seed=15)
    good = Path(runtime.load(path, expect_symptom="value_6", runtime=ort_runtime(tmp_path / "other")).onnx_path)

    def racing_export(loaded, target):  # the other process finishes first; this export comes out broken
        shutil.copy(good, onnx_dir / good.name)
        target.write_bytes(b"half a file")

    monkeypatch.setattr(runtime, "export_onnx", racing_export)
    model = runtime.load(path, expect_symptom="value_6", runtime=ort_runtime(onnx_dir))
    assert model.backend == "torch"
    assert [p.name for p in onnx_dir.iterdir()] == [good.name]
    assert (onnx_dir / good.name).read_bytes() == good.read_bytes()


def test_without_onnxruntime_pytorch_serves_and_the_cache_is_left_alone(tmp_path, onnx_dir, monkeypatch, caplog):
    path = write_checkpoint(tmp_path / "w" / "value_1.pt", "value_1", seed=16)
    runtime.load(path, expect_symptom="value_1", runtime=ort_runtime(onnx_dir))
    stamps = {p.name: p.stat().st_mtime_ns for p in onnx_dir.iterdir()}
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` raises ImportError
    monkeypatch.setattr(runtime, "_onnxruntime_missing", functools.cache(runtime._onnxruntime_missing.__wrapped__))
    with caplog.at_level(logging.WARNING, logger="ml.runtime"):
        models = [runtime.load(path, expect_symptom="value_1", runtime=ort_runtime(onnx_dir)) for _ in range(2)]
    assert {m.backend for m in models} == {"torch"}
    assert caplog.text.count("ONNX Runtime is unavailable") == 1 and "exporting again" not in caplog.text
    assert {p.name: p.stat().st_mtime_ns for p in onnx_dir.iterdir()} == stamps


PROBE = """
import json, sys
from pathlib import Path
from ml.cache import ModelCache
from ml.runtime_config import Runtime
models = ModelCache().get(Path(sys.argv[1]), Runtime(backend="onnxruntime", onnx_cache_dir=Path(sys.argv[2])))
print(json.dumps({s: [m.backend, m.exported] for s, m in models.items()}))
"""


def test_another_process_reuses_the_cache_folder_without_exporting(tiny_weights_dir, onnx_cache_dir, settings):
    first = ModelCache().get(tiny_weights_dir, ort_runtime(onnx_cache_dir))
    stamps = {p.name: p.stat().st_mtime_ns for p in onnx_cache_dir.iterdir()}
    out = subprocess.run([sys.executable, "-c", PROBE, str(tiny_weights_dir), str(onnx_cache_dir)],
                         cwd=settings.BASE_DIR, capture_output=True, text=True, check=True, timeout=300)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {s: ["onnxruntime", False] for s in first}
    assert {p.name: p.stat().st_mtime_ns for p in onnx_cache_dir.iterdir()} == stamps


def test_a_changed_checkpoint_gets_its_own_export(tmp_path, onnx_dir):
    path = write_checkpoint(tmp_path / "w" / "value_4.pt", "value_4", seed=1)
    old = runtime.load(path, expect_symptom="value_4", runtime=ort_runtime(onnx_dir))
    write_checkpoint(path, "value_4", seed=2)
    new = runtime.load(path, expect_symptom="value_4", runtime=ort_runtime(onnx_dir))
    assert new.exported and new.sha256 != old.sha256
    assert not np.allclose(old.infer(runtime.probe_inputs(32))[0], new.infer(runtime.probe_inputs(32))[0])


def test_the_gate_lets_only_the_configured_number_of_diagnoses_compute_at_once():
    gate, running, peak, lock = inference_gate(Runtime(concurrency=2)), [0], [0], threading.Lock()

    def diagnose():
        with gate:
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(0.05)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=diagnose) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 2
    assert inference_gate(Runtime(concurrency=2)) is gate  # process-wide


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="unknown inference backend"):
        Runtime(backend="tensorrt")


def test_threads_default_to_the_cores_available():
    assert Runtime().num_threads == runtime_config.available_cores() >= 1
    assert Runtime(threads=3).num_threads == 3
