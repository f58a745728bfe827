from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from hospitals.forms import DISTRICT_NOT_FOUND, NONE_NEARBY, NearbyForm
from hospitals.selectors import hospitals_loaded, nearby_search

register = template.Library()

KAKAO_SDK_URL = "//dapi.kakao.com/v2/maps/sdk.js"
ADVISE_FROM_GRADE = 2  # moderate or severe hair loss: suggest seeing a dermatologist
# Query parameters of the results page (prefixed: other sections share the URL).
PARAM_QUERY, PARAM_LAT, PARAM_LON = "near", "near_lat", "near_lon"


def kakao_sdk_url(key: str) -> str:
    return f"{KAKAO_SDK_URL}?appkey={quote(key, safe='')}&libraries=services,clusterer&autoload=false"


@register.inclusion_tag("hospitals/_section.html", takes_context=True)
def hospitals_section(context, human=None):
    """{% hospitals_section human %}: nearby clinics as a list, and as a Kakao map when a key is set."""
    request = context.get("request")
    params = request.GET if request is not None else {}
    section = {"loaded": hospitals_loaded(), "query": params.get(PARAM_QUERY, "").strip(),
               "advise": human is not None and human.hair_loss >= ADVISE_FROM_GRADE,
               "kakao_sdk_url": kakao_sdk_url(settings.KAKAO_JS_KEY) if settings.KAKAO_JS_KEY else "",
               "js_strings": js_strings(), "search": None, "error": "", "message": ""}
    asked = any(params.get(p) for p in (PARAM_QUERY, PARAM_LAT, PARAM_LON))
    if section["loaded"] and asked:
        section.update(search_section(params))
    return section


def search_section(params) -> dict:
    form = NearbyForm({"q": params.get(PARAM_QUERY, ""), "lat": params.get(PARAM_LAT, ""),
                       "lon": params.get(PARAM_LON, "")})
    if not form.is_valid():
        return {"error": form.first_error()}
    search = nearby_search(**form.cleaned_data)
    if search.center is None:
        return {"error": str(DISTRICT_NOT_FOUND)}
    message = "" if search.results else NONE_NEARBY.format(radius=f"{search.radius_km:g}")
    return {"search": search, "message": message}


def js_strings() -> dict:
    """Texts hospitals.js shows, in the page's language."""
    return {"locating": _("Finding your location…"), "denied": _("Your location is not available. "
            "Type a district instead."), "failed": _("The clinic search failed. Please try again."),
            "km": _("km"), "phone": _("Phone"), "website": _("Website"), "kakao": _("Open in Kakao Map")}
