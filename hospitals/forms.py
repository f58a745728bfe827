from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hospitals.loading import KOREA_LAT, KOREA_LON
from hospitals.selectors import DEFAULT_LIMIT, DEFAULT_RADIUS_KM, MAX_LIMIT, MAX_RADIUS_KM

NEED_LOCATION = _("Type a district or address, or use your location.")
BAD_COORDINATES = _("Give both latitude and longitude, as numbers.")
OUTSIDE_KOREA = _("That location is outside South Korea; clinics are listed for Korea only.")
BAD_LIMIT = _("The number of clinics must be between 1 and {max}.")
BAD_RADIUS = _("The search radius must be between 0.1 and {max} km.")
QUERY_TOO_LONG = _("The district or address is too long.")
QUERY_MAX_LENGTH = 100


class NearbyForm(forms.Form):
    """Where to search from (a typed district, or a point) and how far; used by the page and the JSON API."""

    q = forms.CharField(required=False, strip=True, max_length=QUERY_MAX_LENGTH,
                        error_messages={"max_length": QUERY_TOO_LONG})
    lat = forms.FloatField(required=False, error_messages={"invalid": BAD_COORDINATES})
    lon = forms.FloatField(required=False, error_messages={"invalid": BAD_COORDINATES})
    limit = forms.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT,
                               error_messages=dict.fromkeys(("invalid", "min_value", "max_value"),
                                                            format_lazy(BAD_LIMIT, max=MAX_LIMIT)))
    radius_km = forms.FloatField(required=False, min_value=0.1, max_value=MAX_RADIUS_KM,
                                 error_messages=dict.fromkeys(("invalid", "min_value", "max_value"),
                                                              format_lazy(BAD_RADIUS, max=f"{MAX_RADIUS_KM:g}")))

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if self.errors:
            return data
        if (lat is None) != (lon is None):
            raise forms.ValidationError(BAD_COORDINATES)
        if lat is not None and not (KOREA_LAT[0] <= lat <= KOREA_LAT[1] and KOREA_LON[0] <= lon <= KOREA_LON[1]):
            raise forms.ValidationError(OUTSIDE_KOREA)
        if lat is None and not data.get("q"):
            raise forms.ValidationError(NEED_LOCATION)
        data["limit"] = data.get("limit") or DEFAULT_LIMIT
        data["radius_km"] = data.get("radius_km") or DEFAULT_RADIUS_KM
        return data

    def first_error(self) -> str:
        return next(iter(msg for errors in self.errors.values() for msg in errors), "")


DISTRICT_NOT_FOUND = _("No loaded clinic is in a place matching that name. Try a district such as 강남구.")
NONE_NEARBY = _("No dermatology or hair-loss clinic within {radius} km.")
NOT_LOADED = _("The clinic list has not been loaded on this site yet, so no clinics can be shown.")
