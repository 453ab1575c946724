"""How good are generated images? Figures computed from a classifier's view of them.

A trained classifier judges generated samples three ways:

- ``mean_confidence``: how sure it is of its answer, on average (the top softmax probability);
- ``class_shares``: which share of the samples it assigns to each class; a class that a
  generator never produces (mode collapse) shows as a share near 0;
- ``frechet_distance``: how far apart two sets of feature vectors (say, the classifier's
  penultimate layer for real and for generated images) are, as the Fréchet distance between
  two Gaussians fitted to them (Heusel et al. 2017 introduced it with Inception features, as FID).

>>> import numpy as np
>>> from helpers import quality
>>> probabilities = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
>>> round(quality.mean_confidence(probabilities), 4)
0.7667
>>> quality.class_shares(probabilities, num_classes=2).round(4).tolist()
[0.6667, 0.3333]
"""
from __future__ import annotations

from typing import Any

import numpy as np

#: The largest imaginary part (relative to the largest entry) a matrix square root may carry and
#: still count as real: round-off leaves tiny imaginary parts; a large one means the covariances
#: are not what they should be (too few samples for the dimension, or a bug upstream).
IMAGINARY_TOLERANCE = 1e-3


def _as_2d(x: Any, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (samples × features), got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty: shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} holds NaN or infinite values")
    return arr


def gaussian_statistics(features: Any) -> tuple[np.ndarray, np.ndarray]:
    """Mean vector and covariance matrix of a set of feature vectors (one per row).

    >>> mu, cov = gaussian_statistics([[0.0, 1.0], [2.0, 3.0]])
    >>> mu.tolist(), cov.tolist()
    ([1.0, 2.0], [[2.0, 2.0], [2.0, 2.0]])
    """
    arr = _as_2d(features, "features")
    if arr.shape[0] < 2:
        raise ValueError(f"features: a covariance needs at least 2 samples, got {arr.shape[0]}")
    return arr.mean(axis=0), np.atleast_2d(np.cov(arr, rowvar=False))


def sqrtm_real(matrix: Any, *, tolerance: float = IMAGINARY_TOLERANCE) -> np.ndarray:
    """The real matrix square root of a product of two covariance matrices.

    ``scipy.linalg.sqrtm`` may return a complex result for a matrix whose exact root is real,
    because round-off pushes an eigenvalue near 0 slightly negative. Imaginary parts up to
    ``tolerance`` times the largest absolute entry are dropped; larger ones raise ValueError.

    >>> sqrtm_real([[4.0, 0.0], [0.0, 9.0]]).tolist()
    [[2.0, 0.0], [0.0, 3.0]]
    """
    import warnings

    from scipy import linalg

    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(f"sqrtm_real needs a square matrix, got shape {m.shape}")
    with warnings.catch_warnings():
        # A singular matrix makes scipy warn; the checks below judge the result instead.
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        root = linalg.sqrtm(m)
    if not np.all(np.isfinite(root)):
        raise ValueError("the matrix square root is not finite (a singular or ill-conditioned matrix)")
    if np.iscomplexobj(root):
        scale = max(float(np.max(np.abs(root.real))), 1e-12)
        worst = float(np.max(np.abs(root.imag)))
        if worst > tolerance * scale:
            raise ValueError(f"the matrix square root has an imaginary part of {worst:.3g} "
                             f"(relative {worst / scale:.3g} > {tolerance}): the matrix is far from "
                             "a product of two covariance matrices")
        root = root.real
    return np.asarray(root, dtype=np.float64)


def gaussian_frechet_distance(mu1: Any, cov1: Any, mu2: Any, cov2: Any, *, eps: float = 1e-6) -> float:
    """Fréchet distance between two Gaussians N(mu1, cov1) and N(mu2, cov2).

    d² = |mu1 − mu2|² + tr(cov1 + cov2 − 2 (cov1 cov2)^½). When the product is singular, a
    small ``eps`` is added to both diagonals before the square root (as reference FID code does).

    >>> round(gaussian_frechet_distance([0, 0], [[1, 0], [0, 4]], [3, 0], [[1, 0], [0, 1]]), 6)
    10.0
    """
    mu1, mu2 = np.atleast_1d(np.asarray(mu1, np.float64)), np.atleast_1d(np.asarray(mu2, np.float64))
    cov1, cov2 = np.atleast_2d(np.asarray(cov1, np.float64)), np.atleast_2d(np.asarray(cov2, np.float64))
    n = mu1.shape[0]
    if mu1.ndim != 1 or mu2.shape != mu1.shape:
        raise ValueError(f"the means must be vectors of the same length, got {mu1.shape} and {mu2.shape}")
    if cov1.shape != (n, n) or cov2.shape != (n, n):
        raise ValueError(f"the covariances must both be {n}×{n}, got {cov1.shape} and {cov2.shape}")
    diff = mu1 - mu2
    try:
        covmean = sqrtm_real(cov1 @ cov2)
    except ValueError:
        offset = eps * np.eye(n)
        covmean = sqrtm_real((cov1 + offset) @ (cov2 + offset))
    value = float(diff @ diff + np.trace(cov1) + np.trace(cov2) - 2.0 * np.trace(covmean))
    # The exact value is never negative; round-off can leave a tiny negative number for equal inputs.
    return max(value, 0.0)


