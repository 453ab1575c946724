"""Checks for notebook 06 (Keras cats vs dogs). Each check calls the learner's answer.

1. ``seed_features_shape(size)``: the shape after the seed network's three blocks (3 × 3
   convolutions with 16, 32 and 64 filters, no padding, each followed by 2 × 2 max pooling) for a
   ``size × size × 3`` picture.
2. ``seed_dense_params(size)``: parameters of the seed network's ``Dense(512)`` for that picture.
3. ``mirror(picture)``: the horizontal flip of an ``(height, width, channels)`` array.
4. ``accuracy_at(probs, truth, threshold)``: the accuracy when every probability above
   ``threshold`` is read as "dog" (1), whatever the shapes, (n,) or (n, 1), of the two arrays.

Keras is imported inside the checks, so importing this module costs nothing.
"""
from __future__ import annotations

import numpy as np

from . import Exercises
from ._functions import function_exercise

ex = Exercises()
exercise = function_exercise(ex)   # the answer is a function; one still reading ... is caught

SIZES = (150, 128, 151, 64, 33, 22)


def _seed_blocks_shape(size):
    """The shape Keras computes for the seed network's three blocks on a size × size × 3 picture."""
    from keras import layers
    shape = (None, size, size, 3)
    for filters in (16, 32, 64):
        for layer in (layers.Conv2D(filters, 3, activation="relu"), layers.MaxPooling2D(2)):
            shape = layer.compute_output_shape(shape)
    return tuple(shape[1:])


def _as_shape(got):
    if not isinstance(got, tuple) or not all(isinstance(v, (int, np.integer)) for v in got):
        return None
    return tuple(int(v) for v in got)


@exercise(1)
def _(answer):
    for size in SIZES:
        right = _seed_blocks_shape(size)
        got = answer(size)
        shape = _as_shape(got)
        if shape is None:
            yield f"Return a tuple of whole numbers (height, width, channels); for {size} you returned {got!r}."
            return
        if shape != right:
            hint = ""
            if len(shape) == 3 and shape[2] != right[2]:
                hint = " The channels are the number of filters of the last convolution."
            elif len(shape) == 3:
                hint = (" Each 3 × 3 convolution without padding loses one pixel on each side; "
                        "each 2 × 2 pooling halves, rounding down.")
            yield f"For a {size} × {size} picture your function gives {shape}.{hint}"
            return


@exercise(2)
def _(answer):
    from keras import layers
    for size in SIZES:
        dense = layers.Dense(512)
        dense.build((None, int(np.prod(_seed_blocks_shape(size)))))
        right = dense.count_params()
        got = answer(size)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            yield f"Return a whole number (an int); for {size} you returned {got!r}."
            return
        if int(got) != right:
            hint = " Each of the 512 neurons also has a bias." if got == right - 512 else ""
            yield f"For a {size} × {size} picture your function gives {got:,}.{hint}"
            return


@exercise(3)
def _(answer):
    rng = np.random.default_rng(3)
    cases = [rng.integers(0, 256, (4, 6, 3), dtype=np.uint8),
             rng.random((5, 2, 3)).astype("float32"),
             rng.random((3, 1, 1)).astype("float32"),
             np.arange(24, dtype="float32").reshape(2, 4, 3)]
    for picture in cases:
        before = picture.copy()
        got = answer(picture)
        right = np.flip(picture, axis=1)   # what RandomFlip("horizontal") does
        got = np.asarray(got)
        if not np.array_equal(picture, before):
            yield "Your function changed the picture it was given; return a new array instead."
            return
        if got.shape != right.shape:
            yield f"The mirror image has the picture's shape {picture.shape}; yours is {got.shape}."
            return
        if got.dtype != picture.dtype:
            yield f"Keep the picture's dtype ({picture.dtype}); yours is {got.dtype}."
            return
        if not np.array_equal(got, right):
            if np.array_equal(got, picture[::-1]):
                yield "That turns the picture upside down (a vertical flip): which axis is the width?"
            elif np.array_equal(got, picture[:, :, ::-1]):
                yield "That reverses the colour channels (RGB becomes BGR), not left and right."
            else:
                yield "Left and right are not swapped as RandomFlip('horizontal') swaps them."
            return


@exercise(4)
def _(answer):
    rng = np.random.default_rng(4)
    probs = rng.random(40).astype("float32") * 0.98 + 0.01       # never exactly 0, 1 or 0.5
    probs[probs == 0.5] = 0.51
    truth = (rng.random(40) < 0.6).astype("float32")
    cases = [("both of shape (n, 1)", probs[:, None], truth[:, None], 0.5),
             ("both of shape (n,)", probs, truth, 0.5),
             ("probabilities (n,) and labels (n, 1)", probs, truth[:, None], 0.5),
             ("threshold 0.8", probs, truth, 0.8),
             ("threshold 0 (every answer 'dog')", probs, truth, 0.0),
             ("threshold 1 (every answer 'cat')", probs[:, None], truth[:, None], 1.0),
             ("labels that are all dogs", probs, np.ones(40, "float32"), 0.3)]
    for name, p, y, threshold in cases:
        right = float(np.mean((p.reshape(-1) > threshold) == (y.reshape(-1) == 1)))
        got = answer(p.copy(), y.copy(), threshold)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (float, np.floating)):
            yield f"Return the accuracy as one float between 0 and 1; for {name} you returned {got!r}."
            return
        if not 0 <= got <= 1:
            yield f"An accuracy lies between 0 and 1; for {name} you returned {got!r}."
            return
        if not np.isclose(got, right):
            hint = ""
            if p.ndim != y.ndim:
                hint = (" Comparing an (n,) array with an (n, 1) array broadcasts to n × n pairs: "
                        "make both flat first (.reshape(-1)).")
            elif np.isclose(got, float(np.mean((p.reshape(-1) > 0.5) == (y.reshape(-1) == 1)))):
                hint = " Use the threshold you are given, not 0.5."
            yield f"For {name} your function gives {got:.3f}.{hint}"
            return


check, problems = ex.check, ex.problems
