import numpy as np
import pytest
import torch
from PIL import Image, ImageEnhance, ImageFilter

from ml import calibrate, familiarity, metrics
from ml import photo_check as pc
from ml.photo_check_sets import documents, flat, scalps
from ml.predict import softmax
from tests.factories import write_checkpoint


@pytest.fixture(scope="module")
def scalp():
    return Image.fromarray(scalps(1, seed=5)[0][:, :, ::-1].copy())


def codes(image) -> dict[str, str]:
    return {r.code: r.level for r in pc.check_quality(image).reasons}


def test_a_synthetic_scalp_passes_the_quality_checks(scalp):
    check = pc.check_quality(scalp)
    assert check.outcome == pc.OK and check.codes == []
    assert set(check.scores["quality"]) == {"sharpness", "brightness", "dark_share", "bright_share", "contrast",
                                            "colours"}


@pytest.mark.parametrize(("radius", "level"), [(3, pc.DOUBTFUL), (8, pc.REFUSED)])
def test_blur_is_named_doubtful_then_refused(scalp, radius, level):
    assert codes(scalp.filter(ImageFilter.GaussianBlur(radius))) == {"blurry": level}


@pytest.mark.parametrize(("factor", "level"), [(0.45, pc.DOUBTFUL), (0.2, pc.REFUSED)])
def test_darkness_is_named_doubtful_then_refused(scalp, factor, level):
    assert codes(ImageEnhance.Brightness(scalp).enhance(factor))["dark"] == level


def test_blown_out_photo_is_overexposed(scalp):
    assert codes(ImageEnhance.Brightness(scalp).enhance(1.8))["overexposed"] == pc.REFUSED


def test_flat_colour_is_refused_as_flat_and_not_judged_for_blur():
    for image in flat(5, np.random.default_rng(0)):
        found = codes(image)
        assert found.get("flat") == pc.REFUSED and "blurry" not in found


def test_quality_does_not_depend_on_resolution(scalp):
    small, large = pc.measure_quality(scalp), pc.measure_quality(scalp.resize((1280, 960)))
    assert large["brightness"] == pytest.approx(small["brightness"], abs=2)
    assert pc.check_quality(scalp.resize((1280, 960))).outcome == pc.OK


def test_shrunk_mahalanobis_distance_is_exact_with_all_components():
    rng = np.random.default_rng(0)
    train = rng.normal(size=(400, 12)) @ rng.normal(size=(12, 12))
    stats = familiarity.fit(train)
    cov, shrinkage = familiarity.ledoit_wolf(train - train.mean(0))
    shrunk = (1 - shrinkage) * cov + shrinkage * np.trace(cov) / 12 * np.eye(12)
    x = rng.normal(size=(5, 12)) * 3
    diff = x - train.mean(0)
    expected = np.sqrt(np.einsum("ij,jk,ik->i", diff, np.linalg.inv(shrunk), diff))
    assert familiarity.distance(stats, x) == pytest.approx(expected, rel=2e-3)  # float16 eigenvectors
    assert 0 < shrinkage < 1


def test_low_rank_form_still_sees_directions_outside_the_training_subspace():
    rng = np.random.default_rng(1)
    train = np.zeros((300, 40))
    train[:, :5] = rng.normal(size=(300, 5)) * 10  # the training data live in 5 directions
    train += rng.normal(size=train.shape) * 0.1
    stats = familiarity.fit(train, max_components=8)
    assert stats["components"].shape == (8, 40) and stats["components"].dtype == np.float16
    inside, outside = np.zeros(40), np.zeros(40)
    inside[0], outside[20] = 10, 10
    assert familiarity.distance(stats, outside)[0] > 10 * familiarity.distance(stats, inside)[0]


def test_the_combined_threshold_flags_the_chosen_share_of_held_out_images():
    rng = np.random.default_rng(2)
    train = {f"value_{i}": rng.normal(size=(400, 5)) for i in range(1, 7)}
    val = {s: rng.normal(size=(1000, 5)) for s in train}
    stats = calibrate.photo_check_stats(train, val, false_alarm_rate=0.02)
    assert {e["threshold"] for e in stats.values()} == {stats["value_1"]["threshold"]}  # one common threshold
    assert stats["value_1"]["heldout_flagged"] == pytest.approx(0.02, abs=0.002)
    flagged = [pc.combined_familiarity(pc.familiarity_scores({s: val[s][i] for s in val}, stats), stats) > 1
               for i in range(1000)]
    assert np.mean(flagged) == pytest.approx(0.02, abs=0.002)  # the site's score is the one calibrated


