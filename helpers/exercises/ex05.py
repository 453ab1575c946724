"""Checks for notebook 05 (Keras on Fashion-MNIST). Each check calls the learner's answer.

1. ``dense_params_after_conv(size, filters, padding, units)``: parameters of the ``Dense(units)``
   layer that reads the flattened output of ``Conv2D(filters, 3, padding)`` + ``MaxPooling2D(2)``
   on a ``size × size × 1`` image. Compared with Keras's own count on several configurations.
2. ``per_class_accuracy(probs, labels)``: the accuracy of each of the 10 classes.
3. ``upsampled_shape(shape, size)``: the output shape of ``UpSampling2D(size)``.
4. ``build_shift_robust_cnn()``: the seed CNN with ``RandomTranslation`` in front, compiled.

Keras is imported inside the checks, so importing this module costs nothing.
"""
from __future__ import annotations

import numpy as np

from . import Exercises
from ._functions import function_exercise

ex = Exercises()
exercise = function_exercise(ex)   # the answer is a function; one still reading ... is caught


def _keras():
    import keras
    return keras


@exercise(1)
def _(answer):
    keras = _keras()
    from keras import layers
    cases = [(28, 64, "valid", 128), (28, 64, "same", 128), (29, 8, "valid", 10),
             (29, 8, "same", 10), (5, 3, "valid", 1), (3, 2, "same", 4)]
    for size, filters, padding, units in cases:
        model = keras.Sequential([keras.Input((size, size, 1)), layers.Conv2D(filters, 3, padding=padding),
                                  layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(units)])
        right = model.layers[-1].count_params()
        got = answer(size, filters, padding, units)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            yield f"Return a whole number (an int); for size={size} you returned {got!r}."
            return
        if int(got) != right:
            hint = ""
            if got == right - units:
                hint = " Every neuron has a bias as well as its weights."
            elif padding == "same":
                hint = " With padding='same' the convolution keeps the image's size."
            elif padding == "valid":
                hint = " Without padding a 3 × 3 convolution loses a pixel on each side."
            yield (f"For size={size}, filters={filters}, padding={padding!r}, units={units} your "
                   f"function gives {got:,}, which is not what Keras counts.{hint}")
            return


@exercise(2)
def _(answer):
    rng = np.random.default_rng(5)
    labels = np.repeat(np.arange(10), 7)
    onehot = np.eye(10, dtype="float32")[labels]
    everything_zero = np.eye(10, dtype="float32")[np.zeros_like(labels)]
    noisy = rng.dirichlet(np.ones(10), size=len(labels)).astype("float32")
    mixed = rng.permutation(70)
    cases = [("perfect answers", onehot, labels, np.ones(10)),
             ("always class 0", everything_zero, labels, np.eye(10)[0]),
             ("random answers", noisy, labels,
              np.array([np.mean(noisy.argmax(1)[labels == c] == c) for c in range(10)])),
             ("shuffled rows", noisy[mixed], labels[mixed],
              np.array([np.mean(noisy.argmax(1)[labels == c] == c) for c in range(10)]))]
    for name, probs, y, right in cases:
        got = np.asarray(answer(probs.copy(), y.copy()))
        if got.shape != (10,):
            yield f"Return one accuracy per class, 10 in all; for {name} the shape is {got.shape}."
            return
        if not np.issubdtype(got.dtype, np.floating):
            yield f"Accuracies are fractions: return floats (yours are {got.dtype})."
            return
        if np.any(got < 0) or np.any(got > 1):
            yield f"An accuracy lies between 0 and 1; for {name} you return {np.round(got, 3)}."
            return
        if not np.allclose(got, right):
            yield (f"For {name} your accuracies are {np.round(got, 3)}. For class c, look only at the "
                   "images whose true label is c, and count how many the model calls c.")
            return


