from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from ads.counting import count_and_redirect
from products import oliveyoung
from products.models import Product


@never_cache
def product_click(request, pk: int):
    """Counts a click on a product card, then opens the product on Olive Young."""
    product = get_object_or_404(Product.objects.only("url"), pk=pk)
    if not oliveyoung.is_link_allowed(product.url):
        raise Http404
    return count_and_redirect(request, product.url, product_id=product.pk)


