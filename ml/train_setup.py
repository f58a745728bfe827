"""Where a training run starts from (random, ImageNet, a local file) and what it ran on."""

from __future__ import annotations

import os
import platform

import torch
from efficientnet_pytorch import EfficientNet
from efficientnet_pytorch.utils import url_map
from torch import nn

from ml.labels import NUM_GRADES
from ml.model import build_model

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


def describe_hardware(device: torch.device) -> str:
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)} (CUDA), torch {torch.__version__}"
    return (f"CPU {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"{torch.get_num_threads()} torch threads, torch {torch.__version__}")
