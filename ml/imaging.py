"""Image normalisation shared by the web upload check and the model presets; no torch import,
so Django (and every manage.py command) starts without loading PyTorch."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps


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
