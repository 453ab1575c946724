"""Feature selection by gain ratio (Quinlan's C4.5 criterion), as Vogado et al. 2018 ranked deep features.

Each feature is cut into equal-frequency bins (edges learnt on the training data only), then

    information gain  IG = H(class) - H(class | bin)
    split information SI = H(bin)
    gain ratio        GR = IG / SI          (0 for a feature with a single bin)

Weka's ``GainRatioAttributeEval``, which the paper's tools provide, discretises differently (by
minimum description length); equal-frequency bins keep the idea in a few lines of NumPy.

>>> import numpy as np
>>> from helpers import selection
>>> y = np.repeat([0, 1], 50)
>>> X = np.column_stack([np.random.default_rng(0).normal(size=100), y + 0.1 * np.arange(100) % 1])
>>> ranker = selection.GainRatio(bins=10).fit(X, y)     # column 1 tells the classes apart
>>> ranker.transform(X, k=1).shape                      # keep the best-ranked feature only
(100, 1)
>>> bool(np.array_equal(ranker.transform(X, k=1)[:, 0], X[:, 1]))
True
"""
from __future__ import annotations

import numpy as np


def entropy(counts: np.ndarray, axis: int = -1) -> np.ndarray:
    """Shannon entropy in bits of counts along ``axis`` (empty rows give 0)."""
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum(axis=axis, keepdims=True)
    p = np.divide(counts, total, out=np.zeros_like(counts), where=total > 0)
    logs = np.log2(p, out=np.zeros_like(p), where=p > 0)
    return -(p * logs).sum(axis=axis)


def gain_ratio_of_bins(bins: np.ndarray, labels: np.ndarray) -> float:
    """Gain ratio of one discretised feature (integer bin per sample) for integer ``labels``."""
    bins, labels = np.asarray(bins), np.asarray(labels)
    if bins.shape != labels.shape or bins.ndim != 1:
        raise ValueError(f"bins {bins.shape} and labels {labels.shape} must be two equal 1-D arrays")
    _, b = np.unique(bins, return_inverse=True)
    _, c = np.unique(labels, return_inverse=True)
    table = np.zeros((b.max() + 1, c.max() + 1))
    np.add.at(table, (b, c), 1)
    split = float(entropy(table.sum(axis=1)))
    if split == 0:
        return 0.0
    h_class = float(entropy(table.sum(axis=0)))
    h_given = float((table.sum(axis=1) / len(bins) * entropy(table, axis=1)).sum())
    return (h_class - h_given) / split


class GainRatio:
    """Rank features by gain ratio; edges and scores come from ``fit`` (the training fold) alone."""

    def __init__(self, bins: int = 10):
        if bins < 2:
            raise ValueError(f"bins must be at least 2, got {bins}")
        self.bins = bins

    def fit(self, X: np.ndarray, y: np.ndarray) -> "GainRatio":
        X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
        if X.ndim != 2 or len(X) != len(y):
            raise ValueError(f"X must be (samples, features) with one label per sample; got {X.shape} and {y.shape}")
        qs = np.linspace(0, 1, self.bins + 1)[1:-1]
        self.edges_ = np.quantile(X, qs, axis=0).T                        # (features, bins - 1)
        self.scores_ = np.array([gain_ratio_of_bins(self._digitise(X, j), y) for j in range(X.shape[1])])
        self.ranking_ = np.argsort(-self.scores_, kind="stable")
        return self

    def _digitise(self, X: np.ndarray, j: int) -> np.ndarray:
        return np.searchsorted(np.unique(self.edges_[j]), X[:, j], side="right")

    def top(self, k: int) -> np.ndarray:
        if not 1 <= k <= len(self.ranking_):
            raise ValueError(f"k must be between 1 and {len(self.ranking_)}, got {k}")
        return self.ranking_[:k]

    def transform(self, X: np.ndarray, k: int) -> np.ndarray:
        return np.asarray(X)[:, self.top(k)]
