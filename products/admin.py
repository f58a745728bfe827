from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.i18n import local_name
from ml.labels import SCALP_TYPE_BY_KEY
from products import oliveyoung
from products.models import Product
from products.selectors import scalp_types_without_products

NO_PRODUCTS = _("No products are loaded, so results pages show only the link to Olive Young. "
                "Run “manage.py scrape_products” (or “--from-html” with saved search pages).")
TYPES_WITHOUT_PRODUCTS = _("No products of their own for: %(types)s. Their results pages show general "
                           "두피케어 products or only the link to Olive Young.")
SCRAPED_FIELDS = ["goods_no", "name", "brand", "price", "original_price", "image_url", "url", "rating",
                  "review_count", "keyword", "scalp_type", "scraped_at", "sold_out"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["goods_no", "brand", "name", "price", "original_price", "scalp_type", "keyword",
                    "is_active", "sold_out", "scraped_at"]
    list_filter = ["scalp_type", "is_active", "sold_out", "brand", "keyword"]
    search_fields = ["goods_no", "name", "brand", "keyword"]
    list_per_page = 50
    readonly_fields = [*SCRAPED_FIELDS, "link"]
    fields = [*SCRAPED_FIELDS[:7], "link", *SCRAPED_FIELDS[7:], "is_active"]
    actions = ["activate", "deactivate"]

    def has_add_permission(self, request):
        return False  # products come from manage.py scrape_products

    @admin.display(description=_("on Olive Young"))
    def link(self, obj):
        if not oliveyoung.is_link_allowed(obj.url):
            return "-"
        return format_html('<a href="{}" target="_blank" rel="noopener noreferrer nofollow">{}</a>',
                           obj.url, obj.url)

    @admin.action(description=_("Show the selected products on results pages"), permissions=["change"])
    def activate(self, request, queryset):
        count = queryset.update(is_active=True)
        message = ngettext("%d product activated.", "%d products activated.", count)
        self.message_user(request, message % count)

    @admin.action(description=_("Hide the selected products from results pages"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = queryset.update(is_active=False)
        message = ngettext("%d product deactivated.", "%d products deactivated.", count)
        self.message_user(request, message % count)

    def changelist_view(self, request, extra_context=None):
        missing = scalp_types_without_products() if request.method == "GET" else []
        if missing and len(missing) == len(SCALP_TYPE_BY_KEY):
            messages.warning(request, NO_PRODUCTS)
        elif missing:
            names = ", ".join(local_name(SCALP_TYPE_BY_KEY[key]) for key in missing)
            messages.warning(request, TYPES_WITHOUT_PRODUCTS % {"types": names})
        return super().changelist_view(request, extra_context)
