"""Time and peak RSS per upload for phone-sized photos and crafted JPEGs, each in a fresh process.

The crafted ones claim 6600x6000: "lying" holds the data of a 640x480 photo (refused as incomplete);
"minimal" is the smallest complete file of that size (accepted: the worst a file of its size can cost).

    manage.py benchmark_uploads                          # form + diagnosis path, this checkout
    manage.py benchmark_uploads --http                   # also POST -> results through gunicorn
    manage.py benchmark_uploads --code-dir ../before     # the same measurement against an older checkout
"""

from __future__ import annotations

import io
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from PIL import Image, ImageChops

from diagnosis import upload_benchmark
from diagnosis.management.commands.benchmark_http import free_port, gunicorn, server_env

CASE_SIZES = {"640x480": (640, 480), "12mp": (4000, 3000), "50mp": (8160, 6120), "200mp": (16320, 12240)}
LYING_CLAIM = (6600, 6000)  # the header says 39.6 MP; the body is a 640x480 photo
# "lying": a 640x480 photo whose header claims LYING_CLAIM; "minimal": the smallest complete file of that size
CRAFTED_CASES = ("lying", "minimal")
CASE_NAMES = ", ".join([*CASE_SIZES, *CRAFTED_CASES])
DEFAULT_CASES = "640x480,12mp,50mp,lying,minimal"
WORKER = Path(upload_benchmark.__file__)


def phone_photo(size: tuple[int, int], seed_photo: Image.Image) -> Image.Image:
    """A scalp-like photo of the given size: the seed photo scaled up plus sensor-like noise."""
    base = seed_photo.resize(size, Image.Resampling.BILINEAR)
    noise = Image.effect_noise(size, 8).convert("RGB")
    return ImageChops.add(base, noise, scale=1.0, offset=-128)


def with_claimed_size(jpeg: bytes, width: int, height: int) -> bytes:
    """The same JPEG with its SOF0 header rewritten to claim another size (the data stays small)."""
    at = jpeg.index(b"\xff\xc0") + 5
    return jpeg[:at] + struct.pack(">HH", height, width) + jpeg[at + 4:]


def minimal_jpeg(width: int, height: int) -> bytes:
    """The smallest complete baseline JPEG of a size: flat grey, coded with one-bit Huffman codes for
    "DC unchanged" and "end of block", so each 8x8 block costs two bits, the least a complete file can."""

    def segment(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body

    bits = 2 * -(-width // 8) * -(-height // 8)
    scan = bytes(bits // 8) + (bytes([0xFF >> bits % 8]) if bits % 8 else b"")  # padded with 1 bits
    one_code = bytes([1] + [0] * 15)  # BITS: a single code, one bit long
    return (b"\xff\xd8" + segment(0xDB, b"\x00" + b"\x01" * 64)
            + segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
            + segment(0xC4, b"\x00" + one_code + b"\x00")  # DC table: category 0 (no change)
            + segment(0xC4, b"\x10" + one_code + b"\x00")  # AC table: end of block
            + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + scan + b"\xff\xd9")


def write_photos(folder: Path, cases: list[str]) -> dict[str, Path]:
    from ml.benchmark import scalp_photo

    seed, paths = scalp_photo(), {}
    for case in cases:
        out = io.BytesIO()
        if case == "lying":
            phone_photo((640, 480), seed).save(out, "JPEG", quality=90)
            data = with_claimed_size(out.getvalue(), *LYING_CLAIM)
        elif case == "minimal":
            data = minimal_jpeg(*LYING_CLAIM)
        elif case in CASE_SIZES:
            phone_photo(CASE_SIZES[case], seed).save(out, "JPEG", quality=90)
            data = out.getvalue()
        else:
            raise CommandError(f"unknown case {case!r}; choose from {CASE_NAMES}")
        paths[case] = folder / f"{case}.jpg"
        paths[case].write_bytes(data)
    return paths


def gunicorn_worker_pid(master: int) -> str:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return children[0]
        time.sleep(0.1)
    raise CommandError("gunicorn started no worker")


def post_photo(session: requests.Session, base: str, name: str, data: bytes) -> int:
    """302 when the upload reached its results page, else the HTTP status."""
    response = session.post(base + "/", data={"sex": "F", "age": "30", "keep_photo": "on",
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
        post_photo(session, base, "warmup.jpg", upload_benchmark.warmup_photo())  # first inference's set-up
        worker = gunicorn_worker_pid(server.pid)
        baseline = upload_benchmark.status_kib("VmRSS", worker)
        exact = upload_benchmark.reset_peak(worker)
        times, status = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            status = post_photo(session, base, photo.name, photo.read_bytes())
            times.append(time.perf_counter() - start)
        peak = upload_benchmark.status_kib("VmHWM", worker)
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
