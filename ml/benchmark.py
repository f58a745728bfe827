"""Speed of the six-model diagnosis: cold load, per-diagnosis latency, peak memory.

    python -m ml.benchmark                      # the original configuration, random weights, ONNX Runtime
    python -m ml.benchmark --backend torch      # the same on eager PyTorch
    python -m ml.benchmark --weights weights    # the checkpoints actually shipped
    python -m ml.benchmark --compare            # both backends, seed and shipped (ml.benchmark_compare)
    python -m ml.benchmark --weights weights --scene-check   # + the scene check per photo (<= 15 ms)

Random weights time exactly like trained ones; the original configuration is 2x EfficientNet-B3
(미세각질, 피지과다) + 4x B7, all at 300 px. The checkpoints are written to --save-dir (reused on
the next run) so the HTTP benchmark can serve the same files.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import time
from pathlib import Path

import torch

from ml import photo_check as pc
from ml.bench import percentile, scalp_photo
from ml.cache import ModelCache
from ml.labels import SYMPTOM_KEYS
from ml.model import ORIGINAL_ARCH, ORIGINAL_IMAGE_SIZE, build_model, make_checkpoint, weights_filename
from ml.predict import predict
from ml.runtime_config import BACKENDS, Runtime


def write_original_weights(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for symptom in SYMPTOM_KEYS:
        path = directory / weights_filename(symptom)
        if path.exists():
            continue
        model = build_model(ORIGINAL_ARCH[symptom], image_size=ORIGINAL_IMAGE_SIZE)
        ckpt = make_checkpoint(model, symptom=symptom, arch=ORIGINAL_ARCH[symptom], image_size=ORIGINAL_IMAGE_SIZE,
                               provenance={"data": "random", "note": "benchmark only"})
        torch.save(ckpt, path)
    return directory


def runtime_from(args: argparse.Namespace) -> Runtime:
    return Runtime(backend=args.backend, onnx_cache_dir=args.onnx_cache, threads=args.threads)


def worker(args: argparse.Namespace) -> dict:
    """One cold start (run by --compare in a fresh process): load, serve --warmup diagnoses."""
    t0 = time.perf_counter()
    models = ModelCache().get(args.weights, runtime_from(args))
    cold_load = time.perf_counter() - t0
    photo = scalp_photo()
    for _ in range(args.warmup):
        predict(photo, models)
    return {"backend": args.backend, "cold_load_s": round(cold_load, 2),
            "exported": sum(bool(getattr(m, "exported", False)) for m in models.values()),
            "export_s": round(sum(getattr(m, "export_s", 0.0) for m in models.values()), 2),
            "served_by": sorted({m.backend for m in models.values()}),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def run(weights: Path, runs: int, warmup: int, runtime: Runtime | None = None) -> dict:
    cache = ModelCache()
    t0 = time.perf_counter()
    models = cache.get(weights, runtime)
    cold_load = time.perf_counter() - t0
    photo = scalp_photo()
    for _ in range(warmup):
        predict(photo, models)
    latencies = []
    for _ in range(runs):
        t = time.perf_counter()
        predict(photo, models)
        latencies.append(time.perf_counter() - t)
    return {
        "weights": str(weights),
        "backend": sorted({m.backend for m in models.values()}),
        "models": {s: f"{m.arch} @ {m.image_size}px" for s, m in models.items()},
        "cold_load_s": round(cold_load, 2),
        "latency_p50_ms": round(statistics.median(latencies) * 1000),
        "latency_p95_ms": round(percentile(latencies, 95) * 1000),
        "runs": runs,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "torch_threads": torch.get_num_threads(),
        "cpu": platform.processor() or platform.machine(),
    }


def scene_check_cost(runs: int, runtime: Runtime | None = None) -> dict:
    """The scene check (ml.scene_check on ml.scene_backbone) per photo, on the same runtime as grading:
    the backbone's features and the linear decision, from the decoded photo."""
    from ml import scene_backbone, scene_check
    from ml.assess import Scenery, precheck

    try:
        model = scene_check.load()
    except scene_check.SceneModelError as exc:
        return {"skipped": str(exc)}
    scenery, photo = Scenery(scene_backbone.load(runtime), model), scalp_photo()
    precheck(photo, scenery)
    timings = []
    for _ in range(runs):
        t = time.perf_counter()
        scene_check.classify_image(photo, scenery.backbone, scenery.model)
        timings.append(time.perf_counter() - t)
    return {"scene_check_p50_ms": round(statistics.median(timings) * 1000, 1),
            "scene_check_p95_ms": round(percentile(timings, 95) * 1000, 1), "backend": scenery.backbone.backend}


