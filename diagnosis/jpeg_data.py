"""Whether a JPEG holds enough compressed data to fill the size its header claims.

libjpeg decodes a file whose data ends early by filling the missing blocks with grey, after a warning
that Pillow does not surface, and it walks every block of the claimed size even in draft mode. A small
file whose header claims a huge size would so cost what the header says, not what the file holds.

A complete scan cannot be smaller than this: with Huffman coding every block of every component spends
at least one bit on its DC code and one on its AC codes (the end-of-block code, or else the last
coefficient's code), so a sequential frame needs two bits per block; the DC scans of a progressive frame
alone need one bit per block. A file below that bound is incomplete, whatever its header says, and a file
above it costs libjpeg at most four blocks per byte: the decoding work follows the file's size.
Arithmetic coding has no such bound, and lossless or hierarchical JPEGs no draft scaling; cameras and
phones write none of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEQUENTIAL = {0xC0, 0xC1}  # baseline and extended sequential, Huffman-coded
PROGRESSIVE = {0xC2}
UNSUPPORTED = {  # start-of-frame markers of the kinds we do not decode: name for the message
    0xC3: "lossless", 0xC5: "hierarchical", 0xC6: "hierarchical", 0xC7: "hierarchical",
    0xC9: "arithmetic coding", 0xCA: "arithmetic coding", 0xCB: "arithmetic coding",
    0xCD: "hierarchical", 0xCE: "hierarchical", 0xCF: "hierarchical",
}
SOS, EOI = 0xDA, 0xD9
STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and the restart markers carry no length

# A marker between segments, after any fill bytes (libjpeg skips stray bytes before it, and so do we).
_SEGMENT = re.compile(rb"\xff+([^\x00\xff])")
# The end of entropy-coded data: a marker that is neither a stuffed 0x00 nor a restart marker.
_SCAN_END = re.compile(rb"\xff+[^\x00\xd0-\xd7\xff]")


@dataclass(frozen=True)
class Frame:
    marker: int
    width: int
    height: int
    sampling: tuple[tuple[int, int], ...]  # (horizontal, vertical) factors, one pair per component

    def blocks(self) -> int:
        """8x8 blocks in the whole frame, each component at its own resolution (no MCU padding)."""
        h_max = max(h for h, _ in self.sampling)
        v_max = max(v for _, v in self.sampling)
        total = 0
        for h, v in self.sampling:
            width, height = -(-self.width * h // h_max), -(-self.height * v // v_max)
            total += -(-width // 8) * -(-height // 8)
        return total

    def min_entropy_bytes(self) -> int:
        bits_per_block = 2 if self.marker in SEQUENTIAL else 1
        return -(-self.blocks() * bits_per_block // 8)


@dataclass(frozen=True)
class Inspection:
    frame: Frame
    needed: int  # the fewest entropy-coded bytes a complete file of this frame can hold
    found: int  # entropy-coded bytes counted, stopping as soon as `needed` is reached

    @property
    def unsupported(self) -> str | None:
        return UNSUPPORTED.get(self.frame.marker)

    @property
    def complete(self) -> bool:
        return self.found >= self.needed


def _frame(marker: int, body: bytes) -> Frame | None:
    if len(body) < 6:
        return None
    height, width, count = int.from_bytes(body[1:3], "big"), int.from_bytes(body[3:5], "big"), body[5]
    sampling = tuple((body[7 + 3 * i] >> 4, body[7 + 3 * i] & 15) for i in range(count) if 8 + 3 * i < len(body))
    if not sampling or any(h == 0 or v == 0 for h, v in sampling):
        return None
    return Frame(marker, width, height, sampling)


def inspect(data: bytes) -> Inspection | None:
    """Read the first frame's header and count its entropy-coded bytes up to what a complete file needs.

    Only the segment headers and at most `needed` bytes of scan data are read, so the cost is small and
    does not grow with the photo. None when there is no frame to judge (Pillow has already refused those).
    """
    frame, found, pos = None, 0, 2
    while True:
        segment = _SEGMENT.search(data, pos)
        if segment is None:
            break
        code, pos = segment.group(1)[0], segment.end()
        if code == EOI:
            break
        if code in STANDALONE:
            continue
        length = int.from_bytes(data[pos:pos + 2], "big")
        if 0xC0 <= code <= 0xCF and code not in (0xC4, 0xC8, 0xCC) and frame is None:
            frame = _frame(code, data[pos + 2:pos + length])
        pos += length
        if code != SOS or frame is None:
            continue
        # Entropy-coded data runs to the next marker; look no further than the bytes still needed.
        needed = frame.min_entropy_bytes()
        stop = min(len(data), pos + needed - found)
        end = _SCAN_END.search(data, pos, stop + 1)
        found += (end.start() if end else stop) - pos
        if found >= needed or end is None:
            break
        pos = end.start()
    if frame is None:
        return None
    return Inspection(frame, frame.min_entropy_bytes(), found)
