"""Issue 18's targets, each against a throwaway server started as `make run` starts it:

- memory: 8 concurrent uploads of each hostile file (PNG, WebP, HEIC at UPLOAD_MAX_FULL_DECODE_PIXELS, a
  progressive JPEG at UPLOAD_MAX_PIXELS): the server's idle RSS, its peak, and its RSS afterwards
  (target: peak <= idle + 600 MiB, after <= idle + 10 %);
- slow: 16 slow-header and 16 slow-body connections open: /privacy/ p95 (target < 1 s), an upload still
  works, and a connection left idle is dropped after SERVER_IDLE_TIMEOUT;
- pdf: 8 clients downloading one result's PDF in a loop: /privacy/ p95 (target < 300 ms).

    manage.py benchmark_hardening                                   # this checkout, its server (waitress)
    manage.py benchmark_hardening --code-dir ../before --server gunicorn --full-pixels 40000000   # before
"""

from __future__ import annotations

import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import BaseCommand

from benchmarks.hostile import HOSTILE_FORMATS, SlowClient, hostile_photo
from benchmarks.http import upload_api
from benchmarks.servers import free_port, gunicorn_worker_pid, server_env, site_server
from benchmarks.upload_worker import reset_peak, status_kib, warmup_photo
from ml.bench import percentile

CASES = ("memory", "slow", "pdf")


WAIT = 10.0  # seconds a /privacy/ request may take; a timeout counts as this whole wait


def _privacy_times(base: str, count: int, pause: float = 0.1) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        try:
            requests.get(base + "/privacy/", timeout=WAIT).raise_for_status()
            times.append(time.perf_counter() - start)
        except requests.RequestException:
            times.append(WAIT)
        time.sleep(pause)
    return times


API_FIELDS = {"sex": "F", "age": "30", "area": "crown", "grade_anyway": "true"}


def upload_api_within(base: str, seconds: float) -> tuple[int, float]:
    start = time.perf_counter()
    response = requests.post(base + "/api/v1/diagnoses", data=API_FIELDS,
                             files={"photo": ("scalp.jpg", warmup_photo(), "image/jpeg")}, timeout=seconds)
    return response.status_code, time.perf_counter() - start


def _mib(kib: int) -> float:
    return kib / 1024


