"""Two server processes sharing PostgreSQL, Redis and an S3 store: what one does, the other sees."""

from __future__ import annotations

import re
import socket
import uuid
from contextlib import ExitStack

import pytest
import requests
from django.conf import settings

from benchmarks.servers import free_port, server_env, site_server
from tests.factories import image_bytes
from tests.hardening import s3

PG = "postgres://postgres@127.0.0.1:5432/"
REDIS = "redis://127.0.0.1:6379/13"  # a spare database number


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def database():
    if not (_reachable(5432) and _reachable(6379)):
        pytest.skip("PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) are needed for the two-server test")
    import psycopg
    name = f"scalpspectra_two_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG + "postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield PG + name
    with psycopg.connect(PG + "postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _post(session, base, *, keep=True):
    session.get(base + "/", timeout=180)
    fields = {"sex": "F", "age": "30", "area": "crown", "grade_anyway": "on",
              "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    if keep:
        fields["keep_photo"] = "on"
    return session.post(base + "/", data=fields, files={"photo": ("s.jpg", image_bytes(), "image/jpeg")},
                        headers={"Referer": base + "/"}, timeout=300, allow_redirects=False)


@pytest.mark.slow
def test_an_upload_on_one_server_is_served_compared_reported_deleted_and_limited_on_the_other(
        tmp_path, tiny_weights_dir, onnx_cache_dir, database):
    import redis
    redis.Redis.from_url(REDIS).flushdb()
    with s3.moto_server() as endpoint, ExitStack() as stack:
        bucket = f"photos-{uuid.uuid4().hex[:8]}"
        s3.client(endpoint).create_bucket(Bucket=bucket)
        bases, secret = [], uuid.uuid4().hex * 2  # one DJANGO_SECRET_KEY: it signs the shared sessions
        for name in ("a", "b"):
            port = free_port()
            env = server_env(tmp_path / name, tiny_weights_dir, DATABASE_URL=database, REDIS_URL=REDIS,
                             UPLOAD_RATE_LIMIT="3/h", DJANGO_SECRET_KEY=secret, ONNX_CACHE_DIR=str(onnx_cache_dir),
                             **s3.s3_env(endpoint, bucket))
            stack.enter_context(site_server(env, settings.BASE_DIR, port))
            bases.append(f"http://127.0.0.1:{port}")
        one, other = bases
        device = requests.Session()
        first, second = _post(device, one), _post(device, one)
        ids = [re.search(r"/result/([0-9a-f-]+)/", r.headers["Location"]).group(1) for r in (first, second)]
        # the same device (its session cookie) on the other server
        assert device.get(f"{other}/result/{ids[0]}/", timeout=60).status_code == 200
        photo = device.get(f"{other}/history/{ids[0]}/photo.jpg", timeout=60)
        assert photo.status_code == 200 and photo.content[:2] == b"\xff\xd8"
        assert device.get(f"{other}/history/compare/?a={ids[0]}&b={ids[1]}", timeout=60).status_code == 200
        report = device.get(f"{other}/result/{ids[0]}/report.pdf", timeout=120)
        assert report.content[:4] == b"%PDF"
        assert _post(device, other).status_code == 302  # the third upload of three, counted on both
        assert _post(device, other).status_code == 429
        token = device.cookies["csrftoken"]
        deleted = device.post(f"{other}/result/{ids[0]}/delete/", data={"csrfmiddlewaretoken": token},
                              headers={"Referer": other + "/"}, timeout=60, allow_redirects=False)
        assert deleted.status_code == 302
        assert device.get(f"{one}/result/{ids[0]}/", timeout=60).status_code == 404
        assert not [k for k in s3.keys(endpoint, bucket) if ids[0] in k]
