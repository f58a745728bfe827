"""The streaming xlsx reader on a workbook laid out the way Excel writes it (openpyxl writes inline strings,
Excel a shared-strings table, rich-text runs and sparse rows)."""

import zipfile

from hospitals.loading import read_hospitals
from hospitals.xlsx import column_index, xlsx_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="병원정보서비스" sheetId="1" r:id="rId7"/><sheet name="other" sheetId="2" r:id="rId1"/></sheets>
</workbook>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/>
</Relationships>"""
SHARED = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{MAIN}" count="6" uniqueCount="6">
<si><t>암호화요양기호</t></si><si><t>요양기관명</t></si><si><t>좌표(X)</t></si><si><t>좌표(Y)</t></si>
<si><t>CODE1</t></si>
<si><r><t>강남</t></r><r><rPr><b/></rPr><t>피부과의원</t></r><rPh sb="0" eb="1"><t>ㄱ</t></rPh></si>
</sst>"""
SHEET = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}"><dimension ref="A1"/><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c>
<c r="E1" t="s"><v>3</v></c></row>
<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c><c r="D2"><v>127.0276</v></c>
<c r="E2"><v>37.4979</v></c></row>
</sheetData></worksheet>"""


def excel_like_workbook(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/sharedStrings.xml", SHARED)
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")  # not the first sheet in workbook order
        archive.writestr("xl/worksheets/sheet2.xml", SHEET)
    return path


def test_reads_shared_strings_rich_text_and_gaps_from_the_first_sheet(tmp_path):
    rows = list(xlsx_rows(excel_like_workbook(tmp_path / "excel.xlsx")))
    assert rows == [("암호화요양기호", "요양기관명", None, "좌표(X)", "좌표(Y)"),
                    ("CODE1", "강남피부과의원", None, "127.0276", "37.4979")]


def test_loader_understands_an_excel_workbook(tmp_path):
    [row] = read_hospitals(excel_like_workbook(tmp_path / "excel.xlsx"))
    assert (row.code, row.name, row.latitude, row.longitude) == ("CODE1", "강남피부과의원", 37.4979, 127.0276)


def test_column_letters():
    assert [column_index(ref) for ref in ("A1", "Z9", "AA10", "AD2")] == [0, 25, 26, 29]
