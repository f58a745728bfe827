"""Pages and API answers that show a result hold health data: no browser, proxy or CDN may keep a copy."""

from __future__ import annotations

from functools import wraps

RESULT_CACHE_CONTROL = "private, no-store"


def private_no_store(view):
    """`Cache-Control: private, no-store` on every answer of `view` (errors included)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = RESULT_CACHE_CONTROL
        response.headers.pop("Expires", None)  # a date in the past means nothing next to no-store
        return response

    return wrapped
