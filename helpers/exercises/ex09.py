"""Checks for notebook 09's exercises (autoencoders): salt-and-pepper noise, the loss of each
image, the AUROC.

>>> from helpers.exercises import ex09
>>> ex09.check(2, lambda x, r: ((x - r) ** 2).mean())
Exercise 2: not yet. For 3 images of shape (28, 28) it should return 3 numbers, one per image, not a shape ().
"""
from __future__ import annotations

import itertools

import numpy as np

from . import Exercises
from ._functions import function_exercise

ex = Exercises()
exercise = function_exercise(ex)   # the answer is a function; one still reading ... is caught
check, problems = ex.check, ex.problems


@exercise(1)
def _salt_and_pepper(salt_and_pepper):
    """salt_and_pepper(images, fraction, seed=0): a random share of the pixels set to 0 or 1, half each."""
    rng = np.random.default_rng(9)
    cases = [
        ("3 images of shape (28, 28)", rng.uniform(0.2, 0.8, (3, 28, 28)).astype("float32")),
        ("2 images with a channel axis (28, 28, 1)", rng.uniform(0.2, 0.8, (2, 28, 28, 1)).astype("float32")),
        ("float64 images", rng.uniform(0.2, 0.8, (4, 10, 10))),
    ]
    for what, images in cases:
        before = images.copy()
        noisy = salt_and_pepper(images, 0.2)
        noisy = np.asarray(noisy)
        if not np.array_equal(images, before):
            yield f"It changed its input ({what}): work on a copy (images.copy()), not on the images themselves."
            return
        if noisy.shape != images.shape:
            yield f"For {what} of shape {images.shape} it returned shape {noisy.shape}."
            return
        if noisy.dtype != np.float32:
            yield f"For {what} it returned {noisy.dtype}; Keras works in float32 (use .astype('float32'))."
            return
        kept = np.isclose(noisy, images)
        if not np.all(kept | (noisy == 0) | (noisy == 1)):
            yield (f"For {what} some pixels are neither unchanged nor 0 nor 1: salt-and-pepper noise "
                   "replaces a pixel by black or white, it adds nothing.")
            return
    grey = np.full((4, 100, 100), 0.5, dtype="float32")
    for fraction in (0.1, 0.5):
        noisy = np.asarray(salt_and_pepper(grey, fraction))
        hit = float(np.mean(noisy != 0.5))
        if abs(hit - fraction) > 0.02:
            yield f"With fraction {fraction}, {hit:.1%} of the pixels changed instead of about {fraction:.0%}."
            return
        white = float(np.mean(noisy == 1)) / max(hit, 1e-9)
        if not 0.45 < white < 0.55:
            yield (f"Of the changed pixels {white:.0%} are white: about half should become white (salt) "
                   "and half black (pepper).")
            return
    if not np.array_equal(np.asarray(salt_and_pepper(grey, 0.0)), grey):
        yield "Fraction 0 should leave the images as they are."
        return
    if np.mean(np.asarray(salt_and_pepper(grey, 1.0)) == 0.5) > 0:
        yield "Fraction 1 should replace every pixel."
        return
    a, b, c = (np.asarray(salt_and_pepper(grey, 0.3, seed=s)) for s in (1, 1, 2))
    if not np.array_equal(a, b):
        yield "The same seed should give the same noise (use np.random.default_rng(seed))."
    elif np.array_equal(a, c):
        yield "Different seeds should give different noise."


def _bce_per_image(x, r, eps=1e-7):
    x, r = np.asarray(x, dtype="float64"), np.clip(np.asarray(r, dtype="float64"), eps, 1 - eps)
    return -(x * np.log(r) + (1 - x) * np.log(1 - r)).reshape(len(x), -1).mean(axis=1)


