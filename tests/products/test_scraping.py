from decimal import Decimal

import pytest

from ml.labels import SCALP_TYPES
from products import oliveyoung
from products.scraping import (
    BLOCKED_HTTP,
    CHALLENGE_PAGE,
    UNKNOWN_PAGE,
    Blocked,
    ScrapeError,
    detect_block,
    has_next_page,
    page_query,
    parse_search_page,
    scrape_keyword,
)
from tests.products.conftest import FakeResponse, page


def by_goods_no(html: str) -> dict:
    return {row.goods_no: row for row in parse_search_page(html)}


def test_parses_current_markup_in_page_order():
    rows = parse_search_page(page("search_current.html"))
    assert [r.goods_no for r in rows] == ["A000000104007", "A000000165797", "A000000187479", "A000000191177"]
    first = rows[0]
    assert (first.brand, first.name) == ("닥터포헤어", "닥터포헤어 폴리젠 샴푸 500ml 기획")
    assert (first.price, first.original_price) == (22400, 32000)
    assert first.rating == Decimal("4.6")  # width:92% of five stars
    assert first.review_count == 89
    assert first.image_url.startswith("https://image.oliveyoung.co.kr/cfimages/cf-goods/")
    assert first.url == "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000104007"


def test_original_price_only_when_discounted():
    rows = by_goods_no(page("search_current.html"))
    assert rows["A000000165797"].original_price is None  # no tx_org at all
    assert rows["A000000191177"].original_price is None  # tx_org equal to tx_cur


def test_marks_sold_out_items():
    rows = by_goods_no(page("search_current.html"))
    assert rows["A000000187479"].sold_out is True
    assert rows["A000000104007"].sold_out is False


def test_reads_review_counts_with_plus_and_thousands_and_missing():
    rows = by_goods_no(page("search_current.html"))
    assert rows["A000000165797"].review_count == 999  # "(999+)"
    assert rows["A000000187479"].review_count == 1204  # "(1,204)"
    assert (rows["A000000191177"].review_count, rows["A000000191177"].rating) == (0, None)


def test_prefers_lazy_loaded_image_over_placeholder():
    rows = by_goods_no(page("search_current.html"))
    assert rows["A000000191177"].image_url == (
        "https://image.oliveyoung.co.kr/uploads/images/goods/400/10/0000/0019/A00000019117701ko.jpg?l=ko")


def test_parses_older_markup_linking_through_move_goods_detail():
    rows = by_goods_no(page("search_older.html"))
    assert list(rows) == ["A000000104008", "A000000104009"]
    assert (rows["A000000104008"].price, rows["A000000104008"].original_price) == (12000, 15000)
    assert rows["A000000104009"].brand == "헤드앤숄더"


def test_upgrades_http_images_and_drops_images_from_other_hosts():
    rows = by_goods_no(page("search_older.html"))
    assert rows["A000000104008"].image_url.startswith("https://image.oliveyoung.co.kr/")
    assert rows["A000000104009"].image_url == ""  # was https://tracker.example.net/pixel.jpg


def test_skips_list_items_that_are_not_products():
    names = [row.name for row in parse_search_page(page("search_current.html"))]
    assert "두피케어 기획전 바로가기" not in names


def test_empty_results_page_has_no_rows():
    assert parse_search_page(page("search_empty.html")) == []


def test_challenge_page_is_reported_plainly():
    with pytest.raises(Blocked) as exc:
        parse_search_page(page("challenge.html"))
    assert str(exc.value) == CHALLENGE_PAGE


@pytest.mark.parametrize("status", [403, 429])
def test_refusals_are_blocks(status):
    with pytest.raises(Blocked) as exc:
        detect_block(FakeResponse(status, "<html><body>Access Denied</body></html>"))
    assert str(exc.value) == BLOCKED_HTTP.format(status=status)


def test_challenge_served_with_403_reads_as_challenge():
    with pytest.raises(Blocked, match="bot check"):
        detect_block(FakeResponse(403, page("challenge.html")))


