"""The photo check's evaluation sets, made here because no real photos are: fresh synthetic scalps
that must pass, and images of other kinds the models never saw that must be refused or flagged.

Every set is deterministic by seed and made of 640x480 (or photo-sized) RGB PIL images that go
through a JPEG round trip like an upload. `expected` names the reason a quality set must be caught
for; the familiarity sets may be caught for any reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ml import render
from ml.synthetic import sample_grades

FRESH_SEED = 20261126  # never used to train any shipped or test model
WORDS = ("scalp", "report", "invoice", "두피", "진단", "결과", "meeting", "total", "2026", "hello", "설정", "확인")


@dataclass(frozen=True)
class EvalSet:
    name: str
    images: list[Image.Image]
    expected: str | None  # "pass", a reason code the set must be flagged for, or None (any reason)


def _jpeg(bgr_or_rgb: np.ndarray, *, bgr: bool = True) -> Image.Image:
    rgb = cv2.cvtColor(bgr_or_rgb, cv2.COLOR_BGR2RGB) if bgr else bgr_or_rgb
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 90])
    return Image.fromarray(cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB))


def scalps(n: int, seed: int = FRESH_SEED) -> list[np.ndarray]:
    """n synthetic scalp images (BGR) from the training generator, with the real data's grade mix."""
    rng = np.random.default_rng(seed)
    painter, grades = render.Painter(rng), sample_grades(rng, n)
    return [painter.paint(g, render.random_look(rng)) for g in grades]


