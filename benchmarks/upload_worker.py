"""Time and peak memory of one upload, measured in a fresh process so each figure is its own.

Run by `manage.py benchmark_uploads` as a plain script (never imported from the code under test):

    python benchmarks/upload_worker.py --code-dir DIR --photo FILE --runs 3

It imports Django and the project from --code-dir, which may be another checkout, so the same
measurement runs before and after a change. It relies on DiagnosisForm(decode_side=...),
diagnosis.selectors.decode_side and diagnosis_create(**form.cleaned_data): checkouts from the
structure step (issue 17) on. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def status_kib(field: str, pid: str = "self") -> int:
    """VmRSS or VmHWM (peak resident set) of a process, in KiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def reset_peak(pid: str = "self") -> bool:
    """Start VmHWM again from the current RSS (Linux >= 4.0); False where the kernel refuses."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def setup_django(code_dir: Path) -> None:
    sys.path[:1] = [str(code_dir)]  # the code under test, not this script's folder
    os.chdir(code_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalpspectra.settings")
    os.environ.setdefault("UPLOAD_RATE_LIMIT", "1000000/h")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def upload_once(photo: bytes, name: str) -> tuple[float, float, str]:
    """(seconds to a validated form, seconds to a saved diagnosis, outcome)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from diagnosis.forms import DiagnosisForm
    from diagnosis.selectors import decode_side
    from diagnosis.services import diagnosis_create

    start = time.perf_counter()
    # Keep the photo (the costlier path) and grade whatever the photo check says, so every case is timed
    # through decoding, checking, grading and storing.
    form = DiagnosisForm({"sex": "F", "age": "30", "area": "crown", "keep_photo": "on", "grade_anyway": "on"},
                         {"photo": SimpleUploadedFile(name, photo, "image/jpeg")}, decode_side=decode_side())
    valid = form.is_valid()
    decoded = time.perf_counter() - start
    if not valid:
        return decoded, decoded, "refused: " + " ".join(str(e) for e in form.errors.get("photo", form.errors))
    diagnosis_create(**form.cleaned_data)
    return decoded, time.perf_counter() - start, "accepted"


def warmup_photo() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((640, 480), 30).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def measure(photo_path: Path, runs: int) -> dict:
    from django.conf import settings

    from diagnosis.selectors import weights_problems

    if problems := weights_problems():  # loads the six models before the peak is reset
        raise SystemExit(f"weights unusable in {settings.WEIGHTS_DIR}: {problems}")
    upload_once(warmup_photo(), "warmup.jpg")  # the first inference pays one-off PyTorch set-up costs
    photo = photo_path.read_bytes()
    baseline = status_kib("VmRSS")
    exact = reset_peak()
    decode, total, outcome = [], [], ""
    for _ in range(runs):
        d, t, outcome = upload_once(photo, photo_path.name)
        decode.append(d)
        total.append(t)
    return {"photo": photo_path.name, "bytes": len(photo), "outcome": outcome,
            "decode_s": statistics.median(decode), "upload_s": statistics.median(total),
            "baseline_mib": baseline / 1024, "peak_mib": status_kib("VmHWM") / 1024, "peak_exact": exact}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code-dir", type=Path, required=True, help="checkout whose code is measured")
    parser.add_argument("--photo", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as var:
        os.environ["SCALPSPECTRA_VAR_DIR"] = var
        os.environ.pop("DATABASE_URL", None)
        setup_django(args.code_dir.resolve())
        print(json.dumps(measure(args.photo.resolve(), args.runs)))


if __name__ == "__main__":
    main()
