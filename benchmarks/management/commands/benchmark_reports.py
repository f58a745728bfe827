"""How long one PDF report takes: a single result (one A4 page) and a device's whole history."""

import statistics
import tempfile
import time

import numpy as np
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from benchmarks.fixtures import sample_result
from history import reports


def timed(report: reports.Report) -> tuple[float, float, bytes]:
    """Wall and CPU milliseconds (CPU time is the steadier figure on a busy machine: WeasyPrint uses one core)."""
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = reports.render_pdf(report)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, pdf


class Command(BaseCommand):
    help = ("Render the PDF reports on throwaway results (rolled back, photos in a temp dir) and print the time "
            "per report. Target: one report <= 1 s on the 2-core machine.")

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10, help="reports of each kind and language")
        parser.add_argument("--results", type=int, default=12, help="results in the history report")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, runs: int, results: int, seed: int, **options):
        rng = np.random.default_rng(seed)
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media), transaction.atomic():
            humans = [sample_result(rng, days_ago=7 * i, photo=i == 0) for i in range(results)]
            cold, _cpu, _pdf = timed(reports.result_report(humans[0], with_photo=True))  # imports WeasyPrint, fonts
            self.stdout.write(f"first report in this process (WeasyPrint import, fonts): {cold:.0f} ms")
            for lang in ("ko", "en"):
                with translation.override(lang):
                    self._measure(f"result report ({lang}, photo)",
                                  reports.result_report(humans[0], with_photo=True), runs)
                    self._measure(f"history report ({lang}, {results} results)", reports.history_report(humans),
                                  runs)
            transaction.set_rollback(True)

    def _measure(self, name: str, report: reports.Report, runs: int) -> None:
        walls, cpus, pdfs = zip(*(timed(report) for _ in range(runs)), strict=True)
        self.stdout.write(f"{name}: median {statistics.median(walls):.0f} ms (CPU {statistics.median(cpus):.0f} ms), "
                          f"max {max(walls):.0f} ms over {runs}, {len(pdfs[-1]) // 1024} KB")