def restyled(bgr: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A scalp in another style (shared/DATASET.md, real photos): a cool bluish-grey cast, smoother
    skin and curved glossy hairs with a bright line along each shaft."""
    img = cv2.GaussianBlur(bgr, (0, 0), 1.5).astype(np.float32)
    grey = img.mean(axis=2, keepdims=True)
    img = 0.45 * img + 0.55 * grey + np.array([28.0, 6.0, -18.0]) * rng.uniform(0.7, 1.3)
    for _ in range(int(rng.integers(10, 22))):
        start = rng.uniform((0, 0), (640, 480))
        turn = rng.uniform(-0.04, 0.04)
        angles = rng.uniform(0, 2 * np.pi) + turn * np.arange(40)
        pts = (start + np.cumsum(np.stack([np.cos(angles), np.sin(angles)], 1) * 9, axis=0)).astype(np.int32)
        cv2.polylines(img, [pts], False, (45.0, 40.0, 38.0), int(rng.integers(4, 8)), cv2.LINE_AA)
        cv2.polylines(img, [pts], False, (210.0, 205.0, 200.0), 1, cv2.LINE_AA)
    return np.clip(img, 0, 255).astype(np.uint8)


def natural(n: int, rng: np.random.Generator) -> list[Image.Image]:
    """Photo-like scenes: crops of matplotlib's sample photos where present, and procedural
    landscapes (sky gradient, ground, textured shapes)."""
    import matplotlib  # ships a few sample photos (grace_hopper.jpg)

    sample_data = Path(matplotlib.get_data_path()) / "sample_data"
    photos = [Image.open(p).convert("RGB") for p in sorted(sample_data.glob("*.jpg"))]
    out = []
    for i in range(n):
        if photos and i % 3 == 0:
            photo = photos[i // 3 % len(photos)]
            w, h = photo.size
            side = int(min(w, h) * rng.uniform(0.6, 1.0))
            x, y = int(rng.integers(0, w - side + 1)), int(rng.integers(0, h - side + 1))
            out.append(photo.crop((x, y, x + side, y + side * 3 // 4)).resize((640, 480)))
            continue
        out.append(_landscape(rng))
    return out


def _landscape(rng: np.random.Generator) -> Image.Image:
    yy = np.linspace(0, 1, 480)[:, None, None]
    sky, ground = rng.uniform(60, 255, 3), rng.uniform(20, 160, 3)
    horizon = rng.uniform(0.35, 0.7)
    img = np.where(yy < horizon, sky * (1 - 0.5 * yy), ground * (0.6 + 0.4 * yy)) * np.ones((1, 640, 1))
    img += rng.normal(0, 6, img.shape)
    for _ in range(int(rng.integers(4, 12))):
        centre = (int(rng.integers(0, 640)), int(rng.integers(0, 480)))
        axes = (int(rng.integers(15, 140)), int(rng.integers(15, 120)))
        cv2.ellipse(img, centre, axes, float(rng.uniform(0, 180)), 0, 360, rng.uniform(0, 255, 3).tolist(), -1)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1))


def _font(size: int):
    for name in ("NotoSansCJK-Regular.ttc", "DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def documents(n: int, rng: np.random.Generator) -> list[Image.Image]:
    """Pages of text and app-like screenshots (bars, buttons, text)."""
    out = []
    for i in range(n):
        paper = (255, 255, 255) if i % 2 else tuple(int(v) for v in rng.integers(200, 256, 3))
        page = Image.new("RGB", (640, 480), paper)
        draw = ImageDraw.Draw(page)
        if i % 2 == 0:  # a screenshot: a coloured title bar and buttons
            draw.rectangle((0, 0, 640, 56), fill=tuple(int(v) for v in rng.integers(0, 200, 3)))
            for b in range(3):
                draw.rounded_rectangle((40 + 200 * b, 400, 200 + 200 * b, 450), 12, fill=(60, 110, 220))
        size = int(rng.integers(14, 30))
        for line in range(70, 390, size + 8):
            text = " ".join(str(rng.choice(WORDS)) for _ in range(int(rng.integers(3, 9))))
            draw.text((30, line), text, fill=(20, 20, 20), font=_font(size))
        out.append(page)
    return out


def flat(n: int, rng: np.random.Generator) -> list[Image.Image]:
    """Nearly one colour: a wall, a lens cap, a blank screen (a faint shading and sensor noise)."""
    out = []
    for _ in range(n):
        colour = rng.uniform(0, 255, 3)
        shade = np.linspace(1 - rng.uniform(0, 0.04), 1, 640)[None, :, None]
        out.append(Image.fromarray(np.clip(colour * shade + rng.normal(0, 1.0, (480, 640, 3)), 0, 255)
                                   .astype(np.uint8)))
    return out


def noise(n: int, rng: np.random.Generator) -> list[Image.Image]:
    """Random pixels, uniform or coarse blobs."""
    out = []
    for i in range(n):
        cells = (480, 640) if i % 2 else (48, 64)
        arr = rng.integers(0, 256, (*cells, 3), dtype=np.uint8)
        out.append(Image.fromarray(cv2.resize(arr, (640, 480), interpolation=cv2.INTER_NEAREST)))
    return out


def build_sets(n: int = 60, seed: int = FRESH_SEED) -> list[EvalSet]:
    """The fresh set (must pass) and the eight sets of other kinds (must be flagged or refused)."""
    rng = np.random.default_rng(seed + 1)
    fresh, other = scalps(n, seed), scalps(n, seed + 2)
    sets = [
        EvalSet("fresh synthetic", [_jpeg(b) for b in fresh], "pass"),
        EvalSet("natural photos", [_jpeg(np.asarray(i), bgr=False) for i in natural(n, rng)], None),
        EvalSet("documents/screenshots", [_jpeg(np.asarray(i), bgr=False) for i in documents(n, rng)], None),
        EvalSet("flat colours", [_jpeg(np.asarray(i), bgr=False) for i in flat(n, rng)], "flat"),
        EvalSet("noise", [_jpeg(np.asarray(i), bgr=False) for i in noise(n, rng)], None),
        EvalSet("blurred synthetic", [_jpeg(cv2.GaussianBlur(b, (0, 0), rng.uniform(6, 14))) for b in other],
                "blurry"),
        EvalSet("darkened synthetic", [_jpeg(cv2.convertScaleAbs(b, alpha=rng.uniform(0.08, 0.25)))
                                       for b in other], "dark"),
        EvalSet("restyled scalps", [_jpeg(restyled(b, rng)) for b in other], None),
    ]
    return sets

