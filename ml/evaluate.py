"""Evaluate trained symptom models: metrics JSON and PNG plots beside each checkpoint.

    python -m ml.evaluate --data /path/to/aihub --weights weights            # held-out subjects
    python -m ml.evaluate --data data/fresh-synthetic --weights weights --split all

Per symptom: accuracy, macro-F1, per-grade precision/recall/F1, the confusion matrix and the
majority-class baseline (accuracy and macro-F1), written to `<symptom>.metrics.json`, plotted to
`<symptom>.confusion.png` and `<symptom>.curves.png` (training curves from the checkpoint's history),
the expected calibration error before and after the checkpoint's temperature (ml.calibrate) with its
reliability diagram `<symptom>.reliability.png`,
and stored in the checkpoint under metrics["eval"]. Preprocessing is the eval preset, as in prediction.
"""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path

import matplotlib
import numpy as np
import torch
from torch.utils.data import DataLoader
from tqdm import tqdm

from ml import dataset as ds
from ml import metrics
from ml.labels import GRADES, SYMPTOM_BY_KEY, SYMPTOM_KEYS
from ml.model import atomic_write, load_checkpoint, weights_filename
from ml.predict import softmax
from ml.presets import EvalPreset

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the Agg backend)

GRADE_NAMES = [g.en for g in GRADES]


def predict_grades(loaded, samples, **kwargs):
    """(true grades, predicted grades) of one loaded model over samples (temperature never changes the argmax)."""
    y_true, logits = predict_logits(loaded, samples, **kwargs)
    return y_true, logits.argmax(1).tolist()


@torch.inference_mode()
def predict_logits(loaded, samples, *, batch_size: int = 32, workers: int = 0, progress: bool = True):
    """(true grades, logits [N, 4]) of one loaded model over samples."""
    data = ds.SymptomDataset(samples, loaded.symptom, EvalPreset(loaded.image_size, loaded.mean, loaded.std))
    y_true, logits = [], []
    for images, target in tqdm(DataLoader(data, batch_size=batch_size, num_workers=workers),
                               desc=f"{loaded.symptom} eval", leave=False, disable=not progress, mininterval=2):
        logits.append(loaded.infer(images.numpy())[0])
        y_true += target.tolist()
    return y_true, np.concatenate(logits)


def calibration_report(y_true, logits, temperature: float) -> dict:
    """Expected calibration error (15 bins) before and after the checkpoint's temperature, with the bins."""
    before, after = softmax(logits), softmax(logits, temperature)
    return {"temperature": temperature, "ece_before": metrics.expected_calibration_error(before, y_true),
            "ece_after": metrics.expected_calibration_error(after, y_true),
            "bins_before": metrics.reliability(before, y_true), "bins_after": metrics.reliability(after, y_true)}


