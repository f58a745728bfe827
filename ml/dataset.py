"""Read the AI Hub scalp dataset (either layout in shared/DATASET.md) into labelled samples.

Both layouts are read the same way: images under any folder whose (NFC-normalised) name contains
"원천", label JSONs under any folder containing "라벨", paired by file stem. Folder names only say where
to look; the grades always come from the JSON (an image sits in several symptom folders at once).
"""

from __future__ import annotations

import json
import os
import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch
from PIL import Image
from torchvision.transforms.v2 import functional as F

from ml.labels import NUM_GRADES, SYMPTOM_KEYS
from ml.presets import to_rgb
from ml.synthetic import MARKER

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
EXPECTED_LAYOUT = ("expected the AI Hub full download (Training/ and Validation/ holding "
                   "[원천]미세각질_0.양호 and [라벨]미세각질_0.양호 folders) or the sample download "
                   "(원천데이터/1.미세각질/0.양호 and 라벨링데이터/1.미세각질/0.양호)")


class DatasetError(ValueError):
    """The folder is not a usable AI Hub scalp dataset; the message names the file or folder."""


@dataclass(frozen=True)
class Sample:
    path: Path
    grades: dict[str, int]  # value_1..value_6
    gender: str | None = None  # "남" / "여"
    age: int | None = None  # start of the age band, e.g. 20 for "20대"

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def subject(self) -> str:
        return subject_of(self.path.name)


@dataclass
class DatasetIndex:
    root: Path
    layout: str  # "full" or "sample"
    synthetic: bool
    samples: list[Sample]
    duplicates: int = 0  # extra copies of an image in other symptom folders
    unlabelled: list[str] = field(default_factory=list)  # images without a label JSON
    unreadable: list[str] = field(default_factory=list)  # images skipped because they do not decode


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def subject_of(file_name: str) -> str:
    """The person an image shows: the first four digits of the AI Hub file name."""
    match = re.match(r"\d{4}", file_name)
    return match.group(0) if match else file_name.split("_", 1)[0]


def parse_age(value) -> int | None:
    """Age band start from "20대", "20", "20s", "20~29", 25 ...; None when it holds no number."""
    match = re.search(r"\d+", str(value if value is not None else ""))
    return int(match.group(0)) // 10 * 10 if match else None


def parse_gender(value) -> str | None:
    text = nfc(str(value or "")).strip().lower()
    if text in ("남", "남자", "남성", "m", "male"):
        return "남"
    if text in ("여", "여자", "여성", "f", "female"):
        return "여"
    return None


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{path}: not readable JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise DatasetError(f"{path}: expected a JSON object")
    return data


def parse_label(path: Path) -> tuple[str | None, dict[str, int]]:
    """(image_file_name or None, six grades) from a label JSON; values may be strings or ints."""
    data = _read_json(path)
    grades = {}
    for key in SYMPTOM_KEYS:
        if key not in data or data[key] in (None, ""):
            raise DatasetError(f"{path}: {key} is missing")
        try:
            grades[key] = int(str(data[key]).strip())
        except ValueError:
            raise DatasetError(f"{path}: {key}={data[key]!r} is not a grade") from None
        if not 0 <= grades[key] < NUM_GRADES:
            raise DatasetError(f"{path}: {key}={data[key]!r} is outside 0-{NUM_GRADES - 1}")
    name = data.get("image_file_name")
    return (nfc(str(name)) if name else None), grades


def _walk(root: Path):
    """(folder path as NFC text, file names) for every folder under root."""
    for folder, _dirs, files in os.walk(root):
        yield nfc(os.path.relpath(folder, root)), folder, files


def _scan(root: Path) -> tuple[dict[str, list[Path]], dict[str, Path], dict[str, Path]]:
    images: dict[str, list[Path]] = {}
    labels: dict[str, Path] = {}
    metas: dict[str, Path] = {}
    for rel, folder, files in _walk(root):
        for f in sorted(files):
            name, lower = nfc(f), f.lower()
            if lower.endswith("_meta.json"):
                metas.setdefault(name[: -len("_META.json")], Path(folder, f))
            elif "라벨" in rel and lower.endswith(".json"):
                labels.setdefault(name[:-5], Path(folder, f))
            elif "원천" in rel and lower.endswith(IMAGE_SUFFIXES):
                images.setdefault(name, []).append(Path(folder, f))
    return images, labels, metas


def detect_layout(root: Path) -> str:
    names = {nfc(p.name) for p in root.iterdir() if p.is_dir()}
    if any("원천데이터" in n or "라벨링데이터" in n for n in names):
        return "sample"
    return "full"


def _meta(path: Path | None) -> tuple[str | None, int | None]:
    if path is None:
        return None, None
    data = _read_json(path)
    return parse_gender(data.get("gender")), parse_age(data.get("age"))


