from django import template

from common.i18n import local_name
from ml.labels import SCALP_TYPE_BY_KEY
from products.selectors import product_section_for

register = template.Library()


@register.inclusion_tag("products/_section.html")
def products_section(human):
    """{% products_section human %}: Olive Young products for the diagnosis' scalp type, the same
    ones on every reload of that diagnosis."""
    section = product_section_for(scalp_type=human.skin, seed=str(human.public_id))
    return {"section": section, "kind": local_name(SCALP_TYPE_BY_KEY[human.skin])}
