"""Upload-to-rendered-results time through the real HTTP server (gunicorn, as `make run` starts it),
for each backend and each number of clients uploading at once. Every level is also a load run: each
accepted upload must be exactly one new row, and no answer may be a 5xx.

With --api the JSON API upload (POST /api/v1/diagnoses: multipart in, 201 JSON out) runs beside the
form post on the same server, the two kinds interleaved so that both see the same load."""

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


def jpeg_bytes() -> bytes:
    buf = io.BytesIO()
    scalp_photo().save(buf, "JPEG", quality=90)
    return buf.getvalue()


def upload_once(base: str, photo: bytes) -> tuple[int, float]:
    """(302 when the upload reached its results page, else the HTTP status; seconds from POST to page)."""
    session = requests.Session()
    session.get(base + "/", timeout=300)
    start = time.perf_counter()
    # grade_anyway: the benchmark photo is a plain synthetic texture the photo check may refuse; every upload
    # must take the whole path (check, grading, saving) for the timing and the rows-added check to mean anything.
    fields = {"sex": "F", "age": "30", "grade_anyway": "on", "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    response = session.post(base + "/", data=fields, files={"photo": ("scalp.jpg", photo, "image/jpeg")},
                            headers={"Referer": base + "/"}, timeout=300)
    seconds = time.perf_counter() - start
    return (302 if response.ok and "/result/" in response.url else response.status_code), seconds


def upload_api(base: str, photo: bytes) -> tuple[int, float]:
    """(201 when the API graded and stored it, else the HTTP status; seconds for the one request).
    As an app calls it: no session, no CSRF token; grade_anyway for the same reason as the form."""
    start = time.perf_counter()
    response = requests.post(base + "/api/v1/diagnoses", data={"sex": "F", "age": "30", "grade_anyway": "true"},
                             files={"photo": ("scalp.jpg", photo, "image/jpeg")}, timeout=300)
    return response.status_code, time.perf_counter() - start


# kind -> (upload function, its status for an accepted upload, how the report names it)
UPLOADS = {"form": (upload_once, 302, "upload-to-results"), "api": (upload_api, 201, "api upload (201 JSON)")}


def count_rows(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT COUNT(*) FROM diagnosis_human").fetchone()[0]


class Command(BaseCommand):
    help = ("Time uploads end to end (POST photo -> redirect -> rendered results) against gunicorn, "
            "per backend and per number of concurrent clients; checks accepted uploads == rows added, no 5xx.")

    def add_arguments(self, parser):
        parser.add_argument("--weights", type=Path, default=settings.WEIGHTS_DIR,
                            help="checkpoint folder the server loads (default: WEIGHTS_DIR)")
        parser.add_argument("--runs", type=int, default=20, help="uploads per concurrency level")
        parser.add_argument("--concurrency", type=int, nargs="+", default=[1],
                            help="uploads in flight at once, e.g. --concurrency 1 8")
        parser.add_argument("--backend", choices=("onnxruntime", "torch", "both"),
                            default=settings.INFERENCE_BACKEND, help="INFERENCE_BACKEND of the server")
        parser.add_argument("--api", action="store_true",
                            help="also time the JSON API upload, interleaved with the form's (runs of each)")

    def handle(self, *args, weights: Path, runs: int, concurrency, backend: str, api: bool = False, **options):
        levels = concurrency if isinstance(concurrency, list | tuple) else [concurrency]
        backends = ("torch", "onnxruntime") if backend == "both" else (backend,)
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


def server_env(var: str | Path, weights: Path, **overrides: str) -> dict[str, str]:
    """The environment of a throwaway server: its own SQLite database and media under `var`, these weights,
    no Redis, the upload rate limit raised (benchmarks measure speed, not the limit), then `overrides`."""
    env = {**os.environ, "SCALPSPECTRA_VAR_DIR": str(var), "WEIGHTS_DIR": str(Path(weights).resolve()),
           "UPLOAD_RATE_LIMIT": "1000000/h"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return {**env, **overrides}


GUNICORN_CONF = Path(__file__).resolve().parents[3] / "scalpspectra" / "gunicorn_conf.py"  # `make run`'s


@contextmanager
def gunicorn(env: dict, cwd: Path, port: int, access_log: Path | None = None):
    """gunicorn as `make run` starts it (its settings: one worker, four threads), serving the code in `cwd`
    on the database `env` names; yields the master process once the server answers."""
    # createcachetable too: an older checkout (benchmark_uploads --code-dir) may lack the migration that makes it
    for command in (["migrate", "-v0"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *command], env=env, check=True, cwd=cwd)
    server = subprocess.Popen([Path(sys.executable).with_name("gunicorn"), "scalpspectra.wsgi", "--config",
                               str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}", "--timeout", "300",
                               "--access-logfile", str(access_log or os.devnull)],
                              env=env, cwd=cwd, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/admin/login/")
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def throwaway_server(weights: Path, backend: str):
    """(base URL, SQLite file) of a fresh gunicorn for one backend, on a throwaway database."""
    port = free_port()
    with tempfile.TemporaryDirectory() as var:
        env = server_env(var, weights, INFERENCE_BACKEND=backend,
                         ONNX_CACHE_DIR=str(Path(settings.ONNX_CACHE_DIR).resolve()))
        with gunicorn(env, settings.BASE_DIR, port):
            yield f"http://127.0.0.1:{port}", Path(var) / "db.sqlite3"
