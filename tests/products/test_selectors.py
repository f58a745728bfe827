import uuid

import pytest

from ml.labels import SCALP_TYPES
from products import oliveyoung
from products.selectors import (
    PRODUCTS_ON_RESULT,
    product_card,
    product_section_for,
    products_for_scalp_type,
    scalp_types_without_products,
)
from tests.products.conftest import goods_no, make_product

pytestmark = pytest.mark.django_db
TYPES = [t.key for t in SCALP_TYPES]


@pytest.fixture
def catalogue():
    """Six products for every scalp type, numbered by type."""
    return {key: [make_product(goods_no(i * 100 + n), scalp_type=key) for n in range(6)]
            for i, key in enumerate(TYPES, start=1)}


@pytest.mark.parametrize("scalp_type", TYPES)
def test_picks_only_products_of_the_scalp_type(catalogue, scalp_type):
    picked = products_for_scalp_type(scalp_type=scalp_type, seed=str(uuid.uuid4()))
    assert len(picked) == PRODUCTS_ON_RESULT
    assert {p.scalp_type for p in picked} == {scalp_type}
    assert len({p.pk for p in picked}) == PRODUCTS_ON_RESULT


def test_the_same_diagnosis_gets_the_same_products(catalogue):
    seed = str(uuid.uuid4())
    first = products_for_scalp_type(scalp_type="oily", seed=seed)
    assert products_for_scalp_type(scalp_type="oily", seed=seed) == first


def test_different_diagnoses_get_different_samples(catalogue):
    samples = {tuple(p.pk for p in products_for_scalp_type(scalp_type="oily", seed=str(uuid.UUID(int=n))))
               for n in range(10)}
    assert len(samples) > 1


def test_skips_inactive_and_sold_out_products():
    make_product(goods_no(1), scalp_type="dry", is_active=False)
    make_product(goods_no(2), scalp_type="dry", sold_out=True)
    kept = make_product(goods_no(3), scalp_type="dry")
    assert products_for_scalp_type(scalp_type="dry", seed="x") == [kept]


def test_falls_back_to_general_scalp_care_products():
    own = make_product(goods_no(1), scalp_type="seborrheic")
    general = [make_product(goods_no(10 + n), scalp_type="normal", keyword=oliveyoung.GENERAL_KEYWORD)
               for n in range(5)]
    make_product(goods_no(30), scalp_type="dry")  # another type's product never fills in
    picked = products_for_scalp_type(scalp_type="seborrheic", seed="x")
    assert picked[0] == own
    assert len(picked) == PRODUCTS_ON_RESULT and set(picked[1:]) <= set(general)


def test_no_products_loaded_picks_nothing():
    assert products_for_scalp_type(scalp_type="hair_loss", seed="x") == []


def test_card_is_dropped_when_the_link_is_not_olive_young():
    assert product_card(make_product(goods_no(1), url="https://evil.example/phish")) is None
    assert product_card(make_product(goods_no(2), url="javascript:alert(1)")) is None


def test_card_drops_an_image_from_another_host():
    card = product_card(make_product(goods_no(1), image_url="https://tracker.example.net/pixel.gif"))
    assert card.image_url == "" and card.url.startswith("https://www.oliveyoung.co.kr/")


def test_section_links_to_the_main_keyword_search():
    section = product_section_for(scalp_type="dandruff", seed="x")
    assert section.cards == [] and section.as_of is None
    assert section.keyword == "비듬 샴푸"
    assert section.more_url == oliveyoung.search_url("비듬 샴푸")


def test_scalp_types_without_products():
    assert scalp_types_without_products() == TYPES
    make_product(goods_no(1), scalp_type="oily")
    make_product(goods_no(2), scalp_type="dry", is_active=False)
    assert "oily" not in scalp_types_without_products() and "dry" in scalp_types_without_products()
