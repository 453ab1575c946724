"""Checks for notebook 07 (PyTorch CNN on MNIST). Each check calls the learner's answer.

1. ``s4_shape(c1, c3)``: the shape (channels, height, width) after the second pooling layer of
   ``LeNet5(c1, c3)`` for one 28 × 28 image.
2. ``conv_params(in_channels, out_channels, kernel_size, bias)``: the parameters of a
   ``nn.Conv2d``.
3. ``stop_and_restore(curve, patience)``: after which epoch early stopping stops, and which
   epoch's checkpoint it restores, for a list of validation accuracies.
4. ``centre_like_mnist(ink)``: a digit (2-D ``uint8`` array, white ink on black, any size) made
   28 × 28 the way MNIST's digits were: the ink's bounding box scaled to fit 20 × 20 with its
   aspect ratio kept, then its centre of mass moved to the centre of the 28 × 28 field.

PyTorch and PIL are imported inside the checks, so importing this module costs nothing.
"""
from __future__ import annotations

import numpy as np

from . import Exercises
from ._functions import function_exercise

ex = Exercises()
exercise = function_exercise(ex)   # the answer is a function; one still reading ... is caught


def _lenet_s4(c1, c3, size=28):
    import torch
    from torch import nn
    features = nn.Sequential(nn.Conv2d(1, c1, 5, padding=2), nn.MaxPool2d(2),
                             nn.Conv2d(c1, c3, 5), nn.MaxPool2d(2))
    with torch.no_grad():
        return tuple(features(torch.zeros(1, 1, size, size)).shape[1:])


@exercise(1)
def _(answer):
    for c1, c3 in [(6, 16), (12, 24), (1, 1), (8, 40)]:
        right = _lenet_s4(c1, c3)
        got = answer(c1, c3)
        if not isinstance(got, tuple) or not all(isinstance(v, (int, np.integer)) for v in got):
            yield f"Return a tuple of whole numbers (channels, height, width); you returned {got!r}."
            return
        got = tuple(int(v) for v in got)
        if got != right:
            hint = ""
            if len(got) == 3 and got[-1] == c3:
                hint = " PyTorch puts the channels first."
            elif len(got) == 3 and got[0] == c1:
                hint = " After C3 there are c3 maps."
            elif len(got) == 3:
                hint = " Follow the sizes layer by layer: C1 keeps 28 (padding 2), each pooling halves, C3 (no padding) loses 4."
            yield f"For c1={c1}, c3={c3} your function gives {got}.{hint}"
            return


@exercise(2)
def _(answer):
    from torch import nn
    for cin, cout, k, bias in [(1, 6, 5, True), (6, 16, 5, True), (12, 24, 5, False), (3, 64, 3, True),
                               (1, 1, 1, False)]:
        right = sum(p.numel() for p in nn.Conv2d(cin, cout, k, bias=bias).parameters())
        got = answer(cin, cout, k, bias)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            yield f"Return a whole number (an int); you returned {got!r}."
            return
        if int(got) != right:
            hint = ""
            if bias and got == right - cout:
                hint = " With bias=True every filter also has a bias."
            elif not bias and got == right + cout:
                hint = " With bias=False there are no biases."
            elif got in (cout * k * k + cout * bias, cout * k * k):
                hint = " A filter has one k × k kernel for every input channel."
            yield f"For Conv2d({cin}, {cout}, kernel_size={k}, bias={bias}) your function gives {got:,}.{hint}"
            return


def _stop_and_restore(curve, patience, ties_improve=False):
    best, best_epoch, bad = -np.inf, 0, 0
    for epoch, score in enumerate(curve, start=1):
        if score > best or (ties_improve and score == best):
            best, best_epoch, bad = score, epoch, 0
        else:
            bad += 1
        if bad >= patience:
            return epoch, best_epoch
    return len(curve), best_epoch


