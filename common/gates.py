"""Process-wide gates around work whose memory or CPU grows with its input: decoding an upload, rendering a
PDF. N requests at once then cost at most (gate size) times one job's bound, the rest wait their turn."""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from contextlib import contextmanager
from functools import cache

_gates: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_lock = threading.Lock()


def gate(name: str, size: int) -> threading.BoundedSemaphore:
    """The gate `name` of this size (`with gate("decode", 2): ...`); one per process."""
    with _lock:
        return _gates.setdefault((name, max(1, size)), threading.BoundedSemaphore(max(1, size)))


@cache
def _libc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None  # glibc only


def release_free_memory() -> None:
    """Hand memory freed by a big decode back to the system (glibc keeps freed heap pages otherwise, so a
    worker's RSS would stay at its peak). A no-op where the C library is not glibc."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@contextmanager
def bounded(name: str, size: int, *, trim: bool = False):
    """Inside the gate `name`; with `trim`, freed memory goes back to the system on the way out."""
    with gate(name, size):
        try:
            yield
        finally:
            if trim:
                release_free_memory()
