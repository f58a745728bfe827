import pytest
from django.test import Client
from django.urls import reverse

from diagnosis.models import Human
from ml.labels import SYMPTOM_KEYS
from ml.runtime_config import BACKENDS
from tests.diagnosis.test_views import post
from tests.factories import image_bytes


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BACKENDS)
def test_upload_to_results_works_on_each_backend(client: Client, weights, settings, backend):
    settings.INFERENCE_BACKEND = backend
    response = post(client, image_bytes(), follow=True)
    human = Human.objects.get()
    assert response.redirect_chain[-1][0] == reverse("diagnosis:result", kwargs={"public_id": human.public_id})
    assert response.status_code == 200
    assert {w["backend"] for w in human.weights.values()} == {backend}
    assert set(human.probabilities) == set(SYMPTOM_KEYS)


@pytest.mark.django_db
def test_both_backends_give_the_same_grades_for_the_same_photo(client: Client, weights, settings):
    for backend in BACKENDS:
        settings.INFERENCE_BACKEND = backend
        post(client, image_bytes())
    eager, ort = Human.objects.order_by("created_at")
    assert [getattr(ort, f) for f in ("pred", "skin")] == [getattr(eager, f) for f in ("pred", "skin")]
    for key in SYMPTOM_KEYS:
        assert ort.probabilities[key] == pytest.approx(eager.probabilities[key], abs=2e-4)