@exercise(3)
def _(answer):
    cases = [([0.971, 0.979, 0.984, 0.986, 0.985, 0.987, 0.987, 0.986, 0.985, 0.988], 3),
             ([0.90, 0.91, 0.92, 0.93, 0.94], 2),          # always better: runs to the end
             ([0.95, 0.95, 0.95, 0.95], 2),                # ties are not improvements
             ([0.80, 0.85, 0.84, 0.86, 0.83], 1),
             ([0.5], 3),
             ([0.97, 0.96, 0.98, 0.97, 0.96, 0.95, 0.99], 3)]
    for curve, patience in cases:
        right = _stop_and_restore(curve, patience)
        got = answer(list(curve), patience)
        if not isinstance(got, tuple) or len(got) != 2:
            yield f"Return a tuple (stop_epoch, restored_epoch); you returned {got!r}."
            return
        if tuple(got) != right:
            hint = ""
            if tuple(got) == _stop_and_restore(curve, patience, ties_improve=True):
                hint = " Is a tie an improvement?"
            elif got[0] == right[0] and got[1] != right[1]:
                hint = " The restored checkpoint is the best epoch's."
            elif got[1] == got[0] and got[0] != right[1]:
                hint = " The restored checkpoint is the best epoch's, not the last one's."
            elif (got[0] + 1, got[1] + 1) == right:
                hint = " Epochs count from 1."
            elif got[0] > right[0]:
                hint = " Training stops as soon as the patience is used up, even if later epochs would improve."
            yield f"For the curve {curve} with patience {patience} your function gives {tuple(got)}.{hint}"
            return


def _stroke(height, width, box, thickness=3):
    """A white diagonal stroke and a bar on black, inside box = (top, left, bottom, right)."""
    from PIL import Image, ImageDraw
    img = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(img)
    top, left, bottom, right = box
    draw.line([(left, top), (right, bottom)], fill=255, width=thickness)
    draw.line([(left, top), (right, top)], fill=255, width=thickness)
    return np.asarray(img).copy()


def _bbox(img, level=40):
    rows, cols = np.nonzero(img > level)
    return rows.min(), rows.max(), cols.min(), cols.max()


@exercise(4)
def _(answer):
    tall_one = np.zeros((60, 60), np.uint8)
    tall_one[5:50, 40:45] = 255                      # a "1": tall and thin, far to the right
    small = np.zeros((8, 8), np.uint8)
    small[1:7, 2:6] = np.array([[0, 16, 16, 0], [16, 0, 0, 16], [0, 0, 16, 0],
                                [0, 16, 0, 0], [16, 0, 0, 0], [16, 16, 16, 16]]) * 15
    cases = [("a wide stroke in the top-left corner of a 100 × 160 image", _stroke(100, 160, (5, 5, 40, 90)), "wide"),
             ("a tall thin stroke far to the right", tall_one, "tall"),
             ("an 8 × 8 digit", small, "any")]
    for name, ink, shape in cases:
        before = ink.copy()
        got = answer(ink)
        if not np.array_equal(before, ink):
            yield "Your function changed the image it was given; return a new array."
            return
        got = np.asarray(got)
        if got.shape != (28, 28):
            yield f"Return a 28 × 28 array; for {name} the shape is {got.shape}."
            return
        if got.dtype != np.uint8:
            yield f"Return grey levels as uint8 (0 to 255), like MNIST's files; yours are {got.dtype}."
            return
        if np.median(got) > 128:
            yield "MNIST's digits are white ink on a black background; yours is dark on light."
            return
        if got.max() < 128:
            yield f"The ink has faded (brightest value {got.max()}): keep white ink near 255."
            return
        if got[0].max() > 40 or got[-1].max() > 40 or got[:, 0].max() > 40 or got[:, -1].max() > 40:
            yield f"For {name} the ink touches the border: the digit should fit in a 20 × 20 box inside the 28 × 28 field."
            return
        top, bottom, left, right = _bbox(got)
        height, width = bottom - top + 1, right - left + 1
        if max(height, width) > 21 or max(height, width) < 18:
            yield (f"For {name} the ink spans {height} × {width} pixels: scale it so that its longer "
                   "side is 20 pixels.")
            return
        if shape == "tall" and width > 8:
            yield f"For {name} the ink is now {width} pixels wide: keep the aspect ratio when you scale."
            return
        if shape == "wide" and height > 0.8 * width:
            yield f"For {name} the ink is now {height} × {width}: keep the aspect ratio when you scale."
            return
        weights = got.astype(float)
        rows, cols = np.indices(got.shape)
        centre = ((rows * weights).sum() / weights.sum(), (cols * weights).sum() / weights.sum())
        if max(abs(centre[0] - 13.5), abs(centre[1] - 13.5)) > 1.0:
            yield (f"For {name} the centre of mass is at row {centre[0]:.1f}, column {centre[1]:.1f}: "
                   "move it to the middle of the 28 × 28 field (13.5, 13.5).")
            return


check, problems = ex.check, ex.problems
