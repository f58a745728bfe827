import pytest

from ml.cache import model_cache
from tests.factories import write_weights


@pytest.fixture(scope="session")
def tiny_weights_dir(tmp_path_factory):
    """Six real (tiny, untrained) checkpoints, written once per test session."""
    return write_weights(tmp_path_factory.mktemp("weights"))


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    """Uploaded photos go to a temp dir; each test starts with an empty model cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    model_cache.clear()
    yield
    model_cache.clear()


@pytest.fixture
def weights(settings, tiny_weights_dir):
    settings.WEIGHTS_DIR = tiny_weights_dir
    return tiny_weights_dir
