"""Images for fitting and measuring the scene check (ml.scene_fit, ml.scene_eval), deterministic by seed.

- scalp close-ups: the trichoscope pack's photos, split by person (subject id) into fit / calibration /
  test with a fixed seed; long hair drawn over them and warm or brownish tones (`bridge`), so that the
  close-ups most people upload (long hair, warm light) are not foreign; synthetic renders (ml.render)
  with and without long hair. The 12 long-hair photos are never used to fit anything.
- not_scalp: photos bundled with scikit-image and matplotlib (a cat, a coffee cup, faces, coins, the
  moon, text, ...), split by photo into fit and held-out groups; rendered documents, screenshots, flat
  colours, gradients, noise, landscapes and skin-like textures without hair.
- too_far: renders of heads and hair seen from a distance: a background, a face-coloured oval with a
  hair silhouette, or a scalp close-up shrunk and pasted into a larger scene. These are drawings, not
  photos of people: the too-far rate measures renders only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from ml import photo_check_sets as pcs
from ml import render
from ml.synthetic import sample_grades

SPLIT_SEED = 20261201
FIT_PHOTOS = ("camera", "coins", "moon", "text", "page", "horse", "brick", "grass", "gravel", "hubble_deep_field",
              "retina", "rocket", "motorcycle_left", "logo", "ihc", "cell", "clock_motion", "phantom")
HELD_OUT_PHOTOS = ("chelsea", "coffee", "astronaut", "color", "chessboard_RGB", "microaneurysms", "grace_hopper")


def shared_dir() -> Path:
    return Path(os.environ.get("SCALPSPECTRA_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))


def trichoscope_split(root: Path, seed: int = SPLIT_SEED) -> dict[str, list[Path]]:
    """{"fit", "calibration", "test"}: image paths, whole people in each (60/20/20 of the subjects)."""
    labels = json.loads((root / "labels.json").read_text())["images"]
    subjects = sorted({v["subject"] for v in labels.values()})
    order = np.random.default_rng(seed).permutation(len(subjects))
    cut1, cut2 = int(0.6 * len(subjects)), int(0.8 * len(subjects))
    group = {subjects[i]: ("fit" if k < cut1 else "calibration" if k < cut2 else "test") for k, i in enumerate(order)}
    out = {"fit": [], "calibration": [], "test": []}
    for name, entry in sorted(labels.items()):
        if (root / "images" / name).is_file():
            out[group[entry["subject"]]].append(root / "images" / name)
    return out


def open_rgb(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGB")


def _bgr(image: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)


def _rgb(bgr: np.ndarray) -> Image.Image:
    return Image.fromarray(cv2.cvtColor(np.clip(bgr, 0, 255).astype(np.uint8), cv2.COLOR_BGR2RGB))


def long_hair(bgr: np.ndarray, rng: np.random.Generator, n: tuple[int, int] = (15, 60)) -> np.ndarray:
    """Long curved hair shafts across the frame, dark with a glossy line, as a micro-camera sees them."""
    img = bgr.astype(np.float32).copy()
    h, w = img.shape[:2]
    colour = np.array([25.0, 30.0, 40.0]) + rng.uniform(0, 35, 3)
    width_scale = w / 640
    for _ in range(int(rng.integers(*n))):
        start, turn = rng.uniform((0, 0), (w, h)), rng.uniform(-0.05, 0.05)
        angles = rng.uniform(0, 2 * np.pi) + turn * np.arange(60)
        pts = (start + np.cumsum(np.stack([np.cos(angles), np.sin(angles)], 1) * 12 * width_scale, axis=0))
        width = max(1, int(rng.integers(4, 13) * width_scale))
        cv2.polylines(img, [pts.astype(np.int32)], False, (colour * rng.uniform(0.7, 1.3)).tolist(), width, cv2.LINE_AA)
        if rng.random() < 0.6:
            cv2.polylines(img, [pts.astype(np.int32)], False, (colour + 90).tolist(), 1, cv2.LINE_AA)
    return img


def tone(bgr: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Warm light or browner skin (AI Hub micro-camera photos), brightness and contrast jitter."""
    img = bgr.astype(np.float32)
    warm = rng.uniform(0.0, 1.0)
    gains = np.array([1 - 0.35 * warm, 1 - 0.1 * warm, 1 + 0.15 * warm]) * rng.uniform(0.75, 1.15)
    mean = img.mean(axis=(0, 1))
    return (img - mean) * rng.uniform(0.8, 1.2) + mean * gains


