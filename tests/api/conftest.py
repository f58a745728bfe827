import pytest
from django.core.cache import cache


@pytest.fixture
def fresh_counter(db):
    """An empty upload counter (tests/conftest.py sets a limit no test reaches unless it lowers it)."""
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
