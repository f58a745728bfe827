"""The nearby endpoints (the page's and the API's) answer JSON even when the database cannot be reached."""

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from hospitals import views


def database_down(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def test_nearby_answers_json_503_in_korean_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr(views, "hospitals_loaded", database_down)
    response = client.get(reverse("hospitals:nearby"), {"lat": 37.5, "lon": 127.03})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    with translation.override("ko"):
        assert response.json() == {"error": str(views.SEARCH_UNAVAILABLE)}
    assert "지금은 병원 검색을 사용할 수 없습니다" in response.json()["error"]


@pytest.mark.parametrize("down", ["hospitals_loaded", "nearby_search"])
def test_the_api_answers_503_search_unavailable_in_its_error_shape(client, monkeypatch, down):
    monkeypatch.setattr(views, "hospitals_loaded", lambda: True)
    monkeypatch.setattr(views, down, database_down)
    response = client.get("/api/v1/clinics/nearby", {"q": "강남구"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    with translation.override("ko"):
        assert response.json() == {"code": "search_unavailable", "message": str(views.SEARCH_UNAVAILABLE)}
    assert "지금은 병원 검색을 사용할 수 없습니다" in response.json()["message"]
