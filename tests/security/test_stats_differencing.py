"""Reading the statistics just before and just after someone's upload does not give their grades away."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stats.selectors import people_like, rounded
from tests.stats.factories import make_group, make_human

VICTIM = {"value_1": 2, "value_2": 3, "value_3": 1, "value_4": 1, "value_5": 2, "value_6": 3}


def read_stats(client) -> dict:
    return client.get("/api/v1/stats", {"sex": "F", "age": 30}).json()["groups"][0]


@pytest.fixture
def later(monkeypatch):
    """Move the clock the statistics snapshots read forward."""
    def move(**delta):
        now = timezone.now() + timedelta(**delta)
        monkeypatch.setattr("stats.snapshot.timezone.now", lambda: now)
    return move


@pytest.mark.django_db
def test_a_group_of_five_becoming_six_changes_no_figure(client, later):
    make_group(5, sex="F", age=30)
    before = read_stats(client)
    assert before["enough"] and before["total"] == 5
    make_human(sex="F", age=30, grades=VICTIM)  # the victim's upload
    assert read_stats(client) == before  # the same snapshot
    later(minutes=61)
    assert read_stats(client) == before  # a new snapshot, and still nothing to subtract: 6 shows as 5


@pytest.mark.django_db
def test_the_results_page_of_someone_in_the_group_shows_the_same_before_and_after(client):
    make_group(5, sex="F", age=30)
    watcher = make_human(sex="F", age=30)  # the one reading, on their own results page
    page = reverse("diagnosis:result", kwargs={"public_id": watcher.public_id})
    before = client.get(page).content.decode()
    assert 'data-standing="value_6"' in before  # figures are shown
    make_human(sex="F", age=30, grades=VICTIM)
    assert client.get(page).content.decode().split('id="stats"')[1] == before.split('id="stats"')[1]


@pytest.mark.django_db
def test_the_snapshot_follows_new_uploads_within_the_hour(client, later):
    make_group(5, sex="F", age=30)
    assert read_stats(client)["total"] == 5
    make_group(5, sex="F", age=30, hair_loss=3)
    assert read_stats(client)["total"] == 5
    later(minutes=61)
    after = read_stats(client)
    hair_loss = next(s for s in after["symptoms"] if s["key"] == "value_6")
    assert after["total"] == 10 and [s["count"] for s in hair_loss["shares"]] == [5, 0, 0, 5]


@pytest.mark.django_db
def test_counts_are_rounded_to_five_and_shares_follow_from_the_rounded_counts(client):
    make_group(7, sex="F", age=30, hair_loss=0)
    make_group(3, sex="F", age=30, hair_loss=2)
    make_group(2, sex="F", age=30, hair_loss=3)
    stats = read_stats(client)
    hair_loss = next(s for s in stats["symptoms"] if s["key"] == "value_6")
    assert stats["total"] == 10  # 12 diagnoses
    assert [s["count"] for s in hair_loss["shares"]] == [5, 0, 5, 0]
    assert [s["share"] for s in hair_loss["shares"]] == [0.5, 0.0, 0.5, 0.0]
    assert all(t["count"] % 5 == 0 for t in stats["types"])


@pytest.mark.django_db
def test_a_group_below_the_minimum_stays_hidden_even_when_it_would_round_up(settings):
    settings.STATS_MIN_GROUP = 5
    make_group(3)
    stats = people_like(human=make_human())  # 3 others: rounds to 5, still not enough
    assert not stats.enough


@pytest.mark.parametrize(("n", "expected"), [(0, 0), (2, 0), (3, 5), (5, 5), (6, 5), (7, 5), (8, 10), (12, 10)])
def test_rounding_to_the_nearest_five(n, expected):
    assert rounded(n, 5) == expected
