"""helpers.quality: Fréchet distance, class shares and mean confidence."""
import numpy as np
import pytest

from helpers import quality


def test_frechet_distance_of_a_set_with_itself_is_zero():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(500, 20)) @ rng.normal(size=(20, 20))   # correlated features
    assert quality.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)


def test_frechet_distance_matches_the_closed_form_for_diagonal_gaussians():
    # For diagonal covariances, d² = |mu1 − mu2|² + Σ (σ1 − σ2)².
    mu1, mu2 = np.array([0.0, 1.0, -2.0]), np.array([1.0, 1.0, 0.0])
    var1, var2 = np.array([1.0, 4.0, 9.0]), np.array([4.0, 1.0, 9.0])
    expected = np.sum((mu1 - mu2) ** 2) + np.sum((np.sqrt(var1) - np.sqrt(var2)) ** 2)   # 5 + 1 + 1
    got = quality.gaussian_frechet_distance(mu1, np.diag(var1), mu2, np.diag(var2))
    assert got == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(7.0)


def test_frechet_distance_matches_the_closed_form_for_commuting_full_covariances():
    # Covariances sharing eigenvectors Q: d² = |Δmu|² + Σ (√λ1 − √λ2)² over the eigenvalues.
    rng = np.random.default_rng(2)
    q, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    l1, l2 = rng.uniform(0.5, 3, 5), rng.uniform(0.5, 3, 5)
    cov1, cov2 = q @ np.diag(l1) @ q.T, q @ np.diag(l2) @ q.T
    mu1, mu2 = rng.normal(size=5), rng.normal(size=5)
    expected = np.sum((mu1 - mu2) ** 2) + np.sum((np.sqrt(l1) - np.sqrt(l2)) ** 2)
    assert quality.gaussian_frechet_distance(mu1, cov1, mu2, cov2) == pytest.approx(expected, rel=1e-8)


def test_frechet_distance_of_samples_approaches_the_gaussians_value():
    rng = np.random.default_rng(3)
    a = rng.normal(loc=0.0, scale=1.0, size=(20_000, 4))
    b = rng.normal(loc=[1.0, 0.0, 0.0, 0.0], scale=2.0, size=(20_000, 4))
    expected = 1.0 + 4 * (2.0 - 1.0) ** 2        # a shift of 1 in one feature, σ from 1 to 2 in all four
    assert quality.frechet_distance(a, b) == pytest.approx(expected, rel=0.03)


def test_frechet_distance_grows_with_the_shift_and_is_symmetric():
    rng = np.random.default_rng(4)
    a = rng.normal(size=(1000, 3))
    near = quality.frechet_distance(a, a + 0.5)
    far = quality.frechet_distance(a, a + 2.0)
    assert 0 < near < far
    b = rng.normal(size=(800, 3)) * 1.5
    assert quality.frechet_distance(a, b) == pytest.approx(quality.frechet_distance(b, a), rel=1e-6)


def test_frechet_distance_survives_singular_covariances():
    # More features than samples, and a constant feature: the covariance products are singular,
    # scipy's square root may turn complex; the result must still be a finite, non-negative number.
    rng = np.random.default_rng(5)
    a = rng.normal(size=(10, 30))
    a[:, 0] = 1.0
    b = rng.normal(size=(12, 30))
    b[:, 0] = 1.0
    d = quality.frechet_distance(a, b)
    assert np.isfinite(d) and d >= 0
    assert quality.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-4)


def test_sqrtm_real_drops_round_off_but_refuses_a_truly_complex_root():
    root = quality.sqrtm_real(np.diag([4.0, 9.0, 1e-20]))
    assert root.dtype == np.float64
    assert np.allclose(root @ root, np.diag([4.0, 9.0, 0.0]), atol=1e-9)
    with pytest.raises(ValueError, match="imaginary part"):
        quality.sqrtm_real(np.diag([4.0, -9.0]))       # √−9 = 3i: not a covariance product
    with pytest.raises(ValueError, match="square matrix"):
        quality.sqrtm_real(np.ones((2, 3)))


@pytest.mark.parametrize("a, b, message", [
    (np.ones(5), np.ones((5, 2)), "2-D"),
    (np.ones((5, 2)), np.ones((5, 3)), "differ in width"),
    (np.ones((1, 2)), np.ones((5, 2)), "at least 2 samples"),
    (np.zeros((0, 2)), np.ones((5, 2)), "empty"),
    (np.full((5, 2), np.nan), np.ones((5, 2)), "NaN"),
])
def test_frechet_distance_bad_shapes_give_clear_errors(a, b, message):
    with pytest.raises(ValueError, match=message):
        quality.frechet_distance(a, b)


def test_gaussian_frechet_distance_checks_its_shapes():
    with pytest.raises(ValueError, match="same length"):
        quality.gaussian_frechet_distance([0, 0], np.eye(2), [0, 0, 0], np.eye(3))
    with pytest.raises(ValueError, match="2×2"):
        quality.gaussian_frechet_distance([0, 0], np.eye(2), [0, 0], np.eye(3))


def test_class_shares_from_labels_and_from_probabilities_sum_to_one():
    rng = np.random.default_rng(6)
    labels = rng.integers(0, 10, size=997)
    shares = quality.class_shares(labels, num_classes=10)
    assert shares.shape == (10,)
    assert shares.sum() == pytest.approx(1.0)
    assert np.allclose(shares, np.bincount(labels, minlength=10) / 997)

    logits = rng.normal(size=(300, 4))
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    shares = quality.class_shares(probabilities)
    assert shares.sum() == pytest.approx(1.0)
    assert np.allclose(shares, np.bincount(probabilities.argmax(axis=1), minlength=4) / 300)


def test_class_shares_show_a_missing_class_as_zero():
    shares = quality.class_shares([1, 1, 2, 2, 2, 0], num_classes=5)
    assert shares.tolist() == pytest.approx([1 / 6, 2 / 6, 3 / 6, 0.0, 0.0])


@pytest.mark.parametrize("predictions, num_classes, message", [
    ([0, 1, 10], 10, r"0\.\.9"),
    ([-1, 0], 10, r"0\.\.9"),
    ([0, 1], None, "needs num_classes"),
    ([], 10, "at least one"),
    ([0.5, 1.0], 10, "whole numbers"),
    (np.zeros((2, 2, 2)), 10, "1-D.*2-D"),
    ([[0.5, 0.5], [0.2, 0.8]], 3, "columns"),
    ([[2.0, -1.0]], None, r"\[0, 1\]"),
    ([[0.2, 0.2]], None, "sum to 1"),
])
def test_class_shares_bad_input_gives_clear_errors(predictions, num_classes, message):
    with pytest.raises(ValueError, match=message):
        quality.class_shares(predictions, num_classes=num_classes)


def test_mean_confidence_is_the_mean_top_probability():
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [1 / 3, 1 / 3, 1 / 3]])
    assert quality.mean_confidence(p) == pytest.approx((0.7 + 0.8 + 1 / 3) / 3)
    assert quality.mean_confidence(np.eye(4)) == 1.0


@pytest.mark.parametrize("p, message", [
    ([0.5, 0.5], "2-D"),
    ([[3.0, -2.0]], r"\[0, 1\]"),
    ([[0.5, 0.4]], "sum to 1"),
    ([[np.inf, 0.0]], "NaN or infinite"),
])
def test_mean_confidence_refuses_what_is_not_probabilities(p, message):
    with pytest.raises(ValueError, match=message):
        quality.mean_confidence(p)
