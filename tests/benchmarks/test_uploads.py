import json
import subprocess
import sys

import pytest
from django.conf import settings
from PIL import Image

from benchmarks.management.commands.benchmark_uploads import WORKER
from benchmarks.photos import LYING_CLAIM, write_photos
from diagnosis import jpeg_data

# Each starts real servers or fresh processes and measures them: tens of seconds (make test runs them).
pytestmark = pytest.mark.slow


def test_lying_photo_claims_forty_megapixels_in_the_bytes_of_a_small_photo(tmp_path):
    photos = write_photos(tmp_path, ["640x480", "lying"])
    assert Image.open(photos["lying"]).size == LYING_CLAIM
    honest = photos["640x480"].stat().st_size
    assert abs(photos["lying"].stat().st_size - honest) < honest // 100


def test_minimal_photo_is_the_smallest_complete_file_of_the_lying_size(tmp_path):
    data = write_photos(tmp_path, ["minimal"])["minimal"].read_bytes()
    assert Image.open(tmp_path / "minimal.jpg").size == LYING_CLAIM
    found = jpeg_data.inspect(data)
    assert found.found == found.needed and len(data) - found.needed < 200


def test_worker_reports_time_and_peak_rss_of_one_real_upload(tmp_path, tiny_weights_dir):
    photo = write_photos(tmp_path, ["640x480"])["640x480"]
    env = {"PATH": "/usr/bin:/bin", "WEIGHTS_DIR": str(tiny_weights_dir), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, str(WORKER), "--code-dir", str(settings.BASE_DIR), "--photo", str(photo),
                           "--runs", "1"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    row = json.loads(done.stdout.strip().splitlines()[-1])
    assert row["outcome"] == "accepted"
    assert row["upload_s"] >= row["decode_s"] > 0
    assert row["peak_mib"] >= row["baseline_mib"] > 50
