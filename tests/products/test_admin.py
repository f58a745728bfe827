import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from ml.labels import SCALP_TYPES
from products.admin import NO_PRODUCTS
from products.models import Product
from tests.products.conftest import goods_no, make_product

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:products_product_changelist")


def warnings(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_operators_are_told_when_no_products_are_loaded(admin_client):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert warnings(response) == [str(NO_PRODUCTS)]


def test_operators_are_told_which_scalp_types_have_no_products(admin_client):
    make_product(goods_no(1), scalp_type="hair_loss")
    [warning] = warnings(admin_client.get(CHANGELIST))
    assert "지성" in warning and "탈모성" not in warning


def test_no_warning_when_every_scalp_type_has_products(admin_client):
    for n, kind in enumerate(SCALP_TYPES):
        make_product(goods_no(n + 1), scalp_type=kind.key)
    assert warnings(admin_client.get(CHANGELIST)) == []


def test_changelist_filters_and_searches(admin_client):
    make_product(goods_no(1), scalp_type="hair_loss", brand="닥터포헤어", name="폴리젠 샴푸")
    make_product(goods_no(2), scalp_type="oily", brand="아베다", is_active=False)
    assert "폴리젠 샴푸" in admin_client.get(CHANGELIST, {"q": "닥터포헤어"}).content.decode()
    html = admin_client.get(CHANGELIST, {"is_active__exact": "0"}).content.decode()
    assert goods_no(2) in html and goods_no(1) not in html
    for query, expected in (({"scalp_type__exact": "oily"}, {goods_no(2)}), ({"sold_out__exact": "1"}, set()),
                            ({"brand": "아베다"}, {goods_no(2)}), ({"keyword": "탈모 샴푸"}, {goods_no(1)})):
        changelist = admin_client.get(CHANGELIST, query).context["cl"]
        assert {p.goods_no for p in changelist.result_list} == expected


@pytest.mark.parametrize("action,before,after", [("activate", False, True), ("deactivate", True, False)])
def test_activate_and_deactivate_actions(admin_client, action, before, after):
    product = make_product(goods_no(1), is_active=before)
    other = make_product(goods_no(2), is_active=before)
    response = admin_client.post(CHANGELIST, {"action": action, "_selected_action": [product.pk]})
    assert response.status_code == 302
    assert Product.objects.get(pk=product.pk).is_active is after
    assert Product.objects.get(pk=other.pk).is_active is before


def test_products_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(reverse("admin:products_product_add")).status_code == 403