class Command(BaseCommand):
    help = "Memory under hostile uploads, slow clients, PDF hammering: issue 18's targets, on a throwaway server."

    def add_arguments(self, parser):
        parser.add_argument("--cases", default=",".join(CASES), help="comma-separated, from %(default)s")
        parser.add_argument("--weights", type=Path, default=settings.WEIGHTS_DIR)
        parser.add_argument("--code-dir", type=Path, default=settings.BASE_DIR, help="checkout to measure")
        parser.add_argument("--server", choices=("waitress", "gunicorn"), default=None,
                            help="default: the checkout's own (`make run`'s)")
        parser.add_argument("--full-pixels", type=int, default=settings.UPLOAD_MAX_FULL_DECODE_PIXELS,
                            help="PNG, WebP and HEIC size (default: this checkout's limit)")
        parser.add_argument("--progressive-pixels", type=int, default=settings.UPLOAD_MAX_PIXELS)
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--samples", type=int, default=40, help="/privacy/ requests timed per case")
        parser.add_argument("--idle-timeout", type=int, default=10, help="SERVER_IDLE_TIMEOUT for the slow case")

    def handle(self, *args, cases, weights, code_dir, server, **options):
        self.code_dir, self.weights, self.kind, self.options = code_dir.resolve(), weights.resolve(), server, options
        self.stdout.write(f"code: {self.code_dir}  server: {server or 'its own'}  (2 shared cores: timings are noisy)")
        for case in [c.strip() for c in cases.split(",") if c.strip()]:
            getattr(self, f"case_{case}")()

    def _server(self, var: str, port: int, **env):
        environment = server_env(var, self.weights, ONNX_CACHE_DIR=str(Path(settings.ONNX_CACHE_DIR).resolve()),
                                 PDF_RATE_LIMIT="1000000/h", **env)
        return site_server(environment, self.code_dir, port, kind=self.kind)

    def case_memory(self):
        o = self.options
        photos = [hostile_photo(k, o["progressive_pixels"] if k == "progressive-jpeg" else o["full_pixels"])
                  for k in HOSTILE_FORMATS]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as var, self._server(var, port) as process:
            upload_api(base, warmup_photo())  # models loaded, first inference set up
            worker = gunicorn_worker_pid(process.pid)
            time.sleep(1)
            idle = _mib(status_kib("VmRSS", worker))
            self.stdout.write(f"memory: idle RSS {idle:.0f} MiB; {o['concurrency']} concurrent uploads of each file")
            for kind, (name, data) in zip(HOSTILE_FORMATS, photos, strict=True):
                reset_peak(worker)
                with ThreadPoolExecutor(o["concurrency"]) as pool:
                    statuses = list(pool.map(self._post, [base] * o["concurrency"], [name] * o["concurrency"],
                                             [data] * o["concurrency"]))
                peak = _mib(status_kib("VmHWM", worker))
                time.sleep(2)
                after = _mib(status_kib("VmRSS", worker))
                verdict = "ok" if peak - idle <= 600 and after <= idle * 1.1 else "MISSED"
                self.stdout.write(f"  {kind:>16} {len(data) / 1e3:7.0f} KB  statuses {sorted(set(statuses))}"
                                  f"  peak {peak:6.0f} MiB (+{peak - idle:.0f})  after {after:6.0f} MiB"
                                  f" ({(after / idle - 1) * 100:+.0f} %)  {verdict}")

    @staticmethod
    def _post(base: str, name: str, data: bytes) -> int:
        response = requests.post(base + "/api/v1/diagnoses", data=API_FIELDS,
                                 files={"photo": (name, data, "application/octet-stream")}, timeout=600)
        return response.status_code

    def case_slow(self):
        timeout, port = self.options["idle_timeout"], free_port()
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as var, self._server(var, port, SERVER_IDLE_TIMEOUT=str(timeout)):
            upload_api(base, warmup_photo())
            slow = [SlowClient(port, kind) for kind in ("header", "body") for _ in range(16)]
            idle = SlowClient(port, "header", stop_after=1.0)
            for client in [*slow, idle]:
                client.start()
            time.sleep(2)
            times = _privacy_times(base, self.options["samples"])
            try:
                status, upload_s = upload_api_within(base, WAIT * 3)
            except requests.RequestException:
                status, upload_s = "timed out", WAIT * 3
            idle.join(timeout + 60)
            for client in slow:
                client.halt.set()
            p95 = percentile(times, 95)
            dropped = f"after {idle.dropped_after:.1f} s" if idle.dropped_after else "NOT dropped"
            self.stdout.write(f"slow: 16 slow-header + 16 slow-body connections open: /privacy/ p95 {p95 * 1000:.0f} ms"
                              f" (max {max(times) * 1000:.0f} ms, {sum(t >= WAIT for t in times)} timed out)"
                              f" {'ok' if p95 < 1 else 'MISSED'}; upload {status} after {upload_s:.1f} s;"
                              f" an idle connection (timeout {timeout} s) dropped {dropped}")

    def case_pdf(self):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as var, self._server(var, port):
            response = requests.post(base + "/api/v1/diagnoses", data=API_FIELDS,
                                     files={"photo": ("scalp.jpg", warmup_photo(), "image/jpeg")}, timeout=300)
            url = f"{base}/result/{response.json()['id']}/report.pdf"
            stop, pdfs = threading.Event(), []

            def hammer():
                while not stop.is_set():
                    pdfs.append(requests.get(url, timeout=120).status_code)
            threads = [threading.Thread(target=hammer, daemon=True) for _ in range(self.options["concurrency"])]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            times = _privacy_times(base, self.options["samples"])
            stop.set()
            for thread in threads:
                thread.join(150)
            rate = len(pdfs) / (time.perf_counter() - start)
            p95 = percentile(times, 95)
            clients = self.options["concurrency"]
            self.stdout.write(f"pdf: {clients} clients: {rate:.1f} PDF/s (statuses {sorted(set(pdfs))});"
                              f" /privacy/ p50 {sorted(times)[len(times) // 2] * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
                              f" {'ok' if p95 < 0.3 else 'MISSED'}")
