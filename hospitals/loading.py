"""Read HIRA's hospital files (건강보험심사평가원 병원정보서비스 and 진료과목정보) into plain rows.

Which clinics are kept (`is_relevant`):
- institutions whose name contains 피부과, 탈모, 모발 or 두피 (dermatology, hair loss, hair, scalp);
- and, when a 진료과목 file (의료기관별상세정보서비스_03_진료과목정보) is given, also every institution that
  lists 피부과 among its departments, whatever its name. Their departments are stored with them.
Rows without coordinates, or with coordinates outside South Korea, are rejected with a reason.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hospitals.tables import iter_rows

HOSPITAL_MEMBER_HINT = "병원정보"
DEPARTMENT_MEMBER_HINT = "진료과목"
DERMATOLOGY = "피부과"
NAME_KEYWORDS = (DERMATOLOGY, "탈모", "모발", "두피")
KOREA_LAT = (33.0, 39.0)
KOREA_LON = (124.0, 132.0)
HEADER_SCAN_ROWS = 10

# Canonical field -> accepted headers, compared after normalize_header().
HOSPITAL_COLUMNS = {
    "code": ("암호화요양기호", "암호화된요양기호"),
    "name": ("요양기관명",),
    "kind": ("종별코드명",),
    "sido": ("시도코드명", "시도명"),
    "sigungu": ("시군구코드명", "시군구명"),
    "dong": ("읍면동", "읍면동명"),
    "postal_code": ("우편번호",),
    "address": ("주소",),
    "phone": ("전화번호",),
    "url": ("병원url", "병원홈페이지", "홈페이지"),
    "longitude": ("좌표(x)", "x좌표", "경도"),
    "latitude": ("좌표(y)", "y좌표", "위도"),
}
HOSPITAL_REQUIRED = ("code", "name", "longitude", "latitude")
DEPARTMENT_COLUMNS = {"code": ("암호화요양기호", "암호화된요양기호"), "department": ("진료과목코드명", "진료과목명")}

REJECT_NO_CODE = "missing institution code"
REJECT_NO_NAME = "missing name"
REJECT_NO_COORDINATES = "missing coordinates"
REJECT_OUTSIDE_KOREA = "coordinates outside Korea"


class HiraFormatError(Exception):
    """The file is not laid out like a HIRA file: a required column is missing."""


@dataclass(frozen=True)
class HospitalRow:
    code: str
    name: str
    latitude: float
    longitude: float
    kind: str = ""
    sido: str = ""
    sigungu: str = ""
    dong: str = ""
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    url: str = ""


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str
    name: str = ""


@dataclass
class DepartmentIndex:
    """Each institution's departments, from the 진료과목 file."""

    by_code: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def of(self, code: str) -> list[str]:
        return list(self.by_code.get(code, ()))


def normalize_header(value) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).replace("\ufeff", "")
    return re.sub(r"\s+", "", text).lower()


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def find_columns(rows: Iterator[tuple], aliases: dict, required: Iterable[str], *,
                 name: str) -> tuple[dict[str, int], int]:
    """Consume rows up to the header row; return (field -> column index, the header's line number)."""
    for line in range(1, HEADER_SCAN_ROWS + 1):
        header = [normalize_header(cell) for cell in next(rows, None) or ()]
        columns = {key: header.index(a) for key, names in aliases.items() for a in names if a in header}
        if all(key in columns for key in required):
            return columns, line
    missing = ", ".join(aliases[key][0] for key in required)
    raise HiraFormatError(f"{name}: no header row with the columns {missing}")


def read_hospitals(path: Path) -> Iterator[HospitalRow | Rejected]:
    """One HospitalRow or Rejected per data row of a 병원정보서비스 file."""
    rows = iter_rows(path, member_hint=HOSPITAL_MEMBER_HINT)
    columns, header_line = find_columns(rows, HOSPITAL_COLUMNS, HOSPITAL_REQUIRED, name=Path(path).name)
    for line, values in enumerate(rows, start=header_line + 1):
        if any(v not in (None, "") for v in values):
            yield parse_hospital(values, columns, line=line)


def parse_hospital(values: tuple, columns: dict[str, int], *, line: int) -> HospitalRow | Rejected:
    cell = {key: text(values[i]) if i < len(values) else "" for key, i in columns.items()}
    if not cell["code"]:
        return Rejected(line, REJECT_NO_CODE, cell["name"])
    if not cell["name"]:
        return Rejected(line, REJECT_NO_NAME)
    lat, lon = number(cell["latitude"]), number(cell["longitude"])
    if lat is None or lon is None:
        return Rejected(line, REJECT_NO_COORDINATES, cell["name"])
    if not (KOREA_LAT[0] <= lat <= KOREA_LAT[1] and KOREA_LON[0] <= lon <= KOREA_LON[1]):
        return Rejected(line, REJECT_OUTSIDE_KOREA, cell["name"])
    cell.update(latitude=lat, longitude=lon, postal_code=postal_code(cell.get("postal_code", "")),
                url=web_url(cell.get("url", "")))
    return HospitalRow(**cell)


def number(value: str) -> float | None:
    try:
        result = float(value.replace(",", ""))
    except ValueError:
        return None
    return result if result == result and result != 0 else None  # NaN and 0 mean "not geocoded"


def postal_code(value: str) -> str:
    """Excel drops the leading zero of Seoul's postal codes (01234 -> 1234)."""
    return value.zfill(5) if value.isdigit() and len(value) < 5 else value


def web_url(value: str) -> str:
    """A clickable http(s) URL, or '' (HIRA writes bare 'http://' or 'www.…' too)."""
    value = value.strip()
    if not value or value.lower() in {"http://", "https://", "-"}:
        return ""
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = "http://" + value
    return value if re.match(r"^https?://[\w.-]+\.[a-z]{2,}", value, re.IGNORECASE) else ""


def read_departments(path: Path) -> DepartmentIndex:
    """The departments of every institution in a 진료과목정보 file (memory: one entry per institution)."""
    rows = iter_rows(path, member_hint=DEPARTMENT_MEMBER_HINT)
    columns, _ = find_columns(rows, DEPARTMENT_COLUMNS, ("code", "department"), name=Path(path).name)
    index: dict[str, tuple[str, ...]] = {}
    for values in rows:
        code, department = (text(values[columns[k]]) if columns[k] < len(values) else "" for k in
                            ("code", "department"))
        if code and department and department not in index.get(code, ()):
            index[sys.intern(code)] = (*index.get(code, ()), sys.intern(department))
    return DepartmentIndex(index)


def is_relevant(row: HospitalRow, departments: DepartmentIndex | None) -> bool:
    """Dermatology or hair-loss clinics; see the module docstring."""
    if any(keyword in row.name for keyword in NAME_KEYWORDS):
        return True
    return departments is not None and DERMATOLOGY in departments.of(row.code)
