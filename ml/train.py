"""Train one EfficientNet per symptom on the AI Hub scalp dataset (or its synthetic stand-in).

    python -m ml.train --data /path/to/aihub --out weights --init imagenet

Defaults follow the original project's recipe: TrainPreset augmentation at 300 px, CrossEntropy, Adam lr 1e-4,
StepLR(7, 0.1), up to 100 epochs with early stopping (patience 5) on validation macro-F1, B3 for
value_1/value_2 and B7 for the rest. The best epoch by validation macro-F1 is written to
`<out>/<symptom>.pt` (ml.model checkpoint); `<run-dir>/<symptom>.last.pt` holds what --resume needs.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import os
import random
import shlex
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader
from tqdm import tqdm

from ml import dataset as ds
from ml import metrics
from ml.calibrate import calibrate_weights
from ml.labels import SYMPTOM_KEYS
from ml.model import ORIGINAL_ARCH, make_checkpoint, weights_filename
from ml.presets import EvalPreset
from ml.train_setup import (
    FLOAT32,
    Accel,
    class_weights,
    describe_hardware,
    imagenet_model,
    init_model,
    make_loaders,
    recalibrate_bn,
    train_transform,
)


def _run(model, criterion, loader, device, desc, progress, optimizer=None, accel=FLOAT32, scaler=None) -> dict:
    total_loss, y_true, y_pred = 0.0, [], []
    scaler = scaler or accel.scaler()
    for images, target in tqdm(loader, desc=desc, leave=False, disable=not progress, mininterval=2):
        images, target = accel.layout(images.to(device, non_blocking=True)), target.to(device, non_blocking=True)
        with accel.autocast():
            output = model(images)
            loss = criterion(output.float(), target)  # the loss and the metrics in float32
        if optimizer is not None:
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        total_loss += loss.item() * len(target)
        y_true += target.tolist()
        y_pred += output.argmax(1).tolist()
    cm = metrics.confusion_matrix(y_true, y_pred)
    return {"loss": total_loss / max(1, len(y_true)), "acc": metrics.accuracy(cm), "macro_f1": metrics.macro_f1(cm)}


def train_one_epoch(model, criterion, optimizer, loader, device, desc="train", progress=True,
                    accel=FLOAT32, scaler=None) -> dict:
    model.train()
    return _run(model, criterion, loader, device, desc, progress, optimizer, accel, scaler)


@torch.inference_mode()
def evaluate(model, criterion, loader, device, desc="val", progress=True, accel=FLOAT32) -> dict:
    model.eval()
    return _run(model, criterion, loader, device, desc, progress, accel=accel)


def _arch(args, symptom: str) -> tuple[str, dict]:
    overrides = {}
    if args.width:
        overrides["width_coefficient"] = args.width
    if args.depth:
        overrides["depth_coefficient"] = args.depth
    return args.arch or ORIGINAL_ARCH[symptom], overrides


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this run: every flag that differs from its default."""
    parts = ["python", "-m", "ml.train"]
    for action in get_args_parser()._actions:
        value = getattr(args, action.dest, action.default)
        if not action.option_strings or action.dest == "help" or (value == action.default and not action.required):
            continue
        parts += [action.option_strings[0]] if action.nargs == 0 else [action.option_strings[0], str(value)]
    return shlex.join(parts)


def _provenance(args, index, n_train: int, n_val: int, device, state: dict) -> dict:
    return {"data": "synthetic" if index.synthetic else "aihub",
            "trained_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "command": command_line(args),
            "epochs": len(state["history"]), "best_epoch": state["best_epoch"],
            "train_images": n_train, "val_images": n_val, "hardware": describe_hardware(device),
            "train_seconds": round(state["seconds"], 1), "init": args.init, "seed": args.seed,
            "val_fraction": args.val_fraction}


