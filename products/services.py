"""Writes: store what the scraper found, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from products.models import Product
from products.scraping import ProductRow


@dataclass(frozen=True)
class KeywordResult:
    """The products one search keyword listed, for one scalp type."""

    keyword: str
    scalp_type: str
    rows: list[ProductRow]


@dataclass(frozen=True)
class UpsertSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0


def _fields(row: ProductRow, result: KeywordResult) -> dict:
    image = row.image_url if len(row.image_url) <= Product._meta.get_field("image_url").max_length else ""
    return {
        "name": row.name[:300], "brand": row.brand[:100], "price": row.price,
        "original_price": row.original_price, "image_url": image, "url": row.url, "rating": row.rating,
        "review_count": row.review_count, "keyword": result.keyword, "scalp_type": result.scalp_type,
        "sold_out": row.sold_out, "is_active": True,
    }


def _first_seen(results: Iterable[KeywordResult]) -> dict[str, dict]:
    """goods_no -> fields; a product listed by several keywords belongs to the first one."""
    found: dict[str, dict] = {}
    for result in results:
        for row in result.rows:
            found.setdefault(row.goods_no, _fields(row, result))
    return found


@transaction.atomic
def products_upsert(*, results: list[KeywordResult], now: datetime | None = None,
                    dry_run: bool = False) -> UpsertSummary:
    """Create or update every product found (by goods_no) and deactivate the active products of the
    searched keywords that were not found again. Running it twice with the same pages changes nothing
    the second time but scraped_at. With dry_run the counts are computed and everything rolled back.
    """
    now = now or timezone.now()
    found = _first_seen(results)
    existing = Product.objects.in_bulk(list(found), field_name="goods_no")
    created = updated = 0
    for goods_no, fields in found.items():
        product = existing.get(goods_no)
        if product is None or any(getattr(product, k) != v for k, v in fields.items()):
            _, is_new = Product.objects.update_or_create(goods_no=goods_no,
                                                         defaults={**fields, "scraped_at": now})
            created, updated = created + is_new, updated + (not is_new)
    unchanged = len(found) - created - updated
    Product.objects.filter(goods_no__in=list(found)).exclude(scraped_at=now).update(scraped_at=now)
    keywords = {result.keyword for result in results}
    deactivated = (Product.objects.filter(keyword__in=keywords, is_active=True)
                   .exclude(goods_no__in=list(found)).update(is_active=False))
    if dry_run:
        transaction.set_rollback(True)
    return UpsertSummary(created=created, updated=updated, unchanged=unchanged, deactivated=deactivated)
