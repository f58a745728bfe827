"""Fit temperature scaling and the photo check's familiarity statistics; store them in the checkpoints.

    python -m ml.calibrate --data data/demo-train --weights weights

Reads the dataset the models were trained on and splits it by subject exactly as training did (the
seed and validation share come from each checkpoint's provenance unless given). Per model:
- temperature: one scalar T minimising the validation negative log-likelihood of softmax(logits / T)
  (Guo et al. 2017), fitted with LBFGS on log T;
- familiarity statistics (ml.familiarity) from the features of the un-augmented training images;
- the familiarity score: each model's distance divided by its median on the validation images (its
  `scale`), combined as the geometric mean over the models calibrated together; the threshold is the
  quantile of that score on the validation images that flags `--false-alarm-rate` (2%) of them.
The checkpoints are rewritten in place: the keys "temperature" and "photo_check" are added or replaced,
everything else (float16 state_dict, provenance, metrics) is kept as it was. `ml.train` runs the
same at the end of training.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader

from ml import dataset as ds
from ml import familiarity
from ml.labels import SYMPTOM_KEYS
from ml.model import LoadedModel, atomic_write, load_checkpoint, weights_filename
from ml.photo_check import FALSE_ALARM_RATE
from ml.presets import EvalPreset

REFUSE_FACTOR = 2.0


def outputs(loaded: LoadedModel, samples, *, loader: Callable = ds.open_image, batch_size: int = 64):
    """(logits [N, 4], features [N, F], grades [N]) of one model over samples, eval preset."""
    data = ds.SymptomDataset(samples, loaded.symptom, EvalPreset(loaded.image_size, loaded.mean, loaded.std),
                             loader)
    logits, features, targets = [], [], []
    for images, target in DataLoader(data, batch_size=batch_size):
        out, feats = loaded.infer(images.numpy())
        logits.append(out)
        features.append(feats)
        targets.append(target.numpy())
    return np.concatenate(logits), np.concatenate(features), np.concatenate(targets)


def fit_temperature(logits: np.ndarray, targets: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood of the targets (LBFGS on log T)."""
    z, y = torch.as_tensor(logits, dtype=torch.float64), torch.as_tensor(targets, dtype=torch.long)
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(z / log_t.exp(), y)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(np.clip(log_t.exp().item(), 0.05, 20.0))


def photo_check_stats(train_features: Mapping[str, np.ndarray], val_features: Mapping[str, np.ndarray], *,
                      false_alarm_rate: float = FALSE_ALARM_RATE, refuse_factor: float = REFUSE_FACTOR) -> dict:
    """Per symptom, the "photo_check" checkpoint entry: statistics, scale, the common threshold of the
    combined score and the held-out record."""
    stats = {s: familiarity.fit(f) for s, f in train_features.items()}
    distances = {s: familiarity.distance(stats[s], val_features[s]) for s in stats}
    scales = {s: float(np.median(d)) for s, d in distances.items()}
    combined = familiarity.combine({s: d / scales[s] for s, d in distances.items()})
    threshold = float(np.quantile(combined, 1 - false_alarm_rate, method="higher"))
    for s, entry in stats.items():
        entry.update(scale=scales[s], threshold=threshold, combine=familiarity.COMBINE,
                     false_alarm_rate=false_alarm_rate, refuse_factor=refuse_factor,
                     combined_with=sorted(stats), n_heldout=len(combined),
                     heldout_flagged=float(np.mean(combined > threshold)),
                     score_quantiles=familiarity.quantiles(combined / threshold))
    return stats


def store(path: Path, *, temperature: float, photo_check: dict) -> None:
    """Add or replace the two keys in a checkpoint file; every other key stays as it was."""
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    entry = {k: torch.from_numpy(v) if isinstance(v, np.ndarray) else v for k, v in photo_check.items()}
    ckpt.update(temperature=float(temperature), photo_check=entry)
    atomic_write(path, lambda tmp: torch.save(ckpt, tmp))  # the site may be loading this file right now