def test_a_photo_far_off_in_every_model_scores_above_one_far_off_in_one_less():
    scores = {f"value_{i}": 1.0 for i in range(1, 7)}
    stats = {s: {"threshold": 2.0, "scale": 1.0} for s in scores}
    assert pc.combined_familiarity(scores, stats) == pytest.approx(0.5)
    assert pc.combined_familiarity({s: 4.0 for s in scores}, stats) == pytest.approx(2.0)
    assert pc.combined_familiarity({**scores, "value_1": 64.0}, stats) == pytest.approx(1.0)  # 64 ** (1/6) = 2


def test_temperature_fit_recovers_the_temperature_that_made_the_labels():
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(4000, 4)) * 4
    targets = np.array([rng.choice(4, p=p) for p in softmax(logits, 2.5)])
    assert calibrate.fit_temperature(logits, targets) == pytest.approx(2.5, rel=0.1)


def test_ece_is_zero_when_confidence_matches_accuracy_and_large_when_overconfident():
    probs = np.array([[0.75, 0.25, 0, 0]] * 400)
    targets = np.array([0] * 300 + [1] * 100)
    assert metrics.expected_calibration_error(probs, targets) == pytest.approx(0.0, abs=1e-9)
    overconfident = np.array([[0.99, 0.01, 0, 0]] * 400)
    assert metrics.expected_calibration_error(overconfident, targets) == pytest.approx(0.24)


def test_store_adds_the_keys_and_keeps_the_float16_weights_and_everything_else(tmp_path):
    path = write_checkpoint(tmp_path / "value_1.pt", "value_1")
    before = torch.load(path, weights_only=True)
    before["state_dict"] = {k: v.half() if v.is_floating_point() else v for k, v in before["state_dict"].items()}
    torch.save(before, path)
    stats = familiarity.fit(np.random.default_rng(0).normal(size=(50, 6)))
    calibrate.store(path, temperature=1.7, photo_check={**stats, "threshold": 3.0})
    after = torch.load(path, weights_only=True)
    assert after["temperature"] == 1.7 and after["photo_check"]["threshold"] == 3.0
    assert after["photo_check"]["components"].dtype == torch.float16
    assert all(torch.equal(after["state_dict"][k], v) for k, v in before["state_dict"].items())
    assert {k: after[k] for k in before if k != "state_dict"} == {k: v for k, v in before.items() if k != "state_dict"}


def test_familiarity_reason_levels_and_missing_statistics():
    stats = {"value_1": {"threshold": 1.0, "scale": 1.0, "refuse_factor": 2.0}}
    assert pc.familiarity_reason(0.9, stats) is None
    assert pc.familiarity_reason(1.5, stats) == pc.Reason("unfamiliar", pc.DOUBTFUL)
    assert pc.familiarity_reason(2.5, stats) == pc.Reason("unfamiliar", pc.REFUSED)
    assert pc.familiarity_scores({"value_1": np.zeros(3)}, {"value_1": {}}) is None
    assert pc.familiarity_scores({"value_1": np.zeros(3)}, {"value_1": {"threshold": 1.0}}) is None  # old format


def test_documents_render_text_the_quality_checks_see_as_a_sharp_photo():
    page = documents(1, np.random.default_rng(0))[0]
    assert pc.measure_quality(page)["sharpness"] > 1.0


def test_thresholds_keep_their_defaults_unless_the_environment_sets_one():
    assert pc.Thresholds.from_env({"PATH": "/bin"}) == pc.Thresholds()
    env = {"PHOTO_CHECK_SHARPNESS_REFUSED": "0.1", "PHOTO_CHECK_COLOURS_REFUSED": "8",
           "PHOTO_CHECK_FAMILIARITY_ENABLED": "0"}
    assert pc.Thresholds.from_env(env) == pc.Thresholds(sharpness_refused=0.1, colours_refused=8,
                                                        familiarity_enabled=False)


def test_a_threshold_that_is_not_a_number_is_named():
    with pytest.raises(ValueError, match="PHOTO_CHECK_BRIGHTNESS_REFUSED must be a number, not 'dark'"):
        pc.Thresholds.from_env({"PHOTO_CHECK_BRIGHTNESS_REFUSED": "dark"})


@pytest.mark.parametrize(("name", "text", "says"), [("PHOTO_CHECK_FAMILIARITY_ENABLED", "ture", "one of"),
                                                     ("PHOTO_CHECK_COLOURS_REFUSED", "16.5", "a whole number")])
def test_a_mistyped_switch_or_count_is_named_not_guessed(name, text, says):
    with pytest.raises(ValueError, match=f"{name} must be {says}"):
        pc.Thresholds.from_env({name: text})
