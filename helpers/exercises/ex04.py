"""Checks for notebook 04's exercises (output sizes, parameter counts, pooling, a conv layer).

Each check calls the learner's function on several inputs (non-square, strides, padding, odd
sizes, negative values) and compares with values computed here or by PyTorch.
"""
from __future__ import annotations

import numpy as np

from helpers.exercises import Exercises
from helpers.exercises._functions import function_exercise, kind as _kind

ex = Exercises()
exercise = function_exercise(ex)


@exercise(1)
def _conv_output_shape(conv_output_shape):
    cases = [((227, 227, 3), 96, 11, 4, 0), ((32, 32, 3), 16, 3, 1, 0), ((28, 20, 1), 8, 5, 1, 2),
             ((7, 9, 64), 10, 3, 2, 1), ((5, 5, 3), 4, 5, 1, 0), ((5, 5, 3), 2, 3, 1, 2)]
    for shape, k, f, s, p in cases:
        got = conv_output_shape(shape, k, f, s, p)
        call = f"conv_output_shape({shape}, filters={k}, F={f}, S={s}, P={p})"
        try:
            got = tuple(int(v) if float(v).is_integer() else v for v in got)
        except (TypeError, ValueError):
            yield f"{call} gave a {_kind(got)}; return (height, width, channels)."
            return
        want = ((shape[0] - f + 2 * p) // s + 1, (shape[1] - f + 2 * p) // s + 1, k)
        if got != want:
            if len(got) == 3 and got[:2] == want[:2]:
                yield f"{call}: the height and width are right, the depth is not. What makes each output channel?"
            elif len(got) == 3 and got[:2] == tuple(v - 1 for v in want[:2]):
                yield f"{call} is one short on each side: the first position counts too (+ 1)."
            elif len(got) == 3 and got[0] == got[1] and shape[0] != shape[1]:
                yield f"{call}: a {shape[0]}×{shape[1]} input gives different heights and widths."
            else:
                yield f"{call} is not right: O = (I − F + 2P)/S + 1 along each side."
            return


@exercise(2)
def _conv_parameters(conv_parameters):
    for f, c, k in [(3, 3, 32), (5, 3, 1), (1, 64, 16), (11, 3, 96), (3, 1, 1)]:
        got = conv_parameters(f, c, k)
        call = f"conv_parameters(F={f}, C={c}, K={k})"
        try:
            ok_type = int(got) == got
        except (TypeError, ValueError):
            ok_type = False
        if not ok_type:
            yield f"{call} gave {got!r}; return a whole number."
            return
        if int(got) != (f * f * c + 1) * k:
            if int(got) == f * f * c * k:
                yield f"{call} is not right: every filter has a bias too."
            elif int(got) == (f * f + 1) * k:
                yield f"{call} is not right: a filter covers every input channel (F×F×C)."
            elif int(got) == (f * f * c + 1):
                yield f"{call} is not right: that is one filter; the layer has K."
            else:
                yield f"{call} is not right."
            return


@exercise(3)
def _max_pool(max_pool):
    import torch
    import torch.nn.functional as nnf

    rng = np.random.default_rng(5)
    cases = [("a 4×4 matrix", np.array([[1, 3, 2, 9], [5, 6, 1, 0], [7, 2, 4, 4], [0, 8, 3, 5]]), 2),
             ("a 6×4 matrix", rng.integers(0, 100, (6, 4)), 2),
             ("negative values", -rng.integers(1, 100, (4, 6)), 2),
             ("floats, F = 3", rng.normal(size=(6, 9)), 3),
             ("a 5×7 matrix (leftover row and column)", rng.integers(0, 100, (5, 7)), 2),
             ("a 2×2 matrix", np.array([[-4, -2], [-3, -9]]), 2)]
    for name, a, f in cases:
        before = a.copy()
        got = max_pool(a, f)
        if not np.array_equal(a, before):
            yield f"On {name} your function changed the matrix it was given."
            return
        want = nnf.max_pool2d(torch.from_numpy(a.astype(np.float64))[None, None], f)[0, 0].numpy()
        got = np.asarray(got)
        if got.shape != want.shape:
            yield (f"max_pool on {name} with F = S = {f} gave shape {got.shape}; expected {want.shape} "
                   "(windows that do not fit are dropped, as the libraries do).")
            return
        if not np.allclose(got, want):
            windows = a[:want.shape[0] * f, :want.shape[1] * f].reshape(want.shape[0], f, want.shape[1], f)
            if np.allclose(got, windows.mean(axis=(1, 3))):
                yield f"On {name} that is average pooling; take each window's maximum."
            elif (a < 0).all() and (got == 0).any():
                yield f"On {name} (all negative) a 0 appears: don't start the maximum at 0."
            else:
                yield f"On {name} the values are not each window's maximum."
            return


@exercise(4)
def _conv_layer(conv_layer):
    import torch
    import torch.nn.functional as nnf

    rng = np.random.default_rng(6)
    cases = [("an 8×8×3 image, 2 filters", rng.integers(0, 256, (8, 8, 3)).astype(np.float32),
              rng.normal(size=(2, 3, 3, 3)).astype(np.float32), np.array([1.0, -0.5], np.float32)),
             ("a 5×7×1 image, 1 asymmetric filter", rng.integers(0, 10, (5, 7, 1)).astype(np.float32),
              np.array([[[[0, 1, 0], [0, 0, 0], [0, 0, 2]]]], np.float32), np.array([3.0], np.float32)),
             ("a 6×5×2 image, 3 filters 1×1", rng.normal(size=(6, 5, 2)).astype(np.float32),
              rng.normal(size=(3, 2, 1, 1)).astype(np.float32), np.array([0.0, 1.0, 2.0], np.float32)),
             ("a 3×3×3 image, one 3×3 filter (one position)", rng.normal(size=(3, 3, 3)).astype(np.float32),
              rng.normal(size=(1, 3, 3, 3)).astype(np.float32), np.array([10.0], np.float32))]
    for name, image, filters, biases in cases:
        got = conv_layer(image.copy(), filters.copy(), biases.copy())
        want = nnf.conv2d(torch.from_numpy(image).permute(2, 0, 1)[None], torch.from_numpy(filters),
                          torch.from_numpy(biases))[0].permute(1, 2, 0).numpy()
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            yield f"On {name} it gave a {_kind(got)}; return an array (H', W', K)."
            return
        if got.shape != want.shape:
            yield (f"On {name} the output has shape {got.shape}; valid padding, channels last: {want.shape}.")
            return
        scale = max(1.0, float(np.abs(want).max()))
        if not np.allclose(got, want, rtol=1e-4, atol=1e-4 * scale):
            no_bias = want - biases
            if np.allclose(got, no_bias, rtol=1e-4, atol=1e-4 * scale):
                yield f"On {name} the bias is missing: one bias per filter, added once."
            elif np.allclose(got, no_bias + image.shape[2] * biases, rtol=1e-4, atol=1e-4 * scale) and image.shape[2] > 1:
                yield f"On {name} the bias is added once per channel; add it once per filter."
            else:
                yield (f"On {name} the values are not the layer's: per filter, correlate each channel with "
                       "its kernel (no flip), add the channels up, then the bias.")
            return


check, problems = ex.check, ex.problems
