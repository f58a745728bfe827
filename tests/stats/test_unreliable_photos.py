"""Statistics leave out diagnoses whose photo failed the photo check, and say so."""

import pytest
from django.urls import reverse

from diagnosis.models import PhotoCheck
from stats.selectors import people_like
from tests.stats.factories import make_group, make_human


def mark(humans, outcome: str) -> None:
    for h in humans:
        h.photo_check = outcome
        h.save(update_fields=["photo_check"])


@pytest.fixture
def exact(settings):
    settings.STATS_ROUND_TO = 1  # tests/security/test_stats_differencing.py tests the rounding


@pytest.mark.django_db
def test_doubtful_and_refused_photos_are_left_out_but_unchecked_and_ok_ones_count(exact):
    mark(make_group(3, hair_loss=3), PhotoCheck.DOUBTFUL)
    mark(make_group(2, hair_loss=3), PhotoCheck.REFUSED)
    mark(make_group(4), PhotoCheck.OK)
    make_group(2)  # legacy rows: unchecked
    stats = people_like(human=make_human())
    assert (stats.total, stats.unreliable) == (6, 5)
    hair_loss = next(d for d in stats.symptoms if d.symptom.key == "value_6")
    assert hair_loss.shares[3].count == 0


@pytest.mark.django_db
def test_stats_section_says_how_many_results_are_not_counted(client):
    mark(make_group(4), PhotoCheck.DOUBTFUL)  # rounded to 5, like every count of the site's own diagnoses
    make_group(6)
    me = make_human()
    html = client.get(reverse("diagnosis:result", kwargs={"public_id": me.public_id})).content.decode()
    assert 'data-stats-unreliable="5"' in html
    assert "사진에 문제가 있는 결과 5건은 집계에서 뺐습니다." in html


@pytest.mark.django_db
def test_the_api_counts_the_same_diagnoses_as_the_results_page(client, settings, exact):
    settings.STATS_MIN_GROUP = 3
    mark(make_group(3, hair_loss=3), PhotoCheck.DOUBTFUL)
    mark(make_group(1), PhotoCheck.REFUSED)
    mark(make_group(2), PhotoCheck.OK)
    make_group(2)  # unchecked
    me = make_human()
    mark([me], PhotoCheck.DOUBTFUL)  # left out of the API's figures, as the page leaves out one's own
    client.cookies["django_language"] = "en"
    page = client.get(reverse("diagnosis:result", kwargs={"public_id": me.public_id})).content.decode()
    people = client.get("/api/v1/stats", {"sex": me.sex, "age": me.age}).json()["groups"][0]
    assert people["total"] == people_like(human=me).total == 4
    assert "Based on 4 diagnoses." in page
    hair_loss = next(s for s in people["symptoms"] if s["key"] == "value_6")
    assert hair_loss["shares"][3]["count"] == 0
