"""A kept photo carries pixels only: nothing the camera, the phone or an editor wrote into the file."""

import io

import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from diagnosis.images import encode_jpeg
from diagnosis.models import Human
from tests.diagnosis.helpers import upload
from tests.factories import image_bytes, scalp_image

ADDRESS = "서울특별시 강남구 테헤란로 123"
PHONE = "010-1234-5678"
SECRETS = [ADDRESS.encode(), PHONE.encode(), b"Teheran", b"PhoneMaker", b"Exif", b"http://ns.adobe.com/xap",
           b"ICC_PROFILE", b"photoshop"]


def jpeg_full_of_metadata() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.ImageDescription] = "Teheran-ro"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (37.0, 30.0, 3.5),
                ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (127.0, 2.0, 1.25)})
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description photoshop:City="{ADDRESS}"/></x:xmpmeta>'
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return image_bytes(scalp_image((400, 300)), comment=f"{ADDRESS} {PHONE}".encode(), exif=exif,
                       xmp=xmp.encode(), icc_profile=icc)


def png_with_text_chunks() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"Teheran-ro {PHONE}")
    info.add_itxt("Address", ADDRESS, lang="ko", tkey="주소")
    info.add_itxt("XML:com.adobe.xmp", f'<x:xmpmeta xmlns:x="adobe:ns:meta/" photoshop:City="{ADDRESS}"/>')
    return image_bytes(scalp_image((400, 300)), fmt="PNG", pnginfo=info)


def test_the_fixtures_really_carry_the_metadata():
    jpeg = Image.open(io.BytesIO(jpeg_full_of_metadata()))
    assert PHONE.encode() in jpeg.info["comment"] and "xmp" in jpeg.info and "icc_profile" in jpeg.info
    assert jpeg.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert Image.open(io.BytesIO(png_with_text_chunks())).text["Address"] == ADDRESS


def assert_pixels_only(data: bytes) -> None:
    for secret in SECRETS:
        assert secret not in data, secret
    stored = Image.open(io.BytesIO(data))
    assert not stored.getexif()
    assert not set(stored.info) & {"comment", "exif", "xmp", "icc_profile", "photoshop"}, stored.info
    assert stored.applist == [] or all(marker == "APP0" for marker, _ in stored.applist), stored.applist


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "name", "ctype"), [(jpeg_full_of_metadata, "scalp.jpg", "image/jpeg"),
                                                      (png_with_text_chunks, "scalp.png", "image/png")])
def test_stored_photo_keeps_no_metadata(client, weights, make, name, ctype):
    assert upload(client, make(), keep_photo=True, name=name, content_type=ctype).status_code == 302
    with Human.objects.get().photo.open("rb") as stored:
        assert_pixels_only(stored.read())


def test_a_colour_profile_is_applied_then_dropped():
    image = Image.open(io.BytesIO(jpeg_full_of_metadata()))
    image.load()
    reference = image.convert("RGB").getpixel((10, 10))
    stored = Image.open(io.BytesIO(encode_jpeg(image)))
    assert "icc_profile" not in stored.info
    assert all(abs(a - b) <= 6 for a, b in zip(stored.getpixel((10, 10)), reference, strict=True))


def test_a_broken_colour_profile_is_dropped_too():
    image = scalp_image((200, 200))
    image.info["icc_profile"] = b"not a profile"
    assert_pixels_only(encode_jpeg(image))
