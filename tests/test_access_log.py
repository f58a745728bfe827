"""The server's access log, as `make run` starts the server, records nothing about the person."""

import requests
from django.conf import settings

from benchmarks.servers import free_port, gunicorn, server_env


def test_access_log_has_no_address_position_referrer_or_browser(tmp_path, tiny_weights_dir):
    port, log = free_port(), tmp_path / "access.log"
    env = server_env(tmp_path, tiny_weights_dir, INFERENCE_BACKEND="torch")
    with gunicorn(env, settings.BASE_DIR, port, access_log=log):
        response = requests.get(f"http://127.0.0.1:{port}/hospitals/nearby/?lat=37.56651&lon=126.97801",
                                headers={"Referer": "https://example.org/from-here", "User-Agent": "TestPhone/1.0"},
                                timeout=60)
    assert response.ok
    text = log.read_text()
    assert '"GET /hospitals/nearby/ HTTP/1.1" 200' in text  # the log itself works
    for personal in ("127.0.0.1", "37.56651", "126.97801", "lat=", "example.org", "TestPhone"):
        assert personal not in text, personal


def test_make_run_uses_this_server():
    assert "-m scalpspectra.serve" in (settings.BASE_DIR / "Makefile").read_text()
