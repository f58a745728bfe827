"""Headless Chromium (Debian's /usr/bin/chromium, installed by `make browser`) driven by Playwright."""

from pathlib import Path

import pytest

# The session-wide `browser` fixture lives in tests/conftest.py (one Playwright per test session).
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/156.0 Mobile Safari/537.36"}


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def photo(tmp_path) -> Path:
    from tests.factories import image_bytes

    path = tmp_path / "scalp.jpg"
    path.write_bytes(image_bytes())
    return path


@pytest.fixture
def open_page(browser, live_server):
    """open_page(device=..., javascript=...): a page in a fresh context (new cookies and storage) that
    records every request leaving the test server. Contexts close before the test's database goes away,
    so no server thread outlives it."""
    contexts = []

    def open_(*, device: dict, javascript: bool = True):
        context = browser.new_context(locale="ko-KR", java_script_enabled=javascript, **device)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.outside_requests = []
        page.on("request", lambda r: None if r.url.startswith((live_server.url, "data:", "blob:"))
                else page.outside_requests.append(r.url))
        return page

    yield open_
    for context in contexts:
        context.close()
