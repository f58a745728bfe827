"""Uploads per client address: a fixed-window counter in Django's cache (the site form and the API share it)."""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

ERROR_RATE_LIMITED = _("Too many photos were sent from your connection. Please wait a while and try again.")
WINDOWS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*([smhd])\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/h' -> (20, 3600)."""
    match = RATE.match(rate)
    if not match:
        raise ValueError(f"UPLOAD_RATE_LIMIT must look like 20/h, got {rate!r}")
    return int(match[1]), WINDOWS[match[2]]


def client_ip(request) -> str:
    """The address that opened the connection; never taken from X-Forwarded-For, which anyone can send."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def upload_allowed(request) -> bool:
    """Count one upload from this client; False once the limit for the current window is used up."""
    limit, window = parse_rate(settings.UPLOAD_RATE_LIMIT)
    key = f"upload-rate:{client_ip(request)}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
