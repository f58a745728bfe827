import logging

from django.db import DatabaseError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from hospitals.forms import DISTRICT_NOT_FOUND, NONE_NEARBY, NOT_LOADED, NearbyForm
from hospitals.selectors import hospitals_loaded, nearby_search

logger = logging.getLogger(__name__)
JSON_OPTIONS = {"ensure_ascii": False}
SEARCH_UNAVAILABLE = _("The clinic search is not available right now. Please try again in a few minutes.")


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params=JSON_OPTIONS)


@require_GET
def nearby(request):
    """Dermatology and hair-loss clinics near a point (lat, lon) or a typed district (q), nearest first."""
    form = NearbyForm(request.GET)
    if not form.is_valid():
        return _json({"error": form.first_error()}, status=400)
    status, body = nearby_answer(form.cleaned_data)
    return _json(body, status=status)


def nearby_answer(query: dict) -> tuple[int, dict]:
    """The search behind both nearby endpoints (this page's and /api/v1/clinics/nearby), for a NearbyForm's
    cleaned data: (status, body as this endpoint sends it). 404: the typed district matched no clinic;
    503: the database could not be read."""
    try:
        if not hospitals_loaded():
            return 200, {"center": None, "results": [], "message": str(NOT_LOADED)}
        search = nearby_search(**query)
    except DatabaseError:
        logger.exception("clinic search failed: database unavailable")
        return 503, {"error": str(SEARCH_UNAVAILABLE)}
    if search.center is None:
        return 404, {"error": str(DISTRICT_NOT_FOUND), "center": None, "results": []}
    message = "" if search.results else NONE_NEARBY.format(radius=f"{search.radius_km:g}")
    return 200, {"center": search.center.as_json(), "radius_km": search.radius_km, "message": message,
                 "results": [hospital.as_json() for hospital in search.results]}
