"""Training pieces beside the loop: where a run starts from (random, ImageNet, a local file), data
loaders and augmentation, BatchNorm calibration, and what it ran on."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass

import numpy as np
import torch
from efficientnet_pytorch import EfficientNet
from efficientnet_pytorch.utils import url_map
from torch import nn
from torch.utils.data import DataLoader, WeightedRandomSampler
from torchvision.transforms import v2 as T

from ml import dataset as ds
from ml.labels import NUM_GRADES
from ml.model import build_model
from ml.presets import TrainPreset

IMAGENET_UNAVAILABLE = (
    "--init imagenet: could not get efficientnet-pytorch's ImageNet weights for {arch} ({error}). "
    "They are downloaded from {url}; on a machine without internet access download that file elsewhere "
    "and pass it with --init-weights PATH (or put it in ~/.cache/torch/hub/checkpoints/), "
    "or train from scratch with --init random.")
IMAGENET_NEEDS_STANDARD = ("--init imagenet: ImageNet weights exist only for the standard {arch}; "
                           "drop --width/--depth or use --init random.")


def init_model(args, arch: str, overrides: dict) -> nn.Module:
    if args.init == "imagenet":
        model = imagenet_model(arch, args.image_size, overrides)
    else:
        model = build_model(arch, image_size=args.image_size, overrides=overrides)
    if args.init_weights:
        load_init_weights(model, args.init_weights)
    if args.bn_momentum:
        # efficientnet-pytorch's 0.01 needs thousands of steps before the running statistics used in
        # evaluation settle; a short run from random weights would validate as a constant answer.
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.momentum = args.bn_momentum
    return model


def imagenet_model(arch: str, image_size: int, overrides: dict) -> nn.Module:
    """EfficientNet.from_pretrained with a four-grade head; SystemExit with a clear message when the
    weights cannot be had (no network here)."""
    if overrides:
        raise SystemExit(IMAGENET_NEEDS_STANDARD.format(arch=arch))
    try:
        return EfficientNet.from_pretrained(arch, num_classes=NUM_GRADES, image_size=image_size)
    except Exception as exc:  # urllib, ssl, socket and hash errors all mean "not available"
        raise SystemExit(IMAGENET_UNAVAILABLE.format(arch=arch, error=f"{type(exc).__name__}: {exc}",
                                                     url=url_map.get(arch, "the efficientnet-pytorch "
                                                                     "release page"))) from exc


def load_init_weights(model: nn.Module, path: str) -> None:
    """Copy every tensor of a ScalpSpectra checkpoint or a plain state_dict whose name and shape fit
    (an ImageNet file's 1000-class head is left out); SystemExit when nothing fits."""
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise SystemExit(f"--init-weights {path}: not a readable weights file ({exc})") from exc
    state = saved.get("state_dict", saved) if isinstance(saved, dict) else {}
    own = model.state_dict()
    fitting = {k: v.float() if v.is_floating_point() else v for k, v in state.items()
               if k in own and tuple(v.shape) == tuple(own[k].shape)}
    if not fitting:
        raise SystemExit(f"--init-weights {path}: no tensor fits this architecture")
    model.load_state_dict(fitting, strict=False)
    print(f"--init-weights: {len(fitting)} of {len(own)} tensors from {path}", flush=True)


@dataclass(frozen=True)
class Accel:
    """Mixed precision (float16 autocast with loss scaling) and channels_last for a CUDA run. Weights,
    metrics and checkpoints stay float32; on CPU both are off whatever the flags say."""
    amp: bool = False
    channels_last: bool = False

    @classmethod
    def for_device(cls, args, device: torch.device) -> Accel:
        cuda = device.type == "cuda"
        return cls(amp=cuda and args.amp, channels_last=cuda and args.channels_last)

    def autocast(self):
        return torch.autocast("cuda", dtype=torch.float16, enabled=self.amp)

    def scaler(self) -> torch.amp.GradScaler:
        return torch.amp.GradScaler("cuda", enabled=self.amp)

    def layout(self, tensor_or_model):
        return tensor_or_model.to(memory_format=torch.channels_last) if self.channels_last else tensor_or_model


FLOAT32 = Accel()  # plain float32, contiguous layout: CPU runs and --no-amp --no-channels-last


def describe_hardware(device: torch.device) -> str:
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)} (CUDA), torch {torch.__version__}"
    return (f"CPU {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"{torch.get_num_threads()} torch threads, torch {torch.__version__}")


def class_weights(targets: list[int]) -> torch.Tensor:
    """Inverse-frequency loss weights (n / (grades * count)); absent grades get weight 1."""
    counts = np.bincount(targets, minlength=NUM_GRADES).astype(float)
    weights = np.where(counts > 0, len(targets) / (NUM_GRADES * np.maximum(counts, 1)), 1.0)
    return torch.tensor(weights, dtype=torch.float32)


def _sampler(args, targets: list[int]) -> WeightedRandomSampler | None:
    if not args.balanced_sampler:
        return None
    return WeightedRandomSampler(class_weights(targets)[targets].double(), num_samples=len(targets),
                                 replacement=True, generator=torch.Generator().manual_seed(args.seed))


def make_loaders(args, train: ds.SymptomDataset, val: ds.SymptomDataset, calib: ds.SymptomDataset,
                 pin_memory: bool = False):
    """Training, validation and BatchNorm-calibration loaders. Calibration draws un-augmented training
    images the way training does (balanced or not): its statistics must match the batches the
    model learned from, or a balanced model grades the natural mix too high. `pin_memory` (CUDA)
    lets batches copy to the GPU while the next one loads."""
    common = {"batch_size": args.batch_size, "num_workers": args.workers, "persistent_workers": args.workers > 0,
              "pin_memory": pin_memory}
    sampler = _sampler(args, train.targets)
    calib_sampler = _sampler(args, calib.targets)
    return (DataLoader(train, shuffle=sampler is None, sampler=sampler, drop_last=len(train) > args.batch_size,
                       **common),
            DataLoader(val, shuffle=False, **common),
            DataLoader(calib, shuffle=calib_sampler is None, sampler=calib_sampler,
                       generator=torch.Generator().manual_seed(args.seed), batch_size=args.batch_size,
                       pin_memory=pin_memory))


@torch.no_grad()
def recalibrate_bn(model, loader, device, max_images: int) -> None:
    """Recompute BatchNorm running statistics on un-augmented training images. The original project's affine
    augmentation leaves black corners that shift the statistics evaluation uses; with few training
    steps that shift decides the answer."""
    norms = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # cumulative average over the batches below
    model.train()
    seen = 0
    for images, _ in loader:
        model(images.to(device, non_blocking=True))
        seen += len(images)
        if seen >= max_images:
            break
    for m, momentum in zip(norms, momenta, strict=True):
        m.momentum = momentum


def train_transform(args) -> TrainPreset:
    """The original project's TrainPreset; with --augment flips, without its affine warp (rotation, shear, scale),
    whose black corners hide part of every training frame but of no evaluation or prediction frame."""
    preset = TrainPreset(args.image_size)
    if args.augment == "flips":
        kept = [t for t in preset.transforms.transforms if not isinstance(t, T.RandomAffine)]
        preset.transforms = T.Compose(kept)
    return preset
