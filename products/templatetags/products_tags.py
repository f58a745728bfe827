from django import template
from django.utils.translation import get_language

from ads.counting import Segment, record_view
from ads.selectors import sponsored_for
from common.i18n import local_name
from ml.labels import SCALP_TYPE_BY_KEY
from products.oliveyoung import KEYWORD_EN
from products.selectors import product_section_for

register = template.Library()


@register.inclusion_tag("products/_section.html", takes_context=True)
def products_section(context, human):
    """{% products_section human %}: Olive Young products for the diagnosis' scalp type, ranked for its
    segment (the same ones all day on every reload), and at most two labelled sponsored cards. Showing
    them counts one impression each (ads.counting), for people, not robots."""
    segment = Segment.of(human)
    section = product_section_for(scalp_type=human.skin, seed=str(human.public_id), segment=segment)
    sponsored = sponsored_for(human=human)
    record_view(request=context.get("request"), human=human, product_ids=[c.pk for c in section.cards],
                campaign_ids=[c.campaign_id for c in sponsored])
    return {"section": section, "sponsored": sponsored, "public_id": human.public_id,
            "kind": local_name(SCALP_TYPE_BY_KEY[human.skin]), "keyword": keyword_label(section.keyword)}


def keyword_label(keyword: str) -> str:
    """The search keyword as the page's language says it: Korean as is, English with the Korean kept."""
    english = KEYWORD_EN.get(keyword)
    lang = get_language() or "ko"
    return keyword if lang.startswith("ko") or not english else f"{english} ({keyword})"
