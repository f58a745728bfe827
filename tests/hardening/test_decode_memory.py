"""Bounded memory per upload: formats without a scaled decode get a smaller pixel limit and are reduced at
once, and decodes wait at a gate (the benchmark_hardening memory case measures the worker's RSS)."""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from diagnosis import forms as diagnosis_forms
from diagnosis import images
from diagnosis.images import ERROR_TOO_MANY_PIXELS, Limits, PhotoError, decode_photo
from ml.photo_check import measure_quality

LIMITS = Limits(max_bytes=50 * 1024 * 1024, max_pixels=4_000_000, min_side=64, max_aspect=4.0,
                target_side=600, max_full_decode_pixels=2_000_000)


def _png(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 170, 150)).save(out, "PNG")
    return out.getvalue()


def _progressive(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 170, 150)).save(out, "JPEG", progressive=True)
    return out.getvalue()


def test_png_is_reduced_right_after_decoding():
    photo = decode_photo(_png((1400, 1400)), LIMITS)
    assert photo.size == (700, 700)  # a whole factor, still covering the 600 px the models need


def test_a_kept_png_stays_large_enough_for_the_kept_copy():
    assert max(decode_photo(_png((1400, 1400)), LIMITS, keep=True).size) >= images.KEPT_PHOTO_SIDE - 200


def test_png_gets_the_smaller_limit_while_a_progressive_jpeg_of_the_same_size_passes():
    with pytest.raises(PhotoError) as caught:
        decode_photo(_png((1600, 1600)), LIMITS)
    assert caught.value.message == ERROR_TOO_MANY_PIXELS
    assert decode_photo(_progressive((1600, 1600)), LIMITS).mode == "RGB"


def test_the_quality_check_scores_a_photo_the_same_whatever_its_resolution():
    small, large = Image.new("RGB", (400, 300), (120, 90, 80)), Image.new("RGB", (4000, 3000), (120, 90, 80))
    assert measure_quality(small)["brightness"] == measure_quality(large)["brightness"]


@pytest.mark.django_db
def test_decodes_wait_at_the_gate(settings, monkeypatch):
    settings.UPLOAD_DECODE_CONCURRENCY = 1
    running, most = [0], [0]
    lock = threading.Lock()

    def slow_decode(data, limits, keep=False):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.2)
        with lock:
            running[0] -= 1
        return Image.new("RGB", (640, 480))
    monkeypatch.setattr(diagnosis_forms, "decode_photo", slow_decode)

    def validate():
        photo = SimpleUploadedFile("s.png", _png((640, 480)), "image/png")
        diagnosis_forms.DiagnosisForm({"sex": "F", "age": 30, "area": "crown"}, {"photo": photo}).is_valid()
    threads = [threading.Thread(target=validate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1