def frechet_distance(features_a: Any, features_b: Any) -> float:
    """Fréchet distance between two sets of feature vectors (rows), via Gaussians fitted to each.

    Both sets need the same number of features and at least 2 rows; many more rows than
    features make the covariances, and so the distance, reliable.

    >>> rng = np.random.default_rng(0)
    >>> a = rng.normal(size=(2000, 3))
    >>> frechet_distance(a, a) < 1e-9
    True
    >>> round(frechet_distance(a, a + [2.0, 0.0, 0.0]), 6)   # a shift by 2: d² = 2²
    4.0
    """
    a, b = _as_2d(features_a, "features_a"), _as_2d(features_b, "features_b")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"the two feature sets differ in width: {a.shape[1]} and {b.shape[1]} features")
    mu1, cov1 = gaussian_statistics(a)
    mu2, cov2 = gaussian_statistics(b)
    return gaussian_frechet_distance(mu1, cov1, mu2, cov2)


def _probabilities(probabilities: Any) -> np.ndarray:
    p = _as_2d(probabilities, "probabilities")
    if p.min() < 0 or p.max() > 1:
        raise ValueError(f"probabilities must lie in [0, 1], got values from {p.min():.3g} to {p.max():.3g}"
                         " (apply softmax to logits first)")
    sums = p.sum(axis=1)
    if not np.allclose(sums, 1.0, atol=1e-3):
        worst = int(np.argmax(np.abs(sums - 1)))
        raise ValueError(f"each row of probabilities must sum to 1; row {worst} sums to {sums[worst]:.4f}"
                         " (apply softmax to logits first)")
    return p


def mean_confidence(probabilities: Any) -> float:
    """Mean over samples of the classifier's top probability (how sure it is of its answer).

    ``probabilities``: samples × classes, each row a softmax output summing to 1.

    >>> mean_confidence([[1.0, 0.0], [0.5, 0.5]])
    0.75
    """
    return float(_probabilities(probabilities).max(axis=1).mean())


def class_shares(predictions: Any, num_classes: int | None = None) -> np.ndarray:
    """Share of the samples assigned to each class; the shares sum to 1.

    ``predictions`` is either a vector of integer labels or a samples × classes array of
    probabilities (each sample counts for its most probable class). ``num_classes`` defaults to
    the width of the probabilities, and is required for labels.

    >>> class_shares([0, 2, 2, 1], num_classes=4).tolist()
    [0.25, 0.25, 0.5, 0.0]
    """
    arr = np.asarray(predictions)
    if arr.ndim == 2:
        p = _probabilities(arr)
        if num_classes is not None and num_classes != p.shape[1]:
            raise ValueError(f"num_classes={num_classes} but the probabilities have {p.shape[1]} columns")
        num_classes = p.shape[1]
        labels = p.argmax(axis=1)
    elif arr.ndim == 1:
        if num_classes is None:
            raise ValueError("class_shares of integer labels needs num_classes")
        if arr.size == 0:
            raise ValueError("class_shares needs at least one prediction")
        if not np.issubdtype(arr.dtype, np.integer):
            if not np.all(np.isfinite(arr.astype(float))) or not np.all(arr == np.round(arr)):
                raise ValueError("labels must be whole numbers (class indices)")
            arr = arr.astype(np.int64)
        labels = arr
    else:
        raise ValueError(f"predictions must be labels (1-D) or probabilities (2-D), got shape {arr.shape}")
    if num_classes < 1:
        raise ValueError(f"num_classes must be at least 1, got {num_classes}")
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(f"labels must lie in 0..{num_classes - 1}, got {labels.min()} to {labels.max()}")
    return np.bincount(labels, minlength=num_classes) / labels.size
