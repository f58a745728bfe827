"""What every benchmark shares, with no heavy imports: the one p95 rule and the one benchmark photo."""

from __future__ import annotations

import io
import statistics

import numpy as np
from PIL import Image


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (q in 0-100) of the measured values: every benchmark's p95."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50, p95 and max of timings given in seconds, in milliseconds to a tenth."""
    return {"p50_ms": round(statistics.median(seconds) * 1000, 1), "p95_ms": round(percentile(seconds, 95) * 1000, 1),
            "max_ms": round(max(seconds) * 1000, 1)}


def scalp_photo(width: int = 640, height: int = 480, seed: int = 0) -> Image.Image:
    """A fixed 640x480 skin-toned noise photo: times like any photo of its size (benchmarks only)."""
    rng = np.random.default_rng(seed)
    pixels = rng.random((height, width, 3)) * 60 + np.array([190.0, 160.0, 140.0])
    return Image.fromarray(pixels.astype(np.uint8))


def jpeg_bytes(photo: Image.Image | None = None, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    (photo or scalp_photo()).save(buf, "JPEG", quality=quality)
    return buf.getvalue()
