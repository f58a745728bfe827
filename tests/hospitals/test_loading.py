"""Reading HIRA files: formats, encodings, headers, bad rows and the clinic filter (no database)."""

import unicodedata

import pytest

from hospitals.loading import (
    REJECT_NO_COORDINATES,
    REJECT_OUTSIDE_KOREA,
    HiraFormatError,
    HospitalRow,
    Rejected,
    is_relevant,
    read_departments,
    read_hospitals,
)
from hospitals.tables import TableError, iter_rows
from tests.hospitals.hira_files import (
    GANGNAM,
    HAEUNDAE,
    XLSX_HEADER,
    clinic,
    write_csv,
    write_departments,
    write_xlsx,
    write_zip,
)

CLINICS = [
    clinic("CODE1", "강남피부과의원", GANGNAM, phone="02-555-0101", url="www.gangnam-skin.co.kr"),
    clinic("CODE2", "해운대탈모클리닉의원", HAEUNDAE, sido="부산", sigungu="해운대구", dong="우동"),
]


def _read(path):
    return list(read_hospitals(path))


def test_reads_published_xlsx_layout(tmp_path):
    rows = _read(write_xlsx(tmp_path / "1.병원정보서비스.xlsx", CLINICS))
    assert rows[0] == HospitalRow(
        code="CODE1", name="강남피부과의원", latitude=GANGNAM[0], longitude=GANGNAM[1], kind="의원", sido="서울",
        sigungu="강남구", dong="역삼동", postal_code="06236", address="서울 강남구 역삼동 1", phone="02-555-0101",
        url="http://www.gangnam-skin.co.kr")
    assert rows[1].name == "해운대탈모클리닉의원" and rows[1].longitude == HAEUNDAE[1]


def test_reads_xlsx_inside_the_published_zip(tmp_path):
    inner = write_xlsx(tmp_path / "a.xlsx", CLINICS)
    other = write_xlsx(tmp_path / "b.xlsx", [clinic("PHARMACY", "약국")])
    archive = write_zip(tmp_path / "전국 병의원 및 약국 현황.zip",
                        {"1.병원정보서비스 2024.3.xlsx": inner, "2.약국정보서비스 2024.3.xlsx": other},
                        cp949_names=True)
    assert [r.code for r in _read(archive)] == ["CODE1", "CODE2"]


def test_zip_without_a_recognisable_member_is_refused(tmp_path):
    a, b = write_xlsx(tmp_path / "a.xlsx", CLINICS), write_xlsx(tmp_path / "b.xlsx", CLINICS)
    archive = write_zip(tmp_path / "x.zip", {"one.xlsx": a, "two.xlsx": b})
    with pytest.raises(TableError):
        _read(archive)


@pytest.mark.parametrize("encoding", ["cp949", "utf-8-sig"])
def test_reads_older_csv_with_x_y_headers(tmp_path, encoding):
    rows = _read(write_csv(tmp_path / "hospitals.csv", CLINICS, encoding=encoding))
    assert [(r.name, r.latitude, r.longitude) for r in rows] == [
        ("강남피부과의원", *GANGNAM), ("해운대탈모클리닉의원", *HAEUNDAE)]
    assert rows[0].sigungu == "강남구"


def test_headers_match_despite_spaces_and_decomposed_hangul(tmp_path):
    labels = [" " + unicodedata.normalize("NFD", h) + " " for h in XLSX_HEADER]
    labels[XLSX_HEADER.index("좌표(X)")] = "좌표 (X)"
    rows = _read(write_xlsx(tmp_path / "h.xlsx", CLINICS, labels=labels))
    assert rows[0].longitude == GANGNAM[1]


def test_title_rows_above_the_header_are_skipped_and_lines_still_count(tmp_path):
    labels = ["건강보험심사평가원 병원정보서비스 (2024.3)"] + [""] * (len(XLSX_HEADER) - 1)
    header_row = {column: column for column in XLSX_HEADER}
    path = write_xlsx(tmp_path / "h.xlsx", [header_row, clinic("NOXY", "피부과", None)], labels=labels)
    assert _read(path) == [Rejected(3, REJECT_NO_COORDINATES, "피부과")]


def test_file_without_coordinate_columns_is_refused(tmp_path):
    header = [h for h in XLSX_HEADER if h not in ("좌표(X)", "좌표(Y)")]
    with pytest.raises(HiraFormatError):
        _read(write_xlsx(tmp_path / "h.xlsx", CLINICS, header=header))


def test_bad_rows_are_rejected_with_their_reason_and_line(tmp_path):
    clinics = [*CLINICS, clinic("NOXY", "좌표없는피부과", None), clinic("TOKYO", "도쿄피부과", (35.68, 139.69)),
               clinic("ZERO", "영점피부과", (0, 0))]
    rows = _read(write_xlsx(tmp_path / "h.xlsx", clinics))
    assert rows[2:] == [Rejected(4, REJECT_NO_COORDINATES, "좌표없는피부과"),
                        Rejected(5, REJECT_OUTSIDE_KOREA, "도쿄피부과"),
                        Rejected(6, REJECT_NO_COORDINATES, "영점피부과")]


def test_unsafe_or_empty_urls_are_dropped(tmp_path):
    clinics = [clinic("A", "가피부과", url="javascript:alert(1)"), clinic("B", "나피부과", url="http://")]
    assert [r.url for r in _read(write_xlsx(tmp_path / "h.xlsx", clinics))] == ["", ""]


def test_name_keywords_keep_dermatology_and_hair_clinics_only():
    def row(name):
        return HospitalRow(code="X", name=name, latitude=37.5, longitude=127.0)
    kept = [n for n in ("연세피부과의원", "모발이식센터", "두피케어한의원", "서울내과의원", "탈모클리닉")
            if is_relevant(row(n), None)]
    assert kept == ["연세피부과의원", "모발이식센터", "두피케어한의원", "탈모클리닉"]


def test_departments_file_adds_clinics_with_a_dermatology_department(tmp_path):
    path = write_departments(tmp_path / "진료과목정보.xlsx",
                             [("GP", "가정의학과"), ("GP", "피부과"), ("GP", "피부과"), ("ENT", "이비인후과")])
    departments = read_departments(path)
    assert departments.of("GP") == ["가정의학과", "피부과"]
    assert is_relevant(HospitalRow(code="GP", name="행복한가정의원", latitude=37.5, longitude=127.0), departments)
    assert not is_relevant(HospitalRow(code="ENT", name="코이비인후과", latitude=37.5, longitude=127.0), departments)


def test_rejects_unknown_file_types(tmp_path):
    path = tmp_path / "hospitals.xls"
    path.write_bytes(b"old excel")
    with pytest.raises(TableError):
        list(iter_rows(path))
