"""Another website cannot make its visitors' browsers post to the API; apps and allowed sites can."""

import pytest

from diagnosis.models import Human
from tests.api.test_diagnoses import API, HANGUL, upload
from tests.factories import image_bytes


def browser_upload(client, *, lang="ko", **headers):
    return client.post(API, {"photo": _photo(), "sex": "F", "age": "30", "area": "crown"},
                       HTTP_ACCEPT_LANGUAGE=lang, **headers)


def _photo():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("scalp.jpg", image_bytes(), "image/jpeg")


@pytest.mark.django_db
class TestCrossSiteWrites:
    @pytest.mark.parametrize("headers", [
        {"HTTP_ORIGIN": "https://evil.example", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example"},  # an older browser: Origin only
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "null"},  # a sandboxed frame or a local file
    ])
    def test_a_post_from_another_site_is_refused_and_grades_nothing(self, client, weights, headers):
        response = browser_upload(client, **headers)
        assert response.status_code == 403
        body = response.json()
        assert body["code"] == "cross_site" and HANGUL.search(body["message"])
        assert not Human.objects.exists()

    def test_the_refusal_follows_the_language(self, client, weights):
        response = browser_upload(client, lang="en", HTTP_ORIGIN="https://evil.example")
        assert "another website" in response.json()["message"]

    def test_a_delete_from_another_site_is_refused(self, client, weights):
        created = upload(client, image_bytes()).json()
        response = client.delete(f"{API}/{created['id']}", HTTP_X_DELETE_TOKEN=created["delete_token"],
                                 HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="cross-site")
        assert response.status_code == 403 and response.json()["code"] == "cross_site"
        assert Human.objects.exists()

    @pytest.mark.parametrize("headers", [
        {},  # apps, scripts, curl
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},  # the site's own API docs
        {"HTTP_SEC_FETCH_SITE": "none"},  # typed by the person
    ])
    def test_apps_and_the_site_itself_still_post(self, client, weights, headers):
        assert browser_upload(client, **headers).status_code == 201

    def test_reads_from_other_sites_are_answered(self, client, weights):
        created = upload(client, image_bytes()).json()
        response = client.get(f"{API}/{created['id']}", HTTP_ORIGIN="https://evil.example",
                              HTTP_SEC_FETCH_SITE="cross-site")
        assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
class TestAllowedOrigins:
    @pytest.fixture(autouse=True)
    def _allow(self, settings):
        settings.API_ALLOWED_ORIGINS = settings.CORS_ALLOWED_ORIGINS = ["https://partner.example"]

    def test_an_allowed_site_posts_and_may_read_the_answer(self, client, weights):
        response = browser_upload(client, HTTP_ORIGIN="https://partner.example", HTTP_SEC_FETCH_SITE="cross-site")
        assert response.status_code == 201
        assert response["Access-Control-Allow-Origin"] == "https://partner.example"

    def test_an_allowed_site_gets_its_preflight_for_the_delete_token(self, client):
        response = client.options(f"{API}/00000000-0000-0000-0000-000000000000", HTTP_ORIGIN="https://partner.example",
                                  HTTP_ACCESS_CONTROL_REQUEST_METHOD="DELETE",
                                  HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-delete-token")
        assert response.status_code == 200
        assert "x-delete-token" in response["Access-Control-Allow-Headers"]

    def test_other_sites_are_still_refused(self, client, weights):
        response = browser_upload(client, HTTP_ORIGIN="https://evil.example")
        assert response.status_code == 403 and "Access-Control-Allow-Origin" not in response
