"""What a person sees when the photo is not a scalp, and when a real scalp close-up meets the demo models.

These run the shipped scene check (weights/scene_check.npz on EfficientNet-Lite0): the backbone is
exported to ONNX once per session.
"""

import dataclasses
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation
from PIL import Image

from diagnosis.models import Human, PhotoCheck, Scene
from diagnosis.photo_messages import (
    NO_RELIABLE_RESULT,
    NOT_SCALP_TIPS,
    REASON_MESSAGES,
    UNFAMILIAR_SYNTHETIC,
)
from ml import scene_sets
from tests.diagnosis.test_photo_check import flat_photo
from tests.diagnosis.test_views import post
from tests.factories import image_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
REAL = scene_sets.shared_dir() / "data" / "trichoscope"


def cat() -> Image.Image:
    return scene_sets.bundled_photos(("chelsea",))["chelsea"]


@pytest.fixture
def scene_on(settings, weights):
    settings.PHOTO_CHECK = dataclasses.replace(settings.PHOTO_CHECK, scene_enabled=True)
    return settings


def test_a_cat_gets_the_form_back_with_no_way_to_grade_it(client, scene_on):
    for fields in ({}, {"grade_anyway": "on"}):  # ticking the box changes nothing
        response = post(client, image_bytes(cat()), **fields)
        html = response.content.decode()
        assert response.status_code == 422
        assert 'data-photo-check="refused not_scalp"' in html
        assert 'name="grade_anyway"' not in html
        with translation.override("ko"):
            assert str(REASON_MESSAGES["not_scalp"]) in html and str(NOT_SCALP_TIPS[0]) in html
    assert not Human.objects.exists()


def test_the_api_answers_a_cat_with_its_own_code(client, scene_on):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("cat.jpg", image_bytes(cat()), "image/jpeg")
    response = client.post("/api/v1/diagnoses",
                           {"photo": photo, "sex": "F", "age": 30, "area": "crown", "grade_anyway": "true"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "not_scalp" and body["detail"]["scene"] == "not_scalp"
    assert not Human.objects.exists()


def test_a_fresh_synthetic_photo_passes_the_scene_check(client, scene_on):
    photo = scene_sets.fresh_synthetic(1, seed=99)[0]
    response = post(client, image_bytes(photo), follow=True)
    human = Human.objects.get()
    assert response.status_code == 200 and human.scene == Scene.SCALP_CLOSEUP
    assert "not_scalp" not in human.photo_check_flags and "too_far" not in human.photo_check_flags


@pytest.mark.skipif(not (REAL / "labels.json").is_file(), reason=f"the trichoscope pack is not at {REAL}")
def test_a_real_close_up_is_graded_and_told_the_demo_models_learned_synthetic_images(client, scene_on):
    scene_on.WEIGHTS_DIR = Path(django_settings.BASE_DIR) / "weights"  # the shipped demo weights
    photo = scene_sets.open_rgb(scene_sets.trichoscope_split(REAL)["test"][0])
    response = post(client, image_bytes(photo), follow=True)
    human = Human.objects.get()
    html = response.content.decode()
    assert human.scene == Scene.SCALP_CLOSEUP and "unfamiliar" in human.photo_check_flags
    with translation.override("ko"):
        assert str(UNFAMILIAR_SYNTHETIC) in html
        assert str(REASON_MESSAGES["unfamiliar"]) not in html  # never "does not look like a scalp"


def test_a_result_graded_anyway_opens_on_no_reliable_result(client, weights, settings):
    # A photo refused for its quality alone (flat), which the person may grade anyway; with the scene check
    # on, a flat colour field is not a scalp at all and could not be graded (test_a_cat_...).
    settings.PHOTO_CHECK = dataclasses.replace(settings.PHOTO_CHECK, scene_enabled=False)
    response = post(client, image_bytes(flat_photo()), grade_anyway="on", follow=True)
    human = Human.objects.get()
    html = response.content.decode()
    assert human.photo_check == PhotoCheck.REFUSED
    with translation.override("ko"):
        headline = html.split('<h1 id="summary-title"', 1)[1].split("</h1>", 1)[0]
        assert str(NO_RELIABLE_RESULT) in headline
    assert html.index('data-headline="no-reliable-result"') < html.index('class="symptoms"')


def test_admin_filters_on_the_scene(admin_client, client, scene_on):
    post(client, image_bytes(scene_sets.fresh_synthetic(1, seed=98)[0]))
    changelist = reverse("admin:diagnosis_human_changelist")
    assert "scene__exact" in admin_client.get(changelist).content.decode()
    assert admin_client.get(changelist, {"scene__exact": "scalp_closeup"}).context["cl"].result_count == 1
