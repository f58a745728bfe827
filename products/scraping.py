"""Olive Young search pages -> ProductRow: plain functions on HTML, no Django, no network.

Markup seen on real pages (2023-2026):
  ul.cate_prd_list > li > div.prd_info
    a.prd_thumb[data-ref-goodsno] > img            (older pages: href="javascript:common.link.
                                                   moveGoodsDetail('A000000104007', ...)" instead)
    span.tx_brand, p.tx_name
    p.prd_price > span.tx_org .tx_num              (only when discounted) and span.tx_cur .tx_num
    span.review_point > span.point[style="width:92%"] followed by the text "(89)" or "(999+)"
    span.status_flag.soldout                       (sold-out items)
  div.pageing a[data-page-no]                      (paging)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from products import oliveyoung

logger = logging.getLogger(__name__)

BLOCKED_HTTP = ("Olive Young refused the request (HTTP {status}). The site blocks automated access "
                "at times: try again later, or save the search page from a browser and use --from-html.")
CHALLENGE_PAGE = ("Olive Young answered with a bot check (Cloudflare \"잠시만 기다려 주세요\" / "
                  "\"Checking your browser\") instead of search results. Nothing was changed. Try again "
                  "later, or save the search page from a browser and use --from-html.")
UNKNOWN_PAGE = ("This is not an Olive Young search results page (no product list and no \"no results\" "
                "notice): the site may have changed its markup. Nothing was changed.")

# Texts that only bot-check and block pages carry (Cloudflare, Akamai). Normal pages also load
# Cloudflare's /cdn-cgi/challenge-platform/ scripts, so that path is deliberately not a marker.
CHALLENGE_MARKERS = ("잠시만 기다려 주세요", "Checking your browser", "_cf_chl_opt",
                     "cf-browser-verification", "<title>Just a moment...</title>",
                     "Attention Required! | Cloudflare", "You don't have permission to access")
NO_RESULTS_MARKERS = ("검색결과가 없습니다", "search_no_data", "검색 결과가 없습니다")

_GOODS_NO_IN_JS = re.compile(r"moveGoodsDetail\(\s*['\"]([A-Z]\d{12})['\"]")
_WIDTH = re.compile(r"width\s*:\s*([\d.]+)\s*%")
_COUNT = re.compile(r"\(\s*([\d,]+)\s*\+?\s*\)")


class ScrapeError(Exception):
    """The page could not be turned into products; the message is meant for the operator."""


class Blocked(ScrapeError):
    """Olive Young refused us (HTTP 403) or showed a bot check instead of results."""


@dataclass(frozen=True)
class ProductRow:
    goods_no: str
    name: str
    brand: str
    price: int
    original_price: int | None
    image_url: str
    rating: Decimal | None  # 0.0-5.0 stars
    review_count: int
    sold_out: bool

    @property
    def url(self) -> str:
        return oliveyoung.product_url(self.goods_no)


def detect_block(page) -> None:
    """Raise Blocked for HTTP 403 or a bot-check page; `page` is a requests.Response or HTML text."""
    status = getattr(page, "status_code", None)
    if status in (401, 403, 429) and not _is_challenge(page.text):
        raise Blocked(BLOCKED_HTTP.format(status=status))
    html = page.text if status is not None else page
    if _is_challenge(html):
        raise Blocked(CHALLENGE_PAGE)


def _is_challenge(html: str) -> bool:
    if "cate_prd_list" in html:
        return False  # a results page, whatever scripts it loads
    return any(marker in html for marker in CHALLENGE_MARKERS)


def parse_search_page(html: str) -> list[ProductRow]:
    """The products listed on one search page, in page order; items without a goods number, name or
    price are skipped (logged). Raises Blocked for bot checks and ScrapeError for unknown pages."""
    detect_block(html)
    soup = BeautifulSoup(html, "html.parser")
    items = soup.select("ul.cate_prd_list > li")
    no_results = any(marker in html for marker in NO_RESULTS_MARKERS)
    if not items and not no_results and soup.select_one("ul.cate_prd_list") is None:
        raise ScrapeError(UNKNOWN_PAGE)
    rows = []
    for item in items:
        row = _parse_item(item)
        if row is None:
            logger.debug("Skipped an item without goods number, name or price: %.200s",
                         " ".join(item.get_text(" ").split()))
        else:
            rows.append(row)
    return rows


def _parse_item(item: Tag) -> ProductRow | None:
    goods_no, name = _goods_no(item), _text(item, "p.tx_name")
    price = _price(item, "p.prd_price span.tx_cur .tx_num")
    if not (goods_no and name and price is not None):
        return None
    original = _price(item, "p.prd_price span.tx_org .tx_num")
    img = item.select_one("a.prd_thumb img") or item.select_one("img")
    src = (img.get("data-original") or img.get("src")) if img else ""
    return ProductRow(
        goods_no=goods_no, name=name, brand=_text(item, "span.tx_brand"), price=price,
        original_price=original if original and original > price else None,
        image_url=oliveyoung.clean_image_url(src), rating=_rating(item), review_count=_review_count(item),
        sold_out=item.select_one(".status_flag.soldout, .soldout") is not None,
    )


def _goods_no(item: Tag) -> str:
    """From data-ref-goodsno (current pages), the goodsNo= of a link, or moveGoodsDetail('…') (older)."""
    candidates = [el.get("data-ref-goodsno", "") for el in item.select("[data-ref-goodsno]")]
    for link in item.select("a[href], [onclick]"):
        href, onclick = link.get("href", ""), link.get("onclick", "")
        candidates += parse_qs(urlsplit(href).query).get("goodsNo", [])
        candidates += _GOODS_NO_IN_JS.findall(href) + _GOODS_NO_IN_JS.findall(onclick)
    return next((c.strip() for c in candidates if oliveyoung.GOODS_NO_RE.match(c.strip())), "")


def _text(item: Tag, selector: str) -> str:
    el = item.select_one(selector)
    return " ".join(el.get_text(" ").split()) if el else ""


def _price(item: Tag, selector: str) -> int | None:
    digits = re.sub(r"\D", "", _text(item, selector))
    return int(digits) if digits else None


def _rating(item: Tag) -> Decimal | None:
    point = item.select_one("span.review_point span.point[style]")
    match = _WIDTH.search(point["style"]) if point else None
    if not match:
        return None
    stars = min(Decimal(match.group(1)), Decimal(100)) / 20  # the bar is 100% wide at five stars
    return stars.quantize(Decimal("0.1"))


def _review_count(item: Tag) -> int:
    """The "(89)" after the stars; "(999+)" counts as 999."""
    area = item.select_one("span.review_point")
    if area is None:
        return 0
    after = "".join(s if isinstance(s, str) else s.get_text() for s in area.next_siblings)
    match = _COUNT.search(after)
    return int(match.group(1).replace(",", "")) if match else 0


def page_query(html: str) -> str:
    """The search keyword a saved results page was made for ("" when the page does not say)."""
    soup = BeautifulSoup(html, "html.parser")
    field = soup.select_one("input#query[value], input[name=query][value]")
    if field and field["value"].strip():
        return field["value"].strip()
    shown = soup.select_one(".searchResultArea .resultTxt strong, p.resultTxt strong")
    return shown.get_text(strip=True) if shown else ""


def has_next_page(html: str, page: int) -> bool:
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one(f'div.pageing a[data-page-no="{page + 1}"], div.pageing a.next') is not None


def scrape_keyword(fetch: Callable[[str], str], keyword: str, *, max_pages: int,
                   on_page: Callable[[str, int, int], None] | None = None) -> list[ProductRow]:
    """All products Olive Young lists for one keyword, following pages up to max_pages."""
    rows: dict[str, ProductRow] = {}
    for page in range(1, max_pages + 1):
        html = fetch(oliveyoung.search_url(keyword, page))
        found = parse_search_page(html)
        new = [row for row in found if row.goods_no not in rows]
        rows.update((row.goods_no, row) for row in new)
        if on_page:
            on_page(keyword, page, len(found))
        if not new or not has_next_page(html, page):
            break
    return list(rows.values())
