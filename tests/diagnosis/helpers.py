"""Shared by the privacy tests: post an upload, store a diagnosis with a photo file, list stored files."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from diagnosis.models import Human
from tests.factories import image_bytes
from tests.stats.factories import make_human


def upload(client, data: bytes | None = None, *, keep_photo: bool = False, name="scalp.jpg",
           content_type="image/jpeg", **fields):
    form = {"photo": SimpleUploadedFile(name, data if data is not None else image_bytes(), content_type),
            "sex": "F", "age": 30, "area": "crown", **fields}
    if keep_photo:
        form["keep_photo"] = "on"
    return client.post(reverse("diagnosis:upload"), form)


def human_with_photo(*, days_left: float | None = 30, consent: bool = True) -> Human:
    """A stored diagnosis whose photo file exists, due for deletion in `days_left` days (None: no date)."""
    human = make_human()
    now = timezone.now()
    human.photo_consent, human.photo_consent_at = consent, now if consent else None
    human.photo_delete_after = None if days_left is None else now + timedelta(days=days_left)
    human.photo.save(f"{human.public_id}.jpg", ContentFile(image_bytes()), save=False)
    human.save()
    return human


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def age_file(path: Path, hours: float = 2) -> None:
    """Backdate a file past purge_photos' grace period for files of uploads still in progress."""
    past = timezone.now().timestamp() - hours * 3600
    os.utime(path, (past, past), follow_symlinks=False)
