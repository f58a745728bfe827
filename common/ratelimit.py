"""How many uploads one client address may make per period, counted in Django's cache.

The cache is the database cache by default and Redis when REDIS_URL is set (settings.CACHES), so the
count is shared by every worker process. Behind a reverse proxy the client address comes from
X-Forwarded-For only when the direct peer is one of settings.TRUSTED_PROXIES.
"""

from __future__ import annotations

import ipaddress
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ImproperlyConfigured
from django.db import router, transaction
from django.utils.translation import gettext_lazy as _

ERROR_RATE_LIMITED = _(
    "You have uploaded many photos from this address in a short time. Please wait a while and try again."
)
RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*([smhd])\s*$")
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
KEY_PREFIX = "upload-rate"


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


@lru_cache(maxsize=16)
def parse_rate(text: str, setting: str = "UPLOAD_RATE_LIMIT") -> Rate:
    """'20/h' -> Rate(20, 3600). Units: s, m, h, d."""
    match = RATE_RE.match(text or "")
    if not match:
        raise ImproperlyConfigured(f"{setting} must look like 20/h (N/s, N/m, N/h or N/d), not {text!r}")
    return Rate(int(match.group(1)), PERIOD_SECONDS[match.group(2)])


@lru_cache(maxsize=16)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES holds something that is not an address: {exc}") from exc


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: str) -> bool:
    ip = _ip(address)
    return ip is not None and any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind trusted proxies the right-most X-Forwarded-For hop that is not one of them.

    Hops left of that one are whatever the client chose to send, so they are never believed."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not _trusted(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            ip = _ip(hop)
            return str(ip) if ip is not None else remote
    return hops[0] if hops else remote


def upload_allowed(request) -> bool:
    """Count this upload against the client's address; False once the period's limit is used up."""
    return allowed(request, setting="UPLOAD_RATE_LIMIT", prefix=KEY_PREFIX)


def allowed(request, *, setting: str, prefix: str) -> bool:
    """Count this request against the client's address under the rate the setting names (e.g. PDF_RATE_LIMIT)."""
    rate = parse_rate(getattr(settings, setting), setting)
    window = int(time.time() // rate.seconds)
    key = f"{prefix}:{client_ip(request)}:{rate.seconds}:{window}"
    return _count(key, timeout=rate.seconds + 60) <= rate.count


def _count(key: str, timeout: int) -> int:
    """This upload's number in its period. Uploads that arrive together each get their own number."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, DatabaseCache):
        return _count_in_database(backend, key, timeout)
    backend.add(key, 0, timeout=timeout)
    try:
        return backend.incr(key)  # Redis: INCR is atomic
    except ValueError:  # expired between add and incr
        backend.add(key, 1, timeout=timeout)
        return 1


def _count_in_database(backend: DatabaseCache, key: str, timeout: int) -> int:
    """DatabaseCache.incr reads, then writes: two uploads at once would both read N and both write N + 1.
    Here the read and the write share one transaction that holds the write lock first: SQLite begins every
    transaction IMMEDIATE (settings), and on PostgreSQL touching the row locks it until the commit."""
    with transaction.atomic(using=router.db_for_write(backend.cache_model_class)):
        if backend.add(key, 1, timeout=timeout):
            return 1
        backend.touch(key, timeout=timeout)
        count = (backend.get(key) or 0) + 1
        backend.set(key, count, timeout=timeout)
    return count