def plot_reliability(calibration: dict, title: str, path: Path) -> None:
    """Accuracy against confidence per bin, before and after temperature scaling, beside the diagonal."""
    fig, ax = plt.subplots(figsize=(4.8, 4.6))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfectly calibrated")
    for key, label in (("before", "T = 1"), ("after", f"T = {calibration['temperature']:.2f}")):
        points = [(b["confidence"], b["accuracy"]) for b in calibration[f"bins_{key}"] if b["count"]]
        ax.plot(*zip(*points, strict=True), marker="o",
                label=f"{label}: ECE {calibration[f'ece_{key}']:.3f}")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="confidence (top probability)", ylabel="accuracy", title=title)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def evaluation_report(y_true, y_pred, *, data: str, split: str, synthetic: bool) -> dict:
    return {**metrics.summarize(y_true, y_pred), "majority_baseline": metrics.majority_baseline(y_true),
            "data": str(data), "split": split, "data_kind": "synthetic" if synthetic else "aihub",
            "evaluated_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}


def plot_confusion(report: dict, title: str, path: Path) -> None:
    cm = report["confusion"]
    fig, ax = plt.subplots(figsize=(4.8, 4.2))
    ax.imshow(cm, cmap="Blues")
    for t, row in enumerate(cm):
        for p, count in enumerate(row):
            ax.text(p, t, str(count), ha="center", va="center", fontsize=9)
    ax.set(xticks=range(len(GRADE_NAMES)), yticks=range(len(GRADE_NAMES)), xlabel="predicted",
           ylabel="true", title=f"{title}\nacc {report['accuracy']:.3f}, macro-F1 {report['macro_f1']:.3f}")
    ax.set_xticklabels(GRADE_NAMES, fontsize=8)
    ax.set_yticklabels(GRADE_NAMES, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_curves(history: list[dict], title: str, path: Path) -> bool:
    """Loss and accuracy per epoch, train against validation (the original project's figures); False without history."""
    if not history:
        return False
    epochs = [h["epoch"] for h in history]
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    for ax, key, label in zip(axes, ("loss", "acc", "macro_f1"), ("loss", "accuracy", "macro-F1"), strict=True):
        ax.plot(epochs, [h["train"][key] for h in history], marker="o", label="train")
        ax.plot(epochs, [h["val"][key] for h in history], marker="o", label="validation")
        ax.set(xlabel="epoch", title=label)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def store_in_checkpoint(path: Path, report: dict) -> None:
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    ckpt.setdefault("metrics", {})["eval"] = report
    atomic_write(path, lambda tmp: torch.save(ckpt, tmp))


def evaluate_symptom(args, symptom: str, samples, synthetic: bool, split: str) -> dict:
    path = Path(args.weights) / weights_filename(symptom)
    loaded = load_checkpoint(path, expect_symptom=symptom)
    y_true, logits = predict_logits(loaded, samples, batch_size=args.batch_size, workers=args.workers,
                                    progress=args.progress)
    report = evaluation_report(y_true, logits.argmax(1).tolist(), data=args.data, split=split, synthetic=synthetic)
    report["calibration"] = calibration_report(y_true, logits, loaded.temperature)
    out = Path(args.report_dir or path.parent)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{symptom}.metrics.json").write_text(json.dumps(report, indent=2, ensure_ascii=False),
                                                 encoding="utf-8")
    title = f"{symptom} {SYMPTOM_BY_KEY[symptom].en} ({loaded.arch}, {loaded.image_size}px)"
    plot_confusion(report, title, out / f"{symptom}.confusion.png")
    plot_curves(loaded.metrics.get("history", []), title, out / f"{symptom}.curves.png")
    plot_reliability(report["calibration"], title, out / f"{symptom}.reliability.png")
    if not args.no_store:
        store_in_checkpoint(path, report)
    base = report["majority_baseline"]
    print(f"{symptom}: {report['images']} images  acc {report['accuracy']:.3f}  macro-F1 {report['macro_f1']:.3f}"
          f"  | majority baseline (grade {base['grade']}) acc {base['accuracy']:.3f}  macro-F1 "
          f"{base['macro_f1']:.3f}  | recall per grade {[round(r, 2) for r in report['recall']]}  | ECE "
          f"{report['calibration']['ece_before']:.3f} -> {report['calibration']['ece_after']:.3f} "
          f"(T = {loaded.temperature:.2f})", flush=True)
    return report


def select_samples(args):
    index = ds.read_dataset(args.data, skip_unreadable=not args.fail_unreadable)
    samples = index.samples
    if args.split == "val":
        samples = ds.split_by_subject(samples, val_fraction=args.val_fraction, seed=args.seed)[1]
    if args.limit:
        samples = samples[: args.limit]
    return samples, index.synthetic


def main(args: argparse.Namespace) -> dict:
    samples, synthetic = select_samples(args)
    if not samples:
        raise SystemExit(f"{args.data}: no images to evaluate on")
    symptoms = [s.strip() for s in args.symptoms.split(",") if s.strip()]
    return {s: evaluate_symptom(args, s, samples, synthetic, args.split) for s in symptoms}


def get_args_parser(add_help: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Evaluate the symptom models on a dataset.", add_help=add_help)
    p.add_argument("--data", required=True, help="dataset root (AI Hub layout, real or synthetic)")
    p.add_argument("--weights", default="weights", help="folder holding <symptom>.pt")
    p.add_argument("--symptoms", default=",".join(SYMPTOM_KEYS), help="comma-separated symptom keys")
    p.add_argument("--split", choices=("val", "all"), default="val",
                   help="val: the subjects training held out (same --seed and --val-fraction); all: every image")
    p.add_argument("--val-fraction", type=float, default=0.3, help="as given to training")
    p.add_argument("--seed", type=int, default=0, help="as given to training")
    p.add_argument("--limit", type=int, default=0, help="evaluate at most this many images (0: all)")
    p.add_argument("--batch-size", type=int, default=32, help="images per batch")
    p.add_argument("--workers", type=int, default=0, help="data loading processes")
    p.add_argument("--report-dir", default=None, help="where the JSON and PNGs go (default: beside the weights)")
    p.add_argument("--no-store", action="store_true", help="leave the checkpoints unchanged")
    p.add_argument("--fail-unreadable", action="store_true", help="stop on an image that does not decode")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
    return p


if __name__ == "__main__":
    main(get_args_parser().parse_args())
