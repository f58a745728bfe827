"""Image preprocessing presets (as torchvision's references/classification/presets.py).

The eval preset is the only one used by evaluation and prediction.
"""

from __future__ import annotations

import torch
from PIL import Image
from torchvision.transforms import v2 as T

from ml.imaging import to_rgb
from ml.model import IMAGENET_MEAN, IMAGENET_STD

__all__ = ["EvalPreset", "TrainPreset", "to_rgb"]


class EvalPreset:
    """EXIF + RGB, bilinear antialiased resize to the model's square input, normalisation."""

    def __init__(self, image_size: int, mean=IMAGENET_MEAN, std=IMAGENET_STD):
        self.transforms = T.Compose([
            T.PILToTensor(),
            T.Resize((image_size, image_size), interpolation=T.InterpolationMode.BILINEAR,
                     antialias=True),
            T.ToDtype(torch.float32, scale=True),
            T.Normalize(mean=list(mean), std=list(std)),
        ])

    def __call__(self, image: Image.Image) -> torch.Tensor:
        return self.transforms(to_rgb(image))


class TrainPreset:
    """The original project's augmentation: resize, flips, 90° turns, ±10° rotation, shear 10, scale 0.8-1.2."""

    def __init__(self, image_size: int, mean=IMAGENET_MEAN, std=IMAGENET_STD):
        self.transforms = T.Compose([
            T.PILToTensor(),
            T.Resize((image_size, image_size), interpolation=T.InterpolationMode.BILINEAR,
                     antialias=True),
            T.RandomHorizontalFlip(),
            T.RandomVerticalFlip(),
            T.RandomChoice([T.RandomRotation((0, 0)), T.RandomRotation((90, 90))]),
            T.RandomAffine(degrees=10, shear=10, scale=(0.8, 1.2)),
            T.ToDtype(torch.float32, scale=True),
            T.Normalize(mean=list(mean), std=list(std)),
        ])

    def __call__(self, image: Image.Image) -> torch.Tensor:
        return self.transforms(to_rgb(image))
