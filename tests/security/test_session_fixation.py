"""Session fixation: a session cookie planted in someone's browser never gives the planter their results."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from diagnosis.models import Human
from tests.diagnosis.helpers import upload
from tests.history.conftest import remember
from tests.stats.factories import make_human

HISTORY = reverse("history:list")


def photo_url(human) -> str:
    return reverse("history:photo", kwargs={"public_id": human.public_id})


def session_cookie(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def attacker(db):
    """A browser with a session of its own (one result in its history), whose cookie it can copy."""
    client = Client()
    remember(client, make_human())
    return client


@pytest.mark.django_db
def test_a_planted_session_cookie_never_shows_the_victims_result_or_photo(attacker, weights):
    planted = session_cookie(attacker)
    victim = Client()
    victim.cookies[settings.SESSION_COOKIE_NAME] = planted  # e.g. set through a sibling subdomain
    assert upload(victim, keep_photo=True).status_code == 302
    human = Human.objects.get(photo_consent=True)

    assert session_cookie(victim) != planted  # the upload rotated the victim's session key
    assert str(human.public_id) not in attacker.get(HISTORY).content.decode()
    assert attacker.get(photo_url(human)).status_code == 404
    # The victim still has the result and its photo.
    assert str(human.public_id) in victim.get(HISTORY).content.decode()
    assert victim.get(photo_url(human)).status_code == 200


@pytest.mark.django_db
def test_forgetting_a_result_rotates_the_session_key(client):
    kept, forgotten = make_human(), make_human()
    remember(client, forgotten, kept)
    before = session_cookie(client)
    client.post(reverse("history:forget", kwargs={"public_id": forgotten.public_id}))
    assert session_cookie(client) != before
    page = client.get(HISTORY).content.decode()
    assert str(kept.public_id) in page and str(forgotten.public_id) not in page


@pytest.mark.django_db
def test_the_old_key_stops_working_after_a_rotation(client):
    kept, forgotten = make_human(), make_human()
    remember(client, forgotten, kept)
    copy = Client()
    copy.cookies[settings.SESSION_COOKIE_NAME] = session_cookie(client)
    client.post(reverse("history:forget", kwargs={"public_id": forgotten.public_id}))
    assert str(kept.public_id) not in copy.get(HISTORY).content.decode()

