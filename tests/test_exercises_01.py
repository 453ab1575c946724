"""Notebook 01's exercise checks pass the right answers and reject typical wrong ones."""
import cv2
import numpy as np
import pytest

from helpers.exercises import ex01


def right_1(image, x, y):
    if not (0 <= x < image.shape[1] and 0 <= y < image.shape[0]):
        raise IndexError(f"({x}, {y}) is outside the image")
    return int(image[y, x])


@pytest.mark.parametrize("wrong", [
    lambda image, x, y: int(image[x, y]),                 # column first
    lambda image, x, y: int(image[y, x]),                 # negative indices read silently
    lambda image, x, y: image[y],                         # a row
    lambda image, x, y: int(image[y - 1, x]),
])
def test_exercise_1(wrong):
    assert ex01.problems(1, right_1) == []
    assert ex01.problems(1, wrong) != []


def right_2(image, amount):
    return np.clip(image.astype(np.int16) + amount, 0, 255).astype(np.uint8)


def in_place_2(image, amount):
    out = right_2(image, amount)
    image[...] = out
    return out


@pytest.mark.parametrize("wrong", [
    lambda image, amount: image + np.uint8(amount % 256),                  # wraps
    lambda image, amount: np.clip(image + np.uint8(amount % 256), 0, 255),  # clips after wrapping
    lambda image, amount: np.clip(image.astype(np.int16) + amount, 0, 255),  # int16 result
    lambda image, amount: np.clip(image + float(amount), 0, 255),          # float result
    lambda image, amount: np.minimum(image.astype(np.int16) + amount, 255).astype(np.uint8),  # no floor
    in_place_2,
])
def test_exercise_2(wrong):
    assert ex01.problems(2, right_2) == []
    assert ex01.problems(2, lambda image, amount: cv2.add(image, np.full_like(image, amount)) if amount >= 0
                         else cv2.subtract(image, np.full_like(image, -amount))) == []
    assert ex01.problems(2, wrong) != []


def right_3(rgb):
    return np.round(rgb.astype(np.float64) @ [0.299, 0.587, 0.114]).astype(np.uint8)


@pytest.mark.parametrize("wrong", [
    lambda rgb: np.round(rgb.mean(axis=2)).astype(np.uint8),                  # plain mean
    lambda rgb: (rgb.astype(np.float64) @ [0.299, 0.587, 0.114]).astype(np.uint8),  # truncated
    lambda rgb: np.round(rgb.astype(np.float64) @ [0.114, 0.587, 0.299]).astype(np.uint8),  # BGR
    lambda rgb: rgb.astype(np.float64) @ [0.299, 0.587, 0.114],               # floats
    lambda rgb: np.round(rgb.astype(np.float64) @ [0.299, 0.587, 0.114]),     # float64 dtype
    lambda rgb: rgb[:, :, 1],                                                 # green only
])
def test_exercise_3(wrong):
    assert ex01.problems(3, right_3) == []
    assert ex01.problems(3, wrong) != []


def right_4(grey):
    return cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]


@pytest.mark.parametrize("wrong", [
    lambda grey: cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1],   # inverted
    lambda grey: cv2.threshold(grey, 127, 255, cv2.THRESH_BINARY_INV)[1],               # fixed level
    lambda grey: cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1],  # 0/1 mask
    lambda grey: cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[0],  # the level
    lambda grey: (grey <= grey.mean()).astype(np.uint8) * 255,                           # the mean
])
def test_exercise_4(wrong):
    assert ex01.problems(4, right_4) == []
    assert ex01.problems(4, wrong) != []


def test_no_answer_yet():
    for n in (1, 2, 3, 4):
        assert "no answer yet" in ex01.problems(n, ...)[0]


def test_an_unwritten_function_or_a_value():
    def unwritten(*args):
        ...
    for n in (1, 2, 3, 4):
        assert "returns nothing yet" in ex01.problems(n, unwritten)[0]
        assert "function itself" in ex01.problems(n, 42)[0]
