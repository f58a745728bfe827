from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import QuerySet

from products import oliveyoung
from products.fetching import ROBOTS_DISALLOWED, USER_AGENT
from products.management.commands.scrape_products import NO_KEYWORD, UNKNOWN_KEYWORD
from products.models import Product
from products.scraping import BLOCKED_HTTP, CHALLENGE_PAGE
from tests.products.conftest import FIXTURES, FakeResponse, make_product, page, robots

pytestmark = pytest.mark.django_db

CURRENT, PAGE2, OLDER = (str(FIXTURES / f) for f in ("search_current.html", "search_current_page2.html",
                                                     "search_older.html"))
HAIR_LOSS_GOODS = {"A000000104007", "A000000165797", "A000000187479", "A000000191177", "A000000176898"}


def scrape(*args, **options) -> str:
    out = StringIO()
    call_command("scrape_products", *args, stdout=out, **options)
    return out.getvalue()


def snapshot():
    fields = ("goods_no", "name", "price", "is_active", "keyword", "scraped_at")
    return sorted(Product.objects.values_list(*fields))


def test_from_html_fills_the_table_with_the_saved_pages():
    out = scrape("--from-html", CURRENT, PAGE2, OLDER)
    assert "created 7, updated 0, unchanged 0, deactivated 0." in out
    hair_loss = Product.objects.filter(scalp_type="hair_loss")
    assert set(hair_loss.values_list("goods_no", flat=True)) == HAIR_LOSS_GOODS
    dandruff = Product.objects.get(goods_no="A000000104008")
    assert (dandruff.keyword, dandruff.scalp_type, dandruff.price) == ("비듬 샴푸", "dandruff", 12000)
    assert Product.objects.get(goods_no="A000000187479").sold_out is True


def test_second_run_with_the_same_pages_changes_nothing():
    scrape("--from-html", CURRENT, PAGE2)
    before = snapshot()
    out = scrape("--from-html", CURRENT, PAGE2)
    assert "created 0, updated 0, unchanged 5, deactivated 0." in out
    assert [row[:5] for row in snapshot()] == [row[:5] for row in before]


def test_a_changed_price_counts_as_updated():
    scrape("--from-html", CURRENT)
    Product.objects.filter(goods_no="A000000104007").update(price=1)
    assert "created 0, updated 1, unchanged 3, deactivated 0." in scrape("--from-html", CURRENT)
    assert Product.objects.get(goods_no="A000000104007").price == 22400


def test_products_no_longer_found_are_deactivated_not_deleted():
    scrape("--from-html", CURRENT, PAGE2, OLDER)
    out = scrape("--from-html", CURRENT)  # page 2 of 탈모 샴푸 no longer lists A000000176898
    assert "deactivated 1." in out
    gone = Product.objects.get(goods_no="A000000176898")
    assert gone.is_active is False
    assert Product.objects.get(goods_no="A000000104008").is_active is True  # 비듬 샴푸 was not searched


def test_a_deactivated_product_found_again_is_active_again():
    scrape("--from-html", CURRENT)
    Product.objects.filter(goods_no="A000000104007").update(is_active=False)
    assert "updated 1" in scrape("--from-html", CURRENT)
    assert Product.objects.get(goods_no="A000000104007").is_active is True


def test_dry_run_reports_and_stores_nothing():
    out = scrape("--from-html", CURRENT, "--dry-run")
    assert "Dry run, nothing stored: would have created 4" in out
    assert not Product.objects.exists()