def test_results_page_loading_cloudflare_scripts_is_no_block():
    html = page("search_current.html")
    assert "/cdn-cgi/challenge-platform/" in html
    detect_block(FakeResponse(200, html))
    detect_block(html)


def test_unknown_page_is_an_error_not_an_empty_result():
    with pytest.raises(ScrapeError) as exc:
        parse_search_page("<html><body><div class='new_layout'>상품</div></body></html>")
    assert str(exc.value) == UNKNOWN_PAGE


def test_page_query_names_the_search_of_a_saved_page():
    assert page_query(page("search_current.html")) == "탈모 샴푸"
    assert page_query(page("search_older.html")) == "비듬 샴푸"
    assert page_query("<ul class='cate_prd_list'></ul>") == ""


def test_has_next_page_follows_the_pager():
    assert has_next_page(page("search_current.html"), 1)
    assert not has_next_page(page("search_current_page2.html"), 2)


def fetch_from(pages: dict):
    fetched = []

    def fetch(url):
        fetched.append(url)
        return pages[url]
    return fetch, fetched


def test_scrape_keyword_follows_pages_until_the_last():
    pages = {oliveyoung.search_url("탈모 샴푸", 1): page("search_current.html"),
             oliveyoung.search_url("탈모 샴푸", 2): page("search_current_page2.html")}
    fetch, fetched = fetch_from(pages)
    rows = scrape_keyword(fetch, "탈모 샴푸", max_pages=5)
    assert fetched == list(pages)
    assert [r.goods_no for r in rows][-1] == "A000000176898"
    assert len(rows) == 5


def test_scrape_keyword_stops_at_max_pages():
    fetch, fetched = fetch_from({oliveyoung.search_url("탈모 샴푸", 1): page("search_current.html")})
    assert len(scrape_keyword(fetch, "탈모 샴푸", max_pages=1)) == 4
    assert len(fetched) == 1


def test_scrape_keyword_stops_when_a_page_repeats_the_last():
    html = page("search_current.html")  # claims a page 2 but the site keeps answering page 1
    fetch, fetched = fetch_from({oliveyoung.search_url("탈모 샴푸", n): html for n in (1, 2, 3)})
    assert len(scrape_keyword(fetch, "탈모 샴푸", max_pages=3)) == 4
    assert len(fetched) == 2


def test_search_urls_encode_the_keyword_and_page():
    assert oliveyoung.search_url("탈모 샴푸") == ("https://www.oliveyoung.co.kr/store/search/getSearchMain.do"
                                              "?query=%ED%83%88%EB%AA%A8+%EC%83%B4%ED%91%B8")
    assert "startCount=24" in oliveyoung.search_url("탈모 샴푸", 2)


@pytest.mark.parametrize("goods_no", ["", "A00000010400", "javascript:alert(1)", "A000000104007&x=1"])
def test_product_url_only_from_a_goods_number(goods_no):
    with pytest.raises(ValueError):
        oliveyoung.product_url(goods_no)


@pytest.mark.parametrize("url,allowed", [
    ("https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000104007", True),
    ("http://www.oliveyoung.co.kr/store/", False),
    ("javascript:alert(1)", False),
    ("https://www.oliveyoung.co.kr.evil.example/", False),
    ("https://evil.example/?www.oliveyoung.co.kr", False),
    ("https://user@www.oliveyoung.co.kr/", False),
    ("//www.oliveyoung.co.kr/", False),
    ("", False),
])
def test_only_https_links_to_olive_young(url, allowed):
    assert oliveyoung.is_link_allowed(url) is allowed


def test_every_scalp_type_has_keywords_and_the_general_one_comes_last():
    assert set(oliveyoung.KEYWORDS) == {t.key for t in SCALP_TYPES}
    assert list(oliveyoung.SCALP_TYPE_BY_KEYWORD)[-1] == oliveyoung.GENERAL_KEYWORD
    assert oliveyoung.main_keyword("hair_loss") == "탈모 샴푸"
