"""Hostile uploads and slow clients for benchmark_hardening and its tests: small files that claim many
pixels, and connections that send a request one byte at a time."""

from __future__ import annotations

import io
import socket
import threading
import time

from PIL import Image

HOSTILE_FORMATS = ("png", "webp", "heic", "progressive-jpeg")


def hostile_photo(kind: str, pixels: int) -> tuple[str, bytes]:
    """(file name, bytes): a flat photo of about `pixels` pixels (each format's limit), a small file."""
    side = int(pixels ** 0.5) - 8
    image = Image.new("RGB", (side, side), (205, 170, 150))
    out = io.BytesIO()
    if kind == "png":
        image.save(out, "PNG", compress_level=9)
    elif kind == "webp":
        side = min(side, 16383)  # WebP's largest side
        Image.new("RGB", (side, side), (205, 170, 150)).save(out, "WEBP", quality=10, method=0)
    elif kind == "heic":
        from pillow_heif import register_heif_opener
        register_heif_opener()
        image.save(out, "HEIF", quality=10)
    elif kind == "progressive-jpeg":
        image.save(out, "JPEG", quality=30, progressive=True)
    else:
        raise ValueError(kind)
    suffix = {"progressive-jpeg": "jpg"}.get(kind, kind)
    return f"hostile.{suffix}", out.getvalue()


class SlowClient(threading.Thread):
    """Opens a connection and sends a request one byte every `interval` seconds: only its headers
    ("header"), or headers then a body that never ends ("body"). `dropped` is set when the server closes it."""

    def __init__(self, port: int, kind: str, interval: float = 1.0, stop_after: float | None = None):
        super().__init__(daemon=True)
        self.port, self.kind, self.interval, self.stop_after = port, kind, interval, stop_after
        self.dropped_after: float | None = None
        self.halt = threading.Event()

    def _request(self) -> bytes:
        if self.kind == "header":
            return b"GET /privacy/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"a" * 100_000
        head = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                b"Content-Length: 10000000\r\n\r\n")
        return head + b"--x\r\n" + b"b" * 10_000_000

    def run(self):
        start = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=120) as sock:
                data = self._request()
                first = data.index(b"\r\n\r\n") + 4 if self.kind == "body" else 1
                sock.sendall(data[:first])
                for i in range(first, len(data)):
                    if self.halt.is_set():
                        return
                    if self.stop_after is not None and time.monotonic() - start > self.stop_after:
                        sock.settimeout(120)  # now idle: wait for the server to close the connection
                        while sock.recv(4096):
                            pass
                        self.dropped_after = time.monotonic() - start
                        return
                    sock.sendall(data[i:i + 1])
                    time.sleep(self.interval)
        except OSError:
            self.dropped_after = time.monotonic() - start
