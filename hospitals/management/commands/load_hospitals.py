import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hospitals.loading import HiraFormatError
from hospitals.services import DEFAULT_BATCH_SIZE, LoadError, LoadReport, hospitals_load
from hospitals.tables import TableError


class Command(BaseCommand):
    help = ("Load dermatology and hair-loss clinics from HIRA's 병원정보서비스 file(s) (xlsx, zip, or cp949/UTF-8 "
            "CSV). All or nothing; a second run with the same files changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="병원정보서비스 .xlsx, .zip or .csv")
        parser.add_argument("--departments", type=Path,
                            help="의료기관별상세정보서비스_03_진료과목정보 file (or the zip holding it): also keep "
                                 "every institution with a 피부과 department, and store departments")
        parser.add_argument("--dry-run", action="store_true", help="read and count everything, then roll back")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="rows per write")
        parser.add_argument("--prune", action="store_true",
                            help="delete stored clinics absent from these files (use with a full national file)")

    def handle(self, *args, files, departments, dry_run, batch_size, prune, verbosity, **options):
        for path in [*files, *([departments] if departments else [])]:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.perf_counter(), time.process_time()
        try:
            report = hospitals_load(paths=files, departments_path=departments, dry_run=dry_run,
                                    batch_size=batch_size, prune=prune,
                                    progress=self._progress if verbosity >= 1 else None)
        except (HiraFormatError, TableError, LoadError) as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        if verbosity >= 1:
            elapsed = time.perf_counter() - started[0], time.process_time() - started[1]
            self._summary(report, elapsed, dry_run=dry_run, verbosity=verbosity)

    def _progress(self, report: LoadReport) -> None:
        self.stdout.write(f"  {report.read:,} rows read, {report.kept:,} clinics kept ...")

    def _summary(self, report: LoadReport, elapsed: tuple[float, float], *, dry_run: bool, verbosity: int) -> None:
        self.stdout.write(
            f"{report.read:,} rows read in {elapsed[0]:.1f}s ({elapsed[1]:.1f}s CPU): {report.kept:,} clinics kept, "
            f"{report.filtered:,} not dermatology/hair-loss, {report.skipped:,} rejected.")
        for reason, count in sorted(report.rejected.items()):
            self.stdout.write(f"  rejected, {reason}: {count:,}")
        if verbosity >= 2:
            for sample in report.samples:
                self.stdout.write(f"    {sample}")
        self.stdout.write(self.style.SUCCESS(
            f"created {report.created:,}, updated {report.updated:,}, unchanged {report.unchanged:,}, "
            f"removed {report.removed:,}" + (" (dry run: rolled back, nothing saved)" if dry_run else "")))
