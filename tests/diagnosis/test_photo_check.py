"""What a person sees when the photo check warns or refuses, and what is stored."""

import io

import matplotlib
import numpy as np
import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageEnhance

from diagnosis.models import Human, PhotoCheck
from diagnosis.photo_messages import GRADED_ANYWAY_INTRO, REASON_MESSAGES, RETAKE_TIPS
from diagnosis.selectors import photo_check_dict
from ml import calibrate
from ml.cache import ModelCache
from ml.labels import weights_filename
from ml.predict import predict
from tests.diagnosis.test_views import post
from tests.factories import image_bytes, scalp_image, write_weights

GRACE_HOPPER = f"{matplotlib.get_data_path()}/sample_data/grace_hopper.jpg"


def flat_photo() -> Image.Image:
    return Image.fromarray(np.full((480, 640, 3), (120, 160, 200), dtype=np.uint8))


def dark_photo() -> Image.Image:
    return ImageEnhance.Brightness(scalp_image(seed=3)).enhance(0.35)


@pytest.fixture(scope="module")
def familiar_weights(tmp_path_factory):
    """Tiny checkpoints whose photo-check statistics come from 60 factory scalp photos (30 held out)."""
    directory = write_weights(tmp_path_factory.mktemp("checked-weights"))
    models = ModelCache().get(directory)
    # Through JPEG, as an upload arrives: the features of the raw pixels differ.
    features = [predict(Image.open(io.BytesIO(image_bytes(scalp_image(seed=i)))), models).features
                for i in range(90)]
    train = {s: np.stack([f[s] for f in features[:60]]) for s in models}
    val = {s: np.stack([f[s] for f in features[60:]]) for s in models}
    for symptom, entry in calibrate.photo_check_stats(train, val).items():
        calibrate.store(directory / weights_filename(symptom), temperature=1.0, photo_check=entry)
    return directory


@pytest.fixture
def checked(settings, familiar_weights):
    settings.WEIGHTS_DIR = familiar_weights
    return familiar_weights


@pytest.mark.django_db
class TestRefused:
    def test_flat_photo_comes_back_422_with_reason_tips_and_nothing_saved(self, client, weights, settings):
        response = post(client, image_bytes(flat_photo()))
        html = response.content.decode()
        assert response.status_code == 422
        assert 'data-photo-check="refused flat"' in html
        with translation.override("ko"):
            assert str(REASON_MESSAGES["flat"]) in html and str(RETAKE_TIPS["flat"]) in html
        assert 'name="grade_anyway"' in html
        assert not Human.objects.exists()
        assert not list(settings.MEDIA_ROOT.rglob("*.jpg"))

    def test_tips_in_english_when_english_is_chosen(self, client, weights):
        client.cookies["django_language"] = "en"
        html = post(client, image_bytes(flat_photo())).content.decode()
        assert "Point the camera at the scalp itself" in html

    def test_grade_anyway_saves_the_result_marked_refused(self, client, weights):
        response = post(client, image_bytes(flat_photo()), grade_anyway="on")
        human = Human.objects.get()
        assert response.status_code == 302
        assert (human.photo_check, human.photo_check_flags) == (PhotoCheck.REFUSED, "flat")
        html = client.get(response["Location"]).content.decode()
        assert 'data-photo-check="flat"' in html
        with translation.override("ko"):
            assert str(GRADED_ANYWAY_INTRO) in html

    def test_a_portrait_is_refused_as_unfamiliar_by_the_models(self, client, checked):
        response = post(client, image_bytes(Image.open(GRACE_HOPPER)))
        assert response.status_code == 422
        assert "unfamiliar" in response.content.decode().split('data-photo-check="refused ', 1)[1].split('"')[0]
        assert not Human.objects.exists()


@pytest.mark.django_db
class TestDoubtfulAndOk:
    def test_dark_photo_is_graded_with_a_named_warning(self, client, weights):
        response = post(client, image_bytes(dark_photo()), follow=True)
        human = Human.objects.get()
        html = response.content.decode()
        assert (human.photo_check, human.photo_check_flags) == (PhotoCheck.DOUBTFUL, "dark")
        assert 'data-photo-check="dark"' in html and 'id="photo-check"' in html
        assert "데모 모델이며 사진 점검에서도 문제가 발견되었습니다." in html  # demo weights, and a warning
        assert human.photo_check_scores["quality"]["brightness"] < 75

    def test_a_familiar_scalp_photo_passes_without_a_card(self, client, checked):
        # One of the photos the statistics were fitted on: familiar by construction (60 photos are too
        # few for these tiny models to call every fresh one familiar; tests/ml/test_photo_check_rates.py
        # measures fresh photos with the demo weights).
        response = post(client, image_bytes(scalp_image(seed=10)), follow=True)
        human = Human.objects.get()
        html = response.content.decode()
        assert human.photo_check == PhotoCheck.OK and human.photo_check_flags == ""
        assert 'data-photo-check="ok"' in html and 'id="photo-check"' not in html
        assert human.photo_check_scores["familiarity"] < 1.0
        assert photo_check_dict(human) == {"outcome": "ok", "reasons": [], "scene": "",
                                           "scores": human.photo_check_scores}

    def test_legacy_rows_say_unchecked(self, client):
        from tests.stats.factories import make_human

        human = make_human()
        html = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id})).content.decode()
        assert 'data-photo-check="unchecked"' in html and 'id="photo-check"' not in html


@pytest.mark.django_db
def test_admin_filters_on_the_photo_check(admin_client, client, weights):
    post(client, image_bytes(dark_photo()))
    changelist = reverse("admin:diagnosis_human_changelist")
    assert "photo_check__exact" in admin_client.get(changelist).content.decode()
    assert admin_client.get(changelist, {"photo_check__exact": "doubtful"}).context["cl"].result_count == 1
    assert admin_client.get(changelist, {"photo_check__exact": "ok"}).context["cl"].result_count == 0