@exercise(2)
def _bce_per_image_check(bce_per_image):
    """bce_per_image(originals, reconstructions): binary cross-entropy averaged over each image's pixels."""
    rng = np.random.default_rng(90)
    cases = [
        ("3 images of shape (28, 28)", rng.uniform(0, 1, (3, 28, 28)), rng.uniform(0.01, 0.99, (3, 28, 28))),
        ("5 images of shape (28, 28, 1)", rng.uniform(0, 1, (5, 28, 28, 1)), rng.uniform(0.01, 0.99, (5, 28, 28, 1))),
        ("4 flat images of 784 pixels", rng.uniform(0, 1, (4, 784)), rng.uniform(0.01, 0.99, (4, 784))),
        ("black and white originals", rng.integers(0, 2, (3, 28, 28)).astype("float64"),
         rng.uniform(0.01, 0.99, (3, 28, 28))),
        ("float32 images", rng.uniform(0, 1, (3, 28, 28)).astype("float32"),
         rng.uniform(0.01, 0.99, (3, 28, 28)).astype("float32")),
    ]
    for what, x, r in cases:
        result = bce_per_image(x.copy(), r.copy())
        result = np.asarray(result)
        if result.shape != (len(x),):
            yield (f"For {len(x)} images of shape {x.shape[1:]} it should return {len(x)} numbers, one per image, "
                   f"not a shape {result.shape}.")
            return
        if not np.issubdtype(result.dtype, np.floating):
            yield f"The losses should be floating-point numbers, got {result.dtype}."
            return
        expected = _bce_per_image(x, r)
        if not np.allclose(result, expected, rtol=1e-4):
            if np.allclose(result, expected * np.prod(x.shape[1:]), rtol=1e-4):
                yield "That is the sum over the pixels; take the mean over each image's pixels."
            elif np.allclose(result, -expected, rtol=1e-4):
                yield "The sign is wrong: a cross-entropy is never negative."
            elif np.allclose(result, _bce_per_image(r, x), rtol=1e-4):
                yield "The originals and the reconstructions are swapped: the logarithms belong to the reconstruction."
            else:
                yield f"For {what} the values are not each image's mean binary cross-entropy."
            return
    # a reconstruction that is exactly 0 or 1 where the original is not: log(0) must not give inf or nan
    x = np.array([[0.0, 1.0, 0.5, 1.0]])
    r = np.array([[1.0, 0.0, 0.5, 1.0]])
    edge = np.asarray(bce_per_image(x, r), dtype="float64")
    if edge.shape != (1,) or not np.all(np.isfinite(edge)):
        yield ("A reconstruction of exactly 0 or 1 gives log(0): clip the reconstruction to "
               "[1e-7, 1 - 1e-7] first, as Keras does.")
    elif edge[0] < 5:
        yield "A reconstruction of exactly 0 where the original is 1 should cost a lot, not almost nothing."


@exercise(3)
def _auroc(auroc):
    """auroc(normal_scores, anomaly_scores): P(anomaly scores higher than normal), ties counting half."""
    def reference(normal, anomalous):
        pairs = list(itertools.product(normal, anomalous))
        return sum(1.0 if a > n else 0.5 if a == n else 0.0 for n, a in pairs) / len(pairs)

    rng = np.random.default_rng(900)
    cases = [
        ("perfectly separated scores", [0.1, 0.2, 0.3], [0.4, 0.5]),
        ("scores in the wrong order", [0.9, 0.8], [0.1, 0.2, 0.3]),
        ("all scores equal", [1.0, 1.0], [1.0, 1.0, 1.0]),
        ("scores with ties", [0.1, 0.2, 0.2, 0.4], [0.2, 0.3, 0.4]),
        ("one normal and one anomalous image", [0.5], [0.7]),
        ("200 overlapping random scores", rng.normal(0, 1, 120), rng.normal(1, 1, 80)),
        ("rounded scores (many ties)", np.round(rng.normal(0, 1, 50), 1), np.round(rng.normal(0.5, 1, 70), 1)),
    ]
    for what, normal, anomalous in cases:
        result = auroc(np.asarray(normal), np.asarray(anomalous))
        try:
            value = float(result)
        except (TypeError, ValueError):
            yield f"It should return one number, got {type(result).__name__}."
            return
        expected = reference(normal, anomalous)
        if not 0 <= value <= 1:
            yield f"For {what} it returned {value:.3f}: an AUROC is a fraction between 0 and 1."
            return
        if abs(value - expected) > 1e-9:
            if abs(value - (1 - expected)) < 1e-9:
                yield f"For {what} the answer is reversed: count the pairs where the anomaly scores higher."
            else:
                yield (f"For {what} it returned {value:.3f}, which is not the share of (normal, anomalous) pairs "
                       "ranked correctly (ties count one half).")
            return