def _log(symptom, epoch, args, lr, tr, va, seconds, best) -> None:
    print(f"{symptom} epoch {epoch:3d}/{args.epochs} lr {lr:.1e} | train loss {tr['loss']:.4f} "
          f"acc {tr['acc']:.3f} F1 {tr['macro_f1']:.3f} | val loss {va['loss']:.4f} acc {va['acc']:.3f} "
          f"F1 {va['macro_f1']:.3f} | {seconds:.1f} s{'  *best' if best else ''}", flush=True)


@dataclass
class Run:
    """Everything one symptom's training needs besides its state."""
    symptom: str
    arch: str
    overrides: dict
    model: nn.Module
    criterion: nn.Module
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler
    loaders: tuple[DataLoader, DataLoader, DataLoader]  # train, validation, BatchNorm calibration
    accel: Accel = FLOAT32  # mixed precision and channels_last (CUDA only)
    scaler: torch.amp.GradScaler | None = None


def prepare(args, symptom: str, train_samples, val_samples, loader, device) -> Run:
    arch, overrides = _arch(args, symptom)
    accel = Accel.for_device(args, device)
    model = accel.layout(init_model(args, arch, overrides).to(device))
    train_set = ds.SymptomDataset(train_samples, symptom, train_transform(args), loader)
    val_set = ds.SymptomDataset(val_samples, symptom, EvalPreset(args.image_size), loader)
    calib_set = ds.SymptomDataset(train_samples, symptom, EvalPreset(args.image_size), loader)
    weight = class_weights(train_set.targets).to(device) if args.class_weights else None
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=args.lr_step_size, gamma=args.lr_gamma)
    return Run(symptom, arch, overrides, model, nn.CrossEntropyLoss(weight=weight), optimizer, scheduler,
               make_loaders(args, train_set, val_set, calib_set, pin_memory=device.type == "cuda"),
               accel, accel.scaler())


def run_epoch(args, run: Run, state: dict, device) -> bool:
    """Train, calibrate, validate and step the schedule once; True when validation macro-F1 improved."""
    epoch, start = len(state["history"]) + 1, time.perf_counter()
    lr = run.optimizer.param_groups[0]["lr"]
    train_loader, val_loader, calibration = run.loaders
    tr = train_one_epoch(run.model, run.criterion, run.optimizer, train_loader, device,
                         f"{run.symptom} {epoch} train", args.progress, run.accel, run.scaler)
    if args.bn_recalibrate:
        recalibrate_bn(run.model, calibration, device, args.bn_recalibrate)
    va = evaluate(run.model, run.criterion, val_loader, device, f"{run.symptom} {epoch} val", args.progress,
                  run.accel)
    run.scheduler.step()
    state["seconds"] += time.perf_counter() - start
    state["history"].append({"epoch": epoch, "lr": lr, "train": tr, "val": va})
    improved = va["macro_f1"] > state["best_f1"] + 1e-4
    if improved:
        state.update(best_f1=va["macro_f1"], best_epoch=epoch, bad_epochs=0)
    else:
        state["bad_epochs"] += 1
    state["done"] = state["bad_epochs"] >= args.patience
    _log(run.symptom, epoch, args, lr, tr, va, time.perf_counter() - start, improved)
    return improved


def fit(args, symptom: str, index, train_samples, val_samples, loader, device) -> dict:
    """Train one symptom's model; returns the training state (history, best epoch and metrics)."""
    run = prepare(args, symptom, train_samples, val_samples, loader, device)
    state = {"history": [], "best_f1": -1.0, "best_epoch": 0, "bad_epochs": 0, "seconds": 0.0, "done": False}
    last_path = Path(args.run_dir) / f"{symptom}.last.pt"
    if args.resume and last_path.is_file():
        state = _restore(last_path, run.model, run.optimizer, run.scheduler)
        print(f"{symptom}: resuming after epoch {len(state['history'])}", flush=True)
    best_model = copy.deepcopy(run.model)
    if state["best_epoch"]:
        best_model.load_state_dict(state["best_state"])
    sizes = len(train_samples), len(val_samples)
    while not state["done"] and len(state["history"]) < args.epochs:
        improved = run_epoch(args, run, state, device)
        if improved:
            best_model.load_state_dict(run.model.state_dict())
        if improved or state["done"] or len(state["history"]) == args.epochs:
            _save_best(Path(args.out) / weights_filename(symptom), best_model, run, args,
                       _provenance(args, index, *sizes, device, state), state)
        _save_last(last_path, run.model, best_model, run.optimizer, run.scheduler, state)
    return state


