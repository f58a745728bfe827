"""Classification metrics in numpy: confusion matrix, accuracy, macro-F1, per-grade precision/recall.

Macro-F1 averages the F1 of the grades that occur in the true or the predicted labels (as
scikit-learn does by default), so a grade absent from a small evaluation set does not count as 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ml.labels import NUM_GRADES


def confusion_matrix(y_true: Sequence[int], y_pred: Sequence[int], n: int = NUM_GRADES) -> np.ndarray:
    """cm[t, p] = number of images of true grade t predicted as p."""
    cm = np.zeros((n, n), dtype=np.int64)
    np.add.at(cm, (np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)), 1)
    return cm


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.zeros(num.shape, dtype=float), where=den > 0)


def per_grade(cm: np.ndarray) -> dict[str, list[float]]:
    tp = np.diag(cm).astype(float)
    precision = _ratio(tp, cm.sum(0))
    recall = _ratio(tp, cm.sum(1))
    f1 = _ratio(2 * precision * recall, precision + recall)
    return {"precision": precision.tolist(), "recall": recall.tolist(), "f1": f1.tolist(),
            "support": cm.sum(1).tolist()}


def macro_f1(cm: np.ndarray) -> float:
    seen = (cm.sum(0) + cm.sum(1)) > 0
    if not seen.any():
        return 0.0
    return float(np.mean(np.asarray(per_grade(cm)["f1"])[seen]))


def accuracy(cm: np.ndarray) -> float:
    total = cm.sum()
    return float(np.trace(cm) / total) if total else 0.0


def summarize(y_true: Sequence[int], y_pred: Sequence[int]) -> dict:
    """Everything evaluation reports about one symptom's predictions, as plain types."""
    cm = confusion_matrix(y_true, y_pred)
    return {"images": int(cm.sum()), "accuracy": accuracy(cm), "macro_f1": macro_f1(cm),
            **per_grade(cm), "confusion": cm.tolist()}


def majority_baseline(y_true: Sequence[int], majority: int | None = None) -> dict:
    """What always answering one grade scores: by default the commonest grade of y_true itself,
    the best any constant answer can do on accuracy."""
    y_true = np.asarray(y_true, dtype=np.int64)
    if majority is None:
        majority = int(np.bincount(y_true, minlength=NUM_GRADES).argmax()) if y_true.size else 0
    cm = confusion_matrix(y_true, np.full_like(y_true, majority))
    return {"grade": majority, "accuracy": accuracy(cm), "macro_f1": macro_f1(cm)}


def reliability(probabilities: np.ndarray, y_true: Sequence[int], bins: int = 15) -> list[dict]:
    """Per equal-width confidence bin (confidence = the top probability): mean confidence, accuracy
    and count; the points of a reliability diagram."""
    probs = np.asarray(probabilities, dtype=np.float64)
    confidence, correct = probs.max(axis=1), probs.argmax(axis=1) == np.asarray(y_true)
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    return [{"low": b / bins, "high": (b + 1) / bins, "count": int(np.sum(which == b)),
             "confidence": float(confidence[which == b].mean()) if np.any(which == b) else None,
             "accuracy": float(correct[which == b].mean()) if np.any(which == b) else None}
            for b in range(bins)]


def expected_calibration_error(probabilities: np.ndarray, y_true: Sequence[int], bins: int = 15) -> float:
    """ECE (Guo et al. 2017): the count-weighted mean |accuracy - confidence| over confidence bins."""
    rows = reliability(probabilities, y_true, bins)
    n = sum(r["count"] for r in rows)
    return float(sum(r["count"] * abs(r["accuracy"] - r["confidence"]) for r in rows if r["count"]) / max(n, 1))
