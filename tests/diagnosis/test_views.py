import re
import struct
import zlib
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from benchmarks.photos import with_claimed_size
from diagnosis import images
from diagnosis.forms import ERROR_NO_PHOTO
from diagnosis.models import Human
from ml.cache import model_cache
from ml.labels import SYMPTOM_KEYS
from tests.factories import image_bytes, scalp_image

UPLOAD = reverse("diagnosis:upload")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def post(client, data: bytes, name="scalp.jpg", content_type="image/jpeg", follow=False, **fields):
    form = {"photo": SimpleUploadedFile(name, data, content_type), "sex": "F", "age": 30, "area": "crown", **fields}
    return client.post(UPLOAD, form, follow=follow)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions: a decompression bomb never needs its pixels decoded."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + b"\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.django_db
class TestUploadFlow:
    def test_upload_redirects_to_a_stable_results_page_and_saves_one_row(self, client, weights):
        response = post(client, image_bytes())
        human = Human.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("diagnosis:result", kwargs={"public_id": human.public_id})
        page = client.get(response["Location"])
        assert page.status_code == 200
        def without_csrf(html: bytes) -> str:
            return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html.decode())

        assert without_csrf(client.get(response["Location"]).content) == without_csrf(page.content)

    def test_results_page_shows_the_verdict_and_six_grades_from_the_real_models(self, client, weights):
        response = post(client, image_bytes(), follow=True)
        human = Human.objects.get()
        html = response.content.decode()
        with translation.override("ko"):
            kind, grade = human.get_skin_display(), human.get_pred_display()
        assert f"당신의 두피는 '{kind}' 유형이며, 진행 정도는 '{grade}' 단계입니다." in html
        assert 'data-area="crown"' in html and "정수리" in html.split('id="summary"', 1)[1]
        for key in SYMPTOM_KEYS:
            assert f'data-symptom="{key}"' in html
            assert sum(human.probabilities[key]) == pytest.approx(1.0, abs=1e-2)

    def test_stores_sex_age_grades_probabilities_and_weights(self, client, weights):
        post(client, image_bytes(), sex="M", age=50, keep_photo="on")
        human = Human.objects.get()
        assert (human.sex, human.age) == ("M", 50)
        assert set(human.probabilities) == set(SYMPTOM_KEYS)
        assert {w["file"] for w in human.weights.values()} == {f"{k}.pt" for k in SYMPTOM_KEYS}
        assert human.is_demo and human.created_at is not None
        assert human.photo.name.endswith(f"{human.public_id}.jpg")

    def test_stored_photo_is_upright_and_has_no_exif(self, client, weights):
        exif = Image.Exif()
        exif[0x0112] = 6  # rotate on display
        exif[0x010F] = "PhoneMaker"
        post(client, image_bytes(scalp_image((320, 200)), exif=exif), keep_photo="on")
        stored = Image.open(Human.objects.get().photo.path)
        assert stored.size == (200, 320)
        assert not stored.getexif()

    @pytest.mark.parametrize(("fmt", "ctype"), [("PNG", "image/png"), ("WEBP", "image/webp"),
                                                ("HEIF", "image/heic")])
    def test_accepts_png_webp_and_heic(self, client, weights, fmt, ctype):
        response = post(client, image_bytes(fmt=fmt), name=f"scalp.{fmt.lower()}", content_type=ctype)
        assert response.status_code == 302
        assert Human.objects.count() == 1

    def test_demo_notice_is_one_line_with_the_why_and_no_operator_command(self, client, weights):
        html = post(client, image_bytes(), follow=True).content.decode()
        assert html.split('id="summary"', 1)[0].count('class="notice ') == 1 and 'id="demo-notice"' in html
        assert "합성 두피 이미지" in html.split('id="demo-notice"', 1)[1]
        assert "python -m ml.train" not in html

    def test_cache_reads_each_checkpoint_once_across_many_requests(self, client, weights):
        for _ in range(4):
            assert post(client, image_bytes()).status_code == 302
            client.get(UPLOAD)
        assert model_cache.loads == len(SYMPTOM_KEYS)
        assert Human.objects.count() == 4

    def test_a_get_of_the_upload_page_loads_no_model(self, client, weights):
        assert client.get(UPLOAD).status_code == 200
        assert model_cache.loads == 0

    def test_upload_page_offers_the_camera_and_the_formats(self, client, weights):
        html = client.get(UPLOAD).content.decode()
        assert 'type="file"' in html and "image/heic" in html and "image/jpeg" in html

    def test_age_band_is_not_preselected(self, client, weights):
        html = client.get(UPLOAD).content.decode()
        assert '<option value="" selected>' in html

    def test_unknown_result_is_a_friendly_404(self, client):
        response = client.get("/result/00000000-0000-0000-0000-000000000000/")
        assert response.status_code == 404
        assert "Traceback" not in response.content.decode()


BAD_INPUTS = {
    "truncated_jpeg": (lambda: image_bytes()[:3000], images.ERROR_TRUNCATED),
    "lying_header_jpeg": (lambda: with_claimed_size(image_bytes(scalp_image((640, 480))), 6600, 6000),
                          images.ERROR_TRUNCATED),
    "arithmetic_jpeg": (lambda: image_bytes(scalp_image((640, 480))).replace(b"\xff\xc0", b"\xff\xc9", 1),
                        images.ERROR_JPEG_KIND),
    "text_named_jpg": (lambda: b"hello, I am not a photo" * 10, images.ERROR_NOT_IMAGE),
    "empty_file": (lambda: b"", images.ERROR_EMPTY),
    "decompression_bomb": (lambda: png_header_only(40000, 40000), images.ERROR_TOO_MANY_PIXELS),
    "tiny_image": (lambda: image_bytes(scalp_image((20, 20))), images.ERROR_TOO_SMALL),
    "absurd_aspect": (lambda: image_bytes(scalp_image((2000, 100))), images.ERROR_ASPECT),
    "gif": (lambda: image_bytes(scalp_image((100, 100)), fmt="GIF"), images.ERROR_FORMAT),
}