def photo_check_cost(weights: Path, runs: int, runtime: Runtime | None = None) -> dict:
    """What the photo check adds to one diagnosis: the quality checks on the decoded photo plus the
    familiarity scores of the features the models already returned (issue 10)."""
    from ml.assess import assess

    models = ModelCache().get(weights, runtime)
    photo, stats = scalp_photo(), {s: m.photo_check for s, m in models.items()}
    features = predict(photo, models).features
    stand_in = not all(stats.values())
    if stand_in:  # random seed weights carry no statistics: time ones of the right shape, like random weights
        stats = {s: _stand_in_stats(f.size) for s, f in features.items()}
    grading, checking = [], []
    for _ in range(runs):
        t = time.perf_counter()
        predict(photo, models)
        grading.append(time.perf_counter() - t)
        t = time.perf_counter()
        pc.check_photo(pc.check_quality(photo), features, stats)
        checking.append(time.perf_counter() - t)
    pipeline = []
    for _ in range(runs):  # as the site runs it (ml.assess), the scene check left out: --scene-check times it
        t = time.perf_counter()
        assess(photo, models=lambda: models, scenery=None, grade_anyway=True)
        pipeline.append(time.perf_counter() - t)
    grade_ms, check_ms = statistics.median(grading) * 1000, statistics.median(checking) * 1000
    return {"photo_check_p50_ms": round(check_ms, 1), "grading_p50_ms": round(grade_ms, 1),
            "pipeline_p50_ms": round(statistics.median(pipeline) * 1000, 1),
            "photo_check_added": f"{check_ms / grade_ms:.1%}",
            "familiarity_statistics": "stand-in of the right shape (timing only)" if stand_in else "checkpoint"}


def _stand_in_stats(dim: int) -> dict:
    from ml import familiarity

    rng = torch.Generator().manual_seed(0)
    return {**familiarity.fit(torch.rand(dim + 64, dim, generator=rng).numpy()), "threshold": 1.0, "scale": 1.0}


def get_args_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", type=Path,
                        help="benchmark these checkpoints instead of the original configuration")
    parser.add_argument("--save-dir", type=Path, default=Path("var/bench-weights"),
                        help="where the original-configuration checkpoints are written and reused")
    parser.add_argument("--backend", choices=BACKENDS, default=BACKENDS[0],
                        help="inference backend (ignored by --compare, which runs both)")
    parser.add_argument("--onnx-cache", type=Path, default=Path("var/onnx-cache"),
                        help="ONNX cache folder (--compare uses a fresh temporary one per configuration)")
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads (0: the cores available)")
    parser.add_argument("--runs", type=int, default=20, help="timed diagnoses (per backend)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed diagnoses first")
    parser.add_argument("--compare", action="store_true", help="both backends, interleaved, on the seed "
                        "configuration and on --weights (default weights/); the last line is one JSON object")
    parser.add_argument("--photos", type=int, default=200,
                        help="--compare: synthetic photos graded by both backends for the agreement")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)  # --compare's cold starts
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--photo-check", action="store_true", help="also time the photo check against grading "
                        "(quality checks + familiarity from the features the models return)")
    parser.add_argument("--scene-check", action="store_true", help="also time the scene check (EfficientNet-Lite0 "
                        "features + weights/scene_check.npz) per photo on the same backend; budget 15 ms")
    return parser


@torch.no_grad()  # a decorator, not set_grad_enabled(False): a test calling main() keeps its grad mode
def main(args: argparse.Namespace) -> dict:
    if args.worker:
        result = worker(args)
        print(json.dumps(result))
        return result
    if args.compare:
        from ml import benchmark_compare

        return benchmark_compare.main(args, write_original_weights(args.save_dir))
    weights = args.weights or write_original_weights(args.save_dir)
    result = run(weights, args.runs, args.warmup, runtime_from(args))
    if args.photo_check:
        result["photo_check"] = photo_check_cost(weights, args.runs, runtime_from(args))
    if args.scene_check:
        result["scene_check"] = scene_check_cost(args.runs, runtime_from(args))  # budget: 15 ms per photo
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text)
    return result


if __name__ == "__main__":
    main(get_args_parser().parse_args())
