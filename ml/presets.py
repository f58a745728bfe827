"""Image preprocessing presets (as torchvision's references/classification/presets.py).

The eval preset is the only one used by evaluation and prediction.
"""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image, ImageOps
from torchvision.transforms import v2 as T

from ml.model import IMAGENET_MEAN, IMAGENET_STD


def to_rgb(image: Image.Image) -> Image.Image:
    """EXIF orientation first, then any mode (RGBA, P, L, CMYK, I;16, ...) to 8-bit RGB."""
    image = ImageOps.exif_transpose(image)
    if image.mode == "RGB":
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16/32-bit grayscale: scale to 8 bits instead of clipping everything to white.
        arr = np.asarray(image, dtype=np.float32)
        top = float(arr.max()) or 1.0
        image = Image.fromarray(np.round(arr / top * 255).astype(np.uint8), mode="L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, image).convert("RGB")
    return image.convert("RGB")


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
    """The seed's augmentation: resize, flips, 90° turns, ±10° rotation, shear 10, scale 0.8-1.2."""

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
