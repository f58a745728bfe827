"""The nearby endpoint answers JSON even when the database cannot be reached."""

from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from hospitals import views


def test_nearby_answers_json_503_in_korean_when_the_database_is_down(client, monkeypatch):
    def database_down():
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(views, "hospitals_loaded", database_down)
    response = client.get(reverse("hospitals:nearby"), {"lat": 37.5, "lon": 127.03})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    with translation.override("ko"):
        assert response.json() == {"error": str(views.SEARCH_UNAVAILABLE)}
    assert "지금은 병원 검색을 사용할 수 없습니다" in response.json()["error"]