def jitter(image: Image.Image, rng: np.random.Generator, *, crop: float = 0.6) -> Image.Image:
    """A random crop (crop..1 of each side), flips and a colour jitter."""
    img = _bgr(image).astype(np.float32)
    h, w = img.shape[:2]
    s = rng.uniform(crop, 1.0)
    ch, cw = max(8, int(h * s)), max(8, int(w * s))
    y, x = int(rng.integers(0, h - ch + 1)), int(rng.integers(0, w - cw + 1))
    img = img[y:y + ch, x:x + cw]
    if rng.random() < 0.5:
        img = img[:, ::-1]
    if rng.random() < 0.3:
        img = img[::-1]
    img = img * rng.uniform(0.8, 1.2, 3) + rng.uniform(-20, 20)
    return _rgb(img)


def bridge(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A real close-up made to look like a long-hair warm micro-camera photo."""
    bgr = _bgr(image)
    if rng.random() < 0.8:
        bgr = long_hair(bgr, rng)
    return _rgb(tone(bgr, rng))


def synthetic_scalps(n: int, seed: int, *, long: float = 0.5) -> list[Image.Image]:
    """Synthetic scalp renders (ml.render, the grade mix of the real data), `long` of them with long hair
    and a tone change."""
    rng = np.random.default_rng(seed)
    out = []
    for bgr in pcs.scalps(n, seed):
        if rng.random() < long:
            bgr = tone(long_hair(bgr, rng), rng)
        out.append(_rgb(bgr))
    return out


def bundled_photos(names: tuple[str, ...]) -> dict[str, Image.Image]:
    """The named photos bundled with scikit-image (skimage/data) and matplotlib (sample_data)."""
    import matplotlib
    import skimage

    folders = [Path(skimage.__file__).parent / "data", Path(matplotlib.get_data_path()) / "sample_data"]
    out = {}
    for name in names:
        for folder in folders:
            hits = sorted(folder.glob(f"{name}.*"))
            if hits:
                out[name] = open_rgb(hits[0])
                break
    return out


def faces(n: int) -> list[Image.Image]:
    """Faces from scikit-image's Labeled Faces in the Wild subset (25x25 grey), enlarged."""
    import skimage

    arr = np.load(Path(skimage.__file__).parent / "data" / "lfw_subset.npy")[:n]
    return [Image.fromarray((a * 255).astype(np.uint8)).convert("RGB").resize((320, 320), Image.BICUBIC) for a in arr]


def skin(n: int, rng: np.random.Generator) -> list[Image.Image]:
    """Skin-coloured textures with pores and shading but no hair (an arm, a cheek up close)."""
    out = []
    for _ in range(n):
        base = np.array([150.0, 170.0, 215.0]) * rng.uniform(0.5, 1.1) + rng.normal(0, 10, 3)
        coarse = cv2.resize(rng.normal(0, 1, (12, 16)).astype(np.float32), (640, 480), interpolation=cv2.INTER_CUBIC)
        fine = cv2.GaussianBlur(rng.normal(0, 1, (480, 640)).astype(np.float32), (0, 0), 1.2)
        img = base + (12 * coarse + 10 * fine)[..., None]
        for _ in range(int(rng.integers(0, 200))):
            cv2.circle(img, (int(rng.integers(0, 640)), int(rng.integers(0, 480))), 1, (base * 0.8).tolist(), -1)
        out.append(_rgb(img))
    return out


def gradients(n: int, rng: np.random.Generator) -> list[Image.Image]:
    out = []
    for _ in range(n):
        a, b = rng.uniform(0, 255, 3), rng.uniform(0, 255, 3)
        t = np.linspace(0, 1, 640)[None, :, None] if rng.random() < 0.5 else np.linspace(0, 1, 480)[:, None, None]
        out.append(_rgb(a + (b - a) * t + rng.normal(0, 2, (480, 640, 3))))
    return out


def not_scalp_renders(n: int, seed: int) -> dict[str, list[Image.Image]]:
    """Rendered kinds of not_scalp, n each: documents/screenshots, flat colours, gradients, noise,
    landscapes, skin without hair."""
    rng = np.random.default_rng(seed)
    return {"documents": pcs.documents(n, rng), "flat": pcs.flat(n, rng), "gradients": gradients(n, rng),
            "noise": pcs.noise(n, rng), "landscapes": [pcs._landscape(rng) for _ in range(n)], "skin": skin(n, rng)}


def _background(rng: np.random.Generator, bundled: list[Image.Image]) -> np.ndarray:
    if bundled and rng.random() < 0.5:
        return _bgr(jitter(bundled[int(rng.integers(len(bundled)))], rng).resize((640, 480))).astype(np.float32)
    return _bgr(pcs._landscape(rng)).astype(np.float32)


def _head(img: np.ndarray, rng: np.random.Generator, texture: np.ndarray | None) -> None:
    """A head from a distance: face or crown oval, hair silhouette, optionally a scalp patch."""
    cx, cy = int(rng.uniform(200, 440)), int(rng.uniform(170, 330))
    r = int(rng.uniform(50, 150))
    skin_colour = (np.array([150.0, 170.0, 215.0]) * rng.uniform(0.5, 1.1)).tolist()
    hair_colour = (np.array([25.0, 30.0, 40.0]) + rng.uniform(0, 60, 3)).tolist()
    cv2.ellipse(img, (cx, cy - r // 3), (int(r * 1.05), int(r * 1.0)), 0, 0, 360, hair_colour, -1)
    crown = rng.random() < 0.5  # seen from above: a parting line; else a face below the hair
    if crown:
        cv2.line(img, (cx, cy - r), (cx + int(rng.uniform(-20, 20)), cy + r // 2), skin_colour, max(2, r // 15))
    else:
        cv2.ellipse(img, (cx, cy + r // 4), (int(r * 0.8), int(r * 0.95)), 0, 0, 360, skin_colour, -1)
        for dx in (-r // 3, r // 3):
            cv2.circle(img, (cx + dx, cy + r // 6), max(2, r // 12), (40, 40, 40), -1)
        cv2.line(img, (cx, cy + r // 2 + r // 4), (cx, cy + r // 2 + r // 4), (60, 60, 140), max(2, r // 10))
    if texture is not None:
        side = int(r * rng.uniform(0.5, 1.0))
        patch = cv2.resize(texture, (side, side * 3 // 4), interpolation=cv2.INTER_AREA)
        y0, x0 = max(0, cy - r // 2), max(0, cx - side // 2)
        ph, pw = patch[: 480 - y0, : 640 - x0].shape[:2]
        img[y0:y0 + ph, x0:x0 + pw] = patch[:ph, :pw]
    for _ in range(int(rng.integers(20, 80))):  # loose strands around the silhouette
        a = rng.uniform(np.pi, 2 * np.pi)
        p0 = (int(cx + r * np.cos(a)), int(cy - r // 3 + r * np.sin(a)))
        p1 = (int(p0[0] + rng.normal(0, 15)), int(p0[1] + rng.uniform(10, 80)))
        cv2.line(img, p0, p1, hair_colour, int(rng.integers(1, 4)))


def too_far(n: int, seed: int, textures: list[Image.Image], bundled: list[Image.Image]) -> list[Image.Image]:
    """Heads and hair from a distance (see the module docstring); `textures`: close-ups to shrink in."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        img = _background(rng, bundled)
        texture = _bgr(textures[int(rng.integers(len(textures)))]) if textures and rng.random() < 0.6 else None
        _head(img, rng, texture)
        out.append(_rgb(cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.5))))
    return out


def jpeg(image: Image.Image) -> Image.Image:
    """A JPEG round trip, like an upload."""
    ok, data = cv2.imencode(".jpg", _bgr(image), [cv2.IMWRITE_JPEG_QUALITY, 90])
    return Image.fromarray(cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB))


def fresh_synthetic(n: int, seed: int = pcs.FRESH_SEED) -> list[Image.Image]:
    """The generator's own photos (training kind, no long hair), unseen seed: what the grading models learned."""
    rng = np.random.default_rng(seed)
    painter, grades = render.Painter(rng), sample_grades(rng, n)
    return [jpeg(_rgb(painter.paint(g, render.random_look(rng)))) for g in grades]
