import pytest

from ml.labels import GRADES, SCALP_TYPE_BY_KEY, SCALP_TYPES, SYMPTOM_KEYS, progression, scalp_type


def grades(**present):
    """Six grades keyed value_1..value_6; keyword names are the symptom fields' short forms."""
    short = dict(zip(["fds", "seb", "ife", "fep", "dan", "hl"], SYMPTOM_KEYS, strict=True))
    out = dict.fromkeys(SYMPTOM_KEYS, 0)
    out.update({short[k]: v for k, v in present.items()})
    return out


# Every row: grades -> (scalp type, progression).
RULE_TABLE = [
    (grades(), "normal", 0),
    (grades(fds=2), "dry", 2),
    (grades(seb=1), "oily", 1),
    (grades(seb=2, ife=3), "seborrheic", 3),
    (grades(seb=1, ife=1, fds=3), "seborrheic", 1),  # 미세각질 tolerated, not counted
    (grades(ife=2), "sensitive", 2),
    (grades(ife=1, fds=1), "sensitive", 1),
    (grades(fep=3), "inflammatory", 3),
    (grades(fep=1, fds=2, seb=2, dan=3), "inflammatory", 1),
    (grades(dan=2), "dandruff", 2),
    (grades(dan=1, fds=1, seb=3), "dandruff", 1),
    (grades(hl=3), "hair_loss", 3),
    (grades(hl=1, seb=3, ife=3, fep=2), "hair_loss", 1),  # hair loss wins over every other rule
    (grades(ife=1, dan=1), "combination", 1),  # matches no rule
    (grades(fds=1, seb=2, ife=1, dan=3), "combination", 3),
    (grades(seb=1, fep=0, ife=0, dan=0, fds=0, hl=0), "oily", 1),
]


@pytest.mark.parametrize(("six", "kind", "prog"), RULE_TABLE)
def test_rule_table(six, kind, prog):
    assert scalp_type(six).key == kind
    assert progression(six) == GRADES[prog]


def test_rule_table_covers_every_scalp_type():
    assert {kind for _, kind, _ in RULE_TABLE} == {t.key for t in SCALP_TYPES}


def test_every_type_has_korean_and_english_names():
    for t in SCALP_TYPES:
        assert t.ko and t.en
    assert SCALP_TYPE_BY_KEY["hair_loss"].ko == "탈모성"


def test_accepts_string_grades_from_label_json():
    assert scalp_type({k: "0" for k in SYMPTOM_KEYS} | {"value_6": "2"}).key == "hair_loss"


@pytest.mark.parametrize("bad", [{"value_1": 0}, dict.fromkeys(SYMPTOM_KEYS, 0) | {"value_3": 4}])
def test_rejects_incomplete_or_out_of_range_grades(bad):
    with pytest.raises(ValueError):
        scalp_type(bad)
