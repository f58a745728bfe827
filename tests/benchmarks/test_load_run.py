"""The load run: concurrent uploads through gunicorn; every accepted upload is one stored row, no 5xx."""

from io import StringIO

import pytest
from django.core.management import call_command

# Each starts real servers or fresh processes and measures them: tens of seconds (make test runs them).
pytestmark = pytest.mark.slow


def test_concurrent_uploads_are_each_stored_once_without_server_errors(tiny_weights_dir):
    out = StringIO()
    call_command("benchmark_http", weights=tiny_weights_dir, runs=4, concurrency=2, stdout=out)
    report = out.getvalue()
    assert "accepted: 4, rows added: 4, 5xx: 0" in report
