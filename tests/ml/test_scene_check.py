"""The scene check's decision, its file, and where it sits in the pipeline (ml.assess)."""

import numpy as np
import pytest

from ml import photo_check as pc
from ml import scene_check
from ml.assess import Scenery, assess
from ml.scene_check import NOT_SCALP, SCALP_CLOSEUP, TOO_FAR, SceneModel
from tests.factories import scalp_image


def model(threshold: float = 0.5) -> SceneModel:
    """Two features: feature 0 votes scalp, feature 1 votes too_far, neither votes not_scalp."""
    weight = np.array([[4.0, 0.0], [0.0, 4.0], [0.0, 0.0]])
    return SceneModel(np.zeros(2), np.ones(2), weight, np.zeros(3), threshold, 224, {})


class FixedBackbone:
    """Answers the same pooled features for every photo, as LoadedModel.infer does."""
    image_size = 32

    def __init__(self, features):
        self.features = np.asarray(features, dtype=np.float32)

    def infer(self, batch):
        return np.zeros((len(batch), 1000), np.float32), np.tile(self.features, (len(batch), 1))


def test_categories_follow_the_scalp_threshold_then_the_likelier_other_class():
    m = model()
    assert [s.category for s in m.classify(np.array([[2.0, 0.0], [0.0, 2.0], [-2.0, -2.0]]))] == [
        SCALP_CLOSEUP, TOO_FAR, NOT_SCALP]
    p_scalp = m.classify(np.array([[0.05, 0.0]]))[0].probabilities[SCALP_CLOSEUP]
    assert p_scalp < 0.5
    assert model(threshold=p_scalp - 1e-6).classify(np.array([[0.05, 0.0]]))[0].category == SCALP_CLOSEUP


def test_the_file_round_trips_and_another_version_is_named(tmp_path):
    m, path = model(0.3), tmp_path / "scene.npz"
    scene_check.save(path, feature_mean=m.feature_mean, feature_scale=m.feature_scale, weight=m.weight, bias=m.bias,
                     scalp_threshold=0.3, image_size=224, info={"note": "test"})
    loaded = scene_check.load(path)
    assert loaded.scalp_threshold == 0.3 and loaded.info == {"note": "test"}
    np.testing.assert_allclose(loaded.weight, m.weight)
    with np.load(path) as f:
        data = dict(f)
    np.savez(tmp_path / "old.npz", **{**data, "version": np.int64(0)})
    with pytest.raises(scene_check.SceneModelError, match="ml.scene_fit"):
        scene_check.load(tmp_path / "old.npz")
    with pytest.raises(scene_check.SceneModelError):
        scene_check.load(tmp_path / "missing.npz")


def test_a_photo_that_is_not_a_scalp_is_never_graded_even_when_asked():
    def models():
        raise AssertionError("the grading models must not run")

    scenery = Scenery(FixedBackbone([-2.0, -2.0]), model())
    result = assess(scalp_image(), models=models, scenery=scenery, grade_anyway=True)
    assert not result.graded and result.check.final
    assert (result.check.outcome, result.check.codes, result.check.scene) == (pc.REFUSED, ["not_scalp"], NOT_SCALP)


def test_too_far_is_refused_but_not_final():
    check = assess(scalp_image(), models=dict, scenery=Scenery(FixedBackbone([0.0, 2.0]), model())).check
    assert (check.outcome, check.codes, check.final) == (pc.REFUSED, ["too_far"], False)
    assert check.as_dict()["scene"] == TOO_FAR and check.scores["scene"]["category"] == TOO_FAR


def test_a_scalp_close_up_keeps_only_the_quality_outcome():
    quality = pc.check_quality(scalp_image())
    first = pc.with_scene(quality, model().classify(np.array([[2.0, 0.0]]))[0])
    assert (first.outcome, first.codes, first.scene) == (quality.outcome, quality.codes, SCALP_CLOSEUP)


def test_a_scalp_close_up_the_models_find_unfamiliar_is_graded_with_a_warning_not_refused():
    quality = pc.with_scene(pc.check_quality(scalp_image()), model().classify(np.array([[2.0, 0.0]]))[0])
    stats = {"value_1": {"threshold": 1.0, "refuse_factor": 2.0}}
    assert pc.familiarity_reason(5.0, stats) == pc.Reason("unfamiliar", pc.REFUSED)
    check = pc.PhotoCheck(quality.outcome, quality.reasons, quality.scores, quality.scene)
    far = {"value_1": {"method": "m", "mean": np.zeros(2), "components": np.eye(2), "eigenvalues": np.ones(2),
                       "residual_variance": 0.0, "scale": 1.0, "threshold": 1.0, "refuse_factor": 2.0}}
    graded = pc.check_photo(check, {"value_1": np.array([30.0, 0.0])}, far)
    assert ("unfamiliar", pc.DOUBTFUL) in [(r.code, r.level) for r in graded.reasons]
    assert graded.outcome == pc.DOUBTFUL and graded.scene == SCALP_CLOSEUP
