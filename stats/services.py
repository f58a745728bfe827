"""Writes: importing a reference data set into ReferenceRecord."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from django.db import transaction

from ml.labels import SYMPTOMS
from stats.models import ReferenceRecord
from stats.reference import Record

UPDATE_FIELDS = ["sex", "age", "skin", *(s.field for s in SYMPTOMS)]


def _row(record: Record, source: str) -> ReferenceRecord:
    return ReferenceRecord(source=source, image_id=record.image_id, sex=record.sex, age=record.age,
                           skin=record.skin, **{s.field: record.grades[s.key] for s in SYMPTOMS})


@transaction.atomic
def reference_import(*, records: Iterable[Record], source: str, batch_size: int = 2000) -> int:
    """Upsert records under `source` (keyed by image); running it twice changes nothing."""
    rows = (_row(r, source) for r in records)
    total = 0
    while batch := list(islice(rows, batch_size)):
        ReferenceRecord.objects.bulk_create(batch, update_conflicts=True, unique_fields=["source", "image_id"],
                                            update_fields=UPDATE_FIELDS)
        total += len(batch)
    return total