def _save_best(path: Path, model, run: Run, args, provenance, state) -> None:
    best = state["history"][state["best_epoch"] - 1]
    ckpt = make_checkpoint(model, symptom=run.symptom, arch=run.arch, image_size=args.image_size,
                           overrides=run.overrides,
                           provenance=provenance, half=args.half,
                           metrics={"val": best["val"], "best_epoch": state["best_epoch"],
                                    "history": state["history"]})
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(ckpt, path)


def _save_last(path: Path, model, best_model, optimizer, scheduler, state) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({**{k: v for k, v in state.items() if k != "best_state"}, "model": model.state_dict(),
                "best_state": best_model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict()}, path)


def _restore(path: Path, model, optimizer, scheduler) -> dict:
    saved = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(saved.pop("model"))
    optimizer.load_state_dict(saved.pop("optimizer"))
    scheduler.load_state_dict(saved.pop("scheduler"))
    return saved


def _load_data(args):
    index = ds.read_dataset(args.data, skip_unreadable=not args.fail_unreadable)
    samples = index.samples
    if args.limit and args.limit < len(samples):
        samples = random.Random(args.seed).sample(samples, args.limit)
    train, val = ds.split_by_subject(samples, val_fraction=args.val_fraction, seed=args.seed)
    print(f"{args.data}: {index.layout} layout, {'synthetic' if index.synthetic else 'AI Hub'} data, "
          f"{len(index.samples)} images ({index.duplicates} duplicate copies, {len(index.unlabelled)} "
          f"without labels, {len(index.unreadable)} unreadable skipped); train {len(train)} / val {len(val)} "
          f"images from {len({s.subject for s in train})} / {len({s.subject for s in val})} subjects", flush=True)
    return index, train, val


def _image_loader(args, samples):
    if not args.cache_images:
        return ds.open_image
    cache = ds.ResizedImages(args.image_size)
    for s in tqdm(samples, desc="caching resized images", disable=not args.progress, mininterval=2):
        cache(s.path)
    return cache


def main(args: argparse.Namespace) -> dict:
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device if args.device != "auto" else "cuda" if torch.cuda.is_available() else "cpu")
    symptoms = [s.strip() for s in args.symptoms.split(",") if s.strip()]
    unknown = [s for s in symptoms if s not in SYMPTOM_KEYS]
    if unknown:
        raise SystemExit(f"unknown symptoms {unknown}; choose from {', '.join(SYMPTOM_KEYS)}")
    if args.init == "imagenet":  # fail before minutes of reading data when the weights cannot be had
        for arch, overrides in {_arch(args, s)[0]: _arch(args, s)[1] for s in symptoms}.items():
            imagenet_model(arch, args.image_size, overrides)
    index, train, val = _load_data(args)
    loader = _image_loader(args, train + val)
    results = {}
    for symptom in symptoms:
        torch.manual_seed(args.seed)
        state = fit(args, symptom, index, train, val, loader, device)
        results[symptom] = state
        print(f"{symptom}: best val macro-F1 {state['best_f1']:.3f} at epoch {state['best_epoch']} "
              f"({state['seconds']:.0f} s) -> {Path(args.out) / weights_filename(symptom)}", flush=True)
    if args.calibrate and train and val:
        # Temperature and photo-check statistics into the best checkpoints (ml.calibrate, issue 10).
        calibrate_weights(Path(args.out), symptoms, train, val, loader=loader)
    return results


