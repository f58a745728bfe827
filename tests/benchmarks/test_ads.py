"""benchmark_ads on a small throwaway SQLite database: it fills, times both pages and cleans up.

Run as its own process, as a person would: the command registers a second database, which the test
database guard of pytest-django would refuse inside the test process."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_fills_a_throwaway_database_times_both_pages_and_drops_it(tmp_path):
    path = tmp_path / "adsbench.sqlite3"
    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark_ads", "--database-url", f"sqlite:///{path}", "--campaigns", "5",
         "--rows", "1000", "--products", "18", "--samples", "3"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'project.sqlite3'}"})
    assert result.returncode == 0, result.stderr
    text = result.stdout
    filled = re.search(r"Filled 5 campaigns, 18 products and ([\d,]+) daily count rows", text)
    assert filled and 500 <= int(filled.group(1).replace(",", "")) <= 1000
    assert re.search(r"product section .*: database p50 [\d.]+ ms, p95 [\d.]+ ms, max [\d.]+ ms \(\d+ queries\)", text)
    assert re.search(r"campaign report .*: database p50 [\d.]+ ms", text)
    assert not path.exists()  # dropped
    assert not (tmp_path / "project.sqlite3").exists()  # the project's own database is never opened
