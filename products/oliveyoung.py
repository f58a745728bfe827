"""Everything specific to Olive Young in one place: its addresses, the hosts we trust, the keywords.

No Django import, so the scraper functions and the templates share the same rules.

Keyword set. Each scalp type (ml.labels) searches Olive Young for the keywords below; the first one is
the type's main keyword, used for the "more products" link on the results page. A product found by
several keywords belongs to the first type that found it, in this order: the specific types come
first, the general 두피케어 search last, so a 탈모 샴푸 stays a hair-loss product even when 두피케어 also
lists it. Products found for GENERAL_KEYWORD fill the results page when a type has too few of its own.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

BASE_URL = "https://www.oliveyoung.co.kr"
SEARCH_URL = f"{BASE_URL}/store/search/getSearchMain.do"
PRODUCT_URL = f"{BASE_URL}/store/goods/getGoodsDetail.do"
ROBOTS_URL = f"{BASE_URL}/robots.txt"
PAGE_SIZE = 24  # Olive Young's default "VIEW 24"

# Links out go to the shop itself; images come from its image servers (image.oliveyoung.co.kr serves
# the product thumbnails, static.oliveyoung.co.kr the "no image" placeholder). Anything else is dropped.
LINK_HOSTS = frozenset({"www.oliveyoung.co.kr", "oliveyoung.co.kr", "m.oliveyoung.co.kr"})
IMAGE_HOSTS = frozenset({"image.oliveyoung.co.kr", "static.oliveyoung.co.kr"})

GOODS_NO_RE = re.compile(r"^[A-Z]\d{12}$")  # e.g. A000000104007

GENERAL_KEYWORD = "두피케어"
KEYWORDS: dict[str, tuple[str, ...]] = {
    "hair_loss": ("탈모 샴푸", "탈모 토닉"),
    "inflammatory": ("두피 트러블 샴푸", "두피 진정 토닉"),
    "seborrheic": ("지루성 두피 샴푸",),
    "sensitive": ("민감성 두피 샴푸", "약산성 샴푸"),
    "dandruff": ("비듬 샴푸", "두피 각질 샴푸"),
    "oily": ("지성두피 샴푸", "두피 스케일러"),
    "dry": ("건성두피 샴푸", "두피 에센스"),
    "combination": ("두피 밸런스 샴푸",),
    "normal": (GENERAL_KEYWORD,),
}
# What each keyword means, for English pages (the search itself stays in Korean: it is Olive Young's).
KEYWORD_EN: dict[str, str] = {
    "두피케어": "scalp care", "탈모 샴푸": "hair-loss shampoo", "탈모 토닉": "hair-loss tonic",
    "두피 트러블 샴푸": "shampoo for scalp breakouts", "두피 진정 토닉": "soothing scalp tonic",
    "지루성 두피 샴푸": "seborrheic scalp shampoo", "민감성 두피 샴푸": "sensitive scalp shampoo",
    "약산성 샴푸": "mildly acidic shampoo", "비듬 샴푸": "dandruff shampoo", "두피 각질 샴푸": "scalp flake shampoo",
    "지성두피 샴푸": "oily scalp shampoo", "두피 스케일러": "scalp scaler", "건성두피 샴푸": "dry scalp shampoo",
    "두피 에센스": "scalp essence", "두피 밸런스 샴푸": "scalp balance shampoo",
}
SCALP_TYPE_BY_KEYWORD: dict[str, str] = {
    keyword: scalp_type for scalp_type, keywords in KEYWORDS.items() for keyword in keywords
}


def main_keyword(scalp_type: str) -> str:
    return KEYWORDS.get(scalp_type, (GENERAL_KEYWORD,))[0]


def search_url(keyword: str, page: int = 1) -> str:
    params = {"query": keyword}
    if page > 1:
        params.update(startCount=(page - 1) * PAGE_SIZE, listnum=PAGE_SIZE)
    return f"{SEARCH_URL}?{urlencode(params)}"


def product_url(goods_no: str) -> str:
    if not GOODS_NO_RE.match(goods_no):
        raise ValueError(f"not an Olive Young goods number: {goods_no!r}")
    return f"{PRODUCT_URL}?{urlencode({'goodsNo': goods_no})}"


def _host_allowed(url: str, hosts: frozenset[str], schemes: frozenset[str]) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in schemes and parts.hostname in hosts and not parts.username and not parts.password


def is_link_allowed(url: str | None) -> bool:
    """True for https links to Olive Young's shop pages (what the results page links out to)."""
    return bool(url) and _host_allowed(url, LINK_HOSTS, frozenset({"https"}))


def is_image_allowed(url: str | None) -> bool:
    """True for http(s) images on Olive Young's image servers."""
    return bool(url) and _host_allowed(url, IMAGE_HOSTS, frozenset({"http", "https"}))


def clean_image_url(src: str | None) -> str:
    """An absolute image URL on Olive Young's image servers, upgraded to https, or "" for anything else."""
    src = (src or "").strip()
    if src.startswith("//"):
        src = "https:" + src
    if src.startswith("http://"):
        src = "https://" + src[len("http://"):]
    return src if is_image_allowed(src) else ""
