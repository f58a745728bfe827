"""Turning an uploaded file into a fully decoded, trustworthy photo, or a clear reason why not."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, UnidentifiedImageError
from pillow_heif import register_heif_opener

from diagnosis import jpeg_data
from ml.imaging import to_rgb

register_heif_opener()
# Our own Limits (checked right after the header is read, before any pixel is decoded) replace Pillow's
# process-wide bomb guard, which would refuse a 200 MP phone JPEG that draft mode decodes at 1/8 scale.
Image.MAX_IMAGE_PIXELS = None

# MPO: a JPEG carrying a second (preview) image, common on phones; the first frame is the photo.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "HEIF"}
DRAFT_FORMATS = {"JPEG", "MPO"}
KEPT_PHOTO_SIDE = 1600  # the long side of the copy kept for reviewers (encode_jpeg)
ERROR_TOO_LARGE = _("The photo is larger than %(limit)s. Please upload a smaller photo.")
ERROR_EMPTY = _("The file is empty. Please choose a photo.")
ERROR_NOT_IMAGE = _("This file is not a photo we can read. Please upload a JPEG, PNG, WebP or HEIC photo.")
ERROR_FORMAT = _("%(format)s files are not supported. Please upload a JPEG, PNG, WebP or HEIC photo.")
ERROR_TRUNCATED = _("The photo is damaged or incomplete. Please take or upload it again.")
ERROR_JPEG_KIND = _(
    "This JPEG is stored with %(kind)s, which phones and cameras do not use. Please upload the photo as your "
    "camera saved it, or as a PNG."
)
JPEG_KIND_NAMES = {  # diagnosis.jpeg_data.UNSUPPORTED's names, for the message
    "lossless": _("lossless compression"),
    "hierarchical": _("hierarchical compression"),
    "arithmetic coding": _("arithmetic coding"),
}
ERROR_TOO_MANY_PIXELS = _("The photo has too many pixels to process safely. Please upload a smaller photo.")
ERROR_TOO_SMALL = _(
    "The photo is too small (%(width)s×%(height)s). A scalp photo needs at least %(min)s pixels on each side."
)
ERROR_ASPECT = _("The photo's shape (%(width)s×%(height)s) is too long and narrow to be a scalp photo.")


class PhotoError(ValueError):
    """Why an upload is not a usable photo: a user-facing message and a stable code (the API's error code)."""

    def __init__(self, message, params=None, *, code: str = "invalid_photo"):
        self.message, self.params, self.code = message, params or {}, code
        super().__init__(str(message))


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int  # progressive JPEG: libjpeg buffers every coefficient at full size (~3 bytes a pixel)
    min_side: int
    max_aspect: float
    max_jpeg_pixels: int = 250_000_000  # baseline JPEG/MPO: draft mode decodes at most ~2x target_side
    target_side: int = 600  # both sides needed >= this: twice the largest model input
    # PNG, WebP and HEIC have no scaled decode: one full-size copy, 4 bytes a pixel (twice that for a moment
    # with WebP and HEIC, whose decoders hand Pillow their own buffer), so they get the smallest limit.
    max_full_decode_pixels: int = 25_000_000


def _pixel_limit(image: Image.Image, limits: Limits) -> int:
    # A progressive JPEG makes libjpeg buffer every DCT coefficient of the full image whatever the
    # draft scale, so it gets a full-decode limit.
    if image.format in DRAFT_FORMATS:
        progressive = image.info.get("progressive") or image.info.get("progression")
        return limits.max_pixels if progressive else limits.max_jpeg_pixels
    return min(limits.max_pixels, limits.max_full_decode_pixels)


def _open(data: bytes, limits: Limits) -> Image.Image:
    # Image.open reads only the header; the pixel check below (Pillow's own guard is off, see the top)
    # is what refuses decompression bombs before any pixel is decoded.
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(ERROR_NOT_IMAGE, code="not_an_image") from exc
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoError(ERROR_FORMAT, {"format": image.format or "?"}, code="unsupported_format")
    width, height = image.size
    if width * height > _pixel_limit(image, limits):
        raise PhotoError(ERROR_TOO_MANY_PIXELS, code="too_many_pixels")
    if min(width, height) < limits.min_side:
        raise PhotoError(ERROR_TOO_SMALL, {"width": width, "height": height, "min": limits.min_side}, code="too_small")
    if max(width, height) / min(width, height) > limits.max_aspect:
        raise PhotoError(ERROR_ASPECT, {"width": width, "height": height}, code="bad_aspect")
    if image.format in DRAFT_FORMATS:
        _check_jpeg_data(data)
    return image


def _check_jpeg_data(data: bytes) -> None:
    """Refuse a JPEG whose compressed data is too small to fill the size its header claims: libjpeg would
    pad it with grey at the cost of the claimed size (see diagnosis.jpeg_data)."""
    found = jpeg_data.inspect(data)
    if found is None:
        return
    if found.unsupported:
        raise PhotoError(ERROR_JPEG_KIND, {"kind": JPEG_KIND_NAMES[found.unsupported]}, code="unsupported_format")
    if not found.complete:
        raise PhotoError(ERROR_TRUNCATED, code="truncated")


def draft_request(size: tuple[int, int], limits: Limits, keep: bool) -> tuple[int, int]:
    """The smallest (width, height) the decoded photo must cover: both sides >= target_side (the
    models squash the whole photo to a square), and the long side >= KEPT_PHOTO_SIDE when it is kept."""
    width, height = size
    need_w = need_h = limits.target_side
    if keep:
        long_side = max(width, height)
        need_w = max(need_w, -(-KEPT_PHOTO_SIDE * width // long_side))
        need_h = max(need_h, -(-KEPT_PHOTO_SIDE * height // long_side))
    return need_w, need_h


def decode_photo(data: bytes, limits: Limits, keep: bool = False) -> Image.Image:
    """Decode every pixel (so truncated files fail here, not later) and return an upright RGB image no larger
    than about twice what is used (draft_request), so at most one full-size copy ever exists, briefly.

    JPEGs are decoded with libjpeg's DCT scaling (Pillow's draft mode) at the smallest power-of-two
    scale that still covers what is used, so the cost follows the need, not what the header claims.
    PNG, WebP and HEIC are decoded at full size and at once reduced by a whole factor (Image.reduce).
    """
    if not data:
        raise PhotoError(ERROR_EMPTY, code="empty")
    if len(data) > limits.max_bytes:
        raise PhotoError(ERROR_TOO_LARGE, {"limit": f"{limits.max_bytes // (1024 * 1024)} MB"}, code="too_large")
    image = _open(data, limits)
    need = draft_request(image.size, limits, keep)
    if image.format in DRAFT_FORMATS:
        image.draft("RGB", need)
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(ERROR_TRUNCATED, code="truncated") from exc
    return to_rgb(image if image.format in DRAFT_FORMATS else _reduced(image, need))


REDUCIBLE_MODES = {"L", "LA", "RGB", "RGBA", "RGBa", "CMYK", "I", "F"}


def _reduced(image: Image.Image, need: tuple[int, int]) -> Image.Image:
    """The decoded image shrunk by the largest whole factor that still covers `need`; the full-size pixels
    are freed at once (the caller holds no other reference)."""
    factor = min(image.width // need[0], image.height // need[1])
    if factor < 2:
        return image
    if image.mode not in REDUCIBLE_MODES:  # palette or 16-bit: to RGB first (P is 1 byte a pixel)
        converted = to_rgb(image)
        converted.info = image.info
        image.close()
        image = converted
    small = image.reduce(factor)
    small.info = image.info  # EXIF orientation and the colour profile go with the pixels
    image.close()
    return small


def _in_srgb(image: Image.Image) -> Image.Image:
    """Pixels as they look under the photo's embedded colour profile (e.g. Display P3), in sRGB."""
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: keep the pixel values as they are


def pixels_only(image: Image.Image) -> Image.Image:
    """A new image made from the pixel values alone: no EXIF, XMP, ICC, comment or text chunk survives."""
    rgb = _in_srgb(image).convert("RGB")
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())


def encode_jpeg(image: Image.Image, *, max_side: int = KEPT_PHOTO_SIDE, quality: int = 90) -> bytes:
    """The copy kept (with consent) for reviewers: upright, pixels only, sRGB, bounded size."""
    copy = image.copy()  # decode_photo's copy: at most about twice the kept size
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    copy = pixels_only(copy)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()
