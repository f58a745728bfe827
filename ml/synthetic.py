"""A synthetic dataset in the exact AI Hub full-download layout (shared/DATASET.md).

    python -m ml.synthetic --out data/synthetic --n 3000 --seed 0

Writes `Training/` and `Validation/` with `[원천]{증상}_{g}.{등급}` image folders (an image is copied into
every symptom folder where its grade is above 0; all-zero images go to every `_0.양호` folder),
`[라벨]...` folders with label JSONs whose values are strings, `<stem>_META.json` beside the images and
`SYNTHETIC.json` at the root, which the reader uses to mark checkpoints trained on it. The 640x480
JPEGs imitate micro-camera photos; each grade visibly controls its own feature. Deterministic by seed.
"""

from __future__ import annotations

import argparse
import json
import string
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ml import render
from ml.labels import GRADES, SYMPTOMS

MARKER = "SYNTHETIC.json"
# Official Training split (shared/DATASET.md): images per grade 0..3, and per number of symptoms present.
GRADE_COUNTS = {
    "value_1": (59496, 4786, 5756, 2304),
    "value_2": (14753, 28473, 25297, 3819),
    "value_3": (21505, 32501, 13833, 4503),
    "value_4": (68788, 2444, 778, 332),
    "value_5": (43837, 16703, 9546, 2256),
    "value_6": (54211, 13486, 3808, 837),
}
PRESENT_COUNTS = (534, 10363, 30145, 24938, 5833, 511, 18)
LOCATIONS = ("TH", "LH", "RH", "FH", "BH")
_PATTERNS = ((np.arange(64)[:, None] >> np.arange(6)) & 1).astype(bool)


def pattern_probabilities(iterations: int = 300) -> np.ndarray:
    """Probabilities of the 64 presence patterns matching both the per-symptom presence rates and
    the distribution of how many symptoms an image shows (iterative proportional fitting)."""
    k = _PATTERNS.sum(1)
    target_m = np.array([1 - c[0] / sum(c) for c in GRADE_COUNTS.values()])
    target_k = np.array(PRESENT_COUNTS) / sum(PRESENT_COUNTS)
    odds, count_w = target_m / (1 - target_m), np.ones(7)

    def probs():
        w = np.prod(np.where(_PATTERNS, odds, 1.0), axis=1) * count_w[k]
        return w / w.sum()

    for _ in range(iterations):
        marg = probs() @ _PATTERNS
        odds *= (target_m / marg) * ((1 - marg) / (1 - target_m))
        count_w *= target_k / np.bincount(k, weights=probs(), minlength=7)
    return probs()


def sample_grades(rng: np.random.Generator, n: int) -> np.ndarray:
    """(n, 6) grades with the real data's co-occurrence and per-symptom grade balance."""
    present = _PATTERNS[rng.choice(64, size=n, p=pattern_probabilities())]
    grades = np.zeros((n, 6), dtype=np.int64)
    for j, counts in enumerate(GRADE_COUNTS.values()):
        p = np.array(counts[1:], dtype=float) / sum(counts[1:])
        grades[:, j] = np.where(present[:, j], rng.choice([1, 2, 3], size=n, p=p), 0)
    return grades


@dataclass(frozen=True)
class Subject:
    number: int
    device: str
    gender: str
    age: str
    look: render.Look


def _subjects(rng: np.random.Generator, n: int) -> list[Subject]:
    numbers = rng.choice(np.arange(1, 10000), size=n, replace=False)
    chars = np.array(list(string.ascii_uppercase + string.digits))
    return [Subject(int(num), "".join(rng.choice(chars, 15)), str(rng.choice(["남", "여"])),
                    f"{int(rng.integers(1, 7)) * 10}대", render.random_look(rng)) for num in numbers]


def folder_name(kind: str, symptom_index: int, grade: int) -> str:
    """`[원천]미세각질_0.양호` (kind "원천") or `[라벨]...` (kind "라벨")."""
    return f"[{kind}]{SYMPTOMS[symptom_index].ko}_{grade}.{GRADES[grade].ko}"


