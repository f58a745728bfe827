import pytest

from diagnosis.management.commands.benchmark_http import Command


@pytest.mark.django_db(transaction=True)
def test_benchmark_times_the_form_and_the_api_upload_on_a_live_server(live_server, weights):
    times = Command().measure(live_server.url, 2, api=True)
    assert set(times) == {"form", "api"}
    assert all(len(values) == 2 and all(t > 0 for t in values) for values in times.values())
