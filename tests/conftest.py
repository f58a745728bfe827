import dataclasses
import os
from pathlib import Path

import pytest

from ml.cache import model_cache
from tests.factories import write_weights

DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server",
               "admin_client", "admin_user", "django_user_model"}


def pytest_addoption(parser):
    parser.addoption("--db-only", action="store_true",
                     help="run only the tests that touch the project's database (`make test`'s PostgreSQL pass)")


def touches_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(DB_FIXTURES & set(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    """--db-only: the second pass, on PostgreSQL, runs what touches the database; the rest ran once already."""
    if not config.getoption("--db-only"):
        return
    kept = [item for item in items if touches_database(item)]
    config.hook.pytest_deselected(items=[item for item in items if not touches_database(item)])
    items[:] = kept


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
def _own_stats_snapshots(monkeypatch):
    """Each test takes its own statistics snapshots: the cache table outlives transactional tests."""
    import uuid

    monkeypatch.setattr("stats.snapshot.KEY_PREFIX", f"stats:test:{uuid.uuid4().hex}")


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
