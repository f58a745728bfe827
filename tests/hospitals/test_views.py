"""GET /hospitals/nearby/: the JSON the results-page map and list use."""

import pytest
from django.urls import reverse
from django.utils.text import format_lazy

from hospitals.forms import (
    BAD_COORDINATES,
    BAD_LIMIT,
    DISTRICT_NOT_FOUND,
    NEED_LOCATION,
    NOT_LOADED,
    OUTSIDE_KOREA,
)
from hospitals.selectors import MAX_LIMIT
from tests.hospitals.factories import make_hospital
from tests.hospitals.hira_files import GANGNAM, HAEUNDAE, JONGNO, YEOKSAM

pytestmark = pytest.mark.django_db
URL = reverse("hospitals:nearby")


@pytest.fixture
def clinics():
    make_hospital("J", "종로피부과", JONGNO, sigungu="종로구", dong="종로1가", url="https://jongno.example.kr")
    make_hospital("Y", "역삼피부과", YEOKSAM)
    make_hospital("H", "해운대피부과", HAEUNDAE, sido="부산", sigungu="해운대구", dong="우동")


def test_nearest_clinics_to_a_point(client, clinics):
    data = client.get(URL, {"lat": GANGNAM[0], "lon": GANGNAM[1]}).json()
    assert [r["name"] for r in data["results"]] == ["역삼피부과", "종로피부과"]
    first = data["results"][0]
    assert set(first) == {"name", "address", "phone", "url", "kind", "lat", "lon", "distance_km", "kakao_url"}
    assert first["distance_km"] == pytest.approx(0.85, abs=0.05)
    assert first["kakao_url"].startswith("https://map.kakao.com/link/search/")
    assert data["center"] == {"lat": GANGNAM[0], "lon": GANGNAM[1], "label": ""}


def test_radius_and_limit(client, clinics):
    def names(**params):
        return [r["name"] for r in client.get(URL, {"lat": GANGNAM[0], "lon": GANGNAM[1], **params}).json()["results"]]
    assert names(radius_km=1) == ["역삼피부과"]
    assert names(radius_km=100, limit=3) == ["역삼피부과", "종로피부과"]
    assert names(limit=1) == ["역삼피부과"]


def test_typed_district(client, clinics):
    data = client.get(URL, {"q": "해운대구"}).json()
    assert data["center"]["label"] == "해운대구" and data["results"][0]["name"] == "해운대피부과"


def test_nothing_within_the_radius_says_so(client, clinics):
    data = client.get(URL, {"lat": 33.5, "lon": 126.5, "radius_km": 5}).json()
    assert data["results"] == [] and "5 km" in data["message"]


@pytest.mark.parametrize(("params", "message"), [
    ({}, NEED_LOCATION),
    ({"lat": "37.5"}, BAD_COORDINATES),
    ({"lat": "north", "lon": "127"}, BAD_COORDINATES),
    ({"lat": "nan", "lon": "127"}, BAD_COORDINATES),
    ({"lat": "48.85", "lon": "2.35"}, OUTSIDE_KOREA),
    ({"q": "강남구", "limit": "0"}, format_lazy(BAD_LIMIT, max=MAX_LIMIT)),
    ({"q": "강남구", "limit": "many"}, format_lazy(BAD_LIMIT, max=MAX_LIMIT)),
])
def test_bad_input_is_a_400_with_a_message(client, clinics, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json() == {"error": str(message)}


def test_bad_radius_and_long_query_are_400(client, clinics):
    assert client.get(URL, {"q": "강남구", "radius_km": "-1"}).status_code == 400
    assert client.get(URL, {"q": "구" * 101}).status_code == 400


def test_unknown_district_is_a_404_with_a_message(client, clinics):
    response = client.get(URL, {"q": "없는동네"})
    assert response.status_code == 404 and response.json()["error"] == str(DISTRICT_NOT_FOUND)


def test_no_clinics_loaded_says_so(client):
    data = client.get(URL, {"q": "강남구"}).json()
    assert data == {"center": None, "results": [], "message": str(NOT_LOADED)}


def test_errors_follow_the_language(client, clinics):
    korean = client.get(URL, HTTP_ACCEPT_LANGUAGE="ko").json()["error"]
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()["error"]
    assert english == "Type a district or address, or use your location."
    assert korean != english


def test_only_get(client):
    assert client.post(URL, {"q": "강남구"}).status_code == 405
