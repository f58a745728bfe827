"""A database too busy to answer in time ("database is locked" past SQLite's busy timeout, a lock or
statement timeout on PostgreSQL) is a "try again" (503), never a bare 500."""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

ERROR_BUSY = _("The site is very busy right now and could not save or read your data in time. Nothing was "
               "lost. Please try again in a minute.")
BUSY_MARKERS = ("database is locked", "database table is locked", "lock timeout", "statement timeout",
                "canceling statement due to lock timeout")
RETRY_AFTER = "30"


def database_busy(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError) and any(m in str(exc).lower() for m in BUSY_MARKERS)


def busy_page(request):
    logger.warning("database busy at %s %s", request.method, request.path)
    response = render(request, "503_busy.html", {"message": ERROR_BUSY}, status=503)
    response["Retry-After"] = RETRY_AFTER
    return response


class DatabaseBusyMiddleware:
    """Turns a view's "database is locked" into the localized busy page (common.views.server_error does the
    same for a lock met by a middleware, e.g. while saving the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return busy_page(request) if database_busy(exception) else None
