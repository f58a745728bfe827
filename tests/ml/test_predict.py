import io

import pytest
import torch
from PIL import Image

from ml.labels import NUM_GRADES, SCALP_TYPES, SYMPTOM_KEYS
from ml.model import CheckpointError, build_model, load_checkpoint, make_checkpoint
from ml.predict import predict
from ml.presets import EvalPreset, to_rgb
from tests.factories import scalp_image, write_checkpoint, write_weights


def test_checkpoint_loads_with_weights_only_and_rebuilds_the_model(tmp_path):
    path = write_checkpoint(tmp_path / "value_6.pt", "value_6")
    raw = torch.load(path, map_location="cpu", weights_only=True)
    assert raw["arch"] == "efficientnet-b0" and raw["image_size"] == 32
    assert raw["provenance"]["data"] == "synthetic"
    loaded = load_checkpoint(path, expect_symptom="value_6")
    assert loaded.model(torch.zeros(1, 3, 32, 32)).shape == (1, NUM_GRADES)


@pytest.mark.parametrize("arch", ["efficientnet-b3", "efficientnet-b7"])
def test_seed_architectures_load_at_any_recorded_size(tmp_path, arch):
    model = build_model(arch, image_size=64)
    ckpt = make_checkpoint(model, symptom="value_1", arch=arch, image_size=64, half=True)
    torch.save(ckpt, tmp_path / "value_1.pt")
    loaded = load_checkpoint(tmp_path / "value_1.pt")
    assert loaded.arch == arch and loaded.image_size == 64
    assert loaded.model(torch.zeros(1, 3, 64, 64)).shape == (1, NUM_GRADES)


def test_rejects_checkpoint_for_another_symptom(tmp_path):
    path = write_checkpoint(tmp_path / "value_1.pt", "value_2")
    with pytest.raises(CheckpointError, match="value_2"):
        load_checkpoint(path, expect_symptom="value_1")


def test_rejects_corrupt_checkpoint(tmp_path):
    path = tmp_path / "value_1.pt"
    path.write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError):
        load_checkpoint(path)


def test_prediction_has_grade_probabilities_and_provenance_for_all_six(tmp_path):
    write_weights(tmp_path)
    models = {s: load_checkpoint(tmp_path / f"{s}.pt") for s in SYMPTOM_KEYS}
    result = predict(scalp_image(), models)
    assert [s.symptom for s in result.symptoms] == list(SYMPTOM_KEYS)
    for s in result.symptoms:
        assert len(s.probabilities) == NUM_GRADES
        assert sum(s.probabilities) == pytest.approx(1.0, abs=1e-3)
        assert s.grade == max(range(NUM_GRADES), key=lambda g: s.probabilities[g])
        assert s.weights["file"] == f"{s.symptom}.pt" and s.weights["data"] == "synthetic"
    assert result.scalp_type in SCALP_TYPES


def _with_orientation(image, orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return Image.open(io.BytesIO(out.getvalue()))


def test_eval_preset_applies_exif_orientation_first():
    landscape = Image.new("RGB", (80, 40), (200, 150, 150))
    upright = to_rgb(_with_orientation(landscape, 6))  # 6 = rotate 90° on display
    assert upright.size == (40, 80)


@pytest.mark.parametrize("mode", ["RGBA", "P", "L", "CMYK", "I;16", "LA"])
def test_eval_preset_accepts_any_mode(mode):
    image = Image.new("RGB", (50, 40), (180, 120, 100)).convert(mode) if mode != "I;16" else \
        Image.new("I;16", (50, 40), 30000)
    tensor = EvalPreset(32)(image)
    assert tensor.shape == (3, 32, 32) and tensor.dtype == torch.float32


def test_sixteen_bit_grey_is_scaled_not_clipped_to_white():
    image = Image.new("I;16", (40, 40), 1000)
    image.putpixel((0, 0), 4000)
    rgb = to_rgb(image)
    assert rgb.getpixel((5, 5))[0] < 128 and rgb.getpixel((0, 0))[0] == 255


def test_transparent_pixels_become_white_background():
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    assert to_rgb(image).getpixel((0, 0)) == (255, 255, 255)
