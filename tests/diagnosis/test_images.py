"""Decoding cost follows what is used, not what the header claims; odd but honest phone files pass."""

import io

import pytest
from PIL import Image, ImageFile

from benchmarks.photos import minimal_jpeg, with_claimed_size, write_photos
from diagnosis import images
from diagnosis.forms import DiagnosisForm
from diagnosis.images import KEPT_PHOTO_SIDE, Limits, PhotoError, decode_photo
from diagnosis.selectors import decode_side
from tests.factories import TINY_SIZE, image_bytes, scalp_image

LIMITS = Limits(max_bytes=50 * 1024 * 1024, max_pixels=40_000_000, min_side=64, max_aspect=4.0,
                max_jpeg_pixels=250_000_000, target_side=600)


def flat_jpeg(size, color=(200, 170, 150), **kwargs) -> bytes:
    """A real, complete JPEG of a flat colour: a few hundred KB even when the header says 40 MP."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=50, **kwargs)
    return out.getvalue()


class TestDraftDecoding:
    def test_large_header_small_file_is_decoded_at_the_scale_the_models_need(self):
        data = flat_jpeg((6600, 6000))
        assert len(data) < 1_000_000
        photo = decode_photo(data, LIMITS)
        assert photo.mode == "RGB"
        assert LIMITS.target_side <= min(photo.size) and max(photo.size) <= 2 * 6600 // 8 + 1

    def test_kept_photo_is_decoded_large_enough_for_the_kept_copy(self):
        photo = decode_photo(flat_jpeg((6600, 6000)), LIMITS, keep=True)
        assert KEPT_PHOTO_SIDE <= max(photo.size) < 2 * KEPT_PHOTO_SIDE + 8

    def test_small_photo_is_decoded_at_full_size(self):
        assert decode_photo(image_bytes(scalp_image((640, 480))), LIMITS).size == (640, 480)

    def test_fifty_megapixel_jpeg_is_accepted(self):
        photo = decode_photo(flat_jpeg((8160, 6120)), LIMITS)
        assert max(photo.size) <= 8160 // 8 + 1

    def test_two_hundred_megapixel_jpeg_is_decoded_at_one_eighth(self):
        data = minimal_jpeg(16320, 12240)  # complete, flat grey: 0.8 MB
        assert decode_photo(data, LIMITS).size == (2040, 1530)

    def test_header_over_the_jpeg_limit_is_refused_before_decoding(self):
        data = with_claimed_size(flat_jpeg((1000, 1000)), 20000, 20000)
        with pytest.raises(PhotoError) as caught:
            decode_photo(data, LIMITS)
        assert caught.value.message == images.ERROR_TOO_MANY_PIXELS

    def test_progressive_jpeg_keeps_the_full_decode_pixel_limit(self):
        limits = Limits(**{**LIMITS.__dict__, "max_pixels": 1_000_000})
        with pytest.raises(PhotoError) as caught:
            decode_photo(flat_jpeg((2000, 1500), progressive=True), limits)
        assert caught.value.message == images.ERROR_TOO_MANY_PIXELS
        assert decode_photo(flat_jpeg((2000, 1500)), limits).size == (1000, 750)

    def test_png_keeps_the_pixel_limit(self):
        limits = Limits(**{**LIMITS.__dict__, "max_pixels": 1_000_000})
        with pytest.raises(PhotoError) as caught:
            decode_photo(image_bytes(Image.new("RGB", (2000, 1500)), fmt="PNG"), limits)
        assert caught.value.message == images.ERROR_TOO_MANY_PIXELS

    def test_truncated_large_jpeg_is_refused_at_draft_scale(self):
        data = image_bytes(scalp_image((4000, 3000)), quality=90)
        with pytest.raises(PhotoError) as caught:
            decode_photo(data[: len(data) // 2], LIMITS)
        assert caught.value.message == images.ERROR_TRUNCATED

    def test_exif_orientation_is_applied_after_a_draft_decode(self):
        exif = Image.Exif()
        exif[0x0112] = 6  # rotate 90° on display
        photo = decode_photo(flat_jpeg((4800, 3200), exif=exif), LIMITS)
        assert photo.height > photo.width

    def test_mpo_is_accepted_and_the_first_frame_is_used(self):
        first, preview = Image.new("RGB", (1200, 900), (250, 0, 0)), Image.new("RGB", (1200, 900), (0, 0, 250))
        out = io.BytesIO()
        first.save(out, "MPO", save_all=True, append_images=[preview])
        assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
        red, _, blue = decode_photo(out.getvalue(), LIMITS).getpixel((10, 10))
        assert red > 200 and blue < 50


def refusal(data: bytes, limits: Limits = LIMITS) -> PhotoError:
    with pytest.raises(PhotoError) as caught:
        decode_photo(data, limits)
    return caught.value


class TestIncompleteData:
    """A header may claim any size; the compressed data must be able to fill it (diagnosis.jpeg_data)."""

    def test_lying_header_is_refused_as_incomplete_without_decoding(self, tmp_path, monkeypatch):
        lying = write_photos(tmp_path, ["lying"])["lying"].read_bytes()  # 640x480 data, 6600x6000 header
        monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded a pixel"))
        error = refusal(lying)
        assert (error.message, error.code) == (images.ERROR_TRUNCATED, "truncated")

    def test_smallest_complete_file_for_the_claimed_size_is_accepted(self):
        photo = decode_photo(minimal_jpeg(6600, 6000), LIMITS)
        assert photo.size == (825, 750) and photo.getextrema() == ((128, 128),) * 3

    def test_one_byte_short_of_complete_is_refused(self):
        data = minimal_jpeg(6600, 6000)
        short = data[:-3] + data[-2:]  # one byte less of scan data; the end marker stays
        assert Image.open(io.BytesIO(short)).size == (6600, 6000)
        assert refusal(short).message == images.ERROR_TRUNCATED

    def test_bytes_outside_the_scan_do_not_count(self, tmp_path):
        lying = write_photos(tmp_path, ["lying"])["lying"].read_bytes()
        comment = b"\xff\xfe\xff\xff" + bytes(65533)  # the largest comment segment, before the frame
        padded = lying[:2] + comment * 4 + lying[2:] + bytes(300_000)  # and padding after the end marker
        assert len(padded) > 2 * images.jpeg_data.inspect(lying).needed
        assert refusal(padded).message == images.ERROR_TRUNCATED

    def test_progressive_lying_header_is_refused(self):
        data = flat_jpeg((640, 480), progressive=True)
        at = data.index(b"\xff\xc2") + 5
        lying = data[:at] + (6000).to_bytes(2, "big") * 2 + data[at + 4:]
        assert refusal(lying).message == images.ERROR_TRUNCATED

    def test_restart_markers_and_honest_photos_pass(self):
        photo = scalp_image((2000, 1500))
        for options in ({"restart_marker_blocks": 1}, {"progressive": True}, {"subsampling": 0}, {}):
            data = image_bytes(photo, quality=75, **options)
            assert decode_photo(data, LIMITS).size == (1000, 750), options

    def test_gray_photo_passes(self):
        assert decode_photo(image_bytes(scalp_image((800, 600)).convert("L")), LIMITS).size == (800, 600)

    def test_arithmetic_coded_jpeg_is_refused_with_its_own_message(self):
        data = flat_jpeg((800, 600)).replace(b"\xff\xc0", b"\xff\xc9", 1)
        error = refusal(data)
        assert error.message == images.ERROR_JPEG_KIND
        assert error.params["kind"] == images.JPEG_KIND_NAMES["arithmetic coding"]


class TestTargetSide:
    def test_target_is_twice_the_largest_model_input(self, settings, weights):
        assert decode_side() == 2 * TINY_SIZE

    def test_a_form_without_a_decode_side_uses_the_setting(self, settings):
        settings.UPLOAD_DECODE_SIDE = 777
        assert DiagnosisForm().decode_side == 777
        assert DiagnosisForm(decode_side=320).decode_side == 320
