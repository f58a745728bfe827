"""The site's own error pages (400, 403 CSRF, 404, 500) and the admin lock-out page: localized, never Django's
debug help or a traceback."""

import logging
import math
import sys

from django.conf import settings
from django.shortcuts import render

from common.busy import busy_page, database_busy

logger = logging.getLogger(__name__)


def csrf_failure(request, reason=""):
    """The site's own page when a form's security token is missing or stale (CSRF_FAILURE_VIEW)."""
    logger.warning("CSRF failure at %s: %s", request.path, reason)
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Django calls this while handling the exception, so sys.exc_info() is the failure itself.
    if database_busy(sys.exc_info()[1]):
        return busy_page(request)
    return render(request, "500.html", status=500)


def login_locked(request, original_response=None, credentials=None):
    """Too many failed admin sign-ins from this address (django-axes): try again after the cool-off."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "lockout.html", {"minutes": minutes}, status=429)
