"""Upload-to-rendered-results time through the real HTTP server (gunicorn, as `make run` starts it).

With --api it also times POST /api/v1/diagnoses (multipart in, JSON out) on the same server, the two
kinds of upload interleaved so that both see the same machine load.
"""

import io
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ml.benchmark import percentile, scalp_photo


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.3)
    raise CommandError(f"the server did not answer at {url} within {timeout:.0f} s")


@contextmanager
def gunicorn(env: dict, cwd: Path, port: int):
    """gunicorn as `make run` starts it (one worker, four threads), on a throwaway database; yields the
    master process once the server answers."""
    prepare_database(env, cwd)
    server = subprocess.Popen([Path(sys.executable).with_name("gunicorn"), "scalpspectra.wsgi", "--bind",
                               f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--timeout", "300"],
                              env=env, cwd=cwd, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/admin/login/")
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def prepare_database(env: dict, cwd: Path) -> None:
    """Tables and the cache table (the upload rate-limit counter) for a throwaway server."""
    for command in (["migrate", "-v0"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *command], env=env, check=True, cwd=cwd)


class Command(BaseCommand):
    help = "Time N uploads end to end (POST photo -> redirect -> rendered results) against gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--weights", type=Path, default=settings.WEIGHTS_DIR,
                            help="checkpoint folder the server loads (default: WEIGHTS_DIR)")
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--api", action="store_true", help="also time the JSON API upload, interleaved")
        parser.add_argument("--concurrency", type=int, default=1,
                            help="uploads in flight at once; above 1 a load run that checks accepted uploads == "
                                 "rows added and that no answer is a 5xx (exit status 1 otherwise)")

    def handle(self, *args, weights: Path, runs: int, api: bool, concurrency: int, **options):
        if api and concurrency > 1:
            raise CommandError("--api times uploads one at a time; leave out --concurrency")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as var:
            env = {**os.environ, "SCALPSPECTRA_VAR_DIR": var, "WEIGHTS_DIR": str(weights.resolve()),
                   "UPLOAD_RATE_LIMIT": "1000000/h"}  # the benchmark measures speed, not the limit
            env.pop("DATABASE_URL", None)  # a throwaway SQLite database in `var`
            with gunicorn(env, settings.BASE_DIR, port):
                if concurrency > 1:
                    return self.load_run(base, runs, concurrency, Path(var) / "db.sqlite3")
                times = self.measure(base, runs, api=api)
        self.stdout.write(f"weights: {weights}\nuploads: {runs}")
        labels = {"form": "upload-to-results", "api": "api upload (201 JSON)"}
        for kind, values in times.items():
            self.stdout.write(f"{labels[kind]} p50: {statistics.median(values) * 1000:.0f} ms\n"
                              f"{labels[kind]} p95: {percentile(values, 95) * 1000:.0f} ms")

    def measure(self, base: str, runs: int, *, api: bool = False) -> dict[str, list[float]]:
        session = requests.Session()
        page = session.get(base + "/", timeout=300)  # first GET also loads the models (cold start)
        if "weights-problems" in page.text:
            raise CommandError("the server reports missing weights; pass --weights")
        photo = jpeg_bytes()
        times: dict[str, list[float]] = {"form": [], **({"api": []} if api else {})}
        for _ in range(runs):
            times["form"].append(post_form(session, base, photo))
            if api:
                times["api"].append(post_api(base, photo))
        return times

    def load_run(self, base: str, runs: int, concurrency: int, database: Path) -> None:
        requests.get(base + "/", timeout=300)  # loads the models before the clock starts
        photo = jpeg_bytes()
        before = count_rows(database)
        start = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            outcomes = list(pool.map(lambda _: upload_once(base, photo), range(runs)))
        wall = time.perf_counter() - start
        statuses = Counter(status for status, _ in outcomes)
        times = [seconds for _, seconds in outcomes]
        accepted, added = statuses.get(302, 0), count_rows(database) - before
        server_errors = sum(n for status, n in statuses.items() if status >= 500)
        self.stdout.write(f"uploads: {runs}, {concurrency} at a time, in {wall:.1f} s\n"
                          f"answers: {dict(sorted(statuses.items()))} (302 = accepted, redirected to the results)\n"
                          f"accepted: {accepted}, rows added: {added}, 5xx: {server_errors}\n"
                          f"upload-to-results p50: {statistics.median(times) * 1000:.0f} ms, "
                          f"p95: {percentile(times, 95) * 1000:.0f} ms")
        if accepted != added or server_errors:
            raise CommandError("load run failed: accepted != rows added, or 5xx answers")


def jpeg_bytes() -> bytes:
    buf = io.BytesIO()
    scalp_photo().save(buf, "JPEG", quality=90)
    return buf.getvalue()


def form_post(session: requests.Session, base: str, photo: bytes) -> tuple[requests.Response, float]:
    """POST / with the session's CSRF token, following the redirect to the rendered results page."""
    fields = {"sex": "F", "age": "30", "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    start = time.perf_counter()
    response = session.post(base + "/", data=fields, files={"photo": ("scalp.jpg", photo, "image/jpeg")},
                            headers={"Referer": base + "/"}, timeout=300)
    return response, time.perf_counter() - start


def upload_once(base: str, photo: bytes) -> tuple[int, float]:
    """(302 when the upload reached its results page, else the HTTP status; seconds for the POST)."""
    session = requests.Session()
    session.get(base + "/", timeout=300)
    response, seconds = form_post(session, base, photo)
    return (302 if response.ok and "/result/" in response.url else response.status_code), seconds


def count_rows(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT COUNT(*) FROM diagnosis_human").fetchone()[0]


def post_form(session: requests.Session, base: str, photo: bytes) -> float:
    """One site upload in the session that loaded the page; seconds to the rendered results."""
    response, seconds = form_post(session, base, photo)
    if response.status_code != 200 or "/result/" not in response.url:
        raise CommandError(f"upload failed: HTTP {response.status_code} at {response.url}")
    return seconds


def post_api(base: str, photo: bytes) -> float:
    """POST /api/v1/diagnoses, as an app would: no session, no CSRF, one request, JSON back."""
    t = time.perf_counter()
    response = requests.post(base + "/api/v1/diagnoses", data={"sex": "F", "age": "30"},
                             files={"photo": ("scalp.jpg", photo, "image/jpeg")}, timeout=300)
    elapsed = time.perf_counter() - t
    if response.status_code != 201:
        raise CommandError(f"API upload failed: HTTP {response.status_code}: {response.text[:200]}")
    return elapsed