def message_text(constant, **params) -> str:
    text = str(constant)
    return text % params if params else text


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize("case", BAD_INPUTS)
    def test_rejects_with_a_korean_message_4xx_and_no_row(self, client, weights, case):
        make, constant = BAD_INPUTS[case]
        response = post(client, make())
        html = response.content.decode()
        assert 400 <= response.status_code < 500
        assert Human.objects.count() == 0
        errors = unescape(re.search(r'id="photo-errors">(.*?)</div>', html, re.S).group(1))
        assert HANGUL.search(errors), errors
        with translation.override("ko"):
            assert str(constant).split("%(")[0] in errors

    def test_message_is_english_when_the_user_chose_english(self, client, weights):
        client.cookies["django_language"] = "en"
        html = post(client, image_bytes()[:3000]).content.decode()
        with translation.override("en"):
            assert str(images.ERROR_TRUNCATED) in html

    def test_rejects_files_over_the_size_limit(self, client, weights, settings):
        settings.UPLOAD_MAX_BYTES = 10_000
        response = post(client, image_bytes(scalp_image((900, 900)), quality=100))
        assert response.status_code == 400
        assert Human.objects.count() == 0
        assert "MB" in response.content.decode()

    @pytest.mark.parametrize("fields", [{"sex": "X"}, {"age": 35}, {"age": "old"}, {"age": ""}])
    def test_rejects_unknown_sex_or_age_band(self, client, weights, fields):
        response = post(client, image_bytes(), **fields)
        assert response.status_code == 400
        assert Human.objects.count() == 0

    def test_missing_photo_says_so(self, client, weights):
        response = client.post(UPLOAD, {"sex": "F", "age": 30, "area": "crown"})
        assert response.status_code == 400
        with translation.override("ko"):
            assert str(ERROR_NO_PHOTO) in response.content.decode()

    def test_csrf_is_enforced(self, weights):
        response = post(Client(enforce_csrf_checks=True), image_bytes())
        assert response.status_code == 403
        assert Human.objects.count() == 0

    @pytest.mark.parametrize("debug", [False, True])
    def test_csrf_failure_is_the_sites_own_korean_page_without_debug_hints(self, weights, settings, debug):
        settings.DEBUG = debug
        response = post(Client(enforce_csrf_checks=True), image_bytes())
        html = response.content.decode()
        assert response.status_code == 403 and 'id="csrf-failure"' in html
        assert "입력 양식이 만료되었습니다" in html
        assert "CSRF" not in html and "DEBUG" not in html and "settings.py" not in html


@pytest.mark.django_db
class TestMissingWeights:
    def test_upload_page_names_the_missing_file_and_only_staff_see_the_command(self, client, settings, tmp_path,
                                                                                admin_user):
        settings.WEIGHTS_DIR = tmp_path
        html = client.get(UPLOAD).content.decode()
        assert 'id="weights-problems"' in html
        assert "<code>value_1.pt</code>" in html and "python -m ml.train" not in html
        client.force_login(admin_user)
        assert "python -m ml.train" in client.get(UPLOAD).content.decode()

    def test_visitors_see_the_file_name_but_never_the_server_path(self, client, settings, tmp_path, caplog):
        settings.WEIGHTS_DIR = tmp_path
        html = client.get(UPLOAD).content.decode()
        assert str(tmp_path) not in html
        assert str(tmp_path / "value_1.pt") in caplog.text  # the operator finds it in the log

    def test_staff_see_the_server_path(self, client, settings, tmp_path, admin_user):
        settings.WEIGHTS_DIR = tmp_path
        client.force_login(admin_user)
        assert str(tmp_path / "value_1.pt") in client.get(UPLOAD).content.decode()

    def test_upload_with_missing_weights_saves_nothing(self, client, settings, tiny_weights_dir, tmp_path):
        for key in SYMPTOM_KEYS[:-1]:
            (tmp_path / f"{key}.pt").write_bytes((tiny_weights_dir / f"{key}.pt").read_bytes())
        settings.WEIGHTS_DIR = tmp_path
        response = post(client, image_bytes())
        assert response.status_code == 503
        assert Human.objects.count() == 0
        assert "value_6.pt" in response.content.decode()

    def test_corrupt_checkpoint_is_reported(self, client, settings, tmp_path):
        for key in SYMPTOM_KEYS:
            (tmp_path / f"{key}.pt").write_bytes(b"corrupt")
        settings.WEIGHTS_DIR = tmp_path
        response = post(client, image_bytes())
        assert response.status_code == 503 and Human.objects.count() == 0
        assert 'id="weights-problems"' in client.get(UPLOAD).content.decode()  # known now, without a reload

    def test_rest_of_the_site_works_without_weights(self, client, settings, tmp_path, weights):
        post(client, image_bytes())
        human = Human.objects.get()
        settings.WEIGHTS_DIR = tmp_path
        model_cache.clear()
        url = reverse("diagnosis:result", kwargs={"public_id": human.public_id})
        assert client.get(url).status_code == 200


def test_server_error_page_shows_no_traceback(rf):
    from common.views import server_error
    request = rf.get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert b"Traceback" not in response.content
