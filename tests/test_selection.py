"""Gain ratio: hand-computed values, an informative feature ranked first, fit on training data only."""
import numpy as np
import pytest

from helpers import selection


def test_entropy_in_bits():
    assert selection.entropy(np.array([5, 5])) == pytest.approx(1.0)
    assert selection.entropy(np.array([1, 1, 1, 1])) == pytest.approx(2.0)
    assert selection.entropy(np.array([7, 0])) == pytest.approx(0.0)
    assert selection.entropy(np.array([0, 0])) == pytest.approx(0.0)


def test_gain_ratio_by_hand():
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    # a perfect two-bin split: IG = 1 bit, SI = 1 bit
    assert selection.gain_ratio_of_bins(np.array([0, 0, 0, 0, 1, 1, 1, 1]), labels) == pytest.approx(1.0)
    # four pure bins: IG = 1 bit, SI = 2 bits -> 0.5 (gain ratio punishes many small bins)
    assert selection.gain_ratio_of_bins(np.array([0, 0, 1, 1, 2, 2, 3, 3]), labels) == pytest.approx(0.5)
    # a bin per half that says nothing about the class
    assert selection.gain_ratio_of_bins(np.array([0, 1, 0, 1, 0, 1, 0, 1]), labels) == pytest.approx(0.0)
    # one bin: no split, 0 rather than 0/0
    assert selection.gain_ratio_of_bins(np.zeros(8, int), labels) == 0.0
    # 3 samples in bin 0 (0,0,1), 5 in bin 1 (0,0,1,1,1): worked out with logs by hand
    bins = np.array([0, 0, 0, 1, 1, 1, 1, 1])
    labels2 = np.array([0, 0, 1, 0, 0, 1, 1, 1])
    h = lambda *p: -sum(q * np.log2(q) for q in p if q > 0)
    ig = h(0.5, 0.5) - (3 / 8 * h(2 / 3, 1 / 3) + 5 / 8 * h(2 / 5, 3 / 5))
    assert selection.gain_ratio_of_bins(bins, labels2) == pytest.approx(ig / h(3 / 8, 5 / 8))
    with pytest.raises(ValueError, match="equal"):
        selection.gain_ratio_of_bins(np.zeros(3), np.zeros(4))


def test_the_informative_features_come_first():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, 400)
    noise = rng.normal(size=(400, 20))
    X = noise.copy()
    X[:, 7] += 3 * y                  # strongly informative
    X[:, 13] += 1.0 * (y == 2)        # weakly informative
    X[:, 3] = 5.0                     # constant
    ranker = selection.GainRatio(bins=8).fit(X, y)
    assert list(ranker.top(2)) == [7, 13]
    assert ranker.scores_[3] == 0.0 and ranker.scores_.min() == 0.0
    assert ranker.transform(X, 2).shape == (400, 2)
    assert np.array_equal(ranker.transform(X, 1)[:, 0], X[:, 7])
    with pytest.raises(ValueError, match="k must be"):
        ranker.top(0)


def test_edges_come_from_the_training_data_only():
    rng = np.random.default_rng(1)
    X_train, y_train = rng.normal(size=(100, 3)), rng.integers(0, 2, 100)
    ranker = selection.GainRatio(bins=4).fit(X_train, y_train)
    edges = ranker.edges_.copy()
    ranker.transform(rng.normal(10, 1, size=(50, 3)), k=2)     # far-off test data changes nothing
    assert np.array_equal(edges, ranker.edges_)
    assert ranker.edges_.shape == (3, 3)
    with pytest.raises(ValueError, match="bins"):
        selection.GainRatio(bins=1)
