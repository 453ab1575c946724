"""Checks for notebook 03's exercises (activations, the perceptron rule, softmax, dense layers).

Each check calls the learner's function on several inputs (negative, zero, large, edge cases)
and compares with values computed here.
"""
from __future__ import annotations

import warnings

import numpy as np

from helpers.exercises import Exercises
from helpers.exercises._functions import function_exercise, kind as _kind

ex = Exercises()
exercise = function_exercise(ex)


def _elu(z, alpha):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))


@exercise(1)
def _elu_check(elu):
    z = np.array([-30.0, -2.0, -0.5, 0.0, 0.5, 2.0, 5.0])
    for alpha in (1.0, 0.5, 0.1, 2.0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = elu(z.copy(), alpha)
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            yield f"elu(z, {alpha}) gave a {_kind(got)}; return an array of numbers."
            return
        if got.shape != z.shape:
            yield f"elu(z, {alpha}) on {z.size} values gave shape {got.shape}; work element by element."
            return
        want = _elu(z, alpha)
        if not np.allclose(got, want, rtol=1e-6, atol=1e-9):
            bad = z[~np.isclose(got, want, rtol=1e-6, atol=1e-9)]
            where = "positive" if (bad > 0).all() else "negative" if (bad < 0).all() else "some"
            yield (f"elu(z, {alpha}) is wrong for {where} z (z = {', '.join(f'{b:g}' for b in bad)}). "
                   "For z > 0 ELU is z itself; for z ≤ 0 it is α(eᶻ − 1).")
            return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        big = elu(np.array([800.0]), 1.0)
    if not np.isfinite(np.asarray(big, dtype=np.float64)).all():
        yield "elu at z = 800 is not finite: ELU of a large positive z is z."


@exercise(2)
def _perceptron_step(perceptron_step):
    cases = [((0.5, -0.2), 0.1, (1.0, 4.0), 1, 0.1),     # predicts 0, label 1: towards x
             ((0.5, -0.2), 0.1, (1.0, 4.0), 0, 0.1),     # predicts 0, label 0: no change
             ((1.0, 1.0), 0.0, (2.0, -1.0), 0, 0.5),     # predicts 1, label 0: away from x
             ((1.0, -1.0), 0.0, (1.0, 1.0), 0, 0.2),     # z = 0 exactly: step(0) = 1
             ((0.0, 0.0, 0.0), 0.0, (1.0, 2.0, 3.0), 1, 1.0)]
    for w, b, x, y, eta in cases:
        w_in, x_in = np.array(w), np.array(x)
        result = perceptron_step(w_in, b, x_in, y, eta)
        call = f"perceptron_step(w={list(w)}, b={b}, x={list(x)}, y={y}, eta={eta})"
        if not np.array_equal(w_in, np.array(w)) or not np.array_equal(x_in, np.array(x)):
            yield f"{call} changed the arrays it was given; return new ones."
            return
        try:
            new_w, new_b = result
            new_w, new_b = np.asarray(new_w, dtype=np.float64), float(new_b)
        except (TypeError, ValueError):
            yield f"{call} must return two things: the new w (an array) and the new b (a number)."
            return
        y_hat = 1 if np.dot(w, x) + b >= 0 else 0
        want_w = np.array(w) + eta * (y - y_hat) * np.array(x)
        want_b = b + eta * (y - y_hat)
        if new_w.shape != want_w.shape or not np.allclose(new_w, want_w) or not np.isclose(new_b, want_b):
            if np.allclose(new_w, want_w) and new_w.shape == want_w.shape:
                yield f"{call}: w is right, b is not. The bias learns too: b ← b + η (y − ŷ)."
            elif y_hat == y:
                yield f"{call}: the prediction is already right here, so nothing should change."
            else:
                yield f"{call} is not right: compute ŷ = step(w·x + b) first (step(0) is 1), then the rule."
            return


@exercise(3)
def _softmax_rows(softmax_rows):
    cases = [("scores [[1, 2, 3]]", np.array([[1.0, 2.0, 3.0]])),
             ("two rows of different size", np.array([[1.0, 2.0, 3.0], [10.0, -5.0, 0.0]])),
             ("large scores (1000, 1001, 1002)", np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])),
             ("a row of equal scores", np.array([[4.0, 4.0, 4.0, 4.0]])),
             ("one class", np.array([[3.0], [-7.0]])),
             ("three images, ten classes", np.random.default_rng(3).normal(0, 5, (3, 10)))]
    for name, scores in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = softmax_rows(scores.copy())
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            yield f"On {name} it gave a {_kind(got)}; return an array."
            return
        if got.shape != scores.shape:
            yield f"On {name} the shape is {got.shape}; one probability per score: {scores.shape}."
            return
        if not np.isfinite(got).all():
            yield f"On {name} some values are not finite: np.exp overflows. Subtract each row's maximum first."
            return
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        want = e / e.sum(axis=1, keepdims=True)
        if not np.allclose(got, want, rtol=1e-6, atol=1e-12):
            sums = got.sum(axis=1)
            if not np.allclose(sums, 1):
                yield f"On {name} the rows add up to {', '.join(f'{s:.3g}' for s in sums)}; each row must add up to 1."
            else:
                yield f"On {name} the probabilities are not softmax's (exponentiate, then divide by the row's sum)."
            return


@exercise(4)
def _dense_parameters(dense_parameters):
    for h, w, c, n in [(64, 64, 3, 50), (32, 32, 3, 1), (28, 28, 1, 128), (200, 100, 3, 10), (1, 1, 1, 1)]:
        got = dense_parameters(h, w, c, n)
        call = f"dense_parameters({h}, {w}, {c}, {n})"
        if isinstance(got, float) and not got.is_integer():
            yield f"{call} gave {got}; a count of parameters is a whole number."
            return
        try:
            if int(got) != got:
                raise ValueError
        except (TypeError, ValueError):
            yield f"{call} gave a {_kind(got)}; return a whole number."
            return
        if int(got) != h * w * c * n + n:
            if int(got) == h * w * c * n:
                yield f"{call} is not right: did every neuron get its bias?"
            elif int(got) == (h * w + 1) * n:
                yield f"{call} is not right: each pixel gives one input per channel."
            else:
                yield f"{call} is not right: one weight per input per neuron, plus one bias per neuron."
            return


check, problems = ex.check, ex.problems
