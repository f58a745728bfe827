"""SQLite runs in WAL mode with a busy timeout: a writer holding the lock makes uploads wait, and past the
timeout the person gets a localized "try again" page (503), never a bare 500."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests
from django.db import OperationalError, connection
from django.utils.html import escape
from django.utils.translation import override

from benchmarks.servers import free_port, gunicorn, server_env
from common.busy import ERROR_BUSY
from tests.factories import image_bytes

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
class TestBusyPage:
    def test_a_locked_database_in_a_view_is_a_localized_503(self, client, monkeypatch):
        def locked(*args, **kwargs):
            raise OperationalError("database is locked")
        monkeypatch.setattr("diagnosis.views.upload_allowed", locked)
        client.raise_request_exception = False
        response = client.post("/", {"sex": "F", "age": 30, "area": "crown"})
        assert response.status_code == 503
        with override("ko"):
            assert escape(str(ERROR_BUSY)) in response.content.decode()
        assert response["Retry-After"]

    def test_the_api_answers_503_busy(self, client, weights, monkeypatch):
        def locked(*args, **kwargs):
            raise OperationalError("database is locked")
        monkeypatch.setattr("diagnosis.api.upload_allowed", locked)
        response = client.post("/api/v1/diagnoses", {"sex": "F", "age": 30, "area": "crown"})
        assert (response.status_code, response.json()["code"]) == (503, "busy")

    def test_other_database_errors_stay_errors(self, client, monkeypatch):
        def broken(*args, **kwargs):
            raise OperationalError("no such table: diagnosis_human")
        monkeypatch.setattr("diagnosis.views.upload_allowed", broken)
        client.raise_request_exception = False
        assert client.post("/", {"sex": "F", "age": 30, "area": "crown"}).status_code == 500


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock; PostgreSQL locks rows")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(settings):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 20


def _hold_write_lock(db: Path, seconds: float, started: threading.Event) -> None:
    lock = sqlite3.connect(db, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    lock.execute("COMMIT")
    lock.close()


def _upload(base: str) -> requests.Response:
    session = requests.Session()
    page = session.get(base + "/", timeout=30)
    token = session.cookies["csrftoken"]
    assert page.ok
    return session.post(base + "/", data={"sex": "F", "age": "30", "area": "crown", "csrfmiddlewaretoken": token},
                        files={"photo": ("scalp.jpg", image_bytes(), "image/jpeg")},
                        headers={"Referer": base + "/"}, timeout=60, allow_redirects=False)


@pytest.mark.slow
def test_a_held_lock_makes_uploads_wait_then_past_the_timeout_try_again(tmp_path, tiny_weights_dir, onnx_cache_dir):
    """A real server on a real SQLite file: a 3 s lock with a 6 s timeout waits; with a 1 s timeout, 503."""
    for timeout, expected in (("6", 302), ("1", 503)):
        var, port = tmp_path / timeout, free_port()
        env = server_env(var, tiny_weights_dir, DATABASE_BUSY_TIMEOUT=timeout, ONNX_CACHE_DIR=str(onnx_cache_dir))
        with gunicorn(env, ROOT, port):
            base = f"http://127.0.0.1:{port}"
            _upload(base)  # the models are loaded before the lock is taken
            started = threading.Event()
            holder = threading.Thread(target=_hold_write_lock, args=(var / "db.sqlite3", 3, started))
            holder.start()
            started.wait(10)
            response = _upload(base)
            holder.join()
            assert response.status_code == expected, response.text[:300]
            if expected == 503:
                assert "다시 시도해 주세요" in response.text
