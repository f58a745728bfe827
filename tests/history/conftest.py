import pytest
from django.core.files.base import ContentFile

from common.device_history import SESSION_KEY
from tests.factories import image_bytes
from tests.stats.factories import make_human


def remember(client, *humans) -> None:
    """Put results in a client's device history (newest first), as the upload does."""
    session = client.session
    session[SESSION_KEY] = [str(h.public_id) for h in humans]
    session.save()


def with_kept_photo(human, *, consent: bool = True):
    human.photo.save(f"{human.public_id}.jpg", ContentFile(image_bytes()), save=False)
    human.photo_consent = consent
    human.save()
    return human


@pytest.fixture
def two_results(db):
    """An older and a newer result of the same scalp type (hair-loss): fine dead skin better, hair loss worse."""
    from datetime import timedelta

    older = make_human(grades={"value_1": 2, "value_6": 2}, data="synthetic")
    older.created_at -= timedelta(days=30)
    older.save()
    newer = make_human(grades={"value_1": 0, "value_6": 3}, data="synthetic")
    return older, newer
