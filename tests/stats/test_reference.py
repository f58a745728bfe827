import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from stats.models import ReferenceRecord
from stats.reference import ReadReport, age_band, read_records
from stats.selectors import reference_like, reference_sources
from tests.stats.factories import make_human

IMAGES = "[원천]탈모_2.중등도"


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _image(root, stem, *, grades, gender="남", age="30대", folders=("탈모_2.중등도",)):
    """An AI Hub image: the JPEG and its label in every symptom folder it belongs to, META beside it."""
    label = {"image_id": stem, "image_file_name": f"{stem}.jpg",
             **{f"value_{i}": str(g) for i, g in enumerate(grades, start=1)}}
    for folder in folders:
        (root / "Training" / f"[원천]{folder}").mkdir(parents=True, exist_ok=True)
        (root / "Training" / f"[원천]{folder}" / f"{stem}.jpg").write_bytes(b"jpeg")
        _write(root / "Training" / f"[라벨]{folder}" / f"{stem}.json", label)
    if gender is not None:
        _write(root / "Training" / IMAGES / f"{stem}_META.json",
               {"gender": gender, "age": age, "location": "정수리", "question1": "", "answers1": ""})


@pytest.fixture
def dataset(tmp_path):
    _image(tmp_path, "0013_A2LEBJJDE00060O_1602578303771_2_TH", grades=[0, 1, 0, 0, 0, 2],
           folders=("탈모_2.중등도", "피지과다_1.경증"))
    _image(tmp_path, "0014_A2LEBJJDE00060O_1602578303999_2_TH", grades=[0, 0, 0, 0, 0, 3], age="35")
    _image(tmp_path, "0015_A2LEBJJDE00060O_1602578304000_1_LH", grades=[1, 0, 0, 0, 0, 0],
           gender="여", age="20s")
    _image(tmp_path, "0016_A2LEBJJDE00060O_1602578304001_1_LH", grades=[0, 0, 0, 0, 0, 1], gender=None)
    _image(tmp_path, "0017_A2LEBJJDE00060O_1602578304002_1_LH", grades=[0, 0, 0, 0, 0, 1], age="5")
    return tmp_path


@pytest.mark.parametrize(("band", "expected"), [(20, 20), (70, 70), (80, 70), (0, None), (None, None)])
def test_maps_age_bands_onto_the_diagnosis_choices(band, expected):
    assert age_band(band) == expected


def test_reads_each_image_once_with_its_meta_and_skips_those_without_sex_or_age(dataset):
    report = ReadReport()
    records = {r.image_id: r for r in read_records(dataset, report)}

    assert sorted(records) == ["0013_A2LEBJJDE00060O_1602578303771_2_TH",
                               "0014_A2LEBJJDE00060O_1602578303999_2_TH",
                               "0015_A2LEBJJDE00060O_1602578304000_1_LH"]
    first = records["0013_A2LEBJJDE00060O_1602578303771_2_TH"]
    assert (first.sex, first.age, first.grades["value_6"], first.skin) == ("M", 30, 2, "hair_loss")
    assert records["0015_A2LEBJJDE00060O_1602578304000_1_LH"].sex == "F"
    assert (report.images, report.skipped) == (5, 2)


@pytest.mark.django_db
def test_command_imports_idempotently_under_its_source(dataset, capsys):
    call_command("build_reference_stats", "--data", str(dataset), "--source", "AI Hub sample")
    call_command("build_reference_stats", "--data", str(dataset), "--source", "AI Hub sample")

    assert ReferenceRecord.objects.count() == 3
    assert reference_sources() == ["AI Hub sample"]
    assert "Imported 3 records as 'AI Hub sample'" in capsys.readouterr().out


@pytest.mark.django_db
def test_dry_run_writes_nothing(dataset, capsys):
    call_command("build_reference_stats", "--data", str(dataset), "--dry-run")
    assert ReferenceRecord.objects.count() == 0
    assert "Would import 3 records" in capsys.readouterr().out


@pytest.mark.django_db
def test_rejects_a_folder_that_is_not_a_dataset(tmp_path):
    with pytest.raises(CommandError, match="not a folder"):
        call_command("build_reference_stats", "--data", str(tmp_path / "nope"))


@pytest.mark.django_db
def test_rejects_a_grade_outside_0_to_3_naming_the_file(dataset):
    _image(dataset, "0018_A2LEBJJDE00060O_1602578304003_1_LH", grades=[0, 0, 9, 0, 0, 0])
    with pytest.raises(CommandError, match="0018_.*value_3"):
        call_command("build_reference_stats", "--data", str(dataset))
    assert ReferenceRecord.objects.count() == 0


@pytest.mark.django_db
def test_reference_statistics_use_the_same_sex_and_age_band(dataset, settings):
    settings.STATS_MIN_GROUP = 2
    call_command("build_reference_stats", "--data", str(dataset), "--source", "AI Hub sample")
    me = make_human(sex="M", age=30, grades={"value_6": 3})

    stats = reference_like(human=me, source="AI Hub sample")

    assert stats.total == 2 and stats.enough
    assert stats.symptoms[5].standing.lower == 0.5  # of the two men in their 30s one has grade 2, one grade 3
