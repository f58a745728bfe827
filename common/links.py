"""Links rendered from stored data (clinic sites, product pages and images) only ever carry http(s) URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https"})


def safe_url(url: object) -> str:
    """The URL when it is an absolute http(s) URL with a host, else '' (never javascript:, data:, ...).

    Whitespace or control characters anywhere refuse it: browsers drop tabs and newlines inside a URL,
    so 'java\\tscript:' would run as javascript: there."""
    text = str(url or "").strip()
    if not text or any(ord(c) < 33 or ord(c) == 127 for c in text):
        return ""
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return ""
    return text if parts.scheme.lower() in SAFE_SCHEMES and host else ""
