import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    """Each test starts with an empty upload counter and a limit it will not reach unless it means to."""
    settings.UPLOAD_RATE_LIMIT = "1000/h"
    cache.clear()
    yield
    cache.clear()
