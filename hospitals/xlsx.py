"""A lean streaming reader for the first sheet of an xlsx file.

openpyxl's read-only mode spent ~45 s of CPU reading an 80,000-row HIRA file on the development
machine; this reader, built on the standard library's iterparse, ~14 s. Memory stays flat either way
(one row at a time), except for the shared-strings table, which xlsx keeps in one part.
Values are returned as Excel stores them: text as str, numbers as their decimal string, booleans as
bool, empty cells as None.
"""

from __future__ import annotations

import functools
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL, ROW, VALUE, TEXT, RUN, INLINE = (MAIN + t for t in ("c", "row", "v", "t", "r", "is"))
DEFAULT_SHEET = "xl/worksheets/sheet1.xml"


def xlsx_rows(path: Path) -> Iterator[tuple]:
    """Each row of the first worksheet as a tuple, gaps for missing cells filled with None."""
    with zipfile.ZipFile(path) as archive:
        shared = shared_strings(archive)
        with archive.open(first_sheet(archive)) as sheet:
            for _event, element in ET.iterparse(sheet, events=("end",)):
                if element.tag == ROW:
                    yield row_values(element, shared)
                    element.clear()  # keeps memory flat: only an empty <row/> stays behind


def row_values(row: ET.Element, shared: list[str]) -> tuple:
    values: list = []
    for cell in row:
        if cell.tag != CELL:
            continue
        ref = cell.get("r")
        if ref:
            index = column_index(ref)
            if index > len(values):
                values.extend([None] * (index - len(values)))
        values.append(cell_value(cell, shared))
    return tuple(values)


def cell_value(cell: ET.Element, shared: list[str]):
    kind = cell.get("t")
    if kind == "inlineStr":
        node = cell.find(INLINE)
        return string_item(node) if node is not None else ""
    raw = cell.findtext(VALUE)
    if raw is None:
        return None
    if kind == "s":
        return shared[int(raw)]
    if kind == "b":
        return raw == "1"
    return raw


def column_index(ref: str) -> int:
    """'A1' -> 0, 'AD7' -> 29."""
    return _letters_index(ref.rstrip("0123456789"))


@functools.cache
def _letters_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def string_item(node: ET.Element) -> str:
    """The text of an <si> or <is>: plain <t>, or rich-text runs <r><t>; phonetic <rPh> is left out."""
    direct = node.find(TEXT)
    if direct is not None:
        return direct.text or ""
    return "".join(run.findtext(TEXT) or "" for run in node.iter(RUN))


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    try:
        part = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings = []
    with part:
        for _event, element in ET.iterparse(part, events=("end",)):
            if element.tag == MAIN + "si":
                strings.append(string_item(element))
                element.clear()
    return strings


def first_sheet(archive: zipfile.ZipFile) -> str:
    """The part name of the workbook's first sheet, from workbook.xml and its relationships."""
    try:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return DEFAULT_SHEET
    sheet = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(PACKAGE_REL + "Relationship")}
    target = targets.get(sheet.get(REL + "id")) if sheet is not None else None
    if not target:
        return DEFAULT_SHEET
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
