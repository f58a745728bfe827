"""Six symptom grades, the scalp type and its progression for one photo."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ml.labels import SYMPTOM_KEYS, Grade, ScalpType, progression, scalp_type
from ml.model import LoadedModel
from ml.presets import EvalPreset


@dataclass(frozen=True)
class SymptomPrediction:
    symptom: str
    grade: int
    probabilities: tuple[float, ...]  # calibrated: softmax(logits / temperature)
    weights: dict  # LoadedModel.describe(): file, sha256, arch, data source


@dataclass(frozen=True)
class Prediction:
    symptoms: tuple[SymptomPrediction, ...]
    scalp_type: ScalpType
    progression: Grade
    # Per symptom, the pooled features the grade came from (for the photo check; never stored).
    features: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    logits: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @property
    def grades(self) -> dict[str, int]:
        return {s.symptom: s.grade for s in self.symptoms}


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = np.exp(z - z.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def predict(image: Image.Image, models: Mapping[str, LoadedModel]) -> Prediction:
    """Run every symptom model on one image. Models sharing an input size share the preprocessing."""
    inputs: dict[tuple, np.ndarray] = {}
    results, features, logits = [], {}, {}
    for symptom in SYMPTOM_KEYS:
        m = models[symptom]
        key = (m.image_size, m.mean, m.std)
        if key not in inputs:
            inputs[key] = EvalPreset(m.image_size, m.mean, m.std)(image).unsqueeze(0).numpy()
        out, feats = m.infer(inputs[key])
        probs = softmax(out[0], m.temperature)
        features[symptom], logits[symptom] = feats[0], out[0]
        results.append(SymptomPrediction(
            symptom=symptom, grade=int(probs.argmax()),
            probabilities=tuple(round(float(p), 4) for p in probs), weights=m.describe()))
    grades = {r.symptom: r.grade for r in results}
    return Prediction(symptoms=tuple(results), scalp_type=scalp_type(grades),
                      progression=progression(grades), features=features, logits=logits)
