import pytest
import torch

from ml import dataset as ds
from ml.presets import EvalPreset
from tests.ml.aihub_trees import file_name, full_tree, label, nfd, put_image, put_json, sample_tree


def _by_subject(index):
    return {s.subject: s for s in index.samples}


@pytest.mark.parametrize("decompose", [False, True], ids=["nfc", "nfd"])
def test_reads_full_download_once_per_image_with_grades_from_json(tmp_path, decompose):
    index = ds.read_dataset(full_tree(tmp_path, decompose=decompose))
    assert index.layout == "full" and not index.synthetic
    assert len(index.samples) == 3
    assert index.duplicates == 1  # the image that sits in 미세각질 and 탈모
    samples = _by_subject(index)
    assert samples["0013"].grades == {"value_1": 2, "value_2": 0, "value_3": 0, "value_4": 0,
                                      "value_5": 0, "value_6": 1}
    assert samples["0015"].grades["value_5"] == 3  # int values work as well as strings
    assert (samples["0014"].gender, samples["0014"].age) == ("여", 30)
    assert samples["0013"].gender is None


def test_reads_sample_download_layout(tmp_path):
    index = ds.read_dataset(sample_tree(tmp_path))
    assert index.layout == "sample"
    assert sorted((s.subject, s.grades["value_1"], s.grades["value_6"]) for s in index.samples) == [
        ("0021", 1, 0), ("0022", 0, 3)]


def test_wrong_folder_says_what_was_expected(tmp_path):
    put_image(tmp_path / "photos", file_name(1, 1))
    with pytest.raises(ds.DatasetError, match=r"no images in \[원천\].*expected the AI Hub full download"):
        ds.read_dataset(tmp_path)
    with pytest.raises(ds.DatasetError, match="is not a folder"):
        ds.read_dataset(tmp_path / "missing")


def test_images_without_labels_are_an_error_when_no_label_folder_exists(tmp_path):
    put_image(tmp_path / "Training" / "[원천]비듬_1.경증", file_name(1, 1))
    with pytest.raises(ds.DatasetError, match="no label JSONs"):
        ds.read_dataset(tmp_path)


@pytest.mark.parametrize("content, message", [
    ("{not json", "not readable JSON"),
    ('["a list"]', "expected a JSON object"),
    ({"image_file_name": "x.jpg", "value_1": "0"}, "value_2 is missing"),
    (label(file_name(1, 1), value_4="4"), r"value_4='4' is outside 0-3"),
    (label(file_name(1, 1), value_3=-1), "value_3=-1 is outside 0-3"),
    (label(file_name(1, 1), value_2="severe"), "is not a grade"),
])
def test_bad_label_json_is_an_error_naming_the_file(tmp_path, content, message):
    full_tree(tmp_path)
    bad = put_json(tmp_path / "Training" / "[라벨]비듬_1.경증", "0099_bad.json", content)
    with pytest.raises(ds.DatasetError, match=message) as err:
        ds.read_dataset(tmp_path)
    assert str(bad) in str(err.value)


def test_unreadable_image_is_skipped_and_counted_or_fails_by_flag(tmp_path):
    full_tree(tmp_path)
    broken = file_name(16, 9)
    good = (tmp_path / "Training" / nfd("[원천]미세각질_0.양호")).glob("*.jpg")
    truncated = next(iter(good), None) or next((tmp_path / "Training").rglob("*.jpg"))
    put_image(tmp_path / "Training" / "[원천]비듬_1.경증", broken, data=truncated.read_bytes()[:300])
    put_json(tmp_path / "Training" / "[라벨]비듬_1.경증", broken[:-4] + ".json", label(broken, value_5="1"))
    index = ds.read_dataset(tmp_path)
    assert len(index.samples) == 3 and len(index.unreadable) == 1 and broken in index.unreadable[0]
    with pytest.raises(ds.DatasetError, match="does not decode"):
        ds.read_dataset(tmp_path, skip_unreadable=False)


@pytest.mark.parametrize("text, band", [("20대", 20), ("20", 20), ("20s", 20), ("25", 20), ("30~39", 30),
                                        (45, 40), ("", None), (None, None), ("미상", None)])
def test_parses_age_band_leniently(text, band):
    assert ds.parse_age(text) == band


def test_parses_gender():
    assert [ds.parse_gender(g) for g in ("남", "여", "female", "", None)] == ["남", "여", "여", None, None]


def _samples(subject_sizes):
    return [ds.Sample(ds.Path(f"{subj:04d}_X_{i}_1_TH.jpg"), {"value_1": 0})
            for subj, n in subject_sizes for i in range(n)]


def test_split_keeps_subjects_together_near_seven_to_three_and_is_fixed_by_seed():
    samples = _samples([(s, 10 + s % 7) for s in range(40)])
    train, val = ds.split_by_subject(samples, seed=0)
    assert not {s.subject for s in train} & {s.subject for s in val}
    assert 0.25 <= len(val) / len(samples) <= 0.36
    assert ds.split_by_subject(samples, seed=0) == (train, val)
    assert ds.split_by_subject(samples, seed=1) != (train, val)


def test_symptom_dataset_returns_tensor_and_that_symptoms_grade(tmp_path):
    index = ds.read_dataset(full_tree(tmp_path))
    data = ds.SymptomDataset(index.samples, "value_1", EvalPreset(32))
    grades = sorted(data[i][1] for i in range(len(data)))
    image, _ = data[0]
    assert grades == [0, 0, 2] and image.shape == (3, 32, 32) and image.dtype == torch.float32
    with pytest.raises(ValueError):
        ds.SymptomDataset(index.samples, "value_9", EvalPreset(32))


def test_cached_images_give_the_same_tensors_as_reading_the_file(tmp_path):
    index = ds.read_dataset(full_tree(tmp_path))
    plain = ds.SymptomDataset(index.samples, "value_6", EvalPreset(24))
    cached = ds.SymptomDataset(index.samples, "value_6", EvalPreset(24), ds.ResizedImages(24))
    for i in range(len(plain)):
        assert torch.equal(plain[i][0], cached[i][0])
