"""Upload-to-rendered-results time through the real HTTP server (gunicorn, as `make run` starts it),
for each backend and each number of clients uploading at once. Every level is also a load run: each
accepted upload must be exactly one new row, and no answer may be a 5xx.

With --api the JSON API upload (POST /api/v1/diagnoses: multipart in, 201 JSON out) runs beside the
form post on the same server, the two kinds interleaved so that both see the same load."""

import statistics
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks.http import UPLOADS, count_rows
from benchmarks.servers import throwaway_server
from ml.bench import jpeg_bytes, percentile
from ml.runtime_config import BACKENDS


class Command(BaseCommand):
    help = ("Time uploads end to end (POST photo -> redirect -> rendered results) against gunicorn, "
            "per backend and per number of concurrent clients; checks accepted uploads == rows added, no 5xx.")

    def add_arguments(self, parser):
        parser.add_argument("--weights", type=Path, default=settings.WEIGHTS_DIR,
                            help="checkpoint folder the server loads (default: WEIGHTS_DIR)")
        parser.add_argument("--runs", type=int, default=20, help="uploads per concurrency level")
        parser.add_argument("--concurrency", type=int, nargs="+", default=[1],
                            help="uploads in flight at once, e.g. --concurrency 1 8")
        parser.add_argument("--backend", choices=(*BACKENDS, "both"),
                            default=settings.INFERENCE_BACKEND, help="INFERENCE_BACKEND of the server")
        parser.add_argument("--api", action="store_true",
                            help="also time the JSON API upload, interleaved with the form's (runs of each)")

    def handle(self, *args, weights: Path, runs: int, concurrency, backend: str, api: bool = False, **options):
        levels = concurrency if isinstance(concurrency, list | tuple) else [concurrency]
        backends = BACKENDS if backend == "both" else (backend,)
        self.stdout.write(f"weights: {weights}")
        failed = False
        for name in backends:
            with throwaway_server(weights, name) as (base, database):
                failed |= self.measure(base, database, name, runs, levels, ("form", "api") if api else ("form",))
        if failed:
            raise CommandError("load run failed: accepted != rows added, or 5xx answers")

    def measure(self, base: str, database: Path, backend: str, runs: int, levels: list[int],
                kinds: tuple[str, ...] = ("form",)) -> bool:
        page = requests.get(base + "/", timeout=600)  # first GET also loads the models (cold start)
        if "weights-problems" in page.text:
            raise CommandError("the server reports missing weights; pass --weights")
        photo = jpeg_bytes()
        for kind in kinds:
            UPLOADS[kind][0](base, photo)  # warm-up
        failed = False
        for clients in levels:
            jobs = [kind for _ in range(runs) for kind in kinds]  # interleaved: form, api, form, api ...
            failed |= self.level(base, database, backend, photo, clients, jobs)
        return failed

    def level(self, base: str, database: Path, backend: str, photo: bytes, clients: int, jobs: list[str]) -> bool:
        """One concurrency level; True when it failed (accepted != rows added, or a 5xx)."""
        before = count_rows(database)
        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            outcomes = list(pool.map(lambda kind: (kind, *UPLOADS[kind][0](base, photo)), jobs))
        wall = time.perf_counter() - start
        accepted = sum(status == UPLOADS[kind][1] for kind, status, _ in outcomes)
        added = count_rows(database) - before
        server_errors = sum(status >= 500 for _, status, _ in outcomes)
        for kind in dict.fromkeys(jobs):
            times = [seconds for k, _, seconds in outcomes if k == kind]
            statuses = Counter(status for k, status, _ in outcomes if k == kind)
            self.stdout.write(
                f"{backend} concurrency {clients}: {len(times)} uploads in {wall:.1f} s, {UPLOADS[kind][2]} p50 "
                f"{statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 95) * 1000:.0f} ms\n"
                f"  answers: {dict(sorted(statuses.items()))} ({UPLOADS[kind][1]} = accepted)")
        self.stdout.write(f"  accepted: {accepted}, rows added: {added}, 5xx: {server_errors}")
        return accepted != added or server_errors > 0


