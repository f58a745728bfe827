"""Small files in the layouts HIRA publishes, written by the tests themselves.

The headers are spelled out here on purpose (not imported from hospitals/) so that a loader that
stops understanding the published layout fails these tests.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from openpyxl import Workbook

# 병원정보서비스 xlsx (2020s): 30 columns, coordinates last.
XLSX_HEADER = [
    "암호화요양기호", "요양기관명", "종별코드", "종별코드명", "시도코드", "시도코드명", "시군구코드", "시군구코드명",
    "읍면동", "우편번호", "주소", "전화번호", "병원URL", "개설일자", "총의사수", "의과일반의 인원수",
    "의과인턴 인원수", "의과레지던트 인원수", "의과전문의 인원수", "치과일반의 인원수", "치과인턴 인원수",
    "치과레지던트 인원수", "치과전문의 인원수", "한방일반의 인원수", "한방인턴 인원수", "한방레지던트 인원수",
    "한방전문의 인원수", "조산사 인원수", "좌표(X)", "좌표(Y)",
]
# The older CSV: x좌표/y좌표.
OLD_CSV_HEADER = ["암호화요양기호", "요양기관명", "종별코드", "종별코드명", "시도코드", "시도코드명", "시군구코드",
                  "시군구코드명", "읍면동", "우편번호", "주소", "전화번호", "병원URL", "개설일자", "총의사수",
                  "x좌표", "y좌표"]
DEPARTMENT_HEADER = ["암호화요양기호", "요양기관명", "진료과목코드", "진료과목코드명", "과목별 전문의수"]

# Real places (approximate), for distances that mean something.
GANGNAM = (37.4979, 127.0276)    # 강남역
YEOKSAM = (37.5006, 127.0366)    # 역삼역
JONGNO = (37.5704, 126.9831)     # 종각역
HAEUNDAE = (35.1631, 129.1636)   # 해운대역


def clinic(code: str, name: str, at: tuple[float, float] | None = GANGNAM, *, sido="서울", sigungu="강남구",
           dong="역삼동", address="", phone="02-555-0100", url="", postal=6236, kind="의원") -> dict:
    lat, lon = at if at else ("", "")
    return {"암호화요양기호": code, "요양기관명": name, "종별코드": "31", "종별코드명": kind, "시도코드": "110000",
            "시도코드명": sido, "시군구코드": "110001", "시군구코드명": sigungu, "읍면동": dong, "우편번호": postal,
            "주소": address or f"{sido} {sigungu} {dong} 1", "전화번호": phone, "병원URL": url,
            "개설일자": "20200101", "총의사수": 1, "좌표(X)": lon, "좌표(Y)": lat, "x좌표": lon, "y좌표": lat}


def _rows(header: list[str], clinics: list[dict]) -> list[list]:
    return [[c.get(column, 0) for column in header] for c in clinics]


def write_xlsx(path: Path, clinics: list[dict], header: list[str] = XLSX_HEADER, *,
               labels: list[str] | None = None) -> Path:
    """labels: the header row as written, when it should differ from the column names (spacing etc.)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(labels or header)
    for row in _rows(header, clinics):
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, clinics: list[dict], *, encoding: str, header: list[str] = OLD_CSV_HEADER) -> Path:
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(_rows(header, clinics))
    return path


def write_departments(path: Path, pairs: list[tuple[str, str]]) -> Path:
    rows = [{"암호화요양기호": code, "진료과목코드": "14", "진료과목코드명": dept} for code, dept in pairs]
    return write_xlsx(path, rows, header=DEPARTMENT_HEADER)


class _LegacyNameInfo(zipfile.ZipInfo):
    """Stores the name's bytes as they are, without the UTF-8 flag (as Windows zip tools do)."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits


def write_zip(path: Path, members: dict[str, Path], *, cp949_names: bool = False) -> Path:
    """Like the HIRA download; cp949_names stores names the way Korean Windows zip tools do."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, source in members.items():
            if cp949_names:
                info = _LegacyNameInfo(name.encode("cp949").decode("cp437"))
            else:
                info = zipfile.ZipInfo(name)
            archive.writestr(info, source.read_bytes())
    return path
