"""Rates of the scene check and of the quality limits on images never used to fit anything.

    python -m ml.scene_eval --trichoscope ../shared/data/trichoscope --longhair ../shared/data/longhair

Sets: the trichoscope test people (as they are); the 12 long-hair close-ups; fresh synthetic scalps
(the generator's own kind, an unseen seed); not_scalp kinds: HELD_OUT_PHOTOS (a cat, a coffee cup, an
astronaut, Grace Hopper, ... never used to fit), faces 101-200 of the LFW subset, and fresh-seed renders
of documents, flat colours, gradients, noise, landscapes and skin; too_far: fresh-seed renders of heads
(with test people's close-ups shrunk in). For each: the share per category, and for the real close-ups
the share refused by each quality check (ml.photo_check.Thresholds).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from ml import photo_check as pc
from ml import scene_backbone, scene_check
from ml import scene_sets as ss

EVAL_SEED = 20261202  # never used by ml.scene_fit
QUALITY_CODES = ("blurry", "dark", "overexposed", "flat")


def eval_sets(trichoscope: Path | None, longhair: Path | None, n: int, seed: int = EVAL_SEED) -> dict[str, list]:
    """{set name: images}; the real sets only where their folders exist."""
    sets: dict[str, list] = {}
    test = []
    if trichoscope and (trichoscope / "labels.json").is_file():
        test = [ss.open_rgb(p) for p in ss.trichoscope_split(trichoscope)["test"]]
        sets["real close-ups (test people)"] = test
    if longhair and longhair.is_dir():
        sets["long-hair close-ups"] = [ss.open_rgb(p) for p in sorted(longhair.glob("*.jpg"))]
    sets["fresh synthetic"] = ss.fresh_synthetic(n)
    held_out = ss.bundled_photos(ss.HELD_OUT_PHOTOS)
    rng = np.random.default_rng(seed)
    sets["not_scalp: held-out photos"] = [ss.jpeg(ss.jitter(p, rng, crop=0.7)) for p in held_out.values()
                                          for _ in range(4)] + [ss.jpeg(p) for p in held_out.values()]
    sets["not_scalp: faces"] = [ss.jpeg(f) for f in ss.faces(200)[100:100 + n]]
    for kind, images in ss.not_scalp_renders(n, seed).items():
        sets[f"not_scalp: {kind}"] = [ss.jpeg(i) for i in images]
    sets["too_far: rendered heads"] = [ss.jpeg(i) for i in ss.too_far(n, seed + 1, test[:40], list(held_out.values()))]
    return sets


def quality_refusals(images: list, thresholds: pc.Thresholds = pc.DEFAULTS) -> dict[str, float]:
    """Share of images refused (and flagged at all) by each quality check."""
    checks = [pc.check_quality(i, thresholds) for i in images]
    refused = Counter(r.code for c in checks for r in c.reasons if r.level == pc.REFUSED)
    flagged = Counter(r.code for c in checks for r in c.reasons)
    n = len(checks)
    return {"refused_any": sum(c.outcome == pc.REFUSED for c in checks) / n,
            **{f"refused_{k}": refused[k] / n for k in QUALITY_CODES},
            **{f"flagged_{k}": flagged[k] / n for k in QUALITY_CODES}}


def rates(name: str, images: list, backbone, model: scene_check.SceneModel) -> dict:
    scenes = model.classify(scene_check.features(images, backbone))
    counts = Counter(s.category for s in scenes)
    row = {"set": name, "images": len(images), **{c: counts[c] / len(images) for c in scene_check.CLASSES}}
    if name.startswith(("real", "long-hair", "fresh")):
        row["quality"] = quality_refusals(images)
        row["scalp_probability_min"] = round(min(s.probabilities["scalp_closeup"] for s in scenes), 4)
    return row


def format_row(row: dict) -> str:
    text = (f"{row['set']:<30} n={row['images']:<4} scalp_closeup {row['scalp_closeup']:6.1%}  "
            f"too_far {row['too_far']:6.1%}  not_scalp {row['not_scalp']:6.1%}")
    if "quality" in row:
        q = row["quality"]
        text += "  | quality refused " + f"{q['refused_any']:.1%} (" + ", ".join(
            f"{k[8:]} {v:.1%}" for k, v in q.items() if k.startswith("refused_") and k != "refused_any") + ")"
    return text


def main(args: argparse.Namespace) -> list[dict]:
    model = scene_check.load(args.scene)
    backbone = scene_backbone.load(scene_backbone.Runtime(backend=args.backend, onnx_cache_dir=args.onnx_cache))
    rows = []
    for name, images in eval_sets(args.trichoscope, args.longhair, args.n).items():
        rows.append(rates(name, images, backbone, model))
        print(format_row(rows[-1]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return rows


def get_args_parser() -> argparse.ArgumentParser:
    data = ss.shared_dir() / "data"
    p = argparse.ArgumentParser(description="Rates of the scene check on images never used to fit it.")
    p.add_argument("--trichoscope", type=Path, default=data / "trichoscope")
    p.add_argument("--longhair", type=Path, default=data / "longhair", help="folder of the 12 long-hair photos")
    p.add_argument("--scene", type=Path, default=scene_check.DEFAULT_PATH, help="the scene check's file")
    p.add_argument("--n", type=int, default=60, help="images per rendered set")
    p.add_argument("--backend", choices=("onnxruntime", "torch"), default="onnxruntime")
    p.add_argument("--onnx-cache", type=Path, default=Path("var/onnx-cache"))
    p.add_argument("--json", type=Path, help="also write the rates to this file")
    return p


if __name__ == "__main__":
    main(get_args_parser().parse_args())
