"""Notebook 04's exercise checks pass the right answers and reject typical wrong ones."""
import numpy as np
import pytest
import torch
import torch.nn.functional as nnf

from helpers.exercises import ex04
from helpers.kernels import convolve2d, correlate2d


def right_1(shape, filters, F, S=1, P=0):
    return ((shape[0] - F + 2 * P) // S + 1, (shape[1] - F + 2 * P) // S + 1, filters)


@pytest.mark.parametrize("wrong", [
    lambda shape, k, F, S=1, P=0: ((shape[0] - F + 2 * P) // S, (shape[1] - F + 2 * P) // S, k),   # no + 1
    lambda shape, k, F, S=1, P=0: right_1(shape, k, F, S, P)[:2] + (shape[2],),                  # depth = C
    lambda shape, k, F, S=1, P=0: ((shape[0] - F + 2 * P) // S + 1,) * 2 + (k,),                 # square
    lambda shape, k, F, S=1, P=0: ((shape[0] - F + P) // S + 1, (shape[1] - F + P) // S + 1, k),  # P once
    lambda shape, k, F, S=1, P=0: (shape[0] - F + 2 * P + 1, shape[1] - F + 2 * P + 1, k),     # stride ignored
    lambda shape, k, F, S=1, P=0: (55, 55, 96),                                                 # AlexNet only
])
def test_exercise_1(wrong):
    assert ex04.problems(1, right_1) == []
    assert ex04.problems(1, wrong) != []


@pytest.mark.parametrize("wrong", [
    lambda F, C, K: F * F * C * K,          # no bias
    lambda F, C, K: (F * F + 1) * K,        # channels forgotten
    lambda F, C, K: F * F * C + 1,          # one filter
    lambda F, C, K: (F * F * C + C) * K,    # a bias per channel
    lambda F, C, K: 896,
])
def test_exercise_2(wrong):
    assert ex04.problems(2, lambda F, C, K: (F * F * C + 1) * K) == []
    assert ex04.problems(2, wrong) != []


def right_3(a, F=2):
    h, w = a.shape[0] // F, a.shape[1] // F
    return a[:h * F, :w * F].reshape(h, F, w, F).max(axis=(1, 3))


def loops_from_zero(a, F=2):
    out = np.zeros((a.shape[0] // F, a.shape[1] // F))
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            for i in range(F):
                for j in range(F):
                    out[r, c] = max(out[r, c], a[r * F + i, c * F + j])
    return out


@pytest.mark.parametrize("wrong", [
    lambda a, F=2: a.reshape(a.shape[0] // F, F, a.shape[1] // F, F).max(axis=(1, 3)),  # fails on 5×7
    lambda a, F=2: right_3(a.astype(float), F) * 0 + a[:a.shape[0] // F * F, :a.shape[1] // F * F][::F, ::F],
    lambda a, F=2: a[:a.shape[0] // F * F, :a.shape[1] // F * F].reshape(a.shape[0] // F, F, a.shape[1] // F, F).mean(axis=(1, 3)),
    lambda a, F=2: right_3(a, 2),                       # F ignored
    lambda a, F=2: right_3(a, F).T if a.shape[0] == a.shape[1] else right_3(a, F) + 0,  # transposed on squares
    loops_from_zero,                                    # wrong on negative values
])
def test_exercise_3(wrong):
    assert ex04.problems(3, right_3) == []
    assert ex04.problems(3, wrong) != []


def right_4(image, filters, biases):
    return np.stack([sum(correlate2d(image[:, :, c], filters[k, c]) for c in range(image.shape[2])) + biases[k]
                     for k in range(len(filters))], axis=-1)


@pytest.mark.parametrize("wrong", [
    lambda image, filters, biases: right_4(image, filters, biases * 0),                     # no bias
    lambda image, filters, biases: np.stack([sum(correlate2d(image[:, :, c], filters[k, c]) + biases[k]
                                                 for c in range(image.shape[2])) for k in range(len(filters))], -1),
    lambda image, filters, biases: np.stack([sum(convolve2d(image[:, :, c], filters[k, c]) for c in range(image.shape[2]))
                                             + biases[k] for k in range(len(filters))], -1),   # flipped
    lambda image, filters, biases: np.moveaxis(right_4(image, filters, biases), -1, 0),        # channels first
    lambda image, filters, biases: np.stack([sum(correlate2d(image[:, :, c], filters[k, c], padding="same")
                                                 for c in range(image.shape[2])) + biases[k]
                                             for k in range(len(filters))], -1),               # same padding
])
def test_exercise_4(wrong):
    assert ex04.problems(4, right_4) == []
    torch_way = lambda image, filters, biases: nnf.conv2d(  # noqa: E731
        torch.from_numpy(image).permute(2, 0, 1)[None], torch.from_numpy(filters),
        torch.from_numpy(biases))[0].permute(1, 2, 0).numpy()
    assert ex04.problems(4, torch_way) == []
    assert ex04.problems(4, wrong) != []


def test_no_answer_yet():
    for n in (1, 2, 3, 4):
        assert "no answer yet" in ex04.problems(n, ...)[0]


def test_an_unwritten_function_or_a_value():
    def unwritten(*args):
        ...
    for n in (1, 2, 3, 4):
        assert "returns nothing yet" in ex04.problems(n, unwritten)[0]
        assert "function itself" in ex04.problems(n, 42)[0]
