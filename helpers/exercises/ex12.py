"""Checks for notebook 12's exercises (the leukemia case study): Cohen's kappa from scratch and
patient-level folds, each called on several inputs, edge cases included."""
from __future__ import annotations

import numpy as np

from . import Exercises
from ._functions import function_exercise

ex = Exercises()
exercise = function_exercise(ex)   # the answer is a function; one still reading ... is caught


def _reference_kappa(y_true, y_pred) -> float:
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    observed = (y_true == y_pred).mean()
    classes = np.union1d(y_true, y_pred)
    chance = sum((y_true == c).mean() * (y_pred == c).mean() for c in classes)
    return 1.0 if chance == 1 else float((observed - chance) / (1 - chance))


@exercise(1)
def _(answer):
    rng = np.random.default_rng(12)
    truth = rng.integers(0, 4, 200)
    noisy = np.where(rng.random(200) < 0.8, truth, rng.integers(0, 4, 200))
    cases = [
        (truth, truth, "perfect agreement"),
        (truth, noisy, "80 % agreement over four classes"),
        (truth, rng.permutation(truth), "labels shuffled (about chance)"),
        (np.array([0, 0, 1, 1]), np.array([1, 1, 0, 0]), "total disagreement"),
        (np.array([3, 3, 7, 7, 7, 9]), np.array([3, 7, 7, 7, 9, 9]), "labels that are not 0..k-1"),
        (np.array([2, 2, 2]), np.array([2, 2, 2]), "one class everywhere, identical"),
        (np.array([0, 1, 0, 1, 1, 1]), np.array([0, 0, 0, 1, 1, 1]), "two classes"),
    ]
    for y_true, y_pred, what in cases:
        out = answer(y_true.copy(), y_pred.copy())
        try:
            value = float(out)
        except (TypeError, ValueError):
            yield f"kappa should be one number; yours is {type(out).__name__}."
            return
        expected = _reference_kappa(y_true, y_pred)
        if not np.isfinite(value):
            yield f"For {what} your kappa is {value}: handle chance agreement of 1 (return 1 when the labels agree perfectly)."
            return
        if value > 1 + 1e-9 or value < -1 - 1e-9:
            yield f"kappa lies between -1 and 1; for {what} yours is {value:.3f}."
            return
        if abs(value - expected) > 1e-6:
            observed = (y_true == y_pred).mean()
            hint = " That is the plain accuracy: subtract the agreement expected by chance." if abs(value - observed) < 1e-9 else ""
            yield f"For {what} your kappa is {value:.4f}, which is not right.{hint}"
            return


@exercise(2)
def _(answer):
    rng = np.random.default_rng(21)
    cases = [
        (np.repeat(np.arange(10), 3), 5),
        (np.repeat(np.array(["ana", "bia", "caio", "davi"]), [5, 1, 2, 4]), 2),
        (rng.integers(100, 140, 300), 5),
        (np.arange(7), 7),                     # one image per patient, as many folds as patients
        (np.repeat(np.arange(6), rng.integers(1, 9, 6)), 3),
    ]
    for ids, k in cases:
        out = answer(ids.copy(), k)
        folds = np.asarray(out)
        if folds.shape != ids.shape:
            yield f"{len(ids)} images need {len(ids)} fold numbers; yours has shape {folds.shape}."
            return
        if not np.issubdtype(folds.dtype, np.integer):
            yield f"Fold numbers should be integers; yours are {folds.dtype}."
            return
        if folds.min() < 0 or folds.max() >= k:
            yield f"With {k} folds the numbers run from 0 to {k - 1}; yours from {folds.min()} to {folds.max()}."
            return
        for p in np.unique(ids):
            if len(np.unique(folds[ids == p])) > 1:
                yield f"Patient {p}'s images are split over folds {sorted(set(folds[ids == p].tolist()))}: they must share one."
                return
        sizes = np.bincount(folds, minlength=k)
        biggest = np.unique(ids, return_counts=True)[1].max()
        if (sizes == 0).any() and len(np.unique(ids)) >= k:
            yield f"With {len(np.unique(ids))} patients and {k} folds no fold should be empty; sizes {sizes.tolist()}."
            return
        if sizes.max() - sizes.min() > biggest:
            yield f"Fold sizes {sizes.tolist()} are more uneven than they need to be."
            return


check, problems = ex.check, ex.problems
