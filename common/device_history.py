"""The results this device made: their public ids, newest first, in its session. No account, nothing else
stored. It sits below every app, so diagnosis can remember a new result without importing history."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "history"  # newest first: public ids as strings


def _save(request: HttpRequest, ids: list[str]) -> None:
    request.session[SESSION_KEY] = ids[: settings.HISTORY_MAX_RESULTS]
    # The default session lasts two weeks; people check again after weeks or months of treatment.
    request.session.set_expiry(settings.HISTORY_KEEP_DAYS * 24 * 60 * 60)


def history_remember(request: HttpRequest, *, public_id) -> None:
    """Put a new result at the top of this device's list (keeping the newest HISTORY_MAX_RESULTS)."""
    public_id = str(public_id)
    ids = [i for i in request.session.get(SESSION_KEY, []) if i != public_id]
    _save(request, [public_id, *ids])


def history_forget(request: HttpRequest, *, public_id) -> bool:
    """Take one result off this device's list (the result itself stays); False when it was not there."""
    ids = request.session.get(SESSION_KEY, [])
    kept = [i for i in ids if i != str(public_id)]
    if len(kept) == len(ids):
        return False
    _save(request, kept)
    return True


def history_prune(request: HttpRequest, *, existing: Iterable[str]) -> None:
    """Drop the ids of results deleted since they were remembered."""
    existing = set(existing)
    ids = request.session.get(SESSION_KEY, [])
    if any(i not in existing for i in ids):
        _save(request, [i for i in ids if i in existing])
