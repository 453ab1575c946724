"""Checks for notebook 00's exercises (tensors in PyTorch and TensorFlow).

Each check calls the learner's function on several inputs, edge cases included, and looks at the
type, dtype and range of what comes back as well as its shape. The expected values are computed
here, never shown in the notebook.
"""
from __future__ import annotations

import numpy as np

from helpers.exercises import Exercises
from helpers.exercises._functions import function_exercise, kind as _kind

ex = Exercises()
exercise = function_exercise(ex)


@exercise(1)
def _grey_batch(grey_batch):
    import torch

    for n, height, width in [(16, 28, 28), (1, 5, 7), (3, 1, 2), (2, 32, 24)]:
        t = grey_batch(n, height, width)
        call = f"grey_batch({n}, {height}, {width})"
        if not isinstance(t, torch.Tensor):
            yield f"{call} gave a {_kind(t)}; build a torch.Tensor (torch.zeros, not NumPy)."
            return
        if t.dtype != torch.float32:
            yield f"{call} has dtype {t.dtype}; networks take torch.float32 (torch.zeros's default)."
            return
        if t.ndim != 4:
            yield f"{call} has rank {t.ndim}; a batch of images is rank 4: N, C, H, W."
            return
        if tuple(t.shape) != (n, 1, height, width):
            yield (f"{call} has shape {tuple(t.shape)}; PyTorch's order is N, C, H, W "
                   "(images, channels, rows, columns).")
            return
        if t.numel() and bool((t != 0).any()):
            yield f"{call} is not all zeros (its largest value is {float(t.abs().max()):g})."
            return


@exercise(2)
def _to_keras_batch(to_keras_batch):
    import tensorflow as tf

    from helpers import images

    rng = np.random.default_rng(2)
    small = rng.integers(0, 256, size=(3, 5, 3), dtype=np.uint8)
    small[0, 0] = (0, 128, 255)
    cases = [("the photo", images.load("china")), ("a 3×5 image", small),
             ("a 1×1 white image", np.full((1, 1, 3), 255, np.uint8))]
    for name, image in cases:
        before = image.copy()
        t = to_keras_batch(image)
        if not np.array_equal(image, before):
            yield f"On {name} your function changed the image it was given; leave the input as it is."
            return
        if not isinstance(t, tf.Tensor):
            yield f"On {name} it gave a {_kind(t)}; return a tf.Tensor (tf.convert_to_tensor, tf.constant)."
            return
        if t.dtype != tf.float32:
            yield f"On {name} the dtype is {t.dtype.name}; Keras wants float32."
            return
        want_shape = (1,) + image.shape
        if tuple(t.shape) != want_shape:
            yield (f"On {name} the shape is {tuple(t.shape)}; a batch of one {image.shape} image, "
                   f"channels last, has shape {want_shape}.")
            return
        values = t.numpy()
        if values.max() > 1 or values.min() < 0:
            yield (f"On {name} the values go from {values.min():g} to {values.max():g}; "
                   "scale them into [0, 1] (what is the largest uint8 value?).")
            return
        if not np.allclose(values[0], image / 255.0, rtol=0, atol=1e-6):
            yield f"On {name} the values are not the pixels divided by 255."
            return


@exercise(3)
def _channel_means(channel_means):
    from helpers import images

    flat = np.zeros((4, 6, 3), np.uint8)
    flat[:, :, 0], flat[:, :, 1], flat[:, :, 2] = 10, 200, 255
    ramp = np.zeros((2, 3, 3), np.uint8)
    ramp[:, :, 1] = [[0, 255, 255], [255, 255, 0]]                # a mean that uint8 sums would overflow
    cases = [("the photo", images.load("china")), ("a flat 4×6 image (R 10, G 200, B 255)", flat),
             ("a 2×3 image", ramp), ("a 1×1 image", np.array([[[7, 8, 9]]], np.uint8))]
    for name, image in cases:
        got = channel_means(image)
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            yield f"On {name} it gave a {_kind(got)}; return three numbers (R, G, B)."
            return
        if got.shape != (3,):
            yield (f"On {name} the answer has shape {got.shape}; one mean per channel is 3 numbers. "
                   "Which axis holds the channels?")
            return
        want = image.reshape(-1, 3).astype(np.float64).mean(axis=0)
        if not np.allclose(got, want, rtol=1e-6, atol=1e-6):
            if np.allclose(got, want[::-1], rtol=1e-6, atol=1e-6):
                yield f"On {name} the three means come in the reverse order: R first, B last."
            else:
                yield f"On {name} the three means are not right."
            return


check, problems = ex.check, ex.problems
