"""The results this device made: their public ids, newest first, in its session. No account, nothing else
stored. It sits below every app, so diagnosis can remember a new result without importing history.

The list is also this device's proof of ownership: only the device whose session holds a result sees its
kept photo and may delete it. So the session key is rotated whenever the list gains or loses a result: a
session cookie planted in someone's browser (session fixation) stops working the moment that browser
makes a result, and whoever planted it never sees that result.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "history"  # newest first: public ids as strings


def _save(request: HttpRequest, ids: list[str]) -> None:
    request.session.cycle_key()  # a new key for the same data; the old key no longer opens it
    request.session[SESSION_KEY] = ids[: settings.HISTORY_MAX_RESULTS]
    # The default session lasts two weeks; people check again after weeks or months of treatment.
    request.session.set_expiry(settings.HISTORY_KEEP_DAYS * 24 * 60 * 60)


def history_ids(request: HttpRequest) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))


def canonical_id(public_id) -> str | None:
    """The form the history stores (lower case, with hyphens), whatever case it was typed in; None if no UUID."""
    try:
        return str(uuid.UUID(str(public_id)))
    except ValueError:
        return None


def history_contains(request: HttpRequest, *, public_id) -> bool:
    """Whether this device made the result (its session remembers it)."""
    canonical = canonical_id(public_id)
    return canonical is not None and canonical in history_ids(request)


def history_remember(request: HttpRequest, *, public_id) -> None:
    """Put a new result at the top of this device's list (keeping the newest HISTORY_MAX_RESULTS)."""
    public_id = str(public_id)
    ids = [i for i in history_ids(request) if i != public_id]
    _save(request, [public_id, *ids])


def history_forget(request: HttpRequest, *, public_id) -> bool:
    """Take one result off this device's list (the result itself stays); False when it was not there."""
    ids = history_ids(request)
    kept = [i for i in ids if i != str(public_id)]
    if len(kept) == len(ids):
        return False
    _save(request, kept)
    return True


def history_prune(request: HttpRequest, *, existing: Iterable[str]) -> None:
    """Drop the ids of results deleted since they were remembered."""
    existing = set(existing)
    ids = history_ids(request)
    if any(i not in existing for i in ids):
        _save(request, [i for i in ids if i in existing])
