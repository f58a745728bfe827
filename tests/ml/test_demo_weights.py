"""The demo weights shipped in weights/ load and beat the majority baseline on fresh synthetic images.

Macro-F1 is the measure: on 모낭홍반농포 (value_4) always answering "normal" is ~95% accurate.
"""

from pathlib import Path

import pytest

from ml import evaluate, metrics
from ml.dataset import read_dataset
from ml.labels import SYMPTOM_KEYS
from ml.model import load_checkpoint, weights_filename
from tests.ml.synthetic_data import synthetic_dataset

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"
FRESH_SEED = 20261124  # never used to train the demo models


@pytest.fixture(scope="module")
def fresh_samples():
    return read_dataset(synthetic_dataset(300, FRESH_SEED)).samples


def test_six_demo_checkpoints_fit_the_size_budget_and_say_synthetic():
    paths = [WEIGHTS / weights_filename(s) for s in SYMPTOM_KEYS]
    assert sum(p.stat().st_size for p in paths) <= 30 * 1024 * 1024
    for symptom, path in zip(SYMPTOM_KEYS, paths, strict=True):
        loaded = load_checkpoint(path, expect_symptom=symptom)
        assert loaded.provenance["data"] == "synthetic"
        assert loaded.provenance["command"].startswith("python -m ml.train")


@pytest.mark.parametrize("symptom", SYMPTOM_KEYS)
def test_demo_model_beats_majority_baseline_on_fresh_synthetic_images(symptom, fresh_samples):
    loaded = load_checkpoint(WEIGHTS / weights_filename(symptom), expect_symptom=symptom)
    y_true, y_pred = evaluate.predict_grades(loaded, fresh_samples, batch_size=50, progress=False)
    model_f1 = metrics.macro_f1(metrics.confusion_matrix(y_true, y_pred))
    baseline = metrics.majority_baseline(y_true)
    assert model_f1 > baseline["macro_f1"] + 0.05, (symptom, model_f1, baseline)
