import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from benchmarks import stats as benchmark


class Command(BaseCommand):
    help = ("Fill a throwaway SQLite database with synthetic diagnoses and time the statistics queries "
            "for every sex and age band. The project's own database is not touched.")

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1_000_000, help="diagnoses to generate")
        parser.add_argument("--repeats", type=int, default=5, help="rounds over the 14 groups")
        parser.add_argument("--db", type=Path, help="SQLite file to create (default: a temp file, deleted)")
        parser.add_argument("--compare", action="store_true",
                            help="first time without the covering index human_stats_idx, to show what it buys")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, rows, repeats, db, compare, seed, **options):
        self.verbosity = options["verbosity"]
        with tempfile.TemporaryDirectory() as tmp:
            alias = benchmark.open_throwaway(db or Path(tmp) / "stats_benchmark.sqlite3")
            start = time.perf_counter()
            benchmark.fill(alias, rows, seed=seed, progress=self._progress(rows))
            self.stdout.write(f"Filled {rows:,} rows in {time.perf_counter() - start:.1f} s")
            if compare:
                benchmark.drop_stats_index(alias)
                self._report(alias, repeats, "indexes: (sex, age, skin) only, human_stats_idx dropped")
                benchmark.add_stats_index(alias)
            self._report(alias, repeats, "indexes: as in diagnosis.Human, incl. human_stats_idx")

    def _progress(self, rows):
        def report(done):
            if self.verbosity >= 2:
                self.stdout.write(f"  {done:,}/{rows:,}")
        return report

    def _report(self, alias, repeats, label):
        self.stdout.write(f"\n{label}")
        self.stdout.write(f"  plan: {benchmark.explain(alias)}")
        t = benchmark.time_queries(alias, repeats=repeats)
        self.stdout.write(f"  {t.name}: p50 {t.p50_ms:.1f} ms, p95 {t.p95_ms:.1f} ms, max {t.max_ms:.1f} ms")
