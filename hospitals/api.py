"""/api/v1/clinics/nearby: the nearby-clinic search of /hospitals/nearby/, with the same form and selectors."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from common.api_errors import ERROR_INVALID, ApiError, ErrorOut
from hospitals.forms import QUERY_MAX_LENGTH, NearbyForm
from hospitals.loading import KOREA_LAT, KOREA_LON
from hospitals.selectors import MAX_LIMIT, MAX_RADIUS_KM
from hospitals.views import nearby_answer

router = Router(tags=["clinics"])
ERROR_CODES = {404: "place_not_found", 503: "search_unavailable"}  # nearby_answer's statuses other than 200


class CenterOut(Schema):
    lat: float = Field(examples=[37.4979])
    lon: float = Field(examples=[127.0276])
    label: str = Field(description="The typed district, or empty for a point", examples=["강남구"])


class ClinicOut(Schema):
    name: str = Field(examples=["강남피부과의원"])
    address: str
    phone: str
    url: str
    kind: str = Field(examples=["의원"])
    lat: float
    lon: float
    distance_km: float = Field(ge=0, examples=[0.42])
    kakao_url: str


class NearbyOut(Schema):
    center: CenterOut | None = Field(description="null when no clinic list is loaded on this site")
    radius_km: float = Field(examples=[20.0])
    message: str = Field(description="Why the list is empty, in the request's language; empty otherwise")
    results: list[ClinicOut]


def _documented(low: float, high: float) -> dict:
    # Bounds for the schema only: NearbyForm checks them, with its own clearer messages.
    return {"minimum": low, "maximum": high}


class NearbyQuery(Schema):
    q: str | None = Field(None, description="A district or address, e.g. 강남구 (when no lat/lon)",
                          examples=["강남구"], json_schema_extra={"maxLength": QUERY_MAX_LENGTH})
    lat: float | None = Field(None, description="Latitude (with lon), within South Korea", examples=[37.4979],
                              json_schema_extra=_documented(*KOREA_LAT))
    lon: float | None = Field(None, description="Longitude (with lat)", examples=[127.0276],
                              json_schema_extra=_documented(*KOREA_LON))
    limit: int | None = Field(None, description="How many clinics", examples=[10],
                              json_schema_extra=_documented(1, MAX_LIMIT))
    radius_km: float | None = Field(None, description="Search radius in km", examples=[20.0],
                                    json_schema_extra=_documented(0.1, MAX_RADIUS_KM))


@router.get("/clinics/nearby", response={200: NearbyOut, frozenset({400, 404, 503}): ErrorOut},
            operation_id="clinics_nearby", summary="Clinics near a point or a district")
def nearby(request, query: Query[NearbyQuery]):
    """Dermatology and hair-loss clinics nearest a point (lat, lon) or a typed district (q).

    404 place_not_found when no loaded clinic is in a place matching q; 503 search_unavailable while
    the clinic database cannot be read.
    """
    form = NearbyForm(request.GET)
    if not form.is_valid():
        raise ApiError(400, "invalid", form.first_error() or ERROR_INVALID, fields=dict(form.errors.items()))
    status, body = nearby_answer(form.cleaned_data)
    if status in ERROR_CODES:
        raise ApiError(status, ERROR_CODES[status], body["error"])
    return {"radius_km": form.cleaned_data["radius_km"], **body}  # the page's body has none while nothing is loaded
