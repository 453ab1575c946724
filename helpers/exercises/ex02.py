"""Checks for notebook 02's exercises (kernels, correlation and convolution, borders, uint8).

Each check calls the learner's function on several inputs (asymmetric kernels, odd sizes,
negative weights, edge cases) and compares with SciPy or OpenCV computed here.
"""
from __future__ import annotations

import numpy as np

from helpers.exercises import Exercises
from helpers.exercises._functions import function_exercise, kind as _kind

ex = Exercises()
exercise = function_exercise(ex)

_M = np.array([[35, 40, 41, 45, 50],
               [40, 40, 42, 46, 52],
               [42, 46, 50, 55, 55],
               [48, 52, 56, 58, 60],
               [56, 60, 65, 70, 75]])


@exercise(1)
def _convolve_valid(convolve_valid):
    from scipy import signal

    rng = np.random.default_rng(0)
    cases = [("seed 001's M and the sharpen kernel", _M, np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])),
             ("seed 001's M and its kernel (a 1 above the centre)", _M, np.array([[0, 1, 0], [0, 0, 0], [0, 0, 0]])),
             ("a 6×7 image and an asymmetric 3×3 kernel", rng.integers(0, 10, (6, 7)), rng.integers(-3, 4, (3, 3))),
             ("a 4×6 image and a 1×3 kernel", rng.integers(0, 10, (4, 6)), np.array([[1, 2, 4]])),
             ("a 5×5 image and a 5×5 kernel (one position)", rng.integers(0, 10, (5, 5)), rng.integers(-2, 3, (5, 5)))]
    for name, image, kernel in cases:
        got = convolve_valid(image.copy(), kernel.copy())
        want = signal.convolve2d(image, kernel, mode="valid")
        got = np.asarray(got)
        if got.shape != want.shape:
            yield (f"On {name} the result has shape {got.shape}; only the positions where the whole kernel "
                   f"fits: {want.shape}.")
            return
        if not np.allclose(got, want):
            if np.allclose(got, signal.correlate2d(image, kernel, mode="valid")):
                yield f"On {name} you computed a correlation: a convolution flips the kernel first."
            elif np.allclose(got, signal.correlate2d(image, np.flip(kernel, 0), mode="valid")) or \
                    np.allclose(got, signal.correlate2d(image, np.flip(kernel, 1), mode="valid")):
                yield f"On {name} the kernel is flipped one way only; turn it by 180° (both axes)."
            else:
                yield f"On {name} the values are not the convolution's."
            return


@exercise(2)
def _shift_kernel(shift_kernel):
    import cv2

    image = np.random.default_rng(2).integers(0, 256, (12, 15)).astype(np.float64)
    for dx, dy in [(1, 0), (0, 1), (2, -1), (-3, 0), (0, 0)]:
        kernel = np.asarray(shift_kernel(dx, dy), dtype=np.float64)
        call = f"shift_kernel({dx}, {dy})"
        if kernel.ndim != 2 or kernel.shape[0] % 2 == 0 or kernel.shape[1] % 2 == 0:
            yield f"{call} has shape {kernel.shape}; give a 2-D kernel with odd sides, so it has a centre."
            return
        if kernel.shape[0] // 2 < abs(dy) or kernel.shape[1] // 2 < abs(dx):
            yield f"{call} is {kernel.shape[0]}×{kernel.shape[1]}: too small to reach {abs(dx)} across, {abs(dy)} down."
            return
        out = cv2.filter2D(image, -1, kernel, borderType=cv2.BORDER_CONSTANT)
        h, w = image.shape
        inner = out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)]
        moved = image[max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
        if not np.allclose(inner, moved):
            back = out[max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
            if np.allclose(back, image[max(dy, 0):h - max(-dy, 0), max(dx, 0):w - max(-dx, 0)]):
                yield (f"With {call}, cv2.filter2D moves the image the opposite way: filter2D correlates, "
                       "so where must the 1 sit?")
            else:
                yield f"With {call}, cv2.filter2D does not move the image {dx} right and {dy} down."
            return


@exercise(3)
def _pad_reflect(pad_reflect):
    import cv2

    for row, n in [([35, 40, 41, 45, 50], 2), ([35, 40, 41, 45, 50], 1), ([35, 40, 41, 45, 50], 0),
                   ([1, 2, 3], 3), ([7], 1), ([4, 9, 2, 8, 1, 6], 4)]:
        a = np.array(row, dtype=np.uint8)
        before = a.copy()
        got = np.asarray(pad_reflect(a, n))
        if not np.array_equal(a, before):
            yield f"pad_reflect({row}, {n}) changed the row it was given."
            return
        want = cv2.copyMakeBorder(a[None], 0, 0, n, n, cv2.BORDER_REFLECT)[0]
        if got.shape != want.shape:
            yield f"pad_reflect({row}, {n}) has {got.size} values; {n} on each side makes {want.size}."
            return
        if not np.array_equal(got, want):
            if np.array_equal(got, np.pad(a, n, mode="edge")):
                yield f"pad_reflect({row}, {n}) repeats the edge pixel only: that is REPLICATE."
            else:
                yield f"pad_reflect({row}, {n}) is not BORDER_REFLECT's (edge pixel included in the mirror)."
            return


@exercise(4)
def _filter_uint8(filter_uint8):
    import cv2

    codelab = np.array([[0, 64, 128], [48, 192, 144], [42, 226, 168]], dtype=np.uint8)
    weights = np.array([[-1, 0, -2], [0.5, 4.5, -1.5], [1.5, 2, -3]])
    photo = np.random.default_rng(4).integers(0, 256, (9, 11), dtype=np.uint8)
    cases = [("the codelab neighbourhood", codelab, weights), ("the codelab neighbourhood, weights negated",
                                                               codelab, -weights),
             ("the codelab neighbourhood, weights ÷ 4", codelab, weights / 4),
             ("a 9×11 image, a 1/6 blur", photo, np.full((3, 3), 1 / 6)),
             ("a 9×11 image, an edge kernel", photo, np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], float))]
    for name, image, kernel in cases:
        before = image.copy()
        got = filter_uint8(image, kernel)
        if not np.array_equal(image, before):
            yield f"On {name} your function changed the image it was given."
            return
        if not isinstance(got, np.ndarray) or got.dtype != np.uint8 or got.shape != image.shape:
            what = got.dtype if isinstance(got, np.ndarray) else _kind(got)
            yield f"On {name} return a uint8 array of the image's shape {image.shape} (yours: {what})."
            return
        want = cv2.filter2D(image, -1, kernel)
        exact = cv2.filter2D(image.astype(np.float64), -1, kernel)
        tie = np.isclose(np.abs(exact) % 1, 0.5)          # exactly halfway: either neighbour will do
        if not np.all((got == want) | (tie & (np.abs(got.astype(int) - want) <= 1))):
            if np.array_equal(got, exact.astype(np.int64).astype(np.uint8)):
                yield f"On {name} values below 0 or above 255 wrap around; filter2D saturates them."
            elif np.array_equal(got, np.clip(exact, 0, 255).astype(np.uint8)):
                yield f"On {name} some values are cut, not rounded, to a whole grey level."
            else:
                yield f"On {name} the result differs from cv2.filter2D's in {int((got != want).sum())} pixels."
            return


check, problems = ex.check, ex.problems
