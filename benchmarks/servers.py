"""Throwaway servers for benchmarks and tests: the server exactly as `make run` starts it, on its own SQLite
database and media folder."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import CommandError


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


def server_env(var: str | Path, weights: Path, **overrides: str) -> dict[str, str]:
    """The environment of a throwaway server: its own SQLite database and media under `var`, these weights,
    no Redis, the upload rate limit raised (benchmarks measure speed, not the limit), then `overrides`."""
    env = {**os.environ, "SCALPSPECTRA_VAR_DIR": str(var), "WEIGHTS_DIR": str(Path(weights).resolve()),
           "UPLOAD_RATE_LIMIT": "1000000/h"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return {**env, **overrides}


GUNICORN_CONF = Path(__file__).resolve().parents[1] / "scalpspectra" / "gunicorn_conf.py"  # the server before


def _command(cwd: Path, port: int, access_log: Path | None, kind: str) -> list:
    log = str(access_log or os.devnull)
    if kind == "waitress":
        return [sys.executable, "-m", "scalpspectra.serve", "--bind", f"127.0.0.1:{port}", "--access-logfile", log]
    return [Path(sys.executable).with_name("gunicorn"), "scalpspectra.wsgi", "--config", str(GUNICORN_CONF),
            "--bind", f"127.0.0.1:{port}", "--timeout", "300", "--access-logfile", log]


def default_kind(cwd: Path) -> str:
    """`make run`'s server in that checkout: waitress (scalpspectra/serve.py) or, in older ones, gunicorn."""
    return "waitress" if (Path(cwd) / "scalpspectra" / "serve.py").exists() else "gunicorn"


@contextmanager
def site_server(env: dict, cwd: Path, port: int, access_log: Path | None = None, kind: str | None = None,
                error_log: Path | None = None):
    """The server as `make run` starts it (scalpspectra.serve: waitress, four threads; or `kind="gunicorn"`,
    one worker and four threads as before), serving the code in `cwd` on the database `env` names; yields
    the server process once it answers. `error_log` gets everything written to stderr: the server's error
    log and the site's own log lines."""
    # createcachetable too: an older checkout (benchmark_uploads --code-dir) may lack the migration that makes it
    for command in (["migrate", "-v0"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *command], env=env, check=True, cwd=cwd)
    stderr = open(error_log, "ab") if error_log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    server = subprocess.Popen(_command(cwd, port, access_log, kind or default_kind(cwd)), env=env, cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/admin/login/")
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a worker still stuck on a slow client
            server.kill()
            server.wait(timeout=30)
        if error_log:
            stderr.close()


gunicorn = site_server  # the name older callers use


@contextmanager
def throwaway_server(weights: Path, backend: str):
    """(base URL, SQLite file) of a fresh gunicorn for one backend, on a throwaway database."""
    port = free_port()
    with tempfile.TemporaryDirectory() as var:
        env = server_env(var, weights, INFERENCE_BACKEND=backend,
                         ONNX_CACHE_DIR=str(Path(settings.ONNX_CACHE_DIR).resolve()))
        with site_server(env, settings.BASE_DIR, port):
            yield f"http://127.0.0.1:{port}", Path(var) / "db.sqlite3"


def gunicorn_worker_pid(master: int) -> str:
    """The process that runs the site: gunicorn's worker, or waitress itself (it has no children)."""
    if Path(f"/proc/{master}/cmdline").read_bytes().find(b"scalpspectra.serve") >= 0:
        return str(master)
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return children[0]
        time.sleep(0.1)
    raise CommandError("gunicorn started no worker")
