"""Which shops a sponsored card may link to and which servers its image may come from (settings)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def link_hosts() -> frozenset[str]:
    return frozenset(settings.AD_ALLOWED_HOSTS)


def image_hosts() -> frozenset[str]:
    return frozenset(settings.AD_IMAGE_HOSTS)


def host_allowed(url: str | None, allowed: frozenset[str], schemes=frozenset({"https"})) -> bool:
    """True for an https URL on one of the hosts, without user info (no 'https://shop@evil')."""
    if not url or any(ord(c) < 33 or ord(c) == 127 for c in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme in schemes and host in allowed and not parts.username and not parts.password
