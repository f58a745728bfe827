"""Statistics, products and nearby clinics through the API: what the site shows, as JSON."""

import pytest
from django.urls import reverse

from tests.hospitals.factories import make_hospital
from tests.products.conftest import goods_no, make_human, make_product
from tests.stats.factories import make_group

GANGNAM = (37.4979, 127.0276)


@pytest.mark.django_db
class TestStats:
    def test_group_shares_match_the_rows(self, client, settings):
        settings.STATS_MIN_GROUP, settings.STATS_ROUND_TO = 3, 1  # exact counts: rounding is tested in tests/security
        make_group(3, sex="F", age=40, hair_loss=2)
        make_group(1, sex="F", age=40, hair_loss=0)
        make_group(5, sex="M", age=40, hair_loss=3)  # another group
        body = client.get("/api/v1/stats", {"sex": "F", "age": 40}).json()
        people = body["groups"][0]
        assert people["source"] is None and people["enough"] and people["total"] == 4
        hair_loss = next(s for s in people["symptoms"] if s["key"] == "value_6")
        assert [s["count"] for s in hair_loss["shares"]] == [1, 0, 3, 0]
        assert next(t for t in people["types"] if t["key"] == "hair_loss")["share"] == pytest.approx(0.75)

    def test_small_group_gives_no_figure_not_even_its_size(self, client, settings):
        settings.STATS_MIN_GROUP = 5
        make_group(2, sex="M", age=20)
        people = client.get("/api/v1/stats", {"sex": "M", "age": 20}).json()["groups"][0]
        assert people == {"source": None, "enough": False, "min_group": 5, "total": None, "symptoms": [],
                          "types": []}

    @pytest.mark.parametrize("query", [{"sex": "X", "age": 30}, {"sex": "F", "age": 35}, {"sex": "F"},
                                       {"sex": "F", "age": "abc"}])
    def test_bad_group_is_400_with_the_field_named(self, client, query):
        response = client.get("/api/v1/stats", query, HTTP_ACCEPT_LANGUAGE="ko")
        body = response.json()
        assert response.status_code == 400 and body["code"] == "invalid"
        assert set(body["fields"]) <= {"sex", "age"} and body["fields"]


@pytest.mark.django_db
class TestProducts:
    def test_with_a_diagnosis_the_same_products_as_its_results_page(self, client, weights):
        for n in range(8):
            make_product(goods_no(n), scalp_type="hair_loss")
        human = make_human("hair_loss")
        body = client.get("/api/v1/products", {"scalp_type": "hair_loss", "diagnosis": str(human.public_id)}).json()
        page = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id})).content.decode()
        assert len(body["products"]) == 4 and body["scalp_type"]["ko"] == "탈모성"
        shown = {name for n in range(8) if (name := f"샴푸 {goods_no(n)}") in page}
        assert {p["name"] for p in body["products"]} == shown

    def test_unknown_scalp_type_is_400(self, client):
        response = client.get("/api/v1/products", {"scalp_type": "purple"})
        assert response.status_code == 400 and set(response.json()["fields"]) == {"scalp_type"}


@pytest.mark.django_db
class TestClinics:
    def test_nearest_first_from_a_point(self, client):
        make_hospital("1", "가까운의원", GANGNAM)
        make_hospital("2", "먼의원", (37.52, 127.05))
        body = client.get("/api/v1/clinics/nearby", {"lat": GANGNAM[0], "lon": GANGNAM[1]}).json()
        assert [c["name"] for c in body["results"]] == ["가까운의원", "먼의원"]
        assert body["results"][0]["distance_km"] == 0

    def test_same_answer_as_the_site_endpoint(self, client):
        make_hospital("1", "강남의원", GANGNAM)
        api = client.get("/api/v1/clinics/nearby", {"q": "강남구"}).json()
        site = client.get(reverse("hospitals:nearby"), {"q": "강남구"}).json()
        assert api == site

    def test_unknown_district_is_404_place_not_found(self, client):
        make_hospital("1", "강남의원", GANGNAM)
        response = client.get("/api/v1/clinics/nearby", {"q": "없는동네"})
        assert response.status_code == 404 and response.json()["code"] == "place_not_found"

    @pytest.mark.parametrize("query", [{}, {"lat": "abc", "lon": "127"}, {"lat": "37.5"}, {"lat": "nan", "lon": "1"},
                                       {"lat": "48.85", "lon": "2.35"}, {"q": "x" * 101}])
    def test_bad_search_is_400_with_a_localized_message(self, client, query):
        response = client.get("/api/v1/clinics/nearby", query, HTTP_ACCEPT_LANGUAGE="ko")
        assert response.status_code == 400 and response.json()["code"] == "invalid"
