"""Slow clients cannot starve the site: the real server (`make run`'s) reads requests whole before a thread
runs them, and drops a connection left idle past SERVER_IDLE_TIMEOUT."""

from __future__ import annotations

import time

import pytest
import requests
from django.conf import settings

from benchmarks.hostile import SlowClient
from benchmarks.servers import free_port, server_env, site_server

IDLE_TIMEOUT = 3


@pytest.fixture
def server(tmp_path, tiny_weights_dir, onnx_cache_dir):
    port = free_port()
    env = server_env(tmp_path, tiny_weights_dir, SERVER_IDLE_TIMEOUT=str(IDLE_TIMEOUT),
                     ONNX_CACHE_DIR=str(onnx_cache_dir))
    with site_server(env, settings.BASE_DIR, port):
        yield port


@pytest.mark.slow
def test_slow_headers_and_bodies_do_not_block_the_privacy_page(server):
    slow = [SlowClient(server, kind) for kind in ("header", "body") for _ in range(8)]
    for client in slow:
        client.start()
    time.sleep(1)
    try:
        for _ in range(5):
            start = time.monotonic()
            response = requests.get(f"http://127.0.0.1:{server}/privacy/", timeout=10)
            assert response.status_code == 200
            assert time.monotonic() - start < 5  # before: 2 of 3 requests timed out at 10 s
    finally:
        for client in slow:
            client.halt.set()


@pytest.mark.slow
def test_a_connection_left_idle_is_dropped_after_the_timeout(server):
    idle = SlowClient(server, "header", interval=0.2, stop_after=0.5)
    idle.start()
    idle.join(IDLE_TIMEOUT * 10)
    assert idle.dropped_after is not None, "the server kept an idle connection open"
    assert idle.dropped_after < IDLE_TIMEOUT * 4
    assert requests.get(f"http://127.0.0.1:{server}/privacy/", timeout=10).status_code == 200