def test_keyword_and_scalp_type_name_a_page_that_does_not_say(tmp_path):
    saved = tmp_path / "page.html"
    saved.write_text(page("search_older.html").replace('value="비듬 샴푸"', 'value=""').replace(
        "<strong>비듬 샴푸</strong>", ""), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        scrape("--from-html", str(saved))
    assert str(exc.value) == NO_KEYWORD.format(path=saved)
    scrape("--from-html", str(saved), "--keyword", "두피 쿨링 샴푸", "--scalp-type", "oily")
    assert set(Product.objects.values_list("keyword", "scalp_type")) == {("두피 쿨링 샴푸", "oily")}


def test_a_keyword_outside_the_keyword_set_needs_a_scalp_type():
    with pytest.raises(CommandError) as exc:
        scrape("--from-html", CURRENT, "--keyword", "두피 쿨링 샴푸")
    assert str(exc.value) == UNKNOWN_KEYWORD.format(keyword="두피 쿨링 샴푸")


def test_a_saved_challenge_page_is_reported_plainly_and_changes_nothing():
    make_product("A000000000001")
    before = snapshot()
    with pytest.raises(CommandError) as exc:
        scrape("--from-html", CURRENT, str(FIXTURES / "challenge.html"))
    assert str(exc.value) == CHALLENGE_PAGE
    assert snapshot() == before


def test_verbosity_zero_prints_nothing():
    assert scrape("--from-html", CURRENT, verbosity=0) == ""
    assert Product.objects.count() == 4


def serve_hair_loss(web, *, toner=None):
    web.answers.update({
        oliveyoung.search_url("탈모 샴푸", 1): FakeResponse(200, page("search_current.html")),
        oliveyoung.search_url("탈모 샴푸", 2): FakeResponse(200, page("search_current_page2.html")),
        oliveyoung.search_url("탈모 토닉", 1): toner or FakeResponse(200, page("search_empty.html")),
    })


def test_live_run_searches_the_type_keywords_and_follows_pages(web):
    serve_hair_loss(web)
    out = scrape("--scalp-type", "hair_loss", "--delay", "0")
    assert web.urls() == [oliveyoung.ROBOTS_URL, oliveyoung.search_url("탈모 샴푸", 1),
                          oliveyoung.search_url("탈모 샴푸", 2), oliveyoung.search_url("탈모 토닉", 1)]
    assert all(kw["session"].headers["User-Agent"] == USER_AGENT for _, kw in web.requests)
    assert "'탈모 샴푸' page 2: 1 products" in out
    assert "created 5, updated 0, unchanged 0, deactivated 0." in out
    assert set(Product.objects.values_list("goods_no", flat=True)) == HAIR_LOSS_GOODS


def test_live_run_respects_max_pages(web):
    serve_hair_loss(web)
    scrape("--keyword", "탈모 샴푸", "--max-pages", "1", "--delay", "0")
    assert oliveyoung.search_url("탈모 샴푸", 2) not in web.urls()
    assert Product.objects.count() == 4


def test_robots_txt_forbidding_search_stops_the_run_plainly(web):
    web.answers.update(robots("User-agent: Googlebot\nAllow: /\n\nUser-agent: *\nDisallow: /\n"))
    serve_hair_loss(web)
    with pytest.raises(CommandError) as exc:
        scrape("--keyword", "탈모 샴푸", "--delay", "0")
    assert str(exc.value) == ROBOTS_DISALLOWED.format(url=oliveyoung.search_url("탈모 샴푸"))
    assert web.urls() == [oliveyoung.ROBOTS_URL]
    assert not Product.objects.exists()


def test_a_block_midway_leaves_the_database_untouched(web):
    make_product("A000000000001", keyword="탈모 샴푸")  # would be deactivated by a complete run
    before = snapshot()
    serve_hair_loss(web, toner=FakeResponse(403, "<html><body>Access Denied</body></html>"))
    with pytest.raises(CommandError) as exc:
        scrape("--scalp-type", "hair_loss", "--delay", "0")
    assert str(exc.value) == BLOCKED_HTTP.format(status=403)
    assert snapshot() == before


def test_a_failure_while_storing_rolls_everything_back(monkeypatch):
    make_product("A000000000001", keyword="탈모 샴푸")
    before = snapshot()

    def broken_update(self, **kwargs):
        raise RuntimeError("database went away")
    monkeypatch.setattr(QuerySet, "update", broken_update)  # fails after the creates, before deactivating
    with pytest.raises(RuntimeError):
        scrape("--from-html", CURRENT)
    monkeypatch.undo()
    assert snapshot() == before


def test_max_pages_below_one_is_refused_before_anything_changes(web):
    make_product("A000000000001", keyword="탈모 샴푸")
    with pytest.raises(CommandError, match="must be 1 or more"):
        scrape("--keyword", "탈모 샴푸", "--max-pages", "0")
    assert Product.objects.get().is_active and web.requests == []
