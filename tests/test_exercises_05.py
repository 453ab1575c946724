"""Notebook 05's exercise checks: the right answers pass, typical wrong ones fail."""
import numpy as np
import pytest

from helpers.exercises import ex05

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402


def dense_params_after_conv(size, filters, padding, units):
    side = size if padding == "same" else size - 2
    return (side // 2) ** 2 * filters * units + units


def test_exercise_1():
    assert ex05.problems(1, dense_params_after_conv) == []


@pytest.mark.parametrize("wrong", [
    lambda s, f, p, u: ((s - 2) // 2) ** 2 * f * u + u,                              # ignores padding
    lambda s, f, p, u: ((s if p == "same" else s - 2) // 2) ** 2 * f * u,            # no biases
    lambda s, f, p, u: round(((s if p == "same" else s - 2) / 2) ** 2 * f * u + u),  # rounds 13.5 up
    lambda s, f, p, u: float(dense_params_after_conv(s, f, p, u)),                   # not an int
    lambda s, f, p, u: 1_605_760,                                                    # one literal
    ...,
])
def test_exercise_1_rejects(wrong):
    assert ex05.problems(1, wrong) != []


def per_class_accuracy(probs, labels):
    guesses = probs.argmax(axis=1)
    return np.array([np.mean(guesses[labels == c] == c) for c in range(10)])


def test_exercise_2():
    assert ex05.problems(2, per_class_accuracy) == []


@pytest.mark.parametrize("wrong", [
    lambda p, y: np.array([np.sum(p.argmax(1)[y == c] == c) for c in range(10)]),          # counts
    lambda p, y: np.array([np.mean(p.argmax(1) == c) for c in range(10)]),                 # share of guesses
    lambda p, y: np.array([np.mean(p.argmax(1)[p.argmax(1) == c] == y[p.argmax(1) == c])  # precision
                           if np.any(p.argmax(1) == c) else 0.0 for c in range(10)]),
    lambda p, y: np.full(10, np.mean(p.argmax(1) == y)),                                   # overall
    lambda p, y: per_class_accuracy(p, y) > 0.5,                                           # booleans
])
def test_exercise_2_rejects(wrong):
    assert ex05.problems(2, wrong) != []


def upsampled_shape(shape, size):
    return (shape[0], shape[1] * size[0], shape[2] * size[1], shape[3])


def test_exercise_3():
    assert ex05.problems(3, upsampled_shape) == []


@pytest.mark.parametrize("wrong", [
    lambda s, z: (s[0], s[1] * z[1], s[2] * z[0], s[3]),                 # axes swapped
    lambda s, z: tuple(v * z[0] for v in s),                               # every axis grows
    lambda s, z: [s[0], s[1] * z[0], s[2] * z[1], s[3]],                  # a list
    lambda s, z: (1, 8, 12, 1),                                            # one literal
])
def test_exercise_3_rejects(wrong):
    assert ex05.problems(3, wrong) != []


def _cnn(front, compiled=True, last="softmax", conv=8):
    def build():
        model = keras.Sequential([keras.Input((28, 28, 1)), *front(),
                                  layers.Conv2D(conv, 3, activation="relu"), layers.MaxPooling2D(2),
                                  layers.Flatten(), layers.Dense(16, activation="relu"),
                                  layers.Dense(10, activation=last)])
        if compiled:
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model
    return build


def test_exercise_4():
    keras.utils.set_random_seed(1)
    right = _cnn(lambda: [layers.RandomTranslation(0.15, 0.15, fill_mode="constant")])
    assert ex05.problems(4, right) == []


@pytest.mark.parametrize("wrong", [
    _cnn(lambda: []),                                                              # no augmentation
    _cnn(lambda: [layers.RandomTranslation(0.15, 0.15)]),                          # reflect fill
    _cnn(lambda: [layers.RandomTranslation(0.5, 0.5, fill_mode="constant")]),      # far too far
    _cnn(lambda: [layers.RandomTranslation(0.0, 0.15, fill_mode="constant")]),     # sideways only
    _cnn(lambda: [layers.RandomTranslation(0.15, 0.15, fill_mode="constant")], compiled=False),
    _cnn(lambda: [layers.RandomTranslation(0.15, 0.15, fill_mode="constant")], last=None),
])
def test_exercise_4_rejects(wrong):
    keras.utils.set_random_seed(1)
    assert ex05.problems(4, wrong) != []


def test_exercise_4_not_a_function():
    assert ex05.problems(4, 4) != []
