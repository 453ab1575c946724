"""Notebook 00's exercise checks pass the right answers and reject typical wrong ones."""
import numpy as np
import pytest
import torch  # noqa: I001  (before TensorFlow)
import tensorflow as tf

from helpers.exercises import ex00


def right_1(n, h, w):
    return torch.zeros(n, 1, h, w)


@pytest.mark.parametrize("wrong", [
    lambda n, h, w: torch.ones(n, 1, h, w),                       # ones
    lambda n, h, w: np.zeros((n, 1, h, w), np.float32),           # NumPy, not a tensor
    lambda n, h, w: torch.zeros(n, 1, h, w, dtype=torch.int64),    # wrong dtype
    lambda n, h, w: torch.zeros(n, 1, h, w, dtype=torch.float64),
    lambda n, h, w: torch.zeros(n, h, w, 1),                       # channels last
    lambda n, h, w: torch.zeros(n, h, w),                          # no channel axis
    lambda n, h, w: torch.zeros(16, 1, 28, 28),                    # the example's size only
    lambda n, h, w: torch.zeros(n, 1, w, h),                       # rows and columns swapped
])
def test_exercise_1(wrong):
    assert ex00.problems(1, right_1) == []
    assert ex00.problems(1, wrong) != []


def right_2(image):
    return tf.convert_to_tensor(image[np.newaxis] / 255.0, dtype=tf.float32)


def in_place(image):
    image //= 2
    return tf.convert_to_tensor(image[np.newaxis] / 127.5, dtype=tf.float32)


@pytest.mark.parametrize("wrong", [
    lambda image: tf.convert_to_tensor(image[np.newaxis]),                         # unscaled uint8
    lambda image: tf.cast(image[np.newaxis], tf.float32),                          # float, 0..255
    lambda image: (image[np.newaxis] / 255.0).astype(np.float32),                  # NumPy
    lambda image: tf.convert_to_tensor(image / 255.0, dtype=tf.float32),           # no batch axis
    lambda image: tf.convert_to_tensor(image[np.newaxis] / 255.0),                 # float64
    lambda image: tf.transpose(right_2(image), (0, 3, 1, 2)),                      # channels first
    lambda image: tf.convert_to_tensor(image[np.newaxis] / 256.0, dtype=tf.float32),  # off by a bit
    in_place,
])
def test_exercise_2(wrong):
    assert ex00.problems(2, right_2) == []
    assert ex00.problems(2, wrong) != []


@pytest.mark.parametrize("wrong", [
    lambda image: image.mean(axis=(1, 2)),              # wrong axes
    lambda image: image.mean(axis=(0, 1))[::-1],       # BGR order
    lambda image: [image.mean()] * 3,                  # all channels together
    lambda image: image[:, :, 1].mean(),               # one channel only
    lambda image: image.sum(axis=(0, 1), dtype=np.uint8) / (image.shape[0] * image.shape[1]),  # overflow
])
def test_exercise_3(wrong):
    assert ex00.problems(3, lambda image: image.mean(axis=(0, 1))) == []
    assert ex00.problems(3, lambda image: [float(image[:, :, c].mean()) for c in range(3)]) == []
    assert ex00.problems(3, wrong) != []


def test_no_answer_yet():
    for n in (1, 2, 3):
        assert "no answer yet" in ex00.problems(n, ...)[0]


def test_an_unwritten_function_or_a_value():
    def unwritten(*args):
        ...
    for n in (1, 2, 3):
        assert "returns nothing yet" in ex00.problems(n, unwritten)[0]
        assert "function itself" in ex00.problems(n, 42)[0]
