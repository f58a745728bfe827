import dataclasses
import os
from pathlib import Path

import pytest

from ml.cache import model_cache
from tests.factories import write_weights

# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse to run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.getenv("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def tiny_weights_dir(tmp_path_factory):
    """Six real (tiny, untrained) checkpoints, written once per test session."""
    return write_weights(tmp_path_factory.mktemp("weights"))


@pytest.fixture(scope="session")
def onnx_cache_dir(tmp_path_factory):
    """One ONNX cache per test session: the tiny models are exported once, then reused."""
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path, onnx_cache_dir):
    """Uploaded photos go to a temp dir; each test starts with an empty model cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONNX_CACHE_DIR = onnx_cache_dir
    model_cache.clear()
    yield
    model_cache.clear()


@pytest.fixture(autouse=True)
def _generous_upload_rate(settings):
    """Tests upload far more than 20 photos an hour from 127.0.0.1; tests of the limit lower it again."""
    settings.UPLOAD_RATE_LIMIT = "100000/h"


@pytest.fixture(autouse=True)
def _scene_check_off(settings):
    """The scene check's backbone (EfficientNet-Lite0) is left out of tests that do not ask for it: they
    post factory photos the tiny models grade. tests/diagnosis/test_scene.py switches it on."""
    settings.PHOTO_CHECK = dataclasses.replace(settings.PHOTO_CHECK, scene_enabled=False)


@pytest.fixture
def weights(settings, tiny_weights_dir):
    settings.WEIGHTS_DIR = tiny_weights_dir
    return tiny_weights_dir


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (f"{CHROMIUM} is missing. The browser tests need Debian's chromium: run `make browser` "
                   "(part of `make test`) or set CHROMIUM to a Chromium binary.")
        if os.getenv("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
