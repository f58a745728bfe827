"""Writing a kept photo so that nothing half-written is ever left behind, and naming why storage failed.

On the local disk the photo is written under a temporary name beside its final one and renamed (atomic on
one filesystem) only once its row is saved; any failure removes what was written. An object store
(MEDIA_STORAGE=s3) never shows a partly uploaded object, so the photo goes straight to its final key and is
deleted again when the row cannot be saved.
"""

from __future__ import annotations

import errno
import logging
import os
import posixpath
import uuid
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PARTIAL_PREFIX = ".partial-"  # purge_photos removes any left by a killed process (after ORPHAN_GRACE)
ERROR_STORAGE_FULL = _(
    "Your photo could not be kept because our storage is full. Nothing was saved. Send the form again "
    "without ticking \"keep my photo\" to get your result now."
)
ERROR_STORAGE_UNAVAILABLE = _(
    "Your photo could not be kept because our storage is not accepting files right now. Nothing was saved. "
    "Send the form again without ticking \"keep my photo\" to get your result now."
)
FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


class PhotoNotStored(Exception):
    """The kept photo could not be written: nothing was saved. `full` tells a full disk (507) from a
    storage that refuses writes (read-only, permissions, an object store that does not answer: 503)."""

    def __init__(self, cause: BaseException):
        self.full = isinstance(cause, OSError) and cause.errno in FULL_ERRNOS
        self.code = "storage_full" if self.full else "storage_unavailable"
        self.status = 507 if self.full else 503
        self.message = ERROR_STORAGE_FULL if self.full else ERROR_STORAGE_UNAVAILABLE
        super().__init__(f"{self.code}: {cause}")


def _storage_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (OSError,)
    try:  # boto3 is installed with django-storages (MEDIA_STORAGE=s3) only
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        return errors
    return (*errors, BotoCoreError, ClientError)


def _remove(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # noqa: BLE001 (the original failure is the one to report; purge_photos retries)
        logger.exception("Could not remove the partly written photo %r; purge_photos will", name)


def photo_write(storage: Storage, name: str, data: bytes) -> Callable[[], None]:
    """Write the photo's bytes where it will live under `name`; returns `finish`, to call once the row is
    saved (inside its transaction, so a failed rename rolls the row back). Raises PhotoNotStored after
    removing whatever was written. Call discard(storage, name) if the row cannot be saved."""
    local = isinstance(storage, FileSystemStorage)
    folder, base = posixpath.split(name)
    written = posixpath.join(folder, f"{PARTIAL_PREFIX}{uuid.uuid4().hex}-{base}") if local else name
    try:
        stored = storage.save(written, ContentFile(data))
    except _storage_errors() as exc:
        _remove(storage, written)  # FileSystemStorage leaves what it wrote before the disk filled up
        raise PhotoNotStored(exc) from exc
    if stored != written:  # the name was taken (it never is: uuids); keep no stray file
        _remove(storage, stored)
        raise PhotoNotStored(FileExistsError(errno.EEXIST, "photo name taken", name))
    if not local:
        return lambda: None

    def finish() -> None:
        try:
            os.replace(storage.path(written), storage.path(name))
        except OSError as exc:
            _remove(storage, written)
            raise PhotoNotStored(exc) from exc

    finish.written = written  # type: ignore[attr-defined]
    return finish


def discard(storage: Storage, name: str, finish: Callable[[], None]) -> None:
    """The row was not saved: remove the photo, under whichever name it has now."""
    for candidate in {getattr(finish, "written", name), name}:
        if storage.exists(candidate):
            _remove(storage, candidate)
