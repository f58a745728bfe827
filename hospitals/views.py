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
    try:
        return _search(form)
    except DatabaseError:
        logger.exception("clinic search failed: database unavailable")
        return _json({"error": str(SEARCH_UNAVAILABLE)}, status=503)


def _search(form: NearbyForm) -> JsonResponse:
    if not hospitals_loaded():
        return _json({"center": None, "results": [], "message": str(NOT_LOADED)})
    search = nearby_search(**form.cleaned_data)
    if search.center is None:
        return _json({"error": str(DISTRICT_NOT_FOUND), "center": None, "results": []}, status=404)
    message = "" if search.results else NONE_NEARBY.format(radius=f"{search.radius_km:g}")
    return _json({"center": search.center.as_json(), "radius_km": search.radius_km, "message": message,
                  "results": [hospital.as_json() for hospital in search.results]})