def get_args_parser(add_help: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Train one EfficientNet per scalp symptom.", add_help=add_help)
    p.add_argument("--data", required=True, help="AI Hub dataset root (either layout) or a synthetic one")
    p.add_argument("--out", default="weights", help="folder for the best checkpoints (<symptom>.pt)")
    p.add_argument("--run-dir", default="runs/train", help="folder for resumable last-epoch states")
    p.add_argument("--symptoms", default=",".join(SYMPTOM_KEYS), help="comma-separated symptom keys")
    p.add_argument("--arch", default=None, help="efficientnet-b0..b7 for every symptom (default: the original "
                   "project's B3 for value_1/value_2, B7 for the rest)")
    p.add_argument("--width", type=float, default=None, help="override the width coefficient")
    p.add_argument("--depth", type=float, default=None, help="override the depth coefficient")
    p.add_argument("--image-size", type=int, default=300, help="square input size in pixels")
    p.add_argument("--epochs", type=int, default=100, help="maximum number of epochs")
    p.add_argument("--patience", type=int, default=5, help="stop after this many epochs without a better "
                   "validation macro-F1")
    p.add_argument("--batch-size", type=int, default=16, help="images per batch")
    p.add_argument("--lr", type=float, default=1e-4, help="Adam learning rate")
    p.add_argument("--lr-step-size", type=int, default=7, help="StepLR: epochs between decays")
    p.add_argument("--lr-gamma", type=float, default=0.1, help="StepLR: decay factor")
    p.add_argument("--bn-momentum", type=float, default=None, help="BatchNorm running-statistics momentum "
                   "(efficientnet-pytorch's default 0.01 suits long runs; 0.1 for short runs from scratch)")
    p.add_argument("--bn-recalibrate", type=int, default=0, help="before each validation, recompute "
                   "BatchNorm statistics on this many un-augmented training images (0: off)")
    p.add_argument("--augment", choices=("original", "flips"), default="original", help="original: the original "
                   "project's augmentation; flips: its flips and 90-degree turns only (no affine warp)")
    p.add_argument("--class-weights", action="store_true", help="weight the loss by inverse grade frequency")
    p.add_argument("--balanced-sampler", action="store_true", help="draw training images so that grades "
                   "are equally frequent")
    p.add_argument("--init", choices=("random", "imagenet"), default="random",
                   help="start from random weights or efficientnet-pytorch's ImageNet weights (download)")
    p.add_argument("--init-weights", default=None, help="start from a local checkpoint or state_dict file")
    p.add_argument("--resume", action="store_true", help="continue from <run-dir>/<symptom>.last.pt")
    p.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1), help="data loading processes")
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    p.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda[:N]")
    p.add_argument("--amp", action=argparse.BooleanOptionalAction, default=True, help="float16 mixed "
                   "precision with loss scaling on CUDA (ignored on CPU); weights and checkpoints stay float32")
    p.add_argument("--channels-last", action=argparse.BooleanOptionalAction, default=True,
                   help="channels_last memory layout on CUDA (ignored on CPU)")
    p.add_argument("--half", action="store_true", help="store float16 weights in the checkpoint")
    p.add_argument("--val-fraction", type=float, default=0.3, help="share of images (whole subjects) "
                   "held out for validation")
    p.add_argument("--limit", type=int, default=0, help="use at most this many images (0: all)")
    p.add_argument("--cache-images", action="store_true", help="keep resized images in memory (small data)")
    p.add_argument("--fail-unreadable", action="store_true", help="stop on an image that does not decode "
                   "instead of skipping and counting it")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
    p.add_argument("--seed", type=int, default=0, help="seed for the split, sampling and initialisation")
    p.add_argument("--no-calibrate", dest="calibrate", action="store_false", help="skip fitting the temperature "
                   "and the photo-check statistics at the end (ml.calibrate does it later)")
    return p


if __name__ == "__main__":
    main(get_args_parser().parse_args())
