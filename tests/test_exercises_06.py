"""Notebook 06's exercise checks: the right answers pass, typical wrong ones fail."""
import numpy as np
import pytest

from helpers.exercises import ex06

keras = pytest.importorskip("keras")


def seed_features_shape(size):
    for _ in range(3):
        size = (size - 2) // 2
    return (size, size, 64)


def test_exercise_1():
    assert ex06.problems(1, seed_features_shape) == []


@pytest.mark.parametrize("wrong", [
    lambda s: (s // 8, s // 8, 64),                                   # forgets the lost borders
    lambda s: ((((s - 2) // 2 - 2) // 2 - 2) // 2,) * 2 + (1024,),    # the literal reading's channels
    lambda s: (17, 17, 64),                                           # one literal
    lambda s: [seed_features_shape(s)[0]] * 2 + [64],                 # a list
    lambda s: (64,) + seed_features_shape(s)[:2],                     # channels first
    ...,
])
def test_exercise_1_rejects(wrong):
    assert ex06.problems(1, wrong) != []


def seed_dense_params(size):
    h, w, c = seed_features_shape(size)
    return h * w * c * 512 + 512


def test_exercise_2():
    assert ex06.problems(2, seed_dense_params) == []


@pytest.mark.parametrize("wrong", [
    lambda s: seed_dense_params(s) - 512,            # no biases
    lambda s: 9_470_464,                             # one literal
    lambda s: float(seed_dense_params(s)),           # not an int
    lambda s: (s // 8) ** 2 * 64 * 512 + 512,        # wrong shape
])
def test_exercise_2_rejects(wrong):
    assert ex06.problems(2, wrong) != []


def mirror(picture):
    return picture[:, ::-1].copy()


def test_exercise_3():
    assert ex06.problems(3, mirror) == []
    assert ex06.problems(3, lambda p: np.flip(p, axis=1)) == []


def flip_in_place(picture):
    picture[:] = picture[:, ::-1].copy()
    return picture


@pytest.mark.parametrize("wrong", [
    lambda p: p[::-1],                                   # upside down
    lambda p: p[:, :, ::-1],                             # BGR
    lambda p: np.rot90(p),                               # a turn
    lambda p: p[:, ::-1].astype("float64"),              # dtype changed
    flip_in_place,                                       # changes its input
    lambda p: p.T,                                       # transposed
])
def test_exercise_3_rejects(wrong):
    assert ex06.problems(3, wrong) != []


def accuracy_at(probs, truth, threshold=0.5):
    return float(np.mean((np.reshape(probs, -1) > threshold) == (np.reshape(truth, -1) == 1)))


def test_exercise_4():
    assert ex06.problems(4, accuracy_at) == []


@pytest.mark.parametrize("wrong", [
    lambda p, y, t: float(np.mean((p > t) == y)),                                     # broadcasts
    lambda p, y, t: float(np.mean((np.reshape(p, -1) > 0.5) == np.reshape(y, -1))),  # ignores t
    lambda p, y, t: float(np.mean((np.reshape(p, -1) < t) == np.reshape(y, -1))),    # cat above t
    lambda p, y, t: int(np.sum((np.reshape(p, -1) > t) == np.reshape(y, -1))),       # a count
    lambda p, y, t: 0.5,                                                               # one literal
])
def test_exercise_4_rejects(wrong):
    assert ex06.problems(4, wrong) != []
