"""Photo retention: deleting photo files, and the daily purge behind `manage.py purge_photos`."""

from __future__ import annotations

import logging
import os
import posixpath
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from diagnosis.models import Human

logger = logging.getLogger(__name__)
# Sent with the public ids whose photos the purge removed (history drops the PDFs that showed them).
photos_removed = Signal()

# A file or folder younger than this may belong to an upload whose row is not committed yet.
ORPHAN_GRACE = timedelta(hours=1)
BATCH = 500


@dataclass
class PurgeReport:
    expired: int = 0  # photos past photo_delete_after, or stored without consent (before issue 9)
    orphans: int = 0  # files under MEDIA_ROOT that no row points to
    folders: int = 0  # folders left empty


def photo_file_delete(storage: Storage, name: str) -> bool:
    """Delete one stored file; never anything outside the storage's folder. False when not deleted."""
    try:
        storage.delete(name)
    except SuspiciousFileOperation:
        logger.warning("Not deleting %r: it is outside MEDIA_ROOT", name)
        return False
    except OSError:
        logger.exception("Could not delete the photo file %r; purge_photos will try again", name)
        return False
    return True


def photos_purge(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete expired photos (the rows and their grades stay) and unreferenced files; idempotent."""
    now = now or timezone.now()
    expired = _purge_expired(now, dry_run)
    storage = Human._meta.get_field("photo").storage
    if isinstance(storage, FileSystemStorage):
        orphans, folders = _purge_orphans(Path(storage.location), now - ORPHAN_GRACE, dry_run)
    else:  # an object store (MEDIA_STORAGE=s3): no folders, only keys
        orphans, folders = _purge_orphan_objects(storage, now - ORPHAN_GRACE, dry_run), 0
    return PurgeReport(expired=expired, orphans=orphans, folders=folders)


def _purge_expired(now: datetime, dry_run: bool) -> int:
    due = Q(photo_delete_after__lte=now) | Q(photo_delete_after__isnull=True) | Q(photo_consent=False)
    rows = list(Human.objects.exclude(photo="").filter(due).values_list("pk", "photo", "public_id"))
    if dry_run:
        return len(rows)
    storage = Human._meta.get_field("photo").storage
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        with transaction.atomic():  # the row forgets the file first: a failed delete leaves an orphan
            Human.objects.filter(pk__in=[pk for pk, _, _ in batch]).update(photo="")
        photos_removed.send(sender=Human, public_ids=[public_id for _, _, public_id in batch])
        for _, name, _ in batch:
            photo_file_delete(storage, name)
    return len(rows)


def _referenced_names() -> set[str]:
    """Every file name any FileField of any model points to (photos today; other uploads tomorrow)."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                stored = model._default_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
                names.update(posixpath.normpath(name) for name in stored.iterator() if name)
    return names


def _purge_orphans(root: Path, cutoff: datetime, dry_run: bool) -> tuple[int, int]:
    if not root.is_dir():
        return 0, 0
    referenced, removed = _referenced_names(), set()
    # os.walk does not follow symbolic links to folders, so nothing outside MEDIA_ROOT is visited.
    for folder, _, files in os.walk(root):
        for path in (Path(folder, name) for name in files):
            if path.relative_to(root).as_posix() in referenced or _younger(path, cutoff):
                continue
            removed.add(path)
            if not dry_run:
                path.unlink(missing_ok=True)  # a symbolic link goes, never what it points to
    return len(removed), _remove_empty_folders(root, removed, cutoff, dry_run)


def _stored_names(storage: Storage, folder: str = ""):
    folders, files = storage.listdir(folder)
    for name in files:
        yield posixpath.join(folder, name) if folder else name
    for sub in folders:
        yield from _stored_names(storage, posixpath.join(folder, sub) if folder else sub)


def _purge_orphan_objects(storage: Storage, cutoff: datetime, dry_run: bool) -> int:
    """The object-store version of _purge_orphans: every key no row points to, once past the grace period."""
    referenced, removed = _referenced_names(), 0
    for name in _stored_names(storage):
        if posixpath.normpath(name) in referenced or storage.get_modified_time(name) > cutoff:
            continue
        removed += 1
        if not dry_run:
            photo_file_delete(storage, name)
    return removed


def _remove_empty_folders(root: Path, removed: set[Path], cutoff: datetime, dry_run: bool) -> int:
    """Folders below root that this purge empties, or that are empty and old; root itself stays."""
    gone, emptied, count = set(removed), {p.parent for p in removed}, 0
    for folder, _, _ in os.walk(root, topdown=False):
        here = Path(folder)
        if here == root or not all(e in gone for e in here.iterdir()):
            continue
        if here not in emptied and _younger(here, cutoff):
            continue  # a fresh empty folder may be an upload in progress
        gone.add(here)
        emptied.add(here.parent)
        try:
            if not dry_run:
                here.rmdir()
            count += 1
        except OSError:  # a new upload arrived meanwhile
            pass
    return count


def _younger(path: Path, cutoff: datetime) -> bool:
    try:
        return path.lstat().st_mtime > cutoff.timestamp()
    except FileNotFoundError:
        return True  # gone already: nothing to do
