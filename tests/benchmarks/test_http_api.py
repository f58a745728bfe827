from io import StringIO

import pytest
from django.core.management import call_command

# Each starts real servers or fresh processes and measures them: tens of seconds (make test runs them).
pytestmark = pytest.mark.slow


def test_benchmark_times_the_api_upload_beside_the_form_on_gunicorn(tiny_weights_dir):
    out = StringIO()
    call_command("benchmark_http", weights=tiny_weights_dir, runs=2, api=True, stdout=out)
    report = out.getvalue()
    assert "upload-to-results p50" in report and "api upload (201 JSON) p50" in report
    assert "{201: 2} (201 = accepted)" in report and "{302: 2} (302 = accepted)" in report
    assert "accepted: 4, rows added: 4, 5xx: 0" in report
