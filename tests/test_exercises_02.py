"""Notebook 02's exercise checks pass the right answers and reject typical wrong ones."""
import cv2
import numpy as np
import pytest
from scipy import ndimage, signal

from helpers import kernels
from helpers.exercises import ex02


def loops_valid(image, kernel):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            out[r, c] = (image[r:r + kh, c:c + kw] * kernel).sum()
    return out


@pytest.mark.parametrize("wrong", [
    loops_valid,                                                       # correlation
    lambda image, kernel: loops_valid(image, kernel[::-1]),            # flipped one way
    lambda image, kernel: loops_valid(image, kernel[:, ::-1]),
    lambda image, kernel: loops_valid(image, kernel.T),                # transposed
    lambda image, kernel: ndimage.convolve(image.astype(float), kernel, mode="constant"),  # same size
])
def test_exercise_1(wrong):
    assert ex02.problems(1, lambda image, kernel: loops_valid(image, np.flip(kernel))) == []
    assert ex02.problems(1, lambda image, kernel: signal.convolve2d(image, kernel, mode="valid")) == []
    assert ex02.problems(1, wrong) != []


def right_2(dx, dy):
    k = np.zeros((2 * abs(dy) + 1, 2 * abs(dx) + 1))
    k[abs(dy) - dy, abs(dx) - dx] = 1
    return k


@pytest.mark.parametrize("wrong", [
    lambda dx, dy: right_2(-dx, -dy),                                  # the convolution's kernel
    lambda dx, dy: right_2(dy, dx),                                    # x and y swapped
    lambda dx, dy: np.array([[0, 0, 0], [1, 0, 0], [0, 0, 0]]),        # the 1-right kernel always
    lambda dx, dy: np.pad(right_2(dx, dy), ((0, 1), (0, 1))),          # even size
])
def test_exercise_2(wrong):
    assert ex02.problems(2, right_2) == []
    big = lambda dx, dy: np.pad(right_2(dx, dy), 2)                    # a larger kernel is fine
    assert ex02.problems(2, big) == []
    assert ex02.problems(2, wrong) != []


def right_3(row, n):
    return np.concatenate([row[:n][::-1], row, row[::-1][:n]])


@pytest.mark.parametrize("wrong", [
    lambda row, n: np.pad(row, n, mode="reflect"),                     # REFLECT_101
    lambda row, n: np.pad(row, n, mode="edge"),                        # REPLICATE
    lambda row, n: np.pad(row, n),                                     # zeros
    lambda row, n: np.concatenate([row[:n], row, row[-n:]]),           # copies, not mirrors
])
def test_exercise_3(wrong):
    assert ex02.problems(3, right_3) == []
    assert ex02.problems(3, lambda row, n: np.pad(row, n, mode="symmetric")) == []
    assert ex02.problems(3, wrong) != []


def right_4(image, kernel):
    exact = kernels.correlate2d(image.astype(np.float64), kernel, padding="same", border="reflect_101")
    return np.clip(np.rint(exact), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("wrong", [
    lambda image, kernel: np.rint(kernels.correlate2d(image.astype(float), kernel, padding="same",
                                                      border="reflect_101")).astype(np.int64).astype(np.uint8),
    lambda image, kernel: np.clip(kernels.correlate2d(image.astype(float), kernel, padding="same",
                                                      border="reflect_101"), 0, 255).astype(np.uint8),
    lambda image, kernel: np.clip(np.rint(kernels.correlate2d(image.astype(float), kernel, padding="same",
                                                              border="constant")), 0, 255).astype(np.uint8),
    lambda image, kernel: cv2.filter2D(image.astype(np.float32), -1, kernel),          # float result
    lambda image, kernel: np.clip(np.rint(kernels.convolve2d(image.astype(float), kernel, padding="same",
                                                             border="reflect_101")), 0, 255).astype(np.uint8),
])
def test_exercise_4(wrong):
    assert ex02.problems(4, right_4) == []
    assert ex02.problems(4, wrong) != []


def test_no_answer_yet():
    for n in (1, 2, 3, 4):
        assert "no answer yet" in ex02.problems(n, ...)[0]


def test_an_unwritten_function_or_a_value():
    def unwritten(*args):
        ...
    for n in (1, 2, 3, 4):
        assert "returns nothing yet" in ex02.problems(n, unwritten)[0]
        assert "function itself" in ex02.problems(n, 42)[0]
