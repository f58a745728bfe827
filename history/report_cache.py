"""Rendered PDFs, cached per result, language and photo state, and rendered at most PDF_RENDER_CONCURRENCY
at a time per process: a result's grades never change, so the second download costs no layout at all.

The cache is Django's (the database, or Redis when REDIS_URL is set), so every server process shares it.
A deleted result's PDFs go with it (history.signals); a purged photo changes the photo state, so the PDF
with the photo is never served again once the photo is gone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from common.gates import bounded
from diagnosis.models import Human
from history.selectors import photo_kept

KEY_PREFIX = "report-pdf:v1"
PHOTO_STATES = ("photo", "no-photo")


def report_key(human: Human, *, language: str, with_photo: bool) -> str:
    state = PHOTO_STATES[0] if with_photo and photo_kept(human) else PHOTO_STATES[1]
    return f"{KEY_PREFIX}:{human.public_id}:{language}:{state}"


def cached_pdf(key: str, render: Callable[[], bytes]) -> bytes:
    """The PDF under `key`, rendered (inside the PDF gate) only when no process has rendered it yet."""
    pdf = cache.get(key)
    if pdf is not None:
        return pdf
    with bounded("pdf", settings.PDF_RENDER_CONCURRENCY, trim=True):
        pdf = cache.get(key)  # another request may have rendered it while this one waited
        if pdf is None:
            pdf = render()
            cache.set(key, pdf, timeout=settings.PDF_CACHE_SECONDS)
    return pdf


def render_gated(render: Callable[[], bytes]) -> bytes:
    """A PDF that is not cached (the device's history changes with every upload), inside the same gate."""
    with bounded("pdf", settings.PDF_RENDER_CONCURRENCY, trim=True):
        return render()


def forget_reports(public_id) -> None:
    """Every cached PDF of one result, in every language and photo state."""
    cache.delete_many([f"{KEY_PREFIX}:{public_id}:{code}:{state}"
                       for code, _ in settings.LANGUAGES for state in PHOTO_STATES])
