"""Notebook 03's exercise checks pass the right answers and reject typical wrong ones."""
import numpy as np
import pytest

from helpers.exercises import ex03


def right_1(z, alpha=1.0):
    return np.where(z > 0, z, alpha * (np.exp(np.minimum(z, 0)) - 1))


@pytest.mark.parametrize("wrong", [
    lambda z, alpha=1.0: np.maximum(alpha * (np.exp(z) - 1), z),      # the seed's max form
    lambda z, alpha=1.0: np.maximum(0, z),                            # ReLU
    lambda z, alpha=1.0: np.where(z > 0, z, np.exp(z) - 1),           # alpha ignored
    lambda z, alpha=1.0: np.where(z > 0, z, alpha * np.exp(z)),        # no − 1
    lambda z, alpha=1.0: float(np.mean(right_1(z, alpha))),           # not element-wise
])
def test_exercise_1(wrong):
    assert ex03.problems(1, right_1) == []
    assert ex03.problems(1, lambda z, alpha: np.where(z > 0, z, alpha * (np.exp(z) - 1))) == []
    assert ex03.problems(1, wrong) != []


def right_2(w, b, x, y, eta):
    y_hat = 1 if w @ x + b >= 0 else 0
    return w + eta * (y - y_hat) * x, b + eta * (y - y_hat)


def in_place_2(w, b, x, y, eta):
    y_hat = 1 if w @ x + b >= 0 else 0
    w += eta * (y - y_hat) * x
    return w, b + eta * (y - y_hat)


@pytest.mark.parametrize("wrong", [
    lambda w, b, x, y, eta: (right_2(w, b, x, y, eta)[0], b),                         # bias fixed
    lambda w, b, x, y, eta: (w + eta * (y - (w @ x + b)) * x, b + eta * (y - (w @ x + b))),  # z, not step(z)
    lambda w, b, x, y, eta: (w - eta * (y - (w @ x + b >= 0)) * x, b - eta * (y - (w @ x + b >= 0))),  # sign
    lambda w, b, x, y, eta: right_2(w, b, x, y, eta) if w @ x + b != 0 else (w + eta * y * x, b + eta * y),  # step(0)=0
    lambda w, b, x, y, eta: (w + eta * y * x, b + eta * y),                             # no prediction
    in_place_2,
])
def test_exercise_2(wrong):
    assert ex03.problems(2, right_2) == []
    assert ex03.problems(2, wrong) != []


def right_3(scores):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def one_vector(v):                      # the notebook's softmax, for one vector
    e = np.exp(v - v.max())
    return e / e.sum()


@pytest.mark.parametrize("wrong", [
    one_vector,                                                          # the whole batch at once
    lambda s: np.exp(s) / np.exp(s).sum(axis=1, keepdims=True),          # overflows
    lambda s: s / s.sum(axis=1, keepdims=True),                          # no exponential
    lambda s: np.exp(s - s.max(axis=0)) / np.exp(s - s.max(axis=0)).sum(axis=0),  # columns
])
def test_exercise_3(wrong):
    assert ex03.problems(3, right_3) == []
    assert ex03.problems(3, lambda s: np.array([one_vector(row) for row in s])) == []
    assert ex03.problems(3, wrong) != []


@pytest.mark.parametrize("wrong", [
    lambda h, w, c, n: h * w * c * n,                # no biases
    lambda h, w, c, n: (h * w + 1) * n,              # channels forgotten
    lambda h, w, c, n: h * w * c + 1,                # one neuron
    lambda h, w, c, n: 614_450,                      # the worked example's number
    lambda h, w, c, n: (h * w * c + 1) * n + 0.5,
])
def test_exercise_4(wrong):
    assert ex03.problems(4, lambda h, w, c, n: (h * w * c + 1) * n) == []
    assert ex03.problems(4, wrong) != []


def test_no_answer_yet():
    for n in (1, 2, 3, 4):
        assert "no answer yet" in ex03.problems(n, ...)[0]


def test_an_unwritten_function_or_a_value():
    def unwritten(*args):
        ...
    for n in (1, 2, 3, 4):
        assert "returns nothing yet" in ex03.problems(n, unwritten)[0]
        assert "function itself" in ex03.problems(n, 42)[0]
