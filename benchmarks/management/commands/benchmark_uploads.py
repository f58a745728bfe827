"""Time and peak RSS per upload for phone-sized photos and crafted JPEGs, each in a fresh process.

The crafted ones claim 6600x6000: "lying" holds the data of a 640x480 photo (refused as incomplete);
"minimal" is the smallest complete file of that size (accepted: the worst a file of its size can cost).

    manage.py benchmark_uploads                          # form + diagnosis path, this checkout
    manage.py benchmark_uploads --http                   # also POST -> results through gunicorn
    manage.py benchmark_uploads --code-dir ../before     # the same measurement against an older checkout
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks import upload_worker
from benchmarks.photos import CASE_NAMES, DEFAULT_CASES, write_photos
from benchmarks.servers import free_port, gunicorn, gunicorn_worker_pid, server_env

WORKER = Path(upload_worker.__file__)


def post_photo(session: requests.Session, base: str, name: str, data: bytes) -> int:
    """302 when the upload reached its results page, else the HTTP status."""
    response = session.post(base + "/", data={"sex": "F", "age": "30", "area": "crown", "keep_photo": "on",
                                              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                            files={"photo": (name, data, "image/jpeg")}, headers={"Referer": base + "/"}, timeout=300)
    return 302 if "/result/" in response.url else response.status_code


def http_case(code_dir: Path, weights: Path, photo: Path, runs: int) -> dict:
    """Upload-to-results time and the worker's peak RSS for one photo, in a fresh gunicorn."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as var, gunicorn(server_env(var, weights), code_dir, port) as server:
        session = requests.Session()
        session.get(base + "/", timeout=300)  # loads the models
        post_photo(session, base, "warmup.jpg", upload_worker.warmup_photo())  # first inference's set-up
        worker = gunicorn_worker_pid(server.pid)
        baseline = upload_worker.status_kib("VmRSS", worker)
        exact = upload_worker.reset_peak(worker)
        times, status = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            status = post_photo(session, base, photo.name, photo.read_bytes())
            times.append(time.perf_counter() - start)
        peak = upload_worker.status_kib("VmHWM", worker)
    return {"http_s": statistics.median(times), "http_status": status, "http_baseline_mib": baseline / 1024,
            "http_peak_mib": peak / 1024, "http_peak_exact": exact}


class Command(BaseCommand):
    help = "Time and peak RSS per upload (640x480, 12 MP, 50 MP, crafted JPEGs), one fresh process each."

    def add_arguments(self, parser):
        parser.add_argument("--cases", default=DEFAULT_CASES,
                            help=f"comma-separated, from {CASE_NAMES} (default: %(default)s)")
        parser.add_argument("--runs", type=int, default=3, help="uploads per case (the median is reported)")
        parser.add_argument("--weights", type=Path, default=settings.WEIGHTS_DIR)
        parser.add_argument("--code-dir", type=Path, default=settings.BASE_DIR,
                            help="checkout to measure, e.g. a `git worktree` of the commit before a change")
        parser.add_argument("--http", action="store_true", help="also measure POST -> results through gunicorn")

    def handle(self, *args, cases: str, runs: int, weights: Path, code_dir: Path, http: bool, **options):
        code_dir, weights = code_dir.resolve(), weights.resolve()
        self.stdout.write(f"code: {code_dir}\nweights: {weights}\nruns per case: {runs}")
        with tempfile.TemporaryDirectory() as folder:
            photos = write_photos(Path(folder), [c.strip() for c in cases.split(",") if c.strip()])
            for case, photo in photos.items():
                row = self.form_case(code_dir, weights, photo, runs)
                if http:
                    row.update(http_case(code_dir, weights, photo, runs))
                self.stdout.write(self.format_row(case, row))

    def form_case(self, code_dir: Path, weights: Path, photo: Path, runs: int) -> dict:
        env = {**os.environ, "WEIGHTS_DIR": str(weights)}
        done = subprocess.run([sys.executable, str(WORKER), "--code-dir", str(code_dir), "--photo", str(photo),
                               "--runs", str(runs)], env=env, capture_output=True, text=True)
        if done.returncode:
            raise CommandError(f"the worker failed for {photo.name}:\n{done.stderr[-2000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    @staticmethod
    def format_row(case: str, row: dict) -> str:
        line = (f"{case:>8}  {row['bytes'] / 1e6:7.2f} MB  {row['outcome'][:60]:<24}"
                f" decode {row['decode_s'] * 1000:7.0f} ms  upload {row['upload_s'] * 1000:7.0f} ms"
                f"  peak RSS {row['peak_mib']:7.0f} MiB"
                f" (+{row['peak_mib'] - row['baseline_mib']:.0f} over the loaded models)")
        if "http_s" in row:
            line += (f"  | HTTP {row['http_status']} {row['http_s'] * 1000:7.0f} ms  worker peak RSS"
                     f" {row['http_peak_mib']:7.0f} MiB (+{row['http_peak_mib'] - row['http_baseline_mib']:.0f})")
        return line
