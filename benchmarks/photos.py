"""The benchmark photos of uploads: phone-sized JPEGs and crafted files (a header that lies about its size,
the smallest complete file of a size). Tests build their hostile files from these too."""

import io
import struct
from pathlib import Path

from PIL import Image, ImageChops

from ml.bench import scalp_photo

CASE_SIZES = {"640x480": (640, 480), "12mp": (4000, 3000), "50mp": (8160, 6120), "200mp": (16320, 12240)}
LYING_CLAIM = (6600, 6000)  # the header says 39.6 MP; the body is a 640x480 photo
# "lying": a 640x480 photo whose header claims LYING_CLAIM; "minimal": the smallest complete file of that size
CRAFTED_CASES = ("lying", "minimal")
CASE_NAMES = ", ".join([*CASE_SIZES, *CRAFTED_CASES])
DEFAULT_CASES = "640x480,12mp,50mp,lying,minimal"


def phone_photo(size: tuple[int, int], seed_photo: Image.Image) -> Image.Image:
    """A scalp-like photo of the given size: the seed photo scaled up plus sensor-like noise."""
    base = seed_photo.resize(size, Image.Resampling.BILINEAR)
    noise = Image.effect_noise(size, 8).convert("RGB")
    return ImageChops.add(base, noise, scale=1.0, offset=-128)


def with_claimed_size(jpeg: bytes, width: int, height: int) -> bytes:
    """The same JPEG with its SOF0 header rewritten to claim another size (the data stays small)."""
    at = jpeg.index(b"\xff\xc0") + 5
    return jpeg[:at] + struct.pack(">HH", height, width) + jpeg[at + 4:]


def minimal_jpeg(width: int, height: int) -> bytes:
    """The smallest complete baseline JPEG of a size: flat grey, coded with one-bit Huffman codes for
    "DC unchanged" and "end of block", so each 8x8 block costs two bits, the least a complete file can."""

    def segment(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body

    bits = 2 * -(-width // 8) * -(-height // 8)
    scan = bytes(bits // 8) + (bytes([0xFF >> bits % 8]) if bits % 8 else b"")  # padded with 1 bits
    one_code = bytes([1] + [0] * 15)  # BITS: a single code, one bit long
    return (b"\xff\xd8" + segment(0xDB, b"\x00" + b"\x01" * 64)
            + segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
            + segment(0xC4, b"\x00" + one_code + b"\x00")  # DC table: category 0 (no change)
            + segment(0xC4, b"\x10" + one_code + b"\x00")  # AC table: end of block
            + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + scan + b"\xff\xd9")


def write_photos(folder: Path, cases: list[str]) -> dict[str, Path]:
    seed, paths = scalp_photo(), {}
    for case in cases:
        out = io.BytesIO()
        if case == "lying":
            phone_photo((640, 480), seed).save(out, "JPEG", quality=90)
            data = with_claimed_size(out.getvalue(), *LYING_CLAIM)
        elif case == "minimal":
            data = minimal_jpeg(*LYING_CLAIM)
        elif case in CASE_SIZES:
            phone_photo(CASE_SIZES[case], seed).save(out, "JPEG", quality=90)
            data = out.getvalue()
        else:
            raise ValueError(f"unknown case {case!r}; choose from {CASE_NAMES}")
        paths[case] = folder / f"{case}.jpg"
        paths[case].write_bytes(data)
    return paths
