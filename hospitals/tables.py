"""Stream the rows of a published spreadsheet: xlsx, CSV (cp949 or UTF-8), or either inside a zip.

Rows come out one at a time as tuples of cell values (the header row included), so memory stays
bounded whatever the file size: a streaming xlsx reader (hospitals.xlsx), the csv module on a text stream, and a
zip member copied to a temporary file rather than into memory.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

from hospitals.xlsx import xlsx_rows

TABLE_SUFFIXES = (".xlsx", ".csv")
ZIP_UTF8_FLAG = 0x800
SNIFF_BYTES = 64 * 1024


class TableError(Exception):
    """The file cannot be read as a table (unknown type, or no fitting member in a zip)."""


def iter_rows(path: Path, *, member_hint: str = "") -> Iterator[tuple]:
    """Every row of the first sheet of an xlsx or of a CSV; for a zip, of the member named like member_hint."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        with extracted_member(path, member_hint) as member_path:
            yield from iter_rows(member_path)
    elif suffix == ".xlsx":
        yield from xlsx_rows(path)
    elif suffix == ".csv":
        yield from _csv_rows(path)
    else:
        raise TableError(f"{path.name}: expected .xlsx, .csv or .zip")


def _csv_rows(path: Path) -> Iterator[tuple]:
    with path.open("rb") as raw:
        encoding = sniff_encoding(raw.read(SNIFF_BYTES))
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        yield from (tuple(row) for row in csv.reader(text))


def sniff_encoding(head: bytes) -> str:
    """utf-8-sig for a BOM or valid UTF-8 text, otherwise cp949 (what Korean Excel writes)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp949"
    return "utf-8-sig"


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: Korean Windows zips store cp949 names without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & ZIP_UTF8_FLAG:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("cp949")
    return unicodedata.normalize("NFC", name)


def pick_member(archive: zipfile.ZipFile, hint: str) -> zipfile.ZipInfo:
    tables = [i for i in archive.infolist()
              if not i.is_dir() and member_name(i).lower().endswith(TABLE_SUFFIXES)]
    hinted = [i for i in tables if hint and unicodedata.normalize("NFC", hint) in member_name(i)]
    if len(hinted) == 1 or (not hinted and len(tables) == 1):
        return (hinted or tables)[0]
    names = ", ".join(member_name(i) for i in tables) or "none"
    raise TableError(f"cannot tell which file in the zip to read (looking for '{hint}'; found: {names})")


@contextlib.contextmanager
def extracted_member(path: Path, hint: str) -> Iterator[Path]:
    """The chosen zip member as a temporary file, removed afterwards."""
    with zipfile.ZipFile(path) as archive:
        info = pick_member(archive, hint)
        suffix = Path(member_name(info)).suffix.lower()
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / f"member{suffix}"
            with archive.open(info) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
            yield target


def describe(path: Path, *, member_hint: str = "") -> str:
    """The file name to record as a row's source: 'file.xlsx', or 'archive.zip/member.xlsx'."""
    path = Path(path)
    if path.suffix.lower() != ".zip":
        return path.name
    with zipfile.ZipFile(path) as archive:
        return f"{path.name}/{member_name(pick_member(archive, member_hint))}"
