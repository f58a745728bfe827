import urllib.error

import pytest
import torch
from PIL import Image

from ml import evaluate, metrics, train, train_setup
from ml.dataset import read_dataset
from ml.model import build_model, load_checkpoint
from tests.factories import TINY_ARCH, TINY_OVERRIDES, write_checkpoint
from tests.ml.synthetic_data import synthetic_dataset

TINY = ["--arch", TINY_ARCH, "--width", "0.1", "--depth", "0.1", "--image-size", "32", "--batch-size", "16",
        "--workers", "0", "--threads", "1", "--no-progress", "--cache-images"]


def _args(*argv):
    return train.get_args_parser().parse_args(list(argv))


def test_defaults_are_the_seed_recipe():
    args = _args("--data", "x")
    assert (args.image_size, args.lr, args.lr_step_size, args.lr_gamma, args.epochs, args.patience) == (
        300, 1e-4, 7, 0.1, 100, 5)
    assert args.arch is None and args.init == "random" and args.symptoms.split(",") == [
        f"value_{i}" for i in range(1, 7)]
    assert train._arch(args, "value_1") == ("efficientnet-b3", {})
    assert train._arch(args, "value_6") == ("efficientnet-b7", {})
    assert train._arch(_args("--data", "x", "--arch", "efficientnet-b0", "--width", "0.5"), "value_6") == (
        "efficientnet-b0", {"width_coefficient": 0.5})


def test_flips_augmentation_never_shows_black_corners_the_seed_one_does():
    image = Image.new("RGB", (80, 60), (200, 150, 100))
    torch.manual_seed(0)

    def corners_seen(augment):
        transform = train.train_transform(_args("--data", "x", "--image-size", "32", "--augment", augment))
        return any(float(t.std()) > 0.01 for t in (transform(image)[0] for _ in range(10)))

    assert corners_seen("original") and not corners_seen("flips")


def test_class_weights_favour_rare_grades():
    weights = train.class_weights([0] * 8 + [1] * 2)
    assert weights.tolist() == pytest.approx([10 / 32, 10 / 8, 1.0, 1.0])


def test_bn_recalibration_uses_statistics_of_the_clean_images():
    torch.manual_seed(0)
    model = build_model(TINY_ARCH, image_size=32, overrides=TINY_OVERRIDES)
    images = torch.rand(8, 3, 32, 32) * 2 + 1
    train.recalibrate_bn(model, [(images[:4], None), (images[4:], None)], "cpu", max_images=8)
    with torch.no_grad():
        stem = model._conv_stem(images)
    assert torch.allclose(model._bn0.running_mean, stem.mean((0, 2, 3)), atol=1e-5)
    assert model._bn0.momentum == pytest.approx(0.01)  # restored


def test_imagenet_init_without_network_says_what_to_do(monkeypatch):
    def offline(*_args, **_kwargs):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr("efficientnet_pytorch.utils.model_zoo.load_url", offline)
    with pytest.raises(SystemExit) as err:
        train_setup.imagenet_model("efficientnet-b0", 64, {})
    message = str(err.value)
    assert "URLError" in message and "--init-weights" in message and "efficientnet-b0-355c32eb.pth" in message
    with pytest.raises(SystemExit, match="only for the standard"):
        train_setup.imagenet_model("efficientnet-b0", 64, {"width_coefficient": 0.5})
    with pytest.raises(SystemExit, match="ImageNet weights for efficientnet-b0"):  # before reading any data
        train.main(_args("--data", "/nonexistent", "--init", "imagenet", "--arch", "efficientnet-b0"))


def test_init_weights_start_from_a_local_checkpoint(tmp_path):
    path = write_checkpoint(tmp_path / "start.pt", "value_1", seed=3)
    args = _args("--data", "x", "--image-size", "32", "--init-weights", str(path), "--bn-momentum", "0.2")
    model = train_setup.init_model(args, TINY_ARCH, TINY_OVERRIDES)
    expected = load_checkpoint(path).model.state_dict()
    assert all(torch.equal(v, expected[k]) for k, v in model.state_dict().items())
    assert {m.momentum for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)} == {0.2}
    with pytest.raises(SystemExit, match="not a readable weights file"):
        train_setup.load_init_weights(model, str(tmp_path / "missing.pt"))


def test_writes_checkpoint_with_provenance_and_resumes(tmp_path, capsys):
    data = synthetic_dataset(60, 21)
    common = ["--data", str(data), "--out", str(tmp_path / "w"), "--run-dir", str(tmp_path / "r"),
              "--symptoms", "value_2", "--patience", "9", *TINY]
    train.main(_args(*common, "--epochs", "1"))
    train.main(_args(*common, "--epochs", "2", "--resume", "--half"))
    out = capsys.readouterr().out
    assert "resuming after epoch 1" in out and "value_2 epoch   2/2" in out and "F1" in out
    ckpt = torch.load(tmp_path / "w" / "value_2.pt", weights_only=True)
    assert [h["epoch"] for h in ckpt["metrics"]["history"]] == [1, 2]
    prov = ckpt["provenance"]
    assert prov["data"] == "synthetic" and prov["epochs"] == 2 and "--resume" in prov["command"]
    assert prov["train_images"] + prov["val_images"] == 60 and prov["hardware"].startswith("CPU")
    assert ckpt["state_dict"]["_fc.weight"].dtype == torch.float16
    load_checkpoint(tmp_path / "w" / "value_2.pt", expect_symptom="value_2")


@pytest.mark.slow
def test_short_training_run_learns_an_easy_symptom(tmp_path):
    """Interfollicular erythema (value_3) is the easiest symptom to see; a tiny model trained for a
    few epochs on a few hundred synthetic images must beat always answering the commonest grade."""
    data = synthetic_dataset(320, 22)
    args = _args("--data", str(data), "--out", str(tmp_path / "w"), "--run-dir", str(tmp_path / "r"),
                 "--symptoms", "value_3", "--arch", TINY_ARCH, "--width", "0.25", "--depth", "0.2",
                 "--image-size", "64", "--epochs", "6", "--lr", "3e-3", "--lr-step-size", "4",
                 "--batch-size", "32", "--balanced-sampler", "--bn-momentum", "0.1", "--bn-recalibrate", "200",
                 "--workers", "0", "--threads", "2", "--no-progress", "--cache-images")
    train.main(args)
    samples = read_dataset(synthetic_dataset(160, 23)).samples
    y_true, y_pred = evaluate.predict_grades(load_checkpoint(tmp_path / "w" / "value_3.pt"), samples,
                                             progress=False)
    model_f1 = metrics.macro_f1(metrics.confusion_matrix(y_true, y_pred))
    baseline = metrics.majority_baseline(y_true)["macro_f1"]
    assert model_f1 > baseline + 0.15, (model_f1, baseline)
