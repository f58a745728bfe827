"""Nearest clinics to a point, and the centre of a typed district."""

import pytest

from hospitals.selectors import bounding_box, haversine_km, hospitals_nearby, locate_district
from tests.hospitals.factories import make_hospital
from tests.hospitals.hira_files import GANGNAM, HAEUNDAE, JONGNO, YEOKSAM

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinics():
    make_hospital("J", "종로피부과", JONGNO, sigungu="종로구", dong="종로1가", address="서울특별시 종로구 종로 1")
    make_hospital("Y", "역삼피부과", YEOKSAM, address="서울특별시 강남구 테헤란로 1 (역삼동)")
    make_hospital("G", "강남역피부과", GANGNAM, dong="역삼동", address="서울특별시 강남구 강남대로 1")
    make_hospital("H", "해운대피부과", HAEUNDAE, sido="부산", sigungu="해운대구", dong="우동",
                  address="부산광역시 해운대구 해운대로 1")


def test_haversine_matches_known_distances():
    assert haversine_km(37.0, 127.0, 38.0, 127.0) == pytest.approx(111.195, abs=0.01)  # 1 degree of latitude
    assert haversine_km(37.0, 127.0, 37.0, 128.0) == pytest.approx(111.195 * 0.7986, abs=0.05)  # x cos(37)


def test_bounding_box_contains_the_radius_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(37.5, 127.0, 10)
    assert haversine_km(37.5, 127.0, max_lat, 127.0) == pytest.approx(10, rel=1e-3)
    assert haversine_km(37.5, 127.0, 37.5, max_lon) == pytest.approx(10, rel=1e-2)
    assert min_lat < 37.5 < max_lat and min_lon < 127.0 < max_lon


def test_nearest_first_with_distances(clinics):
    results = hospitals_nearby(lat=GANGNAM[0], lon=GANGNAM[1], radius_km=20)
    assert [r.name for r in results] == ["강남역피부과", "역삼피부과", "종로피부과"]
    assert results[0].distance_km == pytest.approx(0, abs=0.01)
    assert results[1].distance_km == pytest.approx(haversine_km(*GANGNAM, *YEOKSAM))
    assert 8 < results[2].distance_km < 10


def test_radius_excludes_farther_clinics(clinics):
    results = hospitals_nearby(lat=GANGNAM[0], lon=GANGNAM[1], radius_km=5)
    assert [r.name for r in results] == ["강남역피부과", "역삼피부과"]


def test_corner_of_the_box_outside_the_circle_is_left_out():
    # ~9.1 km north and ~9.1 km east: inside the 10 km box, but ~12.9 km away.
    make_hospital("C", "모서리피부과", (GANGNAM[0] + 0.082, GANGNAM[1] + 0.103))
    assert hospitals_nearby(lat=GANGNAM[0], lon=GANGNAM[1], radius_km=10) == []
    assert len(hospitals_nearby(lat=GANGNAM[0], lon=GANGNAM[1], radius_km=13)) == 1


def test_limit_keeps_the_nearest(clinics):
    assert [r.name for r in hospitals_nearby(lat=HAEUNDAE[0], lon=HAEUNDAE[1], limit=2, radius_km=500)] == [
        "해운대피부과", "역삼피부과"]  # 역삼 lies east of 강남역, nearer 부산


def test_kakao_link_searches_for_the_clinic_in_its_district(clinics):
    result = hospitals_nearby(lat=JONGNO[0], lon=JONGNO[1], limit=1)[0]
    assert result.kakao_url == "https://map.kakao.com/link/search/%EC%A2%85%EB%A1%9C%EA%B5%AC%20" \
                               "%EC%A2%85%EB%A1%9C%ED%94%BC%EB%B6%80%EA%B3%BC"


def test_locates_a_district_at_the_average_of_its_clinics(clinics):
    center = locate_district("강남구")
    assert center.matches == 2
    assert center.latitude == pytest.approx((GANGNAM[0] + YEOKSAM[0]) / 2)
    assert center.longitude == pytest.approx((GANGNAM[1] + YEOKSAM[1]) / 2)


def test_locates_province_district_and_neighbourhood_together(clinics):
    assert locate_district("부산 해운대구 우동").matches == 1
    assert locate_district("서울특별시 종로구").latitude == pytest.approx(JONGNO[0])
    assert locate_district("부산광역시 해운대구").latitude == pytest.approx(HAEUNDAE[0])


def test_falls_back_to_the_stored_address(clinics):
    assert locate_district("테헤란로").latitude == pytest.approx(YEOKSAM[0])


def test_unknown_district_is_none(clinics):
    assert locate_district("제주시") is None
    assert locate_district("   ") is None
