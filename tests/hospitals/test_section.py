"""The clinics section of the results page, with and without a Kakao key."""

import html

import pytest
from django.urls import reverse

from hospitals.forms import DISTRICT_NOT_FOUND, NOT_LOADED
from tests.hospitals.factories import make_hospital, make_human
from tests.hospitals.hira_files import HAEUNDAE, JONGNO, YEOKSAM

pytestmark = pytest.mark.django_db
SDK = "//dapi.kakao.com/v2/maps/sdk.js?appkey=test-js-key&libraries=services,clusterer&autoload=false"


@pytest.fixture
def clinics():
    make_hospital("J", "종로피부과", JONGNO, sigungu="종로구", dong="종로1가")
    make_hospital("Y", "역삼피부과", YEOKSAM, url="https://yeoksam.example.kr")
    make_hospital("H", "해운대피부과", HAEUNDAE, sido="부산", sigungu="해운대구", dong="우동")


def page(client, human=None, **params):
    human = human or make_human()
    response = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id}), params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def section(content):
    return content[content.index('id="hospitals"'):content.index("</section>", content.index('id="hospitals"'))]


def test_with_a_key_the_page_loads_the_kakao_sdk_on_demand(client, settings, clinics):
    settings.KAKAO_JS_KEY = "test-js-key"
    content = page(client)
    assert f'data-kakao-sdk="{SDK}"' in content
    assert '<div class="hospitals-map" role="region"' in content and "hidden></div>" in content
    assert "/static/hospitals/hospitals.js" in content and "/static/hospitals/hospitals.css" in content
    assert "dapi.kakao.com" not in content.replace(f'data-kakao-sdk="{SDK}"', "")  # no <script src> to it


def test_without_a_key_there_is_no_map_only_the_list(client, settings, clinics):
    settings.KAKAO_JS_KEY = ""
    content = page(client, near="강남구")
    assert "data-kakao-sdk" not in content and 'class="hospitals-map"' not in content
    listing = section(content)
    assert listing.index("역삼피부과") < listing.index("종로피부과")
    assert "해운대피부과" not in listing  # beyond the default radius
    assert 'href="https://map.kakao.com/link/search/' in listing
    assert 'href="https://yeoksam.example.kr"' in listing and 'href="tel:02-555-0100"' in listing


def test_point_from_the_location_button_lists_distances(client, settings, clinics):
    content = section(page(client, near_lat=HAEUNDAE[0], near_lon=HAEUNDAE[1]))
    assert "해운대피부과" in content and "0.0 km" in content
    assert f'data-center-lat="{HAEUNDAE[0]:.6f}"' in content


def test_without_a_place_nothing_is_listed(client, clinics):
    content = section(page(client))
    assert '<li class="hospital">' not in content
    assert 'name="near"' in content  # the district form, which works without JavaScript


def test_unknown_district_says_so(client, clinics):
    content = section(page(client, near="없는동네"))
    assert str(DISTRICT_NOT_FOUND) in content and '<li class="hospital">' not in content


def test_with_no_clinics_loaded_says_so_and_offers_no_search(client):
    content = section(page(client, near="강남구"))
    assert str(NOT_LOADED) in content and 'name="near"' not in content


def test_clinic_names_are_escaped(client, clinics):
    make_hospital("X", "<script>alert(1)</script>피부과", YEOKSAM)
    human = make_human()
    response = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id}), {"near": "강남구"})
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_severe_hair_loss_suggests_a_dermatologist(client, clinics):
    assert "hospitals-advice" in page(client, make_human(hair_loss=3))
    assert "hospitals-advice" not in page(client, make_human(hair_loss=0))
