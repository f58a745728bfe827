"""Synthetic datasets generated once per test process and shared by the ML tests (generation is the
slow part on two cores)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from ml.synthetic import generate


@cache
def synthetic_dataset(n: int, seed: int) -> Path:
    root = Path(tempfile.mkdtemp(prefix=f"synthetic-{n}-{seed}-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    generate(root, n, seed)
    return root
