from django.db import models
from django.utils.translation import gettext_lazy as _

from diagnosis.models import SCALP_TYPE_CHOICES


class Product(models.Model):
    """An Olive Young product found by `manage.py scrape_products` for one scalp type's keyword.

    Products the scraper no longer finds are deactivated, never deleted.
    """

    goods_no = models.CharField(_("goods number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=300)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    price = models.PositiveIntegerField(_("price (KRW)"))
    original_price = models.PositiveIntegerField(_("price before discount (KRW)"), null=True, blank=True)
    image_url = models.URLField(_("image URL"), max_length=500, blank=True)
    url = models.URLField(_("product URL"), max_length=500)
    rating = models.DecimalField(_("rating (of 5)"), max_digits=2, decimal_places=1, null=True, blank=True)
    review_count = models.PositiveIntegerField(_("reviews"), default=0)
    keyword = models.CharField(_("search keyword"), max_length=50, db_index=True)
    scalp_type = models.CharField(_("scalp type"), max_length=16, choices=SCALP_TYPE_CHOICES)
    scraped_at = models.DateTimeField(_("last scraped"))
    is_active = models.BooleanField(_("active"), default=True)
    sold_out = models.BooleanField(_("sold out"), default=False)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["scalp_type", "goods_no"]
        indexes = [models.Index(fields=["scalp_type", "is_active", "sold_out"], name="product_pick_idx")]

    def __str__(self) -> str:
        return f"{self.brand} {self.name}".strip()

    @property
    def discount_percent(self) -> int | None:
        if not self.original_price or self.original_price <= self.price:
            return None
        return round((self.original_price - self.price) * 100 / self.original_price)
