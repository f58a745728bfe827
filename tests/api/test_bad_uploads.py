"""Every class of bad upload through the API: its status, its stable code, and nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from benchmarks.photos import with_claimed_size
from diagnosis import images
from diagnosis.models import Human
from tests.diagnosis.test_views import png_header_only
from tests.factories import image_bytes, scalp_image

API = "/api/v1/diagnoses"

BAD_PHOTOS = {
    "empty": (lambda: b"", 400, "empty_file"),
    "not_an_image": (lambda: b"hello, I am not a photo" * 10, 415, "not_an_image"),
    "gif": (lambda: image_bytes(scalp_image((100, 100)), fmt="GIF"), 415, "unsupported_format"),
    "bmp": (lambda: image_bytes(scalp_image((100, 100)), fmt="BMP"), 415, "unsupported_format"),
    "truncated": (lambda: image_bytes()[:3000], 422, "truncated"),
    "lying_header": (lambda: with_claimed_size(image_bytes(scalp_image((640, 480))), 6600, 6000), 422, "truncated"),
    "arithmetic_jpeg": (lambda: image_bytes(scalp_image((640, 480))).replace(b"\xff\xc0", b"\xff\xc9", 1),
                        415, "unsupported_format"),
    "too_small": (lambda: image_bytes(scalp_image((20, 20))), 422, "too_small"),
    "too_long_and_narrow": (lambda: image_bytes(scalp_image((2000, 100))), 422, "bad_aspect"),
    "too_many_pixels": (lambda: png_header_only(40000, 40000), 413, "too_many_pixels"),
}


def post(client, fields: dict, lang="en"):
    return client.post(API, fields, HTTP_ACCEPT_LANGUAGE=lang)


def photo(data: bytes, name="scalp.jpg"):
    return SimpleUploadedFile(name, data, "image/jpeg")


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_PHOTOS, ids=list(BAD_PHOTOS))
def test_bad_photo_has_its_status_and_code_and_saves_nothing(client, weights, case):
    make, status, code = BAD_PHOTOS[case]
    response = post(client, {"photo": photo(make()), "sex": "F", "age": "30", "area": "crown"})
    body = response.json()
    assert (response.status_code, body["code"]) == (status, code)
    assert body["message"] and body["fields"]["photo"] == [body["message"]]
    assert not Human.objects.exists()


@pytest.mark.django_db
def test_photo_over_the_byte_limit_is_413(client, weights, settings):
    settings.UPLOAD_MAX_BYTES = 20_000
    response = post(client, {"photo": photo(image_bytes(scalp_image((800, 800)), quality=95)), "sex": "M",
                             "age": "20"})
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not Human.objects.exists()


@pytest.mark.django_db
def test_too_many_pixels_message_is_the_forms(client, weights):
    body = post(client, {"photo": photo(png_header_only(40000, 40000)), "sex": "F", "age": "30",
                         "area": "crown"}).json()
    assert body["message"] == str(images.ERROR_TOO_MANY_PIXELS)


BAD_FIELDS = {
    "missing_photo": ({"sex": "F", "age": "30", "area": "crown"}, {"photo"}),
    "missing_sex_age_and_area": ({"photo": "PHOTO"}, {"sex", "age", "area"}),
    "bad_sex": ({"photo": "PHOTO", "sex": "X", "age": "30", "area": "crown"}, {"sex"}),
    "age_not_a_band": ({"photo": "PHOTO", "sex": "F", "age": "35", "area": "crown"}, {"age"}),
    "age_not_a_number": ({"photo": "PHOTO", "sex": "F", "age": "thirty", "area": "crown"}, {"age"}),
    "age_out_of_range": ({"photo": "PHOTO", "sex": "M", "age": "80", "area": "crown"}, {"age"}),
    "consent_neither_yes_nor_no": ({"photo": "PHOTO", "sex": "M", "age": "20", "area": "crown", "keep_photo": "{}"},
                                   {"keep_photo"}),
    "grade_anyway_a_number": ({"photo": "PHOTO", "sex": "M", "age": "20", "area": "crown", "grade_anyway": "2"},
                              {"grade_anyway"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FIELDS, ids=list(BAD_FIELDS))
def test_missing_or_bad_fields_are_400_invalid_with_each_field_named(client, weights, case):
    fields, wrong = BAD_FIELDS[case]
    fields = {k: photo(image_bytes()) if v == "PHOTO" else v for k, v in fields.items()}
    response = post(client, fields, lang="ko")
    body = response.json()
    assert (response.status_code, body["code"]) == (400, "invalid")
    assert set(body["fields"]) == wrong
    assert not Human.objects.exists()


@pytest.mark.django_db
def test_a_json_body_instead_of_multipart_is_400(client, weights):
    response = client.post(API, {"sex": "F"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


@pytest.mark.django_db
def test_a_huge_text_field_is_413(client, weights, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post(client, {"photo": photo(image_bytes()), "sex": "F", "age": "30", "area": "crown",
                             "note": "x" * 5000})
    assert response.status_code == 413 and response.json()["code"] == "too_large"


@pytest.mark.django_db
def test_broken_multipart_is_400_bad_request(client, weights):
    body = b"--xyz\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\nabc"
    response = client.post(API, body, content_type="multipart/form-data; boundary=")
    assert response.status_code == 400 and response.json()["code"] == "bad_request"