def readable(path: Path) -> bool:
    """Whether the image decodes completely (a truncated JPEG does not)."""
    try:
        with Image.open(path) as im:
            im.draft("RGB", (im.width // 8, im.height // 8))  # decode every byte, at 1/8 the cost
            im.load()
        return True
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def _grades_by_image(labels: dict[str, Path]) -> dict[str, dict[str, int]]:
    """Image file name -> grades; a JSON names its image in image_file_name, else shares its stem."""
    by_image_name = {}
    for stem, path in labels.items():
        named, grades = parse_label(path)
        by_image_name[named or f"{stem}.jpg"] = grades
        by_image_name.setdefault(f"{stem}.jpg", grades)
    return by_image_name


def read_dataset(root: str | Path, *, skip_unreadable: bool = True, check_images: bool = True) -> DatasetIndex:
    """All labelled images under root, one sample per file name.

    An image that does not decode is skipped and listed in `unreadable` when `skip_unreadable`,
    else DatasetError. A malformed or out-of-range label JSON is always an error naming the file.
    """
    root = Path(root)
    if not root.is_dir():
        raise DatasetError(f"{root} is not a folder; {EXPECTED_LAYOUT}")
    images, labels, metas = _scan(root)
    if not images or not labels:
        what = "no images in [원천]/원천데이터 folders" if not images else "no label JSONs in [라벨] folders"
        raise DatasetError(f"{root}: {what}; {EXPECTED_LAYOUT}")
    index = DatasetIndex(root=root, layout=detect_layout(root), synthetic=(root / MARKER).is_file(),
                         samples=[])
    by_image_name = _grades_by_image(labels)
    for name, paths in sorted(images.items()):
        index.duplicates += len(paths) - 1
        grades = by_image_name.get(name)
        if grades is None:
            index.unlabelled.append(str(paths[0]))
            continue
        if check_images and not readable(paths[0]):
            if not skip_unreadable:
                raise DatasetError(f"{paths[0]}: image does not decode")
            index.unreadable.append(str(paths[0]))
            continue
        gender, age = _meta(metas.get(name.rsplit(".", 1)[0]))
        index.samples.append(Sample(paths[0], grades, gender, age))
    return index


def split_by_subject(samples: Sequence[Sample], *, val_fraction: float = 0.3, seed: int = 0
                     ) -> tuple[list[Sample], list[Sample]]:
    """(train, val) with every subject's images on one side; subjects shuffled with a fixed seed and
    moved to val until it holds about `val_fraction` of the images."""
    by_subject: dict[str, list[Sample]] = {}
    for s in samples:
        by_subject.setdefault(s.subject, []).append(s)
    subjects = sorted(by_subject)
    random.Random(seed).shuffle(subjects)
    val_subjects, count = set(), 0
    for subject in subjects[:-1]:  # the last subject always trains
        if count >= val_fraction * len(samples):
            break
        val_subjects.add(subject)
        count += len(by_subject[subject])
    train = [s for s in samples if s.subject not in val_subjects]
    val = [s for s in samples if s.subject in val_subjects]
    return train, val


class ResizedImages:
    """Decoded images resized to the model's square input, kept in memory (small data only).

    Resizing with the same torchvision ops as ml.presets makes the presets' own resize a no-op, so a
    cached image gives exactly the tensor the uncached path gives.
    """

    def __init__(self, image_size: int):
        self.size = image_size
        self._store: dict[Path, Image.Image] = {}

    def __call__(self, path: Path) -> Image.Image:
        if path not in self._store:
            with Image.open(path) as im:
                tensor = F.pil_to_tensor(to_rgb(im))
            tensor = F.resize(tensor, [self.size, self.size], antialias=True)
            self._store[path] = F.to_pil_image(tensor)
        return self._store[path]


def open_image(path: Path) -> Image.Image:
    with Image.open(path) as im:
        im.load()
        return im


class SymptomDataset(torch.utils.data.Dataset):
    """(image tensor, grade) pairs for one symptom."""

    def __init__(self, samples: Sequence[Sample], symptom: str, transform: Callable,
                 loader: Callable[[Path], Image.Image] = open_image):
        if symptom not in SYMPTOM_KEYS:
            raise ValueError(f"unknown symptom {symptom!r}")
        self.samples, self.symptom = list(samples), symptom
        self.transform, self.loader = transform, loader

    def __len__(self) -> int:
        return len(self.samples)

    @property
    def targets(self) -> list[int]:
        return [s.grades[self.symptom] for s in self.samples]

    def __getitem__(self, i: int):
        sample = self.samples[i]
        return self.transform(self.loader(sample.path)), sample.grades[self.symptom]
