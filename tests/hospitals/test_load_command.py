"""manage.py load_hospitals: what ends up in the table, and what a second or failed run does."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hospitals import services
from hospitals.models import Hospital
from tests.hospitals.hira_files import GANGNAM, JONGNO, clinic, write_departments, write_xlsx, write_zip

pytestmark = pytest.mark.django_db

CLINICS = [
    clinic("SKIN", "강남피부과의원", GANGNAM),
    clinic("HAIR", "종로탈모클리닉", JONGNO, sigungu="종로구", dong="종로1가"),
    clinic("GP", "행복한가정의원", GANGNAM),
    clinic("NOXY", "좌표없는피부과", None),
    clinic("ABROAD", "도쿄피부과", (35.68, 139.69)),
]


def load(*args, verbosity=1):
    out = StringIO()
    call_command("load_hospitals", *map(str, args), stdout=out, verbosity=verbosity)
    return out.getvalue()


def snapshot():
    return list(Hospital.objects.order_by("code").values())


def test_loads_dermatology_and_hair_clinics_and_reports_bad_rows(tmp_path):
    output = load(write_xlsx(tmp_path / "h.xlsx", CLINICS))
    assert sorted(Hospital.objects.values_list("code", flat=True)) == ["HAIR", "SKIN"]
    skin = Hospital.objects.get(code="SKIN")
    assert (skin.latitude, skin.longitude, skin.sigungu, skin.source_file) == (*GANGNAM, "강남구", "h.xlsx")
    assert "5 rows read" in output and "2 clinics kept" in output and "2 rejected" in output
    assert "missing coordinates: 1" in output and "coordinates outside Korea: 1" in output
    assert "created 2, updated 0, unchanged 0" in output


def test_second_run_with_the_same_file_changes_nothing(tmp_path):
    path = write_zip(tmp_path / "hira.zip", {"1.병원정보서비스.xlsx": write_xlsx(tmp_path / "h.xlsx", CLINICS)})
    load(path)
    before = snapshot()
    output = load(path)
    assert snapshot() == before  # loaded_at included: nothing was rewritten
    assert "created 0, updated 0, unchanged 2" in output


def test_changed_rows_are_updated_and_new_ones_created(tmp_path):
    load(write_xlsx(tmp_path / "old.xlsx", CLINICS))
    moved = [clinic("SKIN", "강남피부과의원", GANGNAM, phone="02-555-9999"), *CLINICS[1:],
             clinic("NEW", "새모발의원", JONGNO)]
    output = load(write_xlsx(tmp_path / "old.xlsx", moved))
    assert "created 1, updated 1, unchanged 1" in output
    assert Hospital.objects.get(code="SKIN").phone == "02-555-9999"


def test_failure_midway_leaves_the_table_as_it_was(tmp_path, monkeypatch):
    load(write_xlsx(tmp_path / "first.xlsx", CLINICS[:1]))
    before = snapshot()
    many = [clinic(f"C{i}", f"피부과{i}", GANGNAM) for i in range(5)]
    calls = []
    real_upsert = services._upsert

    def failing_upsert(batch, **kwargs):
        calls.append(len(batch))
        if len(calls) == 3:
            raise RuntimeError("database went away")
        real_upsert(batch, **kwargs)

    monkeypatch.setattr(services, "_upsert", failing_upsert)
    with pytest.raises(RuntimeError):
        call_command("load_hospitals", str(write_xlsx(tmp_path / "second.xlsx", many)), "--batch-size=2",
                     stdout=StringIO())
    assert calls == [2, 2, 1] and snapshot() == before


def test_dry_run_counts_but_saves_nothing(tmp_path):
    output = load(write_xlsx(tmp_path / "h.xlsx", CLINICS), "--dry-run")
    assert "created 2" in output and "dry run" in output
    assert not Hospital.objects.exists()


def test_departments_join_keeps_dermatology_departments_and_stores_them(tmp_path):
    departments = write_departments(tmp_path / "진료과목정보.xlsx",
                                    [("GP", "가정의학과"), ("GP", "피부과"), ("SKIN", "피부과")])
    load(write_xlsx(tmp_path / "h.xlsx", CLINICS), "--departments", departments)
    assert sorted(Hospital.objects.values_list("code", flat=True)) == ["GP", "HAIR", "SKIN"]
    assert Hospital.objects.get(code="GP").departments == ["가정의학과", "피부과"]
    assert Hospital.objects.get(code="HAIR").departments == []


def test_prune_removes_clinics_missing_from_a_full_reload(tmp_path):
    load(write_xlsx(tmp_path / "h.xlsx", CLINICS))
    output = load(write_xlsx(tmp_path / "h2.xlsx", CLINICS[1:]), "--prune")
    assert list(Hospital.objects.values_list("code", flat=True)) == ["HAIR"]
    assert "removed 1" in output


def test_prune_refuses_to_empty_the_table(tmp_path):
    load(write_xlsx(tmp_path / "h.xlsx", CLINICS))
    with pytest.raises(CommandError, match="Nothing was loaded"):
        load(write_xlsx(tmp_path / "gp.xlsx", [clinic("GP", "행복한가정의원")]), "--prune")
    assert Hospital.objects.count() == 2


def test_wrong_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no header row"):
        load(write_xlsx(tmp_path / "other.xlsx", [{"a": 1}], header=["a", "b"]))
    with pytest.raises(CommandError, match="No such file"):
        load(tmp_path / "missing.xlsx")


def test_quiet_at_verbosity_zero(tmp_path):
    assert load(write_xlsx(tmp_path / "h.xlsx", CLINICS), verbosity=0) == ""


def test_one_published_zip_serves_as_both_files(tmp_path):
    hospitals = write_xlsx(tmp_path / "h.xlsx", CLINICS)
    departments = write_departments(tmp_path / "d.xlsx", [("GP", "피부과")])
    members = {"1.병원정보서비스.xlsx": hospitals, "5.의료기관별상세정보서비스_03_진료과목정보.xlsx": departments}
    archive = write_zip(tmp_path / "전국 병의원 및 약국 현황.zip", members, cp949_names=True)
    load(archive, "--departments", archive)
    assert sorted(Hospital.objects.values_list("code", flat=True)) == ["GP", "HAIR", "SKIN"]
    assert Hospital.objects.get(code="GP").source_file == "전국 병의원 및 약국 현황.zip/1.병원정보서비스.xlsx"
