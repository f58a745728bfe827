from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ml.dataset import DatasetError
from stats.reference import ReadReport, read_records
from stats.services import reference_import

DEFAULT_SOURCE = "AI Hub 유형별 두피 이미지 (dataSetSn=216)"


class Command(BaseCommand):
    help = ("Import a reference data set's demographics (META gender/age) and six grades (label JSON) "
            "for the statistics section. Idempotent: records are keyed by source and image.")

    def add_arguments(self, parser):
        parser.add_argument("--data", type=Path, required=True,
                            help="the data set's folder (AI Hub full or sample download layout)")
        parser.add_argument("--source", default=DEFAULT_SOURCE, help="name shown beside the figures")
        parser.add_argument("--dry-run", action="store_true", help="read and count, write nothing")

    def handle(self, *args, data: Path, source: str, dry_run: bool, **options):
        report = ReadReport()
        try:
            records = read_records(data, report)
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        if not dry_run:
            reference_import(records=records, source=source)
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb} {len(records)} records as '{source}' "
                          f"({report.images} labelled images, {report.skipped} without sex or age band in META).")
