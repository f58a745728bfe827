"""Load and exercise the six models before a server process takes traffic (issue 19: no cold first request)."""

from __future__ import annotations

import time

from django.conf import settings
from PIL import Image

from diagnosis.selectors import inference_runtime, weights_problems
from ml.cache import model_cache
from ml.runtime_config import inference_gate


def models_warm_up() -> float:
    """Load the models and grade one blank photo, so the first visitor's upload pays neither the load nor the
    first inference's set-up; returns the seconds it took. Missing weights are left for the pages to report."""
    from ml.predict import predict  # PyTorch; only server processes pay for it

    start = time.perf_counter()
    if not weights_problems():
        runtime = inference_runtime()
        with inference_gate(runtime):
            predict(Image.new("RGB", (256, 256), (200, 170, 150)), model_cache.get(settings.WEIGHTS_DIR, runtime))
    return time.perf_counter() - start