def _folders(grades: np.ndarray) -> list[tuple[int, int]]:
    if not grades.any():
        return [(j, 0) for j in range(6)]
    return [(j, int(g)) for j, g in enumerate(grades) if g > 0]


def _write_one(split_dir: Path, name: str, jpeg: bytes, label: dict, meta: dict) -> None:
    stem = name.rsplit(".", 1)[0]
    label_text = json.dumps(label, ensure_ascii=False)
    meta_text = json.dumps(meta, ensure_ascii=False)
    for j, g in _folders(np.array([int(label[s.key]) for s in SYMPTOMS])):
        images = split_dir / folder_name("원천", j, g)
        labels = split_dir / folder_name("라벨", j, g)
        images.mkdir(parents=True, exist_ok=True)
        labels.mkdir(parents=True, exist_ok=True)
        (images / name).write_bytes(jpeg)
        (images / f"{stem}_META.json").write_text(meta_text, encoding="utf-8")
        (labels / f"{stem}.json").write_text(label_text, encoding="utf-8")


def _records(subject: Subject, index: int, grades: np.ndarray, rng: np.random.Generator):
    loc = str(rng.choice(LOCATIONS))
    stamp = 1602578303771 + index * 7919 + int(rng.integers(0, 5000))
    name = f"{subject.number:04d}_{subject.device}_{stamp}_{int(rng.integers(1, 4))}_{loc}.jpg"
    label = {"image_id": f"{subject.number}_{index}", "image_file_name": name,
             **{s.key: str(int(g)) for s, g in zip(SYMPTOMS, grades, strict=True)}}
    answer = str(rng.choice(["1일 1회", "2일 1회", "주 2회", ""]))
    meta = {"gender": subject.gender, "age": subject.age, "location": loc,
            "question1": "샴푸 사용 빈도", "answers1": answer}
    return name, label, meta


def generate(out: str | Path, n: int, seed: int = 0, *, train_fraction: float = 0.75,
             quality: int = 90) -> dict:
    """Write n images (and their labels and META files) under `out`; returns a summary."""
    out = Path(out)
    rng = np.random.default_rng(seed)
    subjects = _subjects(rng, max(2, n // 25))
    grades = sample_grades(rng, n)
    painter = render.Painter(rng)
    splits = {"Training": 0, "Validation": 0}
    for i in range(n):
        subject = subjects[int(rng.integers(len(subjects)))]
        image = painter.paint(grades[i], subject.look)
        ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        split = "Training" if rng.random() < train_fraction else "Validation"
        name, label, meta = _records(subject, i, grades[i], rng)
        _write_one(out / split, name, jpeg.tobytes(), label, meta)
        splits[split] += 1
    summary = {"generator": "ml.synthetic", "seed": seed, "images": n, "subjects": len(subjects),
               "splits": splits}
    (out / MARKER).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def get_args_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Write a synthetic scalp dataset in the AI Hub layout.")
    p.add_argument("--out", required=True, help="dataset root to create")
    p.add_argument("--n", type=int, default=1000, help="number of distinct images")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same files)")
    p.add_argument("--train-fraction", type=float, default=0.75,
                   help="share of images put under Training/ (the rest under Validation/)")
    p.add_argument("--quality", type=int, default=90, help="JPEG quality")
    return p


def main(args: argparse.Namespace) -> dict:
    start = time.perf_counter()
    summary = generate(args.out, args.n, args.seed, train_fraction=args.train_fraction,
                       quality=args.quality)
    took = time.perf_counter() - start
    print(f"wrote {summary['images']} images of {summary['subjects']} subjects to {args.out} "
          f"({summary['splits']}) in {took:.1f} s ({1000 * took / max(1, args.n):.1f} ms/image)")
    return summary


if __name__ == "__main__":
    main(get_args_parser().parse_args())
