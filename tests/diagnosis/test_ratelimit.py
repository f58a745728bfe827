import os
import re
import socket
import sqlite3
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import RequestFactory
from django.utils import translation

from benchmarks.http import count_rows, upload_once
from benchmarks.servers import free_port, gunicorn, server_env
from common.ratelimit import ERROR_RATE_LIMITED, Rate, client_ip, parse_rate, upload_allowed
from diagnosis.models import Human
from ml.bench import jpeg_bytes
from tests.diagnosis.test_views import UPLOAD, post
from tests.factories import image_bytes

REDIS_LOCATION = "redis://127.0.0.1:6379/15"


def request_from(remote: str, forwarded: str = ""):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post(UPLOAD, **meta)


class TestParseRate:
    @pytest.mark.parametrize(("text", "rate"), [("20/h", Rate(20, 3600)), ("5/m", Rate(5, 60)),
                                                ("1/s", Rate(1, 1)), (" 100 / d ", Rate(100, 86400))])
    def test_reads_count_and_period(self, text, rate):
        assert parse_rate(text) == rate

    @pytest.mark.parametrize("text", ["", "20", "20/w", "x/h", "-1/h", "20 per hour"])
    def test_refuses_anything_else_with_a_clear_message(self, text):
        with pytest.raises(ImproperlyConfigured, match="UPLOAD_RATE_LIMIT"):
            parse_rate(text)


class TestClientIp:
    def test_forwarded_for_is_ignored_without_a_trusted_proxy(self, settings):
        settings.TRUSTED_PROXIES = []
        assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"

    def test_forwarded_for_from_an_untrusted_peer_is_ignored(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.1"]
        assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"

    def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        # The client sent a forged first hop; the proxies appended the real address and each other.
        request = request_from("10.0.0.2", "1.2.3.4, 198.51.100.9, 10.0.0.5")
        assert client_ip(request) == "198.51.100.9"

    def test_a_garbage_hop_falls_back_to_the_peer(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.1"]
        assert client_ip(request_from("10.0.0.1", "not-an-ip")) == "10.0.0.1"


@pytest.mark.django_db
class TestUploadLimit:
    def test_counts_in_the_database_cache_by_default(self, settings):
        assert django_settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
        cache.clear()
        settings.UPLOAD_RATE_LIMIT = "2/h"
        assert [upload_allowed(request_from("203.0.113.7")) for _ in range(3)] == [True, True, False]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_cache")
            assert cursor.fetchone()[0] == 1

    def test_over_the_limit_answers_429_in_korean_and_saves_nothing(self, client, weights, settings):
        cache.clear()
        settings.UPLOAD_RATE_LIMIT = "2/h"
        assert [post(client, image_bytes()).status_code for _ in range(2)] == [302, 302]
        response = post(client, image_bytes())
        assert response.status_code == 429
        assert Human.objects.count() == 2
        notice = unescape(re.search(r'id="rate-limited"><p>(.*?)</p>', response.content.decode(), re.S).group(1))
        with translation.override("ko"):
            assert notice == str(ERROR_RATE_LIMITED)
        assert re.search(r"[\uac00-\ud7a3]", notice)

    def test_other_addresses_keep_their_own_allowance(self, client, weights, settings):
        cache.clear()
        settings.UPLOAD_RATE_LIMIT = "1/h"
        assert post(client, image_bytes()).status_code == 302
        assert post(client, image_bytes()).status_code == 429
        other = client.post(UPLOAD, {"photo": _file(), "sex": "F", "age": 30, "area": "crown"},
                            REMOTE_ADDR="198.51.100.20")
        assert other.status_code == 302


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("scalp.jpg", image_bytes(), "image/jpeg")


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache(settings):
    if not redis_reachable():
        message = "Redis is not reachable on 127.0.0.1:6379 (start redis-server to run the Redis tests)"
        if os.getenv("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_LOCATION,
                                   "KEY_PREFIX": "scalpspectra-tests"}}
    cache.clear()
    yield cache
    cache.clear()


class TestRedis:
    def test_redis_url_selects_the_redis_cache(self):
        env = {**os.environ, "REDIS_URL": REDIS_LOCATION, "DJANGO_SETTINGS_MODULE": "scalpspectra.settings"}
        out = subprocess.run([sys.executable, "-c", "from django.conf import settings; "
                              "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])"],
                             env=env, capture_output=True, text=True, check=True, cwd=django_settings.BASE_DIR)
        assert out.stdout.split() == ["django_redis.cache.RedisCache", REDIS_LOCATION]

    def test_limit_counts_in_the_real_redis(self, redis_cache, settings):
        settings.UPLOAD_RATE_LIMIT = "3/m"
        allowed = [upload_allowed(request_from("203.0.113.8")) for _ in range(4)]
        assert allowed == [True, True, True, False]
        assert redis_cache.client.get_client().dbsize() >= 1


@pytest.fixture(params=["sqlite", "postgresql"])
def server_database(request, tmp_path):
    """DATABASE_URL for a fresh server: its own SQLite file, or a throwaway database on the PostgreSQL
    server the suite runs on (in the PostgreSQL pass of `make test`)."""
    if request.param == "sqlite":
        yield None
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("runs in the PostgreSQL pass of `make test` (DATABASE_URL=postgres://...)")
    import psycopg

    name = f"scalpspectra_rate_{os.getpid()}"
    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def rows_in(database_url: str | None, var: Path) -> int:
    if database_url is None:
        return count_rows(var / "db.sqlite3")
    import psycopg

    with psycopg.connect(database_url) as db:
        return db.execute("SELECT count(*) FROM diagnosis_human").fetchone()[0]


class TestConcurrentUploads:
    """Uploads from one address that arrive together are each counted: exactly the limit gets through."""

    def test_through_gunicorn_exactly_the_limit_is_accepted(self, tiny_weights_dir, tmp_path, server_database):
        port, limit = free_port(), 5
        base = f"http://127.0.0.1:{port}"
        env = server_env(tmp_path, tiny_weights_dir, INFERENCE_BACKEND="torch", UPLOAD_RATE_LIMIT=f"{limit}/h")
        if server_database:
            env["DATABASE_URL"] = server_database
        photo = jpeg_bytes()
        with gunicorn(env, django_settings.BASE_DIR, port):
            requests.get(base + "/", timeout=300)  # loads the models
            with ThreadPoolExecutor(16) as pool:
                statuses = Counter(pool.map(lambda _: upload_once(base, photo)[0], range(32)))
        assert statuses == {302: limit, 429: 32 - limit}
        assert rows_in(server_database, tmp_path) == limit


def test_migrate_alone_creates_the_counters_table(tmp_path):
    """A deployment that only runs `migrate` must not answer every upload with a missing-table error."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=django_settings.BASE_DIR, check=True,
                   env={**env, "SCALPSPECTRA_VAR_DIR": str(tmp_path)})
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert django_settings.CACHES["default"]["LOCATION"] in tables
