import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diagnosis.models import Human
from diagnosis.selectors import photo_check_dict
from ml.labels import SYMPTOM_KEYS
from tests.diagnosis.test_photo_check import flat_photo
from tests.diagnosis.test_views import post
from tests.factories import image_bytes

API = "/api/v1/diagnoses"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def upload(client, data: bytes | None = None, *, name="scalp.jpg", ctype="image/jpeg", lang="en", **fields):
    form = {"sex": "F", "age": "30", "area": "crown", **fields}
    if data is not None:
        form["photo"] = SimpleUploadedFile(name, data, ctype)
    return client.post(API, form, HTTP_ACCEPT_LANGUAGE=lang)


@pytest.mark.django_db
class TestCreate:
    def test_answers_201_with_six_grades_scalp_type_and_progression(self, client, weights):
        response = upload(client, image_bytes())
        assert response.status_code == 201
        body = response.json()
        human = Human.objects.get()
        assert body["id"] == str(human.public_id)
        assert body["url"] == f"http://testserver/result/{human.public_id}/"
        assert [s["key"] for s in body["symptoms"]] == list(SYMPTOM_KEYS)
        for symptom in body["symptoms"]:
            assert len(symptom["probabilities"]) == 4 and 0 <= symptom["grade"] <= 3
            assert symptom["probabilities"] == human.probabilities[symptom["key"]]
        assert body["scalp_type"]["key"] == human.skin and body["progression"]["key"] == human.pred
        assert body["demo"] is True and body["photo_check"] == photo_check_dict(human)
        assert body["photo_check"]["outcome"] == "ok" and body["photo_check"]["reasons"] == []
        assert "sharpness" in body["photo_check"]["scores"]["quality"]
        assert set(body["weights"]) == set(SYMPTOM_KEYS)

    def test_area_is_stored_and_answered_and_an_unknown_area_is_refused(self, client, weights):
        body = upload(client, image_bytes(), area="hairline").json()
        assert body["area"] == "hairline" and Human.objects.get().area == "hairline"
        assert client.get(f"{API}/{body['id']}").json()["area"] == "hairline"
        refused = upload(client, image_bytes(), area="elbow")
        assert refused.status_code == 400 and set(refused.json()["fields"]) == {"area"}
        assert Human.objects.count() == 1

    def test_photo_is_not_kept_without_consent(self, client, weights):
        body = upload(client, image_bytes()).json()
        human = Human.objects.get()
        assert not human.photo and body["keep_photo"] is False and body["photo_delete_after"] is None

    def test_photo_is_kept_with_consent_until_its_deletion_date(self, client, weights):
        body = upload(client, image_bytes(), keep_photo="true").json()
        human = Human.objects.get()
        assert human.photo and human.photo_consent and body["keep_photo"] is True
        assert body["photo_delete_after"] is not None

    def test_the_site_shows_the_same_result(self, client, weights):
        body = upload(client, image_bytes()).json()
        page = client.get(reverse("diagnosis:result", kwargs={"public_id": body["id"]}), HTTP_ACCEPT_LANGUAGE="en")
        html = page.content.decode()
        assert page.status_code == 200
        assert f"'{body['scalp_type']['en']}'" in html and f"'{body['progression']['en']}'" in html
        for symptom in body["symptoms"]:
            assert f'data-symptom="{symptom["key"]}"' in html

    def test_sets_no_cookie_and_needs_no_csrf_token(self, weights):
        from django.test import Client

        response = upload(Client(enforce_csrf_checks=True), image_bytes())
        assert response.status_code == 201
        assert not response.cookies


@pytest.mark.django_db
class TestReadAndDelete:
    def test_reads_what_the_upload_answered(self, client, weights):
        created = upload(client, image_bytes()).json()
        response = client.get(f"{API}/{created['id']}")
        created.pop("delete_token")  # answered once, at creation only
        assert response.status_code == 200 and response.json() == created

    def test_delete_answers_204_then_404_and_removes_the_photo(self, client, weights,
                                                               django_capture_on_commit_callbacks):
        created = upload(client, image_bytes(), keep_photo="true").json()
        path = Human.objects.get().photo.path
        with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion commits
            response = client.delete(f"{API}/{created['id']}", HTTP_X_DELETE_TOKEN=created["delete_token"])
            assert response.status_code == 204
        assert not Human.objects.exists()
        assert not os.path.exists(path)
        for response in (client.get(f"{API}/{created['id']}"),
                         client.delete(f"{API}/{created['id']}", HTTP_X_DELETE_TOKEN=created["delete_token"])):
            assert response.status_code == 404 and response.json()["code"] == "not_found"

    def test_the_delete_token_is_stored_only_as_a_hash(self, client, weights):
        created = upload(client, image_bytes()).json()
        human = Human.objects.get()
        assert len(created["delete_token"]) >= 40 and human.delete_token_hash
        assert created["delete_token"] not in repr(Human.objects.values().get())

    @pytest.mark.parametrize("token", [None, "", "wrong-token"])
    def test_the_id_alone_cannot_delete(self, client, weights, token):
        created = upload(client, image_bytes(), keep_photo="true").json()
        headers = {} if token is None else {"HTTP_X_DELETE_TOKEN": token}
        response = client.delete(f"{API}/{created['id']}", HTTP_ACCEPT_LANGUAGE="ko", **headers)
        assert response.status_code == 403 and response.json()["code"] == "delete_token_invalid"
        assert HANGUL.search(response.json()["message"])
        assert Human.objects.count() == 1 and Human.objects.get().photo

    def test_another_diagnosis_token_cannot_delete(self, client, weights):
        first, second = upload(client, image_bytes()).json(), upload(client, image_bytes()).json()
        response = client.delete(f"{API}/{first['id']}", HTTP_X_DELETE_TOKEN=second["delete_token"])
        assert response.status_code == 403 and Human.objects.count() == 2

    def test_a_result_made_on_the_site_cannot_be_deleted_through_the_api(self, client, weights):
        post(client, image_bytes())
        human = Human.objects.get()
        assert client.delete(f"{API}/{human.public_id}").status_code == 403 and Human.objects.exists()

    @pytest.mark.parametrize("public_id", ["00000000-0000-0000-0000-000000000000", "not-a-uuid", "1"])
    def test_unknown_or_malformed_id_is_a_json_404(self, client, public_id):
        response = client.get(f"{API}/{public_id}")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json") and response.json()["code"] == "not_found"


