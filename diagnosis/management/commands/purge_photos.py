"""Daily retention job: delete photos past their date and files no diagnosis points to."""

from django.core.management.base import BaseCommand

from diagnosis.retention import photos_purge


class Command(BaseCommand):
    help = ("Delete every stored photo past its delete-after date (the diagnosis and its grades stay) and "
            "every file under MEDIA_ROOT that no row points to. Safe to run any number of times.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would be deleted; delete nothing")

    def handle(self, *args, dry_run: bool, verbosity: int, **options):
        report = photos_purge(dry_run=dry_run)
        if verbosity:
            verb = "would delete" if dry_run else "deleted"
            self.stdout.write(f"{verb}: {report.expired} expired photo(s), {report.orphans} unreferenced file(s), "
                              f"{report.folders} empty folder(s)")
