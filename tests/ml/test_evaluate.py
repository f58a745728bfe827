import json

import pytest
import torch
from PIL import Image

from ml import evaluate, metrics
from tests.factories import write_checkpoint
from tests.ml.synthetic_data import synthetic_dataset


def test_metrics_match_hand_computed_values():
    y_true = [0, 0, 0, 1, 1, 2]
    y_pred = [0, 0, 1, 1, 2, 2]
    report = metrics.summarize(y_true, y_pred)
    assert report["confusion"][:3] == [[2, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 0]]
    assert report["accuracy"] == pytest.approx(4 / 6)
    assert report["precision"][:3] == pytest.approx([1.0, 0.5, 0.5])
    assert report["recall"][:3] == pytest.approx([2 / 3, 0.5, 1.0])
    # grade 3 occurs in neither list, so macro-F1 averages the three others
    assert report["macro_f1"] == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)


def test_majority_baseline_scores_always_answering_the_commonest_grade():
    base = metrics.majority_baseline([0] * 95 + [1] * 3 + [2] + [3])
    assert base["grade"] == 0 and base["accuracy"] == pytest.approx(0.95)
    assert base["macro_f1"] == pytest.approx((2 * 0.95 / 1.95) / 4)
    assert metrics.majority_baseline([1, 2, 2], majority=1)["accuracy"] == pytest.approx(1 / 3)


def test_writes_json_plots_and_stores_metrics_in_the_checkpoint(tmp_path, capsys):
    weights = tmp_path / "weights"
    path = write_checkpoint(weights / "value_5.pt", "value_5")
    ckpt = torch.load(path, weights_only=True)
    row = {"loss": 1.2, "acc": 0.5, "macro_f1": 0.3}
    ckpt["metrics"]["history"] = [{"epoch": e, "lr": 1e-3, "train": row, "val": row} for e in (1, 2)]
    torch.save(ckpt, path)
    data = synthetic_dataset(60, 31)
    args = evaluate.get_args_parser().parse_args(
        ["--data", str(data), "--weights", str(weights), "--symptoms", "value_5", "--split", "all", "--no-progress"])
    result = evaluate.main(args)["value_5"]
    report = json.loads((weights / "value_5.metrics.json").read_text())
    assert report["images"] == 60 == sum(map(sum, report["confusion"]))
    assert report["accuracy"] == pytest.approx(result["accuracy"])
    assert set(report["majority_baseline"]) == {"grade", "accuracy", "macro_f1"}
    assert report["data_kind"] == "synthetic" and len(report["recall"]) == 4
    for plot in ("value_5.confusion.png", "value_5.curves.png"):
        with Image.open(weights / plot) as im:
            assert im.format == "PNG" and im.width > 300
    stored = torch.load(path, weights_only=True)["metrics"]
    assert stored["eval"]["confusion"] == report["confusion"] and len(stored["history"]) == 2
    assert "majority baseline" in capsys.readouterr().out


def test_val_split_evaluates_only_held_out_subjects():
    data = synthetic_dataset(60, 31)
    args = evaluate.get_args_parser().parse_args(["--data", str(data)])
    samples, synthetic = evaluate.select_samples(args)
    assert synthetic and 0 < len(samples) < 60
