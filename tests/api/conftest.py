import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    """Each test starts with an empty upload counter and a limit it will not reach unless it means to."""
    settings.UPLOAD_RATE_LIMIT = "1000/h"
    cache.clear()
    yield
    cache.clear()


FUZZ_CASES: list[str] = []  # "METHOD path -> status" for every request the fuzz test sent


def pytest_terminal_summary(terminalreporter):
    if FUZZ_CASES:
        by_status: dict[str, int] = {}
        for case in FUZZ_CASES:
            status = case.rsplit(" ", 1)[-1]
            by_status[status] = by_status.get(status, 0) + 1
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(by_status.items()))
        terminalreporter.write_line(f"API fuzz: {len(FUZZ_CASES)} cases ({summary})")