@exercise(3)
def _(answer):
    from keras import layers
    cases = [((1, 4, 4, 1), (2, 3)), ((2, 5, 3, 7), (1, 1)), ((3, 1, 2, 3), (4, 2)), ((1, 6, 6, 2), (3, 1))]
    for shape, size in cases:
        right = tuple(layers.UpSampling2D(size)(np.zeros(shape, "float32")).shape)
        got = answer(shape, size)
        if not isinstance(got, tuple):
            yield f"Return a tuple, such as (1, 2, 3, 4); you returned a {type(got).__name__}."
            return
        if tuple(int(v) for v in got) != right:
            hint = " size=(a, b) multiplies the rows by a and the columns by b."
            if len(got) == 4 and (got[0], got[3]) != (shape[0], shape[3]):
                hint = " The batch and channel axes do not change."
            yield f"For a batch of shape {shape} and size={size} your function gives {got}.{hint}"
            return


def _augmentation(model):
    """The layers before the first Conv2D: where the augmentation must sit."""
    from keras import layers
    front = []
    for layer in model.layers:
        if isinstance(layer, layers.Conv2D):
            break
        front.append(layer)
    return front


@exercise(4)
def _(answer):
    keras = _keras()
    from keras import layers
    model = answer()
    if not isinstance(model, keras.Model):
        yield f"build_shift_robust_cnn() should return a Keras model; it returned a {type(model).__name__}."
        return
    if tuple(model.input_shape[1:]) != (28, 28, 1):
        yield f"The model should take 28 × 28 × 1 images; its input shape is {model.input_shape}."
        return
    front = _augmentation(model)
    if not any(isinstance(layer, layers.RandomTranslation) for layer in front):
        yield "Put a layers.RandomTranslation before the first Conv2D, so that the filters see moved items."
        return
    if not getattr(model, "compiled", False) or model.optimizer is None:
        yield "Compile the model (optimizer, loss, metrics) as build_seed_cnn does, so that fit can train it."
        return
    rng = np.random.default_rng(0)
    for n in (1, 5):
        x = rng.random((n, 28, 28, 1)).astype("float32")
        out = keras.ops.convert_to_numpy(model(x, training=False))
        if out.shape != (n, 10):
            yield f"For {n} images the model should give {n} × 10 outputs; it gives {out.shape}."
            return
        if np.any(out < 0) or not np.allclose(out.sum(axis=1), 1, atol=1e-4):
            yield "The outputs should be probabilities (softmax): each row at least 0 and summing to 1."
            return
        again = keras.ops.convert_to_numpy(model(x, training=False))
        if not np.allclose(out, again):
            yield "Outside training (training=False) the model must give the same answer twice."
            return
    # What the augmentation does to an image while training: a bright square in the middle.
    square = np.zeros((1, 28, 28, 1), "float32")
    square[0, 12:16, 12:16, 0] = 1.0
    augment = keras.Sequential(front)
    moves, corners = [], []
    for _ in range(40):
        moved = keras.ops.convert_to_numpy(augment(square, training=True))[0, :, :, 0]
        rows, cols = np.nonzero(moved > 0.25)
        if len(cols):
            moves.append((rows.mean() - 13.5, cols.mean() - 13.5))
    ones = np.ones((1, 28, 28, 1), "float32")
    for _ in range(10):
        corners.append(keras.ops.convert_to_numpy(augment(ones, training=True)).min())
    still = keras.ops.convert_to_numpy(augment(square, training=False))
    if not np.allclose(still, square):
        yield "Outside training the augmentation should pass images through unchanged."
        return
    moves = np.abs(np.array(moves))
    if len(moves) < 30:
        yield "The augmentation pushes the middle of the image out of the frame: the moves are far too large."
        return
    if moves[:, 1].max() < 1.5 or moves[:, 0].max() < 1.5:
        yield "Training images should move a few pixels both sideways and up/down; these hardly move."
        return
    if moves.max() > 0.2 * 28 + 1:
        yield ("The moves are larger than a fifth of the image; RandomTranslation(0.15, 0.15) moves "
               "items by at most 15 % of the height and width.")
        return
    if min(corners) > 0.5:
        yield ("The uncovered border should be black, like the background of Fashion-MNIST: "
               "fill_mode='constant' fills it with 0.")
        return


check, problems = ex.check, ex.problems
