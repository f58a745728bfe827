"""`python -m ml.benchmark --compare`: eager PyTorch against ONNX Runtime on the same checkpoints.

For each configuration (the original project's 2x B3 + 4x B7 at 300 px with random weights, and the shipped
weights/), in this order:
- cold load in fresh subprocesses, so nothing is already imported or cached: ONNX Runtime with an
  empty ONNX cache (this is the export), again with the now warm cache, and eager PyTorch; each
  subprocess then runs a few diagnoses and reports its peak RSS (one backend per process);
- latency: both backends loaded in this process, diagnoses alternating between them, so machine
  noise falls on both alike;
- agreement: the same synthetic photos (ml.render, the training data's painter) through both:
  identical grades, and the largest difference of calibrated probabilities.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from ml import render
from ml.bench import percentile
from ml.cache import ModelCache
from ml.labels import SYMPTOM_KEYS
from ml.predict import predict, softmax
from ml.runtime_config import BACKENDS, Runtime
from ml.synthetic import sample_grades


def synthetic_photos(n: int, seed: int = 0) -> list[Image.Image]:
    """n scalp photos as ml.synthetic draws them (realistic grade mix), in memory."""
    rng = np.random.default_rng(seed)
    painter, grades = render.Painter(rng), sample_grades(rng, n)
    looks = [render.random_look(rng) for _ in range(max(1, n // 25))]
    return [Image.fromarray(painter.paint(g, looks[i % len(looks)])[:, :, ::-1].copy()) for i, g in enumerate(grades)]


def cold_start(weights: Path, backend: str, onnx_cache: Path, threads: int, diagnoses: int) -> dict:
    """Load (and serve a few diagnoses) in a fresh interpreter; its figures as a dict."""
    command = [sys.executable, "-m", "ml.benchmark", "--worker", "--backend", backend, "--weights", str(weights),
               "--onnx-cache", str(onnx_cache), "--threads", str(threads), "--warmup", str(diagnoses)]
    start = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"benchmark subprocess failed ({' '.join(command)}):\n{out.stderr[-3000:]}")
    figures = {**json.loads(out.stdout.strip().splitlines()[-1]), "process_s": round(time.perf_counter() - start, 2)}
    print(f"cold start {weights} {backend}: {json.dumps(figures)}", flush=True)  # progress on long runs
    return figures


def interleaved_latency(models: dict[str, dict], photo: Image.Image, runs: int, warmup: int) -> dict:
    times: dict[str, list[float]] = {b: [] for b in models}
    for i in range(warmup + runs):
        for backend in (BACKENDS if i % 2 == 0 else BACKENDS[::-1]):  # neither always goes first
            start = time.perf_counter()
            predict(photo, models[backend])
            if i >= warmup:
                times[backend].append(time.perf_counter() - start)
    return {b: {"p50_ms": round(statistics.median(t) * 1000, 1), "p95_ms": round(percentile(t, 95) * 1000, 1)}
            for b, t in times.items()}


def agreement(models: dict[str, dict], photos: list[Image.Image]) -> dict:
    differing, max_diff = 0, 0.0
    for photo in photos:
        eager, ort = (predict(photo, models[b]) for b in BACKENDS)
        differing += eager.grades != ort.grades
        for s in SYMPTOM_KEYS:
            t = models["torch"][s].temperature
            max_diff = max(max_diff, float(np.abs(softmax(eager.logits[s], t) - softmax(ort.logits[s], t)).max()))
    return {"photos": len(photos), "photos_with_different_grades": differing,
            "grades_identical": differing == 0, "max_prob_diff": max_diff}


def compare_config(weights: Path, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="onnx-cache-") as cache:
        cache = Path(cache)
        starts = {"onnxruntime_empty_cache": cold_start(weights, "onnxruntime", cache, args.threads, args.warmup),
                  "onnxruntime_warm_cache": cold_start(weights, "onnxruntime", cache, args.threads, args.warmup),
                  "torch": cold_start(weights, "torch", cache, args.threads, args.warmup)}
        models = {"torch": ModelCache().get(weights, Runtime(backend="torch", threads=args.threads)),
                  "onnxruntime": ModelCache().get(weights, Runtime(backend="onnxruntime", onnx_cache_dir=cache,
                                                                   threads=args.threads))}
        fallbacks = sorted(s for s, m in models["onnxruntime"].items() if m.backend != "onnxruntime")
        from ml.bench import scalp_photo

        latency = interleaved_latency(models, scalp_photo(), args.runs, args.warmup)
        print(f"latency {weights}: {json.dumps(latency)}", flush=True)
        agree = agreement(models, synthetic_photos(args.photos, seed=1))
    return {"weights": str(weights), "models": {s: f"{m.arch} @ {m.image_size}px" for s, m in models["torch"].items()},
            "cold_start": starts, "latency": latency, "agreement": agree, "onnxruntime_fallbacks": fallbacks}


def summary(original: dict, shipped: dict) -> dict:
    """The closing JSON line: the original configuration's figures first, the shipped weights' beside."""
    lat, starts = original["latency"], original["cold_start"]
    eager, ort = lat["torch"]["p50_ms"], lat["onnxruntime"]["p50_ms"]
    line = {"speedup": round(eager / ort, 2), "eager_p50_ms": eager, "onnxruntime_p50_ms": ort,
            "eager_p95_ms": lat["torch"]["p95_ms"], "onnxruntime_p95_ms": lat["onnxruntime"]["p95_ms"],
            "max_prob_diff": max(original["agreement"]["max_prob_diff"], shipped["agreement"]["max_prob_diff"]),
            "grades_identical": original["agreement"]["grades_identical"] and shipped["agreement"]["grades_identical"],
            "export_all_s": starts["onnxruntime_empty_cache"]["export_s"],
            "cold_load_empty_cache_s": starts["onnxruntime_empty_cache"]["cold_load_s"],
            "cold_load_warm_cache_s": starts["onnxruntime_warm_cache"]["cold_load_s"],
            "eager_cold_load_s": starts["torch"]["cold_load_s"],
            "peak_rss_mb": {"eager": starts["torch"]["peak_rss_mb"],
                            "onnxruntime": starts["onnxruntime_warm_cache"]["peak_rss_mb"],
                            "onnxruntime_exporting": starts["onnxruntime_empty_cache"]["peak_rss_mb"]},
            "agreement_photos": original["agreement"]["photos"],
            "onnxruntime_fallbacks": original["onnxruntime_fallbacks"]}
    slat = shipped["latency"]
    line["shipped"] = {"speedup": round(slat["torch"]["p50_ms"] / slat["onnxruntime"]["p50_ms"], 2),
                       "eager_p50_ms": slat["torch"]["p50_ms"], "onnxruntime_p50_ms": slat["onnxruntime"]["p50_ms"],
                       "max_prob_diff": shipped["agreement"]["max_prob_diff"],
                       "grades_identical": shipped["agreement"]["grades_identical"],
                       "cold_load_warm_cache_s": shipped["cold_start"]["onnxruntime_warm_cache"]["cold_load_s"],
                       "eager_cold_load_s": shipped["cold_start"]["torch"]["cold_load_s"]}
    return line


def main(args, original_weights: Path) -> dict:
    original = compare_config(original_weights, args)
    print(json.dumps({"original": original}, indent=2, ensure_ascii=False), flush=True)
    shipped = compare_config(args.weights or Path("weights"), args)
    print(json.dumps({"shipped": shipped}, indent=2, ensure_ascii=False), flush=True)
    line = summary(original, shipped)
    print(json.dumps(line, ensure_ascii=False), flush=True)
    return line
