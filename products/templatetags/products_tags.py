from django import template
from django.utils.translation import get_language

from common.i18n import local_name
from ml.labels import SCALP_TYPE_BY_KEY
from products.oliveyoung import KEYWORD_EN
from products.selectors import product_section_for

register = template.Library()


@register.inclusion_tag("products/_section.html")
def products_section(human):
    """{% products_section human %}: Olive Young products for the diagnosis' scalp type, the same
    ones on every reload of that diagnosis."""
    section = product_section_for(scalp_type=human.skin, seed=str(human.public_id))
    return {"section": section, "kind": local_name(SCALP_TYPE_BY_KEY[human.skin]),
            "keyword": keyword_label(section.keyword)}


def keyword_label(keyword: str) -> str:
    """The search keyword as the page's language says it: Korean as is, English with the Korean kept."""
    english = KEYWORD_EN.get(keyword)
    lang = get_language() or "ko"
    return keyword if lang.startswith("ko") or not english else f"{english} ({keyword})"
