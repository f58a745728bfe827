"""The photo check's rates on the evaluation sets (ml.photo_check_sets), with the shipped demo weights
and their statistics (python -m ml.calibrate). Fresh synthetic scalps must pass; images of other
kinds must be refused or flagged, the quality cases for the right reason."""

from pathlib import Path

import pytest

from ml.cache import ModelCache
from ml.photo_check_eval import rates
from ml.photo_check_sets import build_sets

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"
N = 20


@pytest.fixture(scope="module")
def results():
    models = ModelCache().get(WEIGHTS)
    assert all(m.photo_check for m in models.values()), "run python -m ml.calibrate on weights/"
    return {s.name: (s, rates(s, models)) for s in build_sets(N)}


@pytest.mark.slow
def test_fresh_synthetic_scalps_are_rarely_flagged(results):
    _, row = results["fresh synthetic"]
    assert row["caught"] <= 0.05, row


@pytest.mark.slow
@pytest.mark.parametrize("name", ["natural photos", "documents/screenshots", "flat colours", "noise",
                                  "blurred synthetic", "darkened synthetic", "restyled scalps"])
def test_images_of_other_kinds_are_refused_or_flagged(results, name):
    eval_set, row = results[name]
    assert row["caught"] >= 0.9, row
    if eval_set.expected:
        assert row["right_reason"] >= 0.9, row
