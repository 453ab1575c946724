"""Notebook 09's exercise checks pass the right answers and catch typical wrong ones."""
import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from helpers.exercises import ex09


def salt_and_pepper(images, fraction, seed=0):
    rng = np.random.default_rng(seed)
    noisy = np.array(images, dtype="float32")
    hit = rng.random(noisy.shape) < fraction
    noisy[hit] = rng.integers(0, 2, size=int(hit.sum()))
    return noisy


def bce_per_image(originals, reconstructions):
    x = np.asarray(originals, dtype="float64").reshape(len(originals), -1)
    r = np.clip(np.asarray(reconstructions, dtype="float64").reshape(len(x), -1), 1e-7, 1 - 1e-7)
    return -(x * np.log(r) + (1 - x) * np.log(1 - r)).mean(axis=1)


def bce_with_keras(originals, reconstructions):
    import keras
    n = len(originals)
    loss = keras.losses.binary_crossentropy(np.reshape(originals, (n, -1)), np.reshape(reconstructions, (n, -1)))
    return keras.ops.convert_to_numpy(loss)


def auroc(normal_scores, anomaly_scores):
    labels = np.r_[np.zeros(len(normal_scores)), np.ones(len(anomaly_scores))]
    return roc_auc_score(labels, np.r_[normal_scores, anomaly_scores])


def auroc_by_pairs(normal_scores, anomaly_scores):
    a, n = np.asarray(anomaly_scores)[:, None], np.asarray(normal_scores)[None, :]
    return float(np.mean((a > n) + 0.5 * (a == n)))


def test_right_answers_pass():
    assert ex09.problems(1, salt_and_pepper) == []
    assert ex09.problems(2, bce_per_image) == []
    assert ex09.problems(2, bce_with_keras) == []
    assert ex09.problems(3, auroc) == []
    assert ex09.problems(3, auroc_by_pairs) == []


def test_an_unfinished_function_is_told_so():
    for n in (1, 2, 3):
        assert "nothing yet" in ex09.problems(n, lambda *a, **k: ...)[0]
    assert "no answer yet" in ex09.problems(1, ...)[0]


def noise_in_place(images, fraction, seed=0):
    rng = np.random.default_rng(seed)
    hit = rng.random(images.shape) < fraction
    images[hit] = rng.integers(0, 2, size=int(hit.sum()))
    return images.astype("float32")


def only_salt(images, fraction, seed=0):
    noisy = np.array(images, dtype="float32")
    noisy[np.random.default_rng(seed).random(noisy.shape) < fraction] = 1.0
    return noisy


def gaussian(images, fraction, seed=0):
    noise = fraction * np.random.default_rng(seed).standard_normal(np.shape(images))
    return np.clip(images + noise, 0, 1).astype("float32")


@pytest.mark.parametrize("wrong, says", [
    (noise_in_place, "copy"),
    (lambda x, f, seed=0: salt_and_pepper(x, f, seed).astype("float64"), "float32"),
    (lambda x, f, seed=0: salt_and_pepper(np.squeeze(x), f, seed), "shape"),
    (gaussian, "neither unchanged"),
    (only_salt, "half"),
    (lambda x, f, seed=0: salt_and_pepper(x, f / 2, seed), "instead of about"),
    (lambda x, f, seed=0: salt_and_pepper(x, f, seed=None), "same seed"),
    (lambda x, f, seed=0: salt_and_pepper(x, f, seed=0), "Different seeds"),
    (lambda x, f, seed=0: np.asarray(x, dtype="float32").copy(), "instead of about"),
])
def test_wrong_noise_is_caught(wrong, says):
    found = ex09.problems(1, wrong)
    assert found and says in found[0], found


def unclipped(x, r):
    x, r = np.reshape(x, (len(x), -1)), np.reshape(r, (len(x), -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return -(x * np.log(r) + (1 - x) * np.log(1 - r)).mean(axis=1)


@pytest.mark.parametrize("wrong, says", [
    (lambda x, r: bce_per_image(x, r).mean(), "one per image"),
    (lambda x, r: bce_per_image(x, r) * np.prod(np.shape(x)[1:]), "sum over the pixels"),
    (lambda x, r: -bce_per_image(x, r), "sign"),
    (lambda x, r: bce_per_image(np.clip(r, 0, 1), x), "swapped"),
    (lambda x, r: ((np.asarray(x) - r) ** 2).reshape(len(x), -1).mean(axis=1), "not each image"),
    (lambda x, r: bce_per_image(x, r).round().astype(int), "floating"),
    (lambda x, r: bce_per_image(x, r)[: len(x) // 2 + 1] if np.ndim(x) == 4 else bce_per_image(x, r), "shape"),
    (unclipped, "clip"),
    (lambda x, r: bce_per_image(x, np.clip(r, 0.3, 0.7)), "not each image"),
])
def test_wrong_losses_are_caught(wrong, says):
    found = ex09.problems(2, wrong)
    assert found and says in found[0], found


@pytest.mark.parametrize("wrong, says", [
    (lambda n, a: 1 - auroc(n, a), "reversed"),
    (lambda n, a: float(np.mean(np.asarray(a)[:, None] > np.asarray(n)[None, :])), "ties"),
    (lambda n, a: float(np.mean(a) > np.mean(n)), "pairs"),
    (lambda n, a: [auroc(n, a)] * 2, "one number"),
    (lambda n, a: 100 * auroc(n, a), "between 0 and 1"),
])
def test_wrong_auroc_is_caught(wrong, says):
    found = ex09.problems(3, wrong)
    assert found and says in found[0], found


def test_check_prints_a_verdict(capsys):
    ex09.check(2, bce_per_image)
    assert capsys.readouterr().out.strip() == "Exercise 2: correct."
