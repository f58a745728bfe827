"""Writes for the hospitals app: loading HIRA files into the Hospital table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospitals.loading import (
    HOSPITAL_MEMBER_HINT,
    DepartmentIndex,
    HospitalRow,
    Rejected,
    is_relevant,
    read_departments,
    read_hospitals,
)
from hospitals.models import Hospital
from hospitals.tables import describe

DEFAULT_BATCH_SIZE = 1000
PROGRESS_EVERY = 10_000
SAMPLE_LIMIT = 20
DELETE_CHUNK = 500
COMPARED_FIELDS = ("name", "kind", "sido", "sigungu", "dong", "postal_code", "address", "phone", "url",
                   "latitude", "longitude", "departments", "source_file")

PRUNE_NOTHING_LOADED = _("Refusing to remove every clinic: the files gave no clinic to keep.")


class LoadError(Exception):
    pass


@dataclass
class LoadReport:
    read: int = 0
    kept: int = 0
    filtered: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: Counter = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)  # the first few rejected rows, for the operator

    @property
    def skipped(self) -> int:
        return sum(self.rejected.values())

    def reject(self, source: str, row: Rejected) -> None:
        self.rejected[row.reason] += 1
        if len(self.samples) < SAMPLE_LIMIT:
            self.samples.append(f"{source} line {row.line}: {row.reason} {row.name}".rstrip())


def hospitals_load(*, paths: Iterable[Path], departments_path: Path | None = None, dry_run: bool = False,
                   batch_size: int = DEFAULT_BATCH_SIZE, prune: bool = False,
                   progress: Callable[[LoadReport], None] | None = None) -> LoadReport:
    """Upsert the relevant clinics of HIRA files, all or nothing, in batches; see hospitals.loading."""
    departments = read_departments(departments_path) if departments_path else None
    report, seen, now = LoadReport(), set(), timezone.now()
    with transaction.atomic():
        for path in paths:
            source = describe(path, member_hint=HOSPITAL_MEMBER_HINT)
            rows = _kept_rows(path, source, departments, report, progress)
            while batch := list(islice(rows, batch_size)):
                _upsert(batch, source=source, departments=departments, report=report, now=now)
                seen.update(row.code for row in batch)
        if prune:
            report.removed = _remove_absent(seen)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _kept_rows(path: Path, source: str, departments: DepartmentIndex | None, report: LoadReport,
               progress: Callable[[LoadReport], None] | None) -> Iterator[HospitalRow]:
    for row in read_hospitals(path):
        report.read += 1
        if isinstance(row, Rejected):
            report.reject(source, row)
        elif is_relevant(row, departments):
            report.kept += 1
            yield row
        else:
            report.filtered += 1
        if progress and report.read % PROGRESS_EVERY == 0:
            progress(report)


def _upsert(batch: list[HospitalRow], *, source: str, departments: DepartmentIndex | None,
            report: LoadReport, now) -> None:
    """Create new codes, update changed ones, leave identical rows alone (so a reload writes nothing)."""
    wanted = {row.code: _fields(row, source, departments) for row in batch}  # a repeated code: last wins
    existing = Hospital.objects.in_bulk(list(wanted), field_name="code")
    creates, updates = [], []
    for code, values in wanted.items():
        hospital = existing.get(code)
        if hospital is None:
            creates.append(Hospital(code=code, loaded_at=now, **values))
        elif any(getattr(hospital, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(hospital, key, value)
            hospital.loaded_at = now
            updates.append(hospital)
    Hospital.objects.bulk_create(creates, batch_size=len(batch))
    Hospital.objects.bulk_update(updates, [*COMPARED_FIELDS, "loaded_at"], batch_size=len(batch))
    report.created += len(creates)
    report.updated += len(updates)
    report.unchanged += len(wanted) - len(creates) - len(updates)


def _fields(row: HospitalRow, source: str, departments: DepartmentIndex | None) -> dict:
    """The stored values for a row; without a 진료과목 file, departments stay as they were."""
    values = {**vars(row), "source_file": source}
    if departments is not None:
        values["departments"] = departments.of(row.code)
    return {key: values[key] for key in COMPARED_FIELDS if key in values}


def _remove_absent(seen: set[str]) -> int:
    """Delete clinics that the (full) reload no longer lists."""
    if not seen:
        raise LoadError(PRUNE_NOTHING_LOADED)
    absent = [code for code in Hospital.objects.values_list("code", flat=True).iterator() if code not in seen]
    for start in range(0, len(absent), DELETE_CHUNK):
        Hospital.objects.filter(code__in=absent[start:start + DELETE_CHUNK]).delete()
    return len(absent)
