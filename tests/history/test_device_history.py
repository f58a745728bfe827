"""My results are remembered on the device that made them, and only there."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from common.device_history import SESSION_KEY
from diagnosis.models import Human
from tests.factories import image_bytes
from tests.history.conftest import remember, with_kept_photo
from tests.stats.factories import make_human

HISTORY = reverse("history:list")


def upload(client, seed: int = 0):
    from tests.factories import scalp_image

    photo = SimpleUploadedFile("scalp.jpg", image_bytes(scalp_image(seed=seed)), "image/jpeg")
    response = client.post(reverse("diagnosis:upload"), {"photo": photo, "sex": "F", "age": 30, "area": "crown"})
    assert response.status_code == 302
    return response["Location"]


def listed_ids(html: str) -> list[str]:
    return re.findall(r'data-result="([0-9a-f-]+)"', html)


@pytest.mark.django_db
def test_three_uploads_are_listed_newest_first_and_another_browser_sees_none(client, weights):
    for seed in range(3):
        upload(client, seed)
    newest_first = [str(h.public_id) for h in Human.objects.order_by("-created_at")]
    page = client.get(HISTORY)
    assert page.status_code == 200
    assert listed_ids(page.content.decode()) == newest_first
    html = page.content.decode()
    assert html.count('class="chart trend"') == 6 and html.count('role="img"') >= 6
    assert "3개" in html  # "결과 3개"

    stranger = Client().get(HISTORY).content.decode()
    assert listed_ids(stranger) == [] and 'id="history-empty"' in stranger
    for public_id in newest_first:
        assert public_id not in stranger


@pytest.mark.django_db
def test_the_session_cookie_holding_the_list_is_httponly_and_lasts_beyond_two_weeks(client, weights):
    upload(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert int(cookie["max-age"]) == settings.HISTORY_KEEP_DAYS * 24 * 3600


@pytest.mark.django_db
def test_the_list_keeps_only_the_newest_results_up_to_the_cap(client, weights, settings):
    settings.HISTORY_MAX_RESULTS = 2
    for seed in range(3):
        upload(client, seed)
    kept = client.session[SESSION_KEY]
    assert kept == [str(h.public_id) for h in Human.objects.order_by("-created_at")[:2]]


@pytest.mark.django_db
def test_a_deleted_result_disappears_from_the_list(client):
    kept, deleted = make_human(), make_human()
    remember(client, deleted, kept)
    deleted.delete()
    html = client.get(HISTORY).content.decode()
    assert listed_ids(html) == [str(kept.public_id)]
    assert client.session[SESSION_KEY] == [str(kept.public_id)]


@pytest.mark.django_db
def test_removing_from_the_list_keeps_the_result_and_needs_a_post_with_csrf(client):
    human, other = make_human(), make_human()
    remember(client, human, other)
    forget = reverse("history:forget", kwargs={"public_id": human.public_id})
    assert client.get(forget).status_code == 405

    csrf_client = Client(enforce_csrf_checks=True)
    remember(csrf_client, human)
    assert csrf_client.post(forget).status_code == 403

    response = client.post(forget)
    assert response.status_code == 302 and response["Location"] == HISTORY
    assert listed_ids(client.get(HISTORY).content.decode()) == [str(other.public_id)]
    assert Human.objects.filter(pk=human.pk).exists()
    assert client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id})).status_code == 200


@pytest.mark.django_db
def test_deleting_everywhere_asks_first_then_removes_row_and_photo(client, django_capture_on_commit_callbacks):
    human = with_kept_photo(make_human())
    path = human.photo.path
    remember(client, human)
    delete = reverse("diagnosis:delete", kwargs={"public_id": human.public_id})
    assert f'href="{delete}"' in client.get(HISTORY).content.decode()
    assert client.get(delete).status_code == 200 and Human.objects.filter(pk=human.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row's delete commits
        response = client.post(delete)
    assert response.status_code == 302 and response["Location"] == reverse("diagnosis:deleted")
    assert not Human.objects.filter(pk=human.pk).exists()
    assert listed_ids(client.get(HISTORY).content.decode()) == []
    assert client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id})).status_code == 404
    assert not Path(path).exists()
