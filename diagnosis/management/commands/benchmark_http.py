"""Upload-to-rendered-results time through the real HTTP server (gunicorn, as `make run` starts it),
for each backend and each number of clients uploading at once."""

import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
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


def upload_photo() -> bytes:
    buf = io.BytesIO()
    scalp_photo().save(buf, "JPEG", quality=90)
    return buf.getvalue()


def timed_uploads(base: str, photo: bytes, runs: int) -> list[float]:
    """One client (its own session and CSRF cookie) uploading `runs` times in a row."""
    session = requests.Session()
    session.get(base + "/", timeout=300)
    times = []
    for _ in range(runs):
        token = session.cookies["csrftoken"]
        t = time.perf_counter()
        response = session.post(base + "/", data={"sex": "F", "age": "30", "csrfmiddlewaretoken": token},
                                files={"photo": ("scalp.jpg", photo, "image/jpeg")},
                                headers={"Referer": base + "/"}, timeout=300)
        times.append(time.perf_counter() - t)
        if response.status_code != 200 or "/result/" not in response.url:
            raise CommandError(f"upload failed: HTTP {response.status_code} at {response.url}")
    return times


class Command(BaseCommand):
    help = ("Time uploads end to end (POST photo -> redirect -> rendered results) against gunicorn, "
            "per backend and per number of concurrent clients.")

    def add_arguments(self, parser):
        parser.add_argument("--weights", type=Path, default=settings.WEIGHTS_DIR,
                            help="checkpoint folder the server loads (default: WEIGHTS_DIR)")
        parser.add_argument("--runs", type=int, default=20, help="uploads per concurrency level")
        parser.add_argument("--concurrency", type=int, nargs="+", default=[1],
                            help="clients uploading at once, e.g. --concurrency 1 8")
        parser.add_argument("--backend", choices=("onnxruntime", "torch", "both"),
                            default=settings.INFERENCE_BACKEND, help="INFERENCE_BACKEND of the server")

    def handle(self, *args, weights: Path, runs: int, concurrency: list[int], backend: str, **options):
        backends = ("torch", "onnxruntime") if backend == "both" else (backend,)
        self.stdout.write(f"weights: {weights}")
        for name in backends:
            with _Server(weights, name) as base:
                self.measure(base, name, runs, concurrency)

    def measure(self, base: str, backend: str, runs: int, levels: list[int]) -> None:
        page = requests.get(base + "/", timeout=600)  # first GET also loads the models (cold start)
        if "weights-problems" in page.text:
            raise CommandError("the server reports missing weights; pass --weights")
        photo = upload_photo()
        timed_uploads(base, photo, 2)  # warm-up
        for clients in levels:
            per_client = -(-runs // clients)  # at least `runs` uploads in all
            t = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                results = list(pool.map(timed_uploads, [base] * clients, [photo] * clients, [per_client] * clients))
            wall = time.perf_counter() - t
            times = [x for r in results for x in r]
            self.stdout.write(
                f"{backend} concurrency {clients}: {len(times)} uploads, upload-to-results p50 "
                f"{statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 95) * 1000:.0f} ms, "
                f"{len(times) / wall:.2f} uploads/s")


class _Server:
    """gunicorn as `make run` starts it, on a throwaway database, for one backend."""

    def __init__(self, weights: Path, backend: str):
        self.weights, self.backend = weights, backend

    def __enter__(self) -> str:
        port = free_port()
        self.var = tempfile.TemporaryDirectory()
        env = {**os.environ, "SCALPSPECTRA_VAR_DIR": self.var.name, "WEIGHTS_DIR": str(self.weights.resolve()),
               "INFERENCE_BACKEND": self.backend, "ONNX_CACHE_DIR": str(Path(settings.ONNX_CACHE_DIR).resolve()),
               "UPLOAD_RATE_LIMIT": "100000/h"}  # the per-client limit would stop a benchmark
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True, cwd=settings.BASE_DIR)
        self.process = subprocess.Popen(
            [Path(sys.executable).with_name("gunicorn"), "scalpspectra.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--threads", "4", "--timeout", "300"],
            env=env, cwd=settings.BASE_DIR, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base + "/admin/login/")
        except BaseException:
            self.__exit__()
            raise
        return base

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.var.cleanup()
