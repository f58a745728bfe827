"""Small AI Hub-shaped folder trees for reader tests, written by hand so every quirk is explicit."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from tests.factories import image_bytes, scalp_image

ALL_ZERO = {f"value_{i}": "0" for i in range(1, 7)}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def file_name(subject: int, n: int, location: str = "TH") -> str:
    return f"{subject:04d}_A2LEBJJDE00060O_{1602578303771 + n}_2_{location}.jpg"


def put_image(folder: Path, name: str, *, seed: int = 0, data: bytes | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if data is not None else image_bytes(scalp_image((64, 48), seed=seed)))
    return path


def put_json(folder: Path, name: str, content) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False),
                    encoding="utf-8")
    return path


def label(name: str, **values) -> dict:
    return {"image_id": name.split("_")[0], "image_file_name": name, **ALL_ZERO,
            **{k: v for k, v in values.items()}}


def full_tree(root: Path, *, decompose: bool = False) -> Path:
    """Training/ + Validation/ with one image in two symptom folders, one all-zero image and one image
    with int values; with `decompose` every Korean folder name is NFD (as macOS writes them)."""
    fix = nfd if decompose else (lambda s: s)
    train = root / "Training"
    both = file_name(13, 1)
    for folder in ("미세각질_2.중등도", "탈모_1.경증"):
        put_image(train / fix(f"[원천]{folder}"), both, seed=1)
        put_json(train / fix(f"[라벨]{folder}"), both[:-4] + ".json", label(both, value_1="2", value_6="1"))
    zero = file_name(14, 2)
    put_image(train / fix("[원천]미세각질_0.양호"), zero, seed=2)
    put_json(train / fix("[라벨]미세각질_0.양호"), zero[:-4] + ".json", label(zero))
    put_json(train / fix("[원천]미세각질_0.양호"), zero[:-4] + "_META.json", {"gender": "여", "age": "30대"})
    val_name = file_name(15, 3)
    put_image(root / "Validation" / fix("[원천]비듬_3.중증"), val_name, seed=3)
    put_json(root / "Validation" / fix("[라벨]비듬_3.중증"), val_name[:-4] + ".json", label(val_name, value_5=3))
    return root


def sample_tree(root: Path) -> Path:
    """The AI Hub sample download: 원천데이터/1.미세각질/0.양호 with 라벨링데이터/1.미세각질/0.양호."""
    a, b = file_name(21, 1), file_name(22, 2)
    put_image(root / "원천데이터" / "1.미세각질" / "1.경증", a)
    put_json(root / "라벨링데이터" / "1.미세각질" / "1.경증", a[:-4] + ".json", label(a, value_1="1"))
    put_image(root / "원천데이터" / "6.탈모" / "3.중증", b)
    put_json(root / "라벨링데이터" / "6.탈모" / "3.중증", b[:-4] + ".json", label(b, value_6="3"))
    return root
