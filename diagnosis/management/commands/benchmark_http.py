"""Upload-to-rendered-results time through the real HTTP server (gunicorn, as `make run` starts it).

With --api it also times POST /api/v1/diagnoses (multipart in, JSON out) on the same server, the two
kinds of upload interleaved so that both see the same machine load.
"""

import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
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


class Command(BaseCommand):
    help = "Time N uploads end to end (POST photo -> redirect -> rendered results) against gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--weights", type=Path, default=settings.WEIGHTS_DIR,
                            help="checkpoint folder the server loads (default: WEIGHTS_DIR)")
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--api", action="store_true", help="also time the JSON API upload, interleaved")

    def handle(self, *args, weights: Path, runs: int, api: bool, **options):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as var:
            env = {**os.environ, "SCALPSPECTRA_VAR_DIR": var, "WEIGHTS_DIR": str(weights.resolve()),
                   "UPLOAD_RATE_LIMIT": f"{100 * runs}/h"}
            subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True,
                           cwd=settings.BASE_DIR)
            server = subprocess.Popen(
                [Path(sys.executable).with_name("gunicorn"), "scalpspectra.wsgi", "--bind",
                 f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--timeout", "300"],
                env=env, cwd=settings.BASE_DIR, stderr=subprocess.DEVNULL)
            try:
                wait_until_up(base + "/admin/login/")
                times = self.measure(base, runs, api=api)
            finally:
                server.terminate()
                server.wait(timeout=30)
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
        buf = io.BytesIO()
        scalp_photo().save(buf, "JPEG", quality=90)
        photo = buf.getvalue()
        times: dict[str, list[float]] = {"form": [], **({"api": []} if api else {})}
        for _ in range(runs):
            times["form"].append(post_form(session, base, photo))
            if api:
                times["api"].append(post_api(base, photo))
        return times


def post_form(session: requests.Session, base: str, photo: bytes) -> float:
    """POST / with the CSRF token, follow the redirect, receive the rendered results page."""
    token = session.cookies["csrftoken"]
    t = time.perf_counter()
    response = session.post(base + "/", data={"sex": "F", "age": "30", "csrfmiddlewaretoken": token},
                            files={"photo": ("scalp.jpg", photo, "image/jpeg")},
                            headers={"Referer": base + "/"}, timeout=300)
    elapsed = time.perf_counter() - t
    if response.status_code != 200 or "/result/" not in response.url:
        raise CommandError(f"upload failed: HTTP {response.status_code} at {response.url}")
    return elapsed


def post_api(base: str, photo: bytes) -> float:
    """POST /api/v1/diagnoses, as an app would: no session, no CSRF, one request, JSON back."""
    t = time.perf_counter()
    response = requests.post(base + "/api/v1/diagnoses", data={"sex": "F", "age": "30"},
                             files={"photo": ("scalp.jpg", photo, "image/jpeg")}, timeout=300)
    elapsed = time.perf_counter() - t
    if response.status_code != 201:
        raise CommandError(f"API upload failed: HTTP {response.status_code}: {response.text[:200]}")
    return elapsed