def calibrate(models: Mapping[str, LoadedModel], train, val, *, loader: Callable = ds.open_image,
              false_alarm_rate: float = FALSE_ALARM_RATE, refuse_factor: float = REFUSE_FACTOR,
              log: Callable[[str], None] = print) -> dict[str, dict]:
    """{symptom: {"temperature", "photo_check", "nll_before", "nll_after"}} for loaded models."""
    train_features, val_features, result = {}, {}, {}
    for symptom, loaded in models.items():
        _, train_features[symptom], _ = outputs(loaded, train, loader=loader)
        logits, val_features[symptom], targets = outputs(loaded, val, loader=loader)
        temperature = fit_temperature(logits, targets)
        result[symptom] = {"temperature": temperature, "nll_before": _nll(logits, targets, 1.0),
                           "nll_after": _nll(logits, targets, temperature)}
    stats = photo_check_stats(train_features, val_features, false_alarm_rate=false_alarm_rate,
                              refuse_factor=refuse_factor)
    for symptom, entry in stats.items():
        result[symptom]["photo_check"] = entry
        r = result[symptom]
        log(f"{symptom}: temperature {r['temperature']:.3f} (validation NLL {r['nll_before']:.4f} -> "
            f"{r['nll_after']:.4f}); familiarity scale {entry['scale']:.2f}, common threshold "
            f"{entry['threshold']:.3f}, held-out flagged {entry['heldout_flagged']:.3f}, shrinkage "
            f"{entry['shrinkage']:.3f}, {entry['dim']} features, {entry['n_train']} training images")
    return result


def _nll(logits: np.ndarray, targets: np.ndarray, temperature: float) -> float:
    z = torch.as_tensor(logits, dtype=torch.float64) / temperature
    return float(torch.nn.functional.cross_entropy(z, torch.as_tensor(targets, dtype=torch.long)))


def calibrate_weights(weights: Path, symptoms, train, val, *, loader: Callable | None = None,
                      false_alarm_rate: float = FALSE_ALARM_RATE, refuse_factor: float = REFUSE_FACTOR) -> dict:
    """Calibrate the checkpoints <weights>/<symptom>.pt in place (ml.train calls this at the end)."""
    paths = {s: Path(weights) / weights_filename(s) for s in symptoms}
    models = {s: load_checkpoint(p, expect_symptom=s) for s, p in paths.items()}
    sizes = {m.image_size for m in models.values()}
    if loader is None:  # decode each image once for all six models when they share an input size
        loader = ds.ResizedImages(sizes.pop()) if len(sizes) == 1 else ds.open_image
    result = calibrate(models, train, val, loader=loader, false_alarm_rate=false_alarm_rate,
                       refuse_factor=refuse_factor)
    for symptom, r in result.items():
        store(paths[symptom], temperature=r["temperature"], photo_check=r["photo_check"])
    return result


def _split(args, weights: Path, symptoms):
    provenance = load_checkpoint(weights / weights_filename(symptoms[0])).provenance
    seed = args.seed if args.seed is not None else int(provenance.get("seed", 0))
    val_fraction = args.val_fraction if args.val_fraction is not None else float(provenance.get("val_fraction", 0.3))
    samples = ds.read_dataset(args.data).samples
    train, val = ds.split_by_subject(samples, val_fraction=val_fraction, seed=seed)
    print(f"{args.data}: train {len(train)} / validation {len(val)} images (seed {seed}, "
          f"validation share {val_fraction})", flush=True)
    return train, val


def main(args: argparse.Namespace) -> dict:
    weights = Path(args.weights)
    symptoms = [s.strip() for s in args.symptoms.split(",") if s.strip()]
    train, val = _split(args, weights, symptoms)
    if not train or not val:
        raise SystemExit(f"{args.data}: the split leaves no training or no validation images")
    return calibrate_weights(weights, symptoms, train, val, false_alarm_rate=args.false_alarm_rate,
                             refuse_factor=args.refuse_factor)


def get_args_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Add temperature scaling and photo-check statistics to checkpoints.")
    p.add_argument("--data", required=True, help="the dataset the models were trained on (AI Hub layout)")
    p.add_argument("--weights", default="weights", help="folder holding <symptom>.pt, rewritten in place")
    p.add_argument("--symptoms", default=",".join(SYMPTOM_KEYS), help="comma-separated symptom keys")
    p.add_argument("--seed", type=int, default=None, help="split seed (default: the checkpoint's training seed)")
    p.add_argument("--val-fraction", type=float, default=None, help="validation share (default: as trained)")
    p.add_argument("--false-alarm-rate", type=float, default=FALSE_ALARM_RATE,
                   help="share of held-out images of the training kind that may be called unfamiliar")
    p.add_argument("--refuse-factor", type=float, default=REFUSE_FACTOR,
                   help="refuse a photo whose familiarity score is this many times the threshold")
    return p


if __name__ == "__main__":
    main(get_args_parser().parse_args())
