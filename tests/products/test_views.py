import re
from html import unescape

import pytest
from django.urls import reverse

from products import oliveyoung
from tests.products.conftest import goods_no, make_human, make_product

pytestmark = pytest.mark.django_db


def result_page(client, human) -> str:
    response = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id}))
    assert response.status_code == 200
    return response.content.decode()


def products_section(html: str) -> str:
    match = re.search(r'<section class="products".*?</section>', html, re.S)
    assert match, "no products section on the results page"
    return match.group(0)


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="product-card">.*?</li>', products_section(html), re.S)


def test_results_page_shows_products_for_the_scalp_type(client):
    make_product(goods_no(1), scalp_type="hair_loss", name="닥터포헤어 폴리젠 샴푸", brand="닥터포헤어",
                 price=22400, original_price=32000)
    make_product(goods_no(2), scalp_type="oily", name="지성 전용 샴푸")
    html = result_page(client, make_human("hair_loss"))
    [card] = cards(html)
    assert "닥터포헤어 폴리젠 샴푸" in card and "닥터포헤어" in card
    assert "22,400" in card and "32,000" in card and "30%" in card
    href = unescape(re.search(r'href="([^"]+)"', card).group(1))  # counts the click (ads), then Olive Young
    assert client.get(href)["Location"] == oliveyoung.product_url(goods_no(1))
    assert 'target="_blank" rel="noopener noreferrer nofollow"' in card
    assert 'loading="lazy"' in card and 'referrerpolicy="no-referrer"' in card
    assert 'alt="닥터포헤어 폴리젠 샴푸" width="240" height="240"' in card
    assert "지성 전용 샴푸" not in html
    assert "products/products.css" in html


def test_reloading_shows_the_same_products(client):
    for n in range(12):
        make_product(goods_no(n + 1), scalp_type="dry")
    human = make_human("dry")
    first = cards(result_page(client, human))
    assert len(first) == 4
    assert cards(result_page(client, human)) == first


def test_more_products_links_to_the_olive_young_search_for_the_type(client):
    section = products_section(result_page(client, make_human("dandruff")))
    more = re.search(r'<p class="products-more">\s*<a href="([^"]+)" target="_blank" '
                     r'rel="noopener noreferrer nofollow">', section)
    assert unescape(more.group(1)) == oliveyoung.search_url("비듬 샴푸")


def test_without_products_only_the_link_is_shown(client):
    section = products_section(result_page(client, make_human("oily")))
    assert cards(section) == []
    assert "product-card" not in section and "<img" not in section
    assert oliveyoung.search_url("지성두피 샴푸") in unescape(section)


def test_names_from_the_web_are_escaped(client):
    make_product(goods_no(1), name='<script>alert("x")</script><img src=x onerror=alert(1)>',
                 brand="<b>Brand</b>")
    section = products_section(result_page(client, make_human("hair_loss")))
    assert "<script>alert" not in section and "<img src=x" not in section and "<b>Brand" not in section
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in section
    assert "&lt;b&gt;Brand&lt;/b&gt;" in section


def test_links_and_images_outside_olive_young_are_dropped(client):
    make_product(goods_no(1), name="피싱 상품", url="https://evil.example/phish")
    make_product(goods_no(2), name="스크립트 상품", url="javascript:alert(1)")
    make_product(goods_no(3), name="추적 이미지 상품", image_url="https://tracker.example.net/pixel.gif")
    section = products_section(result_page(client, make_human("hair_loss")))
    assert "evil.example" not in section and "javascript:" not in section and "tracker.example" not in section
    assert "피싱 상품" not in section and "스크립트 상품" not in section
    [card] = cards(section)
    assert "추적 이미지 상품" in card and "<img" not in card and "product-noimage" in card


def test_section_speaks_korean_by_default_and_english_on_request(client):
    make_product(goods_no(1), scalp_type="hair_loss")
    human = make_human("hair_loss")
    korean = products_section(result_page(client, human))
    assert "내 두피를 위한 상품" in korean and "12,000원" in korean
    assert "올리브영에서 '탈모 샴푸' 상품 더 보기" in korean
    client.cookies["django_language"] = "en"
    english = products_section(result_page(client, human))
    assert "Products for your scalp" in english and "12,000 won" in english


def test_english_pages_say_the_keyword_in_english_and_keep_the_korean_search(client):
    client.cookies["django_language"] = "en"
    section = unescape(products_section(result_page(client, make_human("seborrheic"))))
    assert "More 'seborrheic scalp shampoo (지루성 두피 샴푸)' products at Olive Young" in section
    assert oliveyoung.search_url("지루성 두피 샴푸") in section


def test_every_keyword_has_its_english_words():
    assert {k for keywords in oliveyoung.KEYWORDS.values() for k in keywords} <= set(oliveyoung.KEYWORD_EN)
