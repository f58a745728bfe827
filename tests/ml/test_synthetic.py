import hashlib
import json
import re

import numpy as np
import pytest
from PIL import Image

from ml import render, synthetic
from ml.dataset import read_dataset
from ml.labels import GRADES, SYMPTOMS

NAME = re.compile(r"^\d{4}_[A-Z0-9]{15}_\d{13}_\d_[A-Z]{2}\.jpg$")
FOLDER = re.compile(r"^\[(원천|라벨)\](\w+)_(\d)\.(\w+)$")


def _tree_digest(root):
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.name != synthetic.MARKER:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def test_writes_the_full_download_layout(tmp_path):
    summary = synthetic.generate(tmp_path, 40, seed=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SYNTHETIC.json", "Training", "Validation"]
    assert json.loads((tmp_path / "SYNTHETIC.json").read_text())["images"] == 40 == summary["images"]
    known = {(s.ko, g.value, g.ko) for s in SYMPTOMS for g in GRADES}
    for folder in (tmp_path / "Training").iterdir():
        kind, ko, g, grade_ko = FOLDER.match(folder.name).groups()
        assert (ko, int(g), grade_ko) in known
    images = list(tmp_path.rglob("*.jpg"))
    assert images and all(NAME.match(p.name) for p in images)
    with Image.open(images[0]) as im:
        assert (im.format, im.size) == ("JPEG", (640, 480))


def test_image_sits_in_every_folder_of_a_present_symptom_with_string_labels_and_meta(tmp_path):
    synthetic.generate(tmp_path, 40, seed=4)
    for label_path in tmp_path.rglob("[[]라벨[]]*/*.json"):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        assert all(isinstance(label[s.key], str) for s in SYMPTOMS)
        grades = [int(label[s.key]) for s in SYMPTOMS]
        split = label_path.parent.parent
        folders = {p.parent.name for p in split.rglob(label["image_file_name"])}
        expected = {synthetic.folder_name("원천", j, g) for j, g in enumerate(grades) if g} or {
            synthetic.folder_name("원천", j, 0) for j in range(6)}
        assert folders == expected
        meta = json.loads((split / sorted(folders)[0] / (label_path.stem + "_META.json")).read_text())
        assert meta["gender"] in ("남", "여") and re.fullmatch(r"\d0대", meta["age"])


def test_reader_marks_it_synthetic_and_finds_each_image_once(tmp_path):
    synthetic.generate(tmp_path, 40, seed=5)
    index = read_dataset(tmp_path)
    assert index.synthetic and index.layout == "full" and len(index.samples) == 40
    assert index.duplicates > 0


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        synthetic.generate(tmp_path / name, 12, seed=seed)
    assert _tree_digest(tmp_path / "a") == _tree_digest(tmp_path / "b") != _tree_digest(tmp_path / "c")


def test_co_occurrence_follows_the_real_dataset():
    grades = synthetic.sample_grades(np.random.default_rng(0), 40_000)
    present = grades > 0
    for j, counts in enumerate(synthetic.GRADE_COUNTS.values()):
        assert present[:, j].mean() == pytest.approx(1 - counts[0] / sum(counts), abs=0.01)
        share = np.bincount(grades[:, j], minlength=4) / len(grades)
        assert share == pytest.approx(np.array(counts) / sum(counts), abs=0.01)
    per_image = np.bincount(present.sum(1), minlength=7) / len(grades)
    real = np.array(synthetic.PRESENT_COUNTS) / sum(synthetic.PRESENT_COUNTS)
    assert per_image == pytest.approx(real, abs=0.01)


def _mean_feature(j: int, grade: int, feature) -> float:
    painter = render.Painter(np.random.default_rng(11))
    look = render.random_look(np.random.default_rng(12))
    grades = [0] * 6
    grades[j] = grade
    return float(np.mean([feature(painter.paint(grades, look).astype(float)) for _ in range(4)]))


def _white(img):  # grey-white flakes: bright and colourless
    return np.mean((img.min(2) > 205) & (img.max(2) - img.min(2) < 25))


def _yellow_white(img):  # dandruff: bright, blue lower than red (BGR)
    return np.mean((img[..., 2] > 215) & (img[..., 1] > 200) & (img[..., 2] - img[..., 0] > 30))


FEATURES = [
    ("value_1 fine flakes", 0, _white, 1),
    ("value_2 yellow sheen", 1, lambda im: np.mean(im[..., 1] - im[..., 0]), 1),
    ("value_3 diffuse redness", 2, lambda im: np.mean(im[..., 2] - im[..., 1]), 1),
    ("value_4 red rings and pustules", 3, lambda im: np.mean(im[..., 2] - im[..., 1] > 90), 1),
    ("value_5 dandruff clumps", 4, _yellow_white, 1),
    ("value_6 hair shafts (dark pixels)", 5, lambda im: np.mean(im.max(2) < 80), -1),
]


@pytest.mark.parametrize("what, j, feature, direction", FEATURES, ids=[f[0] for f in FEATURES])
def test_each_grade_visibly_changes_its_feature(what, j, feature, direction):
    values = [direction * _mean_feature(j, g, feature) for g in range(4)]
    assert values == sorted(values) and values[3] - values[0] > 0, (what, values)
    assert len(set(np.round(values, 6))) == 4, (what, values)
