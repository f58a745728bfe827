"""The real server's logs (gunicorn as `make run` starts it) name no client address, even for a bad request."""

import re
import socket

import pytest
import requests
from django.conf import settings

from benchmarks.servers import free_port, gunicorn, server_env
from common.log_privacy import scrub


def send_raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(data)
        return conn.recv(4096)


def failed_admin_login(base: str) -> int:
    session = requests.Session()
    page = session.get(f"{base}/admin/login/", timeout=60).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = session.post(f"{base}/admin/login/", timeout=60, headers={"Referer": f"{base}/admin/login/"},
                            data={"csrfmiddlewaretoken": token, "username": "intruder", "password": "wrong"})
    return response.status_code


BAD_REQUESTS = (b"HTTP/1.1 400", b"HTTP/1.0 400")


@pytest.mark.parametrize("kind", ["waitress", "gunicorn"])  # make run's server, and the one it replaced
def test_invalid_requests_and_failed_logins_leave_no_address_in_any_log(tmp_path, tiny_weights_dir, kind):
    port, access, errors = free_port(), tmp_path / "access.log", tmp_path / "error.log"
    env = server_env(tmp_path, tiny_weights_dir, INFERENCE_BACKEND="torch", AXES_FAILURE_LIMIT="2")
    with gunicorn(env, settings.BASE_DIR, port, access_log=access, error_log=errors, kind=kind):
        assert send_raw(port, b"NOT A REQUEST\r\n\r\n")[:12] in BAD_REQUESTS
        assert send_raw(port, b"GET / HTTP/1.1\r\nHost: x\r\nBad header line\r\n\r\n")[:12] in BAD_REQUESTS
        statuses = [failed_admin_login(f"http://127.0.0.1:{port}") for _ in range(3)]
    assert statuses[-1] == 429  # locked out, so django-axes has written its lines
    text = errors.read_text() + access.read_text()
    if kind == "gunicorn":
        assert "Invalid request from ip=[address hidden]" in text  # gunicorn's line, scrubbed
    assert "AXES: Repeated login failure" in text and 'username: "intruder"' in text
    assert "127.0.0.1" not in text


def test_scrub_hides_ipv4_and_ipv6_but_not_times_or_versions():
    line = "Invalid request from ip=203.0.113.9 and ::1 and 2001:db8::7 and fe80::1%eth0 at 23:11:48, HTTP/1.1 v8.3.1"
    assert scrub(line) == ("Invalid request from ip=[address hidden] and [address hidden] and [address hidden] and "
                           "[address hidden]%eth0 at 23:11:48, HTTP/1.1 v8.3.1")