@pytest.mark.django_db
class TestRules:
    def test_over_the_rate_limit_answers_429_and_grades_nothing(self, client, weights, settings, fresh_counter):
        settings.UPLOAD_RATE_LIMIT = "2/h"
        assert [upload(client, image_bytes()).status_code for _ in range(2)] == [201, 201]
        response = upload(client, image_bytes())
        assert response.status_code == 429 and response.json()["code"] == "rate_limited"
        assert Human.objects.count() == 2

    def test_the_site_form_and_the_api_share_one_counter(self, client, weights, settings, fresh_counter):
        settings.UPLOAD_RATE_LIMIT = "2/h"
        assert post(client, image_bytes()).status_code == 302
        assert upload(client, image_bytes()).status_code == 201
        assert upload(client, image_bytes()).status_code == 429
        assert post(client, image_bytes()).status_code == 429
        assert Human.objects.count() == 2

    def test_the_limit_is_behind_trusted_proxies_per_forwarded_address(self, client, weights, settings,
                                                                       fresh_counter):
        settings.UPLOAD_RATE_LIMIT, settings.TRUSTED_PROXIES = "1/h", ["127.0.0.1"]

        def via_proxy(forwarded: str) -> int:
            form = {"sex": "F", "age": "30", "area": "crown",
                    "photo": SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg")}
            return client.post(API, form, HTTP_X_FORWARDED_FOR=forwarded).status_code

        assert [via_proxy("203.0.113.5"), via_proxy("203.0.113.5"), via_proxy("203.0.113.6")] == [201, 429, 201]

    def test_the_limit_is_per_client_address(self, client, weights, settings, fresh_counter):
        settings.UPLOAD_RATE_LIMIT = "1/h"
        assert upload(client, image_bytes()).status_code == 201
        assert client.post(API, {"sex": "F", "age": "30", "area": "crown",
                                 "photo": SimpleUploadedFile("a.jpg", image_bytes())},
                           REMOTE_ADDR="10.0.0.2").status_code == 201

    def test_unusable_weights_answer_503_with_file_names_only(self, client, settings, tmp_path):
        settings.WEIGHTS_DIR = tmp_path / "nothing-here"
        response = upload(client, image_bytes())
        body = response.json()
        assert response.status_code == 503 and body["code"] == "weights_unavailable"
        assert {p["file"] for p in body["detail"]} == {f"{k}.pt" for k in SYMPTOM_KEYS}
        assert str(tmp_path) not in response.content.decode()

    def test_messages_follow_accept_language(self, client, weights):
        ko = upload(client, b"", lang="ko").json()["message"]
        en = upload(client, b"", lang="en").json()["message"]
        assert HANGUL.search(ko) and not HANGUL.search(en)

    def test_photo_refused_by_the_check_is_422_with_reasons_and_scores_and_nothing_saved(self, client, weights):
        response = upload(client, image_bytes(flat_photo()))
        body = response.json()
        assert response.status_code == 422 and body["code"] == "photo_refused"
        assert body["detail"]["outcome"] == "refused" and body["detail"]["reasons"] == ["flat"]
        assert body["detail"]["scores"]["quality"]["colours"] < 16
        assert not Human.objects.exists()

    def test_grade_anyway_grades_a_refused_photo_and_says_so(self, client, weights):
        response = upload(client, image_bytes(flat_photo()), grade_anyway="true")
        body = response.json()
        assert response.status_code == 201
        assert body["photo_check"]["outcome"] == "refused" and body["photo_check"]["reasons"] == ["flat"]
        assert body["photo_check"]["scores"] == Human.objects.get().photo_check_scores

