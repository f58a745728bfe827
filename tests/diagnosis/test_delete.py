"""The person deletes their result; every way a row is deleted takes its photo file along."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from diagnosis.models import Human
from diagnosis.services import diagnosis_delete
from tests.diagnosis.helpers import human_with_photo, media_files, upload
from tests.history.conftest import remember


def result_url(human):
    return reverse("diagnosis:result", kwargs={"public_id": human.public_id})


def delete_url(human):
    return reverse("diagnosis:delete", kwargs={"public_id": human.public_id})


@pytest.mark.django_db
class TestDeleteMyResult:
    def test_results_page_offers_the_delete_button(self, client, weights):
        upload(client)
        human = Human.objects.get()
        assert f'href="{delete_url(human)}"' in client.get(result_url(human)).content.decode()

    def test_results_page_offers_no_delete_button_to_others_with_the_link(self, client, weights):
        upload(client)
        human = Human.objects.get()
        html = Client().get(result_url(human)).content.decode()
        assert delete_url(human) not in html and 'id="delete-elsewhere"' in html

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_someone_with_only_the_link_is_told_to_ask_the_owner(self, method, weights,
                                                                django_capture_on_commit_callbacks):
        owner = Client()
        upload(owner, keep_photo=True)
        human = Human.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(Client(), method)(delete_url(human))
        html = response.content.decode()
        assert response.status_code == 403 and 'id="delete-refused"' in html and "요청" in html
        assert Human.objects.count() == 1 and media_files() == [human.photo.name]

    def test_get_asks_for_confirmation_and_deletes_nothing(self, client):
        human = human_with_photo()
        remember(client, human)
        response = client.get(delete_url(human))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'method="post"' in html and "csrfmiddlewaretoken" in html and "영구 삭제" in html
        assert Human.objects.count() == 1 and media_files() == [human.photo.name]

    def test_post_deletes_row_and_photo_then_says_so(self, client, weights, django_capture_on_commit_callbacks):
        upload(client, keep_photo=True)
        human = Human.objects.get()
        assert media_files() == [human.photo.name]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(delete_url(human))
        assert response.status_code == 302 and response["Location"] == reverse("diagnosis:deleted")
        assert Human.objects.count() == 0 and media_files() == []
        page = client.get(response["Location"])
        assert page.status_code == 200 and 'id="deleted"' in page.content.decode()

    def test_deleted_result_answers_a_clear_404(self, client):
        human = human_with_photo()
        remember(client, human)
        client.post(delete_url(human))
        response = client.get(result_url(human))
        assert response.status_code == 404
        assert 'id="maybe-deleted"' in response.content.decode() and "삭제" in response.content.decode()
        assert client.get(delete_url(human)).status_code == 404

    def test_post_without_the_csrf_token_is_refused(self):
        human = human_with_photo()
        client = Client(enforce_csrf_checks=True)
        remember(client, human)
        response = client.post(delete_url(human))
        assert response.status_code == 403 and Human.objects.count() == 1

    def test_rolled_back_delete_keeps_the_photo(self, django_capture_on_commit_callbacks):
        human = human_with_photo()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            with transaction.atomic():
                diagnosis_delete(human=human)
                raise RuntimeError("something failed after the delete")
        assert Human.objects.count() == 1 and media_files() == [human.photo.name]

    def test_result_without_a_photo_is_deleted_too(self, client, weights):
        upload(client)
        human = Human.objects.get()
        assert client.post(delete_url(human)).status_code == 302
        assert not Human.objects.exists()


@pytest.mark.django_db
class TestEveryDeletePathRemovesFiles:
    def test_admin_deletes_one_row_with_its_file(self, admin_client, django_capture_on_commit_callbacks):
        human, other = human_with_photo(), human_with_photo()
        url = reverse("admin:diagnosis_human_delete", args=[human.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, {"post": "yes"})
        assert response.status_code == 302
        assert list(Human.objects.all()) == [other] and media_files() == [other.photo.name]

    def test_admin_delete_selected_removes_every_file(self, admin_client, django_capture_on_commit_callbacks):
        rows, kept = [human_with_photo() for _ in range(3)], human_with_photo()
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(reverse("admin:diagnosis_human_changelist"), {
                "action": "delete_selected", "post": "yes", "_selected_action": [h.pk for h in rows]})
        assert response.status_code == 302
        assert list(Human.objects.all()) == [kept] and media_files() == [kept.photo.name]

    def test_queryset_delete_removes_files(self, django_capture_on_commit_callbacks):
        for _ in range(2):
            human_with_photo()
        with django_capture_on_commit_callbacks(execute=True):
            Human.objects.all().delete()
        assert media_files() == []

    def test_a_photo_name_outside_media_root_is_never_deleted(self, settings, tmp_path,
                                                              django_capture_on_commit_callbacks):
        outside = tmp_path / "outside.jpg"
        outside.write_bytes(b"not yours")
        human = human_with_photo()
        Human.objects.filter(pk=human.pk).update(photo="../outside.jpg")
        with django_capture_on_commit_callbacks(execute=True):
            Human.objects.get().delete()
        assert outside.read_bytes() == b"not yours"
