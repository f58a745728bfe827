"""Reads: which products the results page shows, and what the admin should warn about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from ads import ranking
from ads.counting import Segment
from ml.labels import SCALP_TYPES
from products import oliveyoung
from products.models import Product

PRODUCTS_ON_RESULT = 4


@dataclass(frozen=True)
class ProductCard:
    """One product as the results page shows it; every URL has passed the Olive Young host check."""

    pk: int  # its click link is products:click, which counts the click and redirects to `url`
    name: str
    brand: str
    price: int
    original_price: int | None
    discount_percent: int | None
    url: str
    image_url: str  # "" when the stored one is not on Olive Young's image servers


def _pickable():
    return Product.objects.filter(is_active=True, sold_out=False)


def products_for_scalp_type(*, scalp_type: str, seed: str, segment: Segment | None = None,
                            limit: int = PRODUCTS_ON_RESULT, using: str = "default") -> list[Product]:
    """Active, in-stock products found for the scalp type, ranked for the segment by click-through
    (ads.ranking: beta-smoothed toward the scalp type's rate, one Thompson draw seeded by `seed`, a
    diagnosis' public_id), so reloading the results page shows the same products all day. Without a
    segment (no diagnosis) the scalp type's counts over all sexes and ages rank them.

    Fallback: when the type has fewer than `limit` products of its own, the rest are drawn from the
    general 두피케어 search (oliveyoung.GENERAL_KEYWORD), suitable for any scalp.
    """
    seed = f"{seed}:{scalp_type}"
    candidates = {p.pk: p for p in _pickable().using(using)
                  .filter(Q(scalp_type=scalp_type) | Q(keyword=oliveyoung.GENERAL_KEYWORD))}
    if not candidates:
        return []
    counts = ranking.segment_counts(scalp_type=scalp_type, segment=segment, using=using)
    own = [pk for pk, p in candidates.items() if p.scalp_type == scalp_type]
    picked = ranking.rank(own, counts=counts, seed=seed)[:limit]
    if len(picked) < limit:
        general = [pk for pk, p in candidates.items() if p.keyword == oliveyoung.GENERAL_KEYWORD and pk not in picked]
        picked += ranking.rank(general, counts=counts, seed=seed)[:limit - len(picked)]
    return [candidates[pk] for pk in picked]


def product_card(product: Product) -> ProductCard | None:
    """The card for a product, or None when its link does not go to Olive Young (never shown)."""
    if not oliveyoung.is_link_allowed(product.url):
        return None
    return ProductCard(
        pk=product.pk, name=product.name, brand=product.brand, price=product.price,
        original_price=product.original_price,
        discount_percent=product.discount_percent, url=product.url,
        image_url=product.image_url if oliveyoung.is_image_allowed(product.image_url) else "",
    )


@dataclass(frozen=True)
class ProductSection:
    cards: list[ProductCard]
    as_of: datetime | None  # when the oldest product shown was last seen on Olive Young
    keyword: str  # the scalp type's main keyword
    more_url: str  # the Olive Young search for it


def product_section_for(*, scalp_type: str, seed: str, segment: Segment | None = None,
                        limit: int = PRODUCTS_ON_RESULT, using: str = "default") -> ProductSection:
    """What the results page shows for a scalp type: ranked products, and the link to search for more."""
    products = products_for_scalp_type(scalp_type=scalp_type, seed=seed, segment=segment, limit=limit, using=using)
    shown = [(p, card) for p in products if (card := product_card(p)) is not None]
    keyword = oliveyoung.main_keyword(scalp_type)
    return ProductSection(
        cards=[card for _, card in shown], as_of=min((p.scraped_at for p, _ in shown), default=None),
        keyword=keyword, more_url=oliveyoung.search_url(keyword),
    )


def scalp_types_without_products() -> list[str]:
    """Scalp type keys with no active, in-stock product of their own."""
    covered = set(_pickable().values_list("scalp_type", flat=True).distinct())
    return [t.key for t in SCALP_TYPES if t.key not in covered]
