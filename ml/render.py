"""Paint one 640x480 scalp micro-camera-like image whose six grades control visible features.

What each grade changes ("What the photos look like", shared/DATASET.md), in drawing order:
value_3 diffuse redness and a fine red vessel network between follicles; value_4 red rings and, from
grade 2, yellow-white pustule dots at follicle openings; value_2 a yellowish glossy sheen with specular
highlights; value_6 fewer and thinner hair shafts; value_1 small scattered white flakes; value_5 larger
clumped yellowish-white dandruff flakes. Sizes are chosen to survive a resize to ~128 px.
Colours are BGR (OpenCV); drawing happens on float32 and is quantised once at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

W, H = 640, 480
REDNESS = (0.0, 0.22, 0.40, 0.58)
VESSELS = (0, 12, 28, 50)
RINGS = (0.0, 0.35, 0.65, 0.95)
PUSTULES = (0.0, 0.0, 0.35, 0.7)
SHEEN = (0.0, 0.18, 0.34, 0.5)
HIGHLIGHTS = (0, 6, 14, 24)
HAIR_KEPT = (1.0, 0.65, 0.4, 0.2)
HAIR_WIDTH = (9, 7, 5, 3)
FLAKES = (0, 45, 120, 240)
CLUMPS = (0, 3, 7, 13)


@dataclass(frozen=True)
class Look:
    """What stays the same for one person: skin tone and hair colour."""
    skin: tuple[float, float, float]
    hair: tuple[float, float, float]


def random_look(rng: np.random.Generator) -> Look:
    skin = np.array([168.0, 186.0, 222.0]) + rng.normal(0, 7, 3)
    hair = np.array([32.0, 36.0, 45.0]) + rng.normal(0, 6, 3)
    return Look(tuple(float(x) for x in skin), tuple(float(x) for x in hair))


def _jitter(rng: np.random.Generator, value: float, spread: float = 0.15) -> float:
    return float(value * rng.uniform(1 - spread, 1 + spread))


class Painter:
    """Holds the pre-computed noise tiles; `paint` crops them at random offsets (fast)."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        fine = rng.normal(0, 1, (2 * H, 2 * W)).astype(np.float32)
        coarse = cv2.resize(rng.normal(0, 1, (H // 8, W // 8)).astype(np.float32), (2 * W, 2 * H),
                            interpolation=cv2.INTER_CUBIC)
        self.texture = 4.0 * fine + 7.0 * coarse
        blotch = cv2.resize(rng.random((H // 24, W // 24)).astype(np.float32), (2 * W, 2 * H),
                            interpolation=cv2.INTER_CUBIC)
        self.blotch = np.clip(0.35 + 0.9 * blotch, 0, 1)
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        r2 = ((xx - W / 2) / W) ** 2 + ((yy - H / 2) / H) ** 2
        self.vignette = cv2.merge([1.0 - 0.35 * r2] * 3)

    def _crop(self, tile: np.ndarray) -> np.ndarray:
        y, x = int(self.rng.integers(0, H)), int(self.rng.integers(0, W))
        return tile[y:y + H, x:x + W]

    def paint(self, grades, look: Look) -> np.ndarray:
        """A BGR uint8 image for six grades (value_1..value_6 order)."""
        g1, g2, g3, g4, g5, g6 = (int(g) for g in grades)
        rng = self.rng
        img = cv2.add(cv2.merge([self._crop(self.texture)] * 3), (*look.skin, 0.0))
        img = self._blend(img, REDNESS[g3], (105.0, 100.0, 225.0))
        _vessels(img, g3, rng)
        follicles = _follicle_positions(rng)
        for x, y in follicles:
            cv2.circle(img, (x, y), int(rng.integers(4, 7)), [c * 0.72 for c in look.skin], -1)
        _lesions(img, follicles, g4, rng)
        img = self._blend(img, SHEEN[g2], (120.0, 215.0, 240.0))
        _hair(img, follicles, g6, look, rng)
        _ellipses(img, rng, round(_jitter(rng, FLAKES[g1])), (5, 12), (3, 8), (225, 250))
        _dandruff(img, g5, rng)
        _ellipses(img, rng, round(_jitter(rng, HIGHLIGHTS[g2])), (2, 5), (1, 3), (255, 255))
        # Values stay positive, so convertScaleAbs is a saturating cast to uint8.
        return cv2.convertScaleAbs(cv2.multiply(cv2.GaussianBlur(img, (3, 3), 0), self.vignette))

    def _blend(self, img: np.ndarray, strength: float, colour) -> np.ndarray:
        """Pull the image towards `colour` in blotches (diffuse redness, sebum sheen)."""
        if not strength:
            return img
        alpha = cv2.merge([self._crop(self.blotch) * _jitter(self.rng, strength)] * 3)
        keep = cv2.multiply(img, cv2.subtract((1.0, 1.0, 1.0, 0.0), alpha))
        return cv2.add(keep, cv2.multiply(alpha, (*colour, 0.0)))


def _follicle_positions(rng: np.random.Generator) -> list[tuple[int, int]]:
    gy, gx = np.mgrid[40:H:95, 40:W:105]
    pts = np.stack([gx.ravel(), gy.ravel()], 1) + rng.normal(0, 18, (gx.size, 2))
    return [(int(x), int(y)) for x, y in pts]


def _lesions(img: np.ndarray, follicles, grade: int, rng: np.random.Generator) -> None:
    for x, y in follicles:
        if rng.random() < RINGS[grade]:
            cv2.circle(img, (x, y), int(rng.integers(14, 20)), (60, 50, 200), 4 + grade)
        if rng.random() < PUSTULES[grade]:
            cv2.circle(img, (x, y), int(rng.integers(8, 12)), (175, 228, 245), -1)


def _hair(img: np.ndarray, follicles, grade: int, look: Look, rng: np.random.Generator) -> None:
    for x, y in follicles:
        if rng.random() >= HAIR_KEPT[grade]:
            continue
        for _ in range(int(rng.integers(1, 3))):
            angle = rng.uniform(0, 2 * np.pi)
            length = rng.uniform(100, 320)
            bend = rng.normal(0, 0.25)
            mid = (x + 0.5 * length * np.cos(angle), y + 0.5 * length * np.sin(angle))
            end = (x + length * np.cos(angle + bend), y + length * np.sin(angle + bend))
            pts = np.array([(x, y), mid, end], np.int32)
            width = max(1, HAIR_WIDTH[grade] + int(rng.integers(-1, 2)))
            cv2.polylines(img, [pts], False, look.hair, width)


def _vessels(img: np.ndarray, grade: int, rng: np.random.Generator) -> None:
    for _ in range(round(_jitter(rng, VESSELS[grade]))):
        steps = rng.normal(0, 1, (int(rng.integers(5, 11)), 2)) * 22
        pts = (rng.uniform((0, 0), (W, H)) + np.cumsum(steps, axis=0)).astype(np.int32)
        cv2.polylines(img, [pts], False, (80, 70, 195), int(rng.integers(2, 4)))


def _ellipses(img: np.ndarray, rng: np.random.Generator, n: int, major, minor, shade) -> None:
    """n grey-white ellipses at random places (fine flakes, specular highlights)."""
    xs, ys = rng.integers(0, W, n), rng.integers(0, H, n)
    a, b = rng.integers(*major, n), rng.integers(*minor, n)
    angles, shades = rng.uniform(0, 180, n), rng.uniform(shade[0], shade[1] + 1e-3, n)
    for x, y, ma, mi, ang, sh in zip(xs, ys, a, b, angles, shades, strict=True):
        cv2.ellipse(img, (int(x), int(y)), (int(ma), int(mi)), float(ang), 0, 360, (sh, sh, sh), -1)


def _dandruff(img: np.ndarray, grade: int, rng: np.random.Generator) -> None:
    for _ in range(round(_jitter(rng, CLUMPS[grade], 0.3))):
        cx, cy = rng.uniform(30, W - 30), rng.uniform(30, H - 30)
        for _ in range(int(rng.integers(5, 11))):
            centre = (int(cx + rng.normal(0, 14)), int(cy + rng.normal(0, 14)))
            axes = (int(rng.integers(8, 20)), int(rng.integers(5, 13)))
            colour = (float(rng.uniform(170, 200)), float(rng.uniform(222, 240)), float(rng.uniform(235, 250)))
            cv2.ellipse(img, centre, axes, float(rng.uniform(0, 180)), 0, 360, colour, -1)
