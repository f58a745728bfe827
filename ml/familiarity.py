"""How far a photo's pooled features lie from the training photos' features (one model at a time).

The score is the Mahalanobis distance to the training features under a Ledoit-Wolf shrunk
covariance (Ledoit & Wolf 2004: the shrinkage towards a scaled identity that minimises the expected
error; a sample covariance of 1,657 images in 448 dimensions is too noisy to invert as it is).

Stored compactly, as a probabilistic-PCA-like form of the same covariance: the mean, the top k
eigenvectors (float16) with their shrunk eigenvalues, and one variance for the remaining F - k
directions (the mean of their shrunk eigenvalues). With F <= MAX_COMPONENTS every direction is kept
and the distance is the exact shrunk Mahalanobis distance (the demo B0 at width 0.35 has F = 448:
448 x 448 float16 = 0.4 MB per model). For the original project's B7 (F = 2560) a full float32 precision
matrix would be 26 MB per model; 512 components in float16 are 2.6 MB, and the residual term still
sees anything that leaves the training subspace.

The six models' distances are combined into one score: each divided by its median on held-out images
of the training kind (the validation split), then the geometric mean over the models (`combine`). The
threshold is a quantile of that combined score on the held-out images (ml.calibrate).
No torch and no Django here: NumPy only.
"""

from __future__ import annotations

import numpy as np

METHOD = "mahalanobis-ledoit-wolf"
COMBINE = "geometric-mean"
MAX_COMPONENTS = 512
QUANTILE_LEVELS = (0.5, 0.9, 0.95, 0.98, 0.99, 0.995, 1.0)


def ledoit_wolf(centred: np.ndarray) -> tuple[np.ndarray, float]:
    """(sample covariance, shrinkage in [0, 1]) of centred rows (as sklearn.covariance.ledoit_wolf)."""
    n, p = centred.shape
    cov = centred.T @ centred / n
    mu = np.trace(cov) / p
    x2 = centred**2
    beta = (np.sum(x2.T @ x2) / n - np.sum(cov**2)) / (n * p)
    delta = (np.sum(cov**2) - 2 * mu * np.trace(cov) + p * mu**2) / p
    beta = min(beta, delta)
    return cov, float(beta / delta) if delta > 0 else 0.0


def fit(train_features: np.ndarray, *, max_components: int = MAX_COMPONENTS) -> dict:
    """Mean, shrunk eigen-decomposition and residual variance of the training features."""
    x = np.asarray(train_features, dtype=np.float64)
    mean = x.mean(axis=0)
    cov, shrinkage = ledoit_wolf(x - mean)
    mu = np.trace(cov) / cov.shape[0]
    eigenvalues, eigenvectors = np.linalg.eigh(cov)
    order = np.argsort(eigenvalues)[::-1]
    shrunk = (1 - shrinkage) * np.clip(eigenvalues[order], 0, None) + shrinkage * mu
    k = min(max_components, x.shape[1])
    floor = max(float(mu) * 1e-6, 1e-12)  # a constant feature (all zero) must not divide by zero
    residual = float(shrunk[k:].mean()) if k < len(shrunk) else 0.0
    return {"method": METHOD, "mean": mean.astype(np.float32),
            "components": eigenvectors[:, order[:k]].T.astype(np.float16),
            "eigenvalues": np.maximum(shrunk[:k], floor).astype(np.float32),
            "residual_variance": max(residual, floor) if k < len(shrunk) else 0.0,
            "shrinkage": shrinkage, "n_train": int(x.shape[0]), "dim": int(x.shape[1])}


def distance(stats: dict, features: np.ndarray) -> np.ndarray:
    """Mahalanobis distance of each row of features [N, F] (or one vector) to the training features."""
    x = np.atleast_2d(np.asarray(features, dtype=np.float64)) - np.asarray(stats["mean"], dtype=np.float64)
    components = np.asarray(stats["components"], dtype=np.float64)
    projected = x @ components.T
    d2 = np.sum(projected**2 / np.asarray(stats["eigenvalues"], dtype=np.float64), axis=1)
    if stats.get("residual_variance"):
        residual = np.maximum(np.sum(x**2, axis=1) - np.sum(projected**2, axis=1), 0.0)
        d2 += residual / float(stats["residual_variance"])
    return np.sqrt(d2)


def combine(ratios) -> np.ndarray:
    """The geometric mean over models of each model's distance / its held-out median ({symptom: [N]})."""
    logs = [np.log(np.maximum(np.asarray(r, dtype=np.float64), 1e-12)) for r in ratios.values()]
    return np.exp(np.mean(logs, axis=0))


def quantiles(values: np.ndarray, levels=QUANTILE_LEVELS) -> dict[str, float]:
    """{"0.5": ..., "1.0": max} of held-out scores, for the record and the reports."""
    return {str(q): float(np.quantile(values, q)) for q in levels}
