"""Synthetic files in HIRA's published layout, for the load benchmark and the tests.

The rows are generated (names say 합성표본, "synthetic sample"); the layout is the real one: the 30
columns of 병원정보서비스 in their published order, as xlsx, as xlsx inside a zip, or as CSV.
"""

from __future__ import annotations

import base64
import csv
import random
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from openpyxl import Workbook

HIRA_HOSPITAL_HEADER = (
    "암호화요양기호", "요양기관명", "종별코드", "종별코드명", "시도코드", "시도코드명", "시군구코드", "시군구코드명",
    "읍면동", "우편번호", "주소", "전화번호", "병원URL", "개설일자", "총의사수", "의과일반의 인원수",
    "의과인턴 인원수", "의과레지던트 인원수", "의과전문의 인원수", "치과일반의 인원수", "치과인턴 인원수",
    "치과레지던트 인원수", "치과전문의 인원수", "한방일반의 인원수", "한방인턴 인원수", "한방레지던트 인원수",
    "한방전문의 인원수", "조산사 인원수", "좌표(X)", "좌표(Y)",
)
HIRA_DEPARTMENT_HEADER = ("암호화요양기호", "요양기관명", "진료과목코드", "진료과목코드명", "과목별 전문의수")
# (시도코드명, 시군구코드명, 읍면동, latitude, longitude) of real district centres, to scatter rows around.
DISTRICTS = (
    ("서울", "강남구", "역삼동", 37.5006, 127.0366), ("서울", "종로구", "종로1가", 37.5704, 126.9831),
    ("부산", "해운대구", "우동", 35.1631, 129.1636), ("대구", "중구", "동인동", 35.8714, 128.6014),
    ("인천", "남동구", "구월동", 37.4486, 126.7052), ("광주", "서구", "치평동", 35.1520, 126.8490),
    ("대전", "서구", "둔산동", 36.3510, 127.3850), ("제주", "제주시", "연동", 33.4890, 126.4983),
    ("경기", "성남분당구", "정자동", 37.3670, 127.1080),
)
KINDS = (("31", "의원"), ("21", "병원"), ("51", "치과의원"), ("93", "한의원"))


def sample_code(i: int) -> str:
    return base64.b64encode(f"SAMPLE#{i:08d}#".encode()).decode()


def sample_row(i: int, rng: random.Random, *, relevant_share: float = 0.05) -> tuple:
    """One row in HIRA_HOSPITAL_HEADER order; about 1% lack coordinates, 0.2% lie outside Korea."""
    sido, sigungu, dong, lat, lon = rng.choice(DISTRICTS)
    kind_code, kind = rng.choice(KINDS)
    suffix = "피부과의원" if rng.random() < relevant_share else kind
    lon, lat = round(lon + rng.uniform(-0.05, 0.05), 7), round(lat + rng.uniform(-0.05, 0.05), 7)
    roll = rng.random()
    if roll < 0.01:
        lon = lat = None
    elif roll < 0.012:
        lon, lat = -lon, -lat
    counts = [rng.randint(0, 3) for _ in range(13)]
    return (sample_code(i), f"합성표본{suffix} {i:05d}", kind_code, kind, "110000", sido, "110001", sigungu,
            dong, f"{6000 + i % 1000:05d}", f"{sido} {sigungu} {dong} {i % 500 + 1}", f"02-{i % 10000:04d}-0000",
            "", "20100101", sum(counts), *counts, lon, lat)


def sample_rows(count: int, *, seed: int = 0, relevant_share: float = 0.05) -> Iterator[tuple]:
    rng = random.Random(seed)
    return (sample_row(i, rng, relevant_share=relevant_share) for i in range(count))


def write_xlsx(path: Path, header: Iterable, rows: Iterable[Iterable]) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("병원정보서비스")
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, header: Iterable, rows: Iterable[Iterable], *, encoding: str = "cp949") -> Path:
    with Path(path).open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_zip(path: Path, members: dict[str, Path]) -> Path:
    """A zip holding the given files under the given names (UTF-8 names, as recent HIRA zips have)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, source in members.items():
            archive.write(source, name)
    return path
