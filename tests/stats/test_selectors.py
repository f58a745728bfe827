import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stats.selectors import people_like
from stats.snapshot import people_counts
from tests.stats.factories import make_group, make_human

pytestmark = pytest.mark.django_db


@pytest.fixture
def exact(settings):
    """Counts not rounded (tests/security/test_stats_differencing.py tests the rounding)."""
    settings.STATS_ROUND_TO = 1


def test_counts_grades_and_types_of_the_same_sex_and_age_band_only(exact):
    make_group(3, hair_loss=0)
    make_group(2, hair_loss=2)
    make_group(4, sex="F")  # other sex
    make_group(4, age=40)  # other age band
    me = make_human(grades={"value_6": 1})

    stats = people_like(human=me)

    assert stats.total == 5
    hair_loss = stats.symptoms[5]
    assert [s.count for s in hair_loss.shares] == [3, 0, 2, 0]
    types = {t.scalp_type.key: t.count for t in stats.types}
    assert types["normal"] == 3 and types["hair_loss"] == 2 and sum(types.values()) == 5


def test_leaves_the_users_own_diagnosis_out():
    make_group(5)
    me = make_human(grades={"value_6": 3})
    assert people_like(human=me).total == 5


def test_where_you_stand_splits_the_group_into_lower_same_and_higher(exact):
    make_group(6, hair_loss=0)
    make_group(2, hair_loss=1)
    make_group(2, hair_loss=3)
    me = make_human(grades={"value_6": 1})

    standing = people_like(human=me).symptoms[5].standing

    assert standing.grade.value == 1
    assert (standing.lower, standing.same, standing.higher) == (0.6, 0.2, 0.2)


def test_marks_the_users_scalp_type():
    make_group(5, hair_loss=2)
    me = make_human(grades={"value_6": 2})
    yours = [t.scalp_type.key for t in people_like(human=me).types if t.yours]
    assert yours == ["hair_loss"]


@pytest.mark.parametrize(("others", "enough"), [(4, False), (5, True)])
def test_a_group_below_the_minimum_is_not_enough(others, enough, settings):
    settings.STATS_MIN_GROUP = 5
    make_group(others)
    assert people_like(human=make_human()).enough is enough


def test_minimum_group_size_is_a_setting(settings):
    settings.STATS_MIN_GROUP = 2
    make_group(2)
    stats = people_like(human=make_human())
    assert stats.min_group == 2 and stats.enough


def test_an_empty_group_has_no_figures():
    stats = people_like(human=make_human())
    assert stats.total == 0 and not stats.enough and stats.symptoms == [] and stats.types == []


def test_a_snapshot_takes_one_query_whatever_the_group_size():
    make_group(30)
    with CaptureQueriesContext(connection) as queries:
        people_counts(sex="M", age=30)
    assert len(queries) == 1
    assert "GROUP BY" in queries[0]["sql"] and '"sex"' in queries[0]["sql"] and '"age"' in queries[0]["sql"]


def test_reads_between_snapshots_run_no_group_by():
    make_group(30)
    me = make_human()
    people_like(human=me)
    with CaptureQueriesContext(connection) as queries:
        assert people_like(human=me).total == 30
    assert not any("GROUP BY" in q["sql"] for q in queries)
