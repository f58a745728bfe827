"""The API refuses writes that a browser sends on behalf of another website.

A page on any site could otherwise make its visitors' browsers post photos to /api/v1/diagnoses: it
would spend their upload budget and fill the database in their name. Browsers say where a request
comes from (Origin, and Sec-Fetch-Site); apps, scripts and curl send neither, and keep working.
Origins listed in API_ALLOWED_ORIGINS are let through (and get CORS headers from django-cors-headers).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.api_errors import error_response

ERROR_CROSS_SITE = _("This API does not accept requests that another website sends from a visitor's browser. "
                     "Call it from your own app or server, or ask the site's operator to allow your website.")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # reads: the browser keeps the answer from the other site


def _own_origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def cross_site_refused(request) -> bool:
    """True for a browser request from another site that API_ALLOWED_ORIGINS does not list."""
    origin = request.headers.get("Origin")
    if origin is not None:  # "null" too: sandboxed frames and local files
        return origin != _own_origin(request) and origin not in settings.API_ALLOWED_ORIGINS
    return request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site"


class ApiCrossSiteMiddleware:
    """A JSON 403 `cross_site` for cross-site writes under /api/, before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.path.startswith("/api/") and request.method not in SAFE_METHODS
                and cross_site_refused(request)):
            return error_response(403, "cross_site", ERROR_CROSS_SITE)
        return self.get_response(request)
