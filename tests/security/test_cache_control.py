"""Nothing that shows a result may be kept by a browser's cache, a proxy or a CDN."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.test_diagnoses import API, upload
from tests.factories import image_bytes
from tests.history.conftest import remember, with_kept_photo
from tests.stats.factories import make_human

NO_STORE = "private, no-store"


@pytest.fixture
def mine(client):
    older, newer = make_human(), with_kept_photo(make_human())
    remember(client, newer, older)
    return older, newer


def page_urls(older, newer) -> dict[str, str]:
    one = {"public_id": newer.public_id}
    return {
        "result": reverse("diagnosis:result", kwargs=one),
        "delete confirmation": reverse("diagnosis:delete", kwargs=one),
        "history": reverse("history:list"),
        "comparison": f"{reverse('history:compare')}?a={older.public_id}&b={newer.public_id}",
        "photo": reverse("history:photo", kwargs=one),
        "result pdf": reverse("history:result_report", kwargs=one),
        "history pdf": reverse("history:report"),
    }


@pytest.mark.django_db
def test_every_page_showing_a_result_is_private_and_never_stored(client, mine):
    for name, url in page_urls(*mine).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Cache-Control"] == NO_STORE, name


@pytest.mark.django_db
def test_the_refusal_page_shown_to_others_is_not_stored_either(mine):
    response = Client().get(reverse("diagnosis:delete", kwargs={"public_id": mine[1].public_id}))
    assert response.status_code == 403 and response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_api_answers_with_a_result_are_private_and_never_stored(client, weights):
    created = upload(client, image_bytes())
    assert created.status_code == 201 and created["Cache-Control"] == NO_STORE
    read = client.get(f"{API}/{created.json()['id']}")
    assert read.status_code == 200 and read["Cache-Control"] == NO_STORE
