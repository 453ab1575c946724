"""Notebook 07's exercise checks: the right answers pass, typical wrong ones fail."""
import numpy as np
import pytest
from PIL import Image

from helpers.exercises import ex07

torch = pytest.importorskip("torch")


def s4_shape(c1, c3):
    size = 28                     # C1: 5 × 5 with padding 2 keeps 28
    size = size // 2              # S2
    size = size - 5 + 1           # C3: 5 × 5, no padding
    return (c3, size // 2, size // 2)


def test_exercise_1():
    assert ex07.problems(1, s4_shape) == []


@pytest.mark.parametrize("wrong", [
    lambda c1, c3: (c3, 10, 10),          # C3, before pooling
    lambda c1, c3: (c1, 14, 14),          # S2
    lambda c1, c3: (5, 5, c3),            # channels last
    lambda c1, c3: (16, 5, 5),            # one literal
    lambda c1, c3: [c3, 5, 5],            # a list
    lambda c1, c3: (c3, 7, 7),            # forgets that C3 has no padding
])
def test_exercise_1_rejects(wrong):
    assert ex07.problems(1, wrong) != []


def conv_params(in_channels, out_channels, kernel_size, bias=True):
    return out_channels * (in_channels * kernel_size * kernel_size + (1 if bias else 0))


def test_exercise_2():
    assert ex07.problems(2, conv_params) == []


@pytest.mark.parametrize("wrong", [
    lambda i, o, k, b: o * i * k * k,                     # never a bias
    lambda i, o, k, b: o * (i * k * k + 1),               # always a bias
    lambda i, o, k, b: o * (k * k + b),                   # one input channel only
    lambda i, o, k, b: 156,                               # one literal
    lambda i, o, k, b: float(conv_params(i, o, k, b)),    # not an int
])
def test_exercise_2_rejects(wrong):
    assert ex07.problems(2, wrong) != []


def _early_stopping(curve, patience, better):
    best, best_epoch, bad = float("-inf"), 0, 0
    for epoch, score in enumerate(curve, start=1):
        if better(score, best):
            best, best_epoch, bad = score, epoch, 0
        else:
            bad += 1
            if bad == patience:
                return epoch, best_epoch
    return len(curve), best_epoch


def stop_and_restore(curve, patience):
    return _early_stopping(curve, patience, lambda score, best: score > best)


def test_exercise_3():
    assert ex07.problems(3, stop_and_restore) == []


def ties_count(curve, patience):
    return _early_stopping(curve, patience, lambda score, best: score >= best)


def restores_last(curve, patience):
    stop, _ = stop_and_restore(curve, patience)
    return stop, stop


def counts_from_zero(curve, patience):
    stop, best = stop_and_restore(curve, patience)
    return stop - 1, best - 1


def never_stops(curve, patience):
    return len(curve), int(np.argmax(curve)) + 1


@pytest.mark.parametrize("wrong", [ties_count, restores_last, counts_from_zero, never_stops,
                                   lambda c, p: (9, 6)])
def test_exercise_3_rejects(wrong):
    assert ex07.problems(3, wrong) != []


def _scaled(ink, stretch=False):
    rows, cols = np.nonzero(ink)
    box = ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    h, w = box.shape
    if stretch:
        size = (20, 20)
    else:
        scale = 20 / max(h, w)
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(Image.fromarray(box).resize(size, Image.Resampling.LANCZOS))


def _place(small, top, left):
    field = np.zeros((28, 28), np.uint8)
    top = min(max(top, 0), 28 - small.shape[0])
    left = min(max(left, 0), 28 - small.shape[1])
    field[top:top + small.shape[0], left:left + small.shape[1]] = small
    return field


def centre_like_mnist(ink):
    small = _scaled(ink)
    mass = small.astype(float)
    rows, cols = np.indices(small.shape)
    cy, cx = (rows * mass).sum() / mass.sum(), (cols * mass).sum() / mass.sum()
    return _place(small, int(round(13.5 - cy)), int(round(13.5 - cx)))


def test_exercise_4():
    assert ex07.problems(4, centre_like_mnist) == []


def box_centred(ink):                       # centres the bounding box, not the centre of mass
    small = _scaled(ink)
    return _place(small, (28 - small.shape[0]) // 2, (28 - small.shape[1]) // 2)


@pytest.mark.parametrize("wrong", [
    lambda ink: np.asarray(Image.fromarray(ink).resize((28, 28))),              # the whole image squeezed
    lambda ink: np.pad(_scaled(ink, stretch=True), 4),                           # aspect ratio lost
    lambda ink: _place(_scaled(ink), 0, 0),                                      # top-left corner
    lambda ink: centre_like_mnist(ink).astype("float32") / 255,                  # floats in [0, 1]
    lambda ink: 255 - centre_like_mnist(ink),                                    # black ink on white
])
def test_exercise_4_rejects(wrong):
    assert ex07.problems(4, wrong) != []


def test_exercise_4_box_centring_is_close_enough_or_caught():
    # Centring the bounding box instead of the centre of mass is a real, smaller mistake: the
    # check accepts it only when the two centres are within a pixel of each other.
    found = ex07.problems(4, box_centred)
    assert found == [] or "centre of mass" in found[0]
