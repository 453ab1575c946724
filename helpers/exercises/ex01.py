"""Checks for notebook 01's exercises (pixels, uint8, grey levels, thresholds).

Each check calls the learner's function on several images, real and made up, edge cases
included, and looks at dtype and range as well as values. Expected values are computed here.
"""
from __future__ import annotations

import numpy as np

from helpers.exercises import Exercises
from helpers.exercises._functions import function_exercise, kind as _kind

ex = Exercises()
exercise = function_exercise(ex)


@exercise(1)
def _value_at(value_at):
    from helpers import images

    tiny = np.arange(15, dtype=np.uint8).reshape(3, 5)          # 3 rows, 5 columns, all different
    grey = images.load("grace_hopper", mode="L")
    for image, x, y in [(tiny, 4, 2), (tiny, 0, 0), (tiny, 1, 2), (grey, 400, 100), (grey, 511, 0)]:
        got = value_at(image, x, y)
        want = int(image[y, x])
        if isinstance(got, (np.ndarray, list, tuple)):
            yield f"value_at(image, {x}, {y}) gave a {_kind(got)}; return one number."
            return
        if got != want:
            swapped = x < image.shape[0] and y < image.shape[1] and got == image[x, y]
            hint = " f(x, y) is image[y, x]: the row comes first." if swapped else ""
            yield f"value_at on a {image.shape[0]}×{image.shape[1]} image at x={x}, y={y} is not right.{hint}"
            return
    for x, y in [(-1, 0), (0, -1), (5, 0), (0, 3)]:
        try:
            got = value_at(tiny, x, y)
        except IndexError:
            continue
        except Exception as err:
            yield (f"value_at(image, {x}, {y}) outside a 3×5 image raised {type(err).__name__}; "
                   "raise an IndexError.")
            return
        yield (f"value_at(image, {x}, {y}) outside a 3×5 image returned {got!r}; raise an IndexError "
               "(NumPy reads negative indices from the other end without a word).")
        return


@exercise(2)
def _brighten(brighten):
    levels = np.array([[0, 1, 127], [128, 250, 255]], dtype=np.uint8)
    rgb = np.random.default_rng(1).integers(0, 256, size=(4, 3, 3), dtype=np.uint8)
    for image, amount in [(levels, 10), (levels, 0), (levels, 255), (levels, -10), (levels, -255),
                          (rgb, 100), (rgb, -100)]:
        before = image.copy()
        got = brighten(image, amount)
        call = f"brighten(image, {amount})"
        if not np.array_equal(image, before):
            yield f"{call} changed the image it was given; return a new one."
            return
        if not isinstance(got, np.ndarray):
            yield f"{call} gave a {_kind(got)}; return a NumPy array."
            return
        if got.dtype != np.uint8:
            yield f"{call} gave dtype {got.dtype}; the result must be uint8 again, like the input."
            return
        if got.shape != image.shape:
            yield f"{call} gave shape {got.shape}; the image had shape {image.shape}."
            return
        want = np.clip(image.astype(np.int16) + amount, 0, 255).astype(np.uint8)
        if not np.array_equal(got, want):
            wrapped = (image.astype(np.int16) + amount) % 256
            if np.array_equal(got, wrapped):
                yield (f"{call} wraps around past 255 (or below 0): uint8 arithmetic happens before any "
                       "clip. Widen the type first.")
            else:
                yield f"{call} is not right for every pixel (try it on 250 and on 5)."
            return


@exercise(3)
def _to_grey(to_grey):
    from PIL import Image

    from helpers import images

    pixels = np.array([[[200, 100, 50], [255, 255, 254], [0, 0, 0]],
                       [[255, 255, 255], [0, 0, 255], [10, 240, 3]]], dtype=np.uint8)
    for name, rgb in [("a 2×3 test image", pixels), ("the china photo", images.load("china")),
                      ("a 1×1 image", np.array([[[90, 90, 91]]], np.uint8))]:
        got = to_grey(rgb)
        if not isinstance(got, np.ndarray):
            yield f"On {name} it gave a {_kind(got)}; return a NumPy array."
            return
        if got.shape != rgb.shape[:2]:
            yield f"On {name} the shape is {got.shape}; a grey image has one number per pixel: {rgb.shape[:2]}."
            return
        if got.dtype != np.uint8:
            yield f"On {name} the dtype is {got.dtype}; return uint8 grey levels, as PIL does."
            return
        want = np.asarray(Image.fromarray(rgb).convert("L"))
        wrong = int((got != want).sum())
        if wrong:
            w = rgb.astype(np.float64)
            if np.array_equal(got, np.round(w.mean(axis=2)).astype(np.uint8)):
                yield f"On {name} you took the plain mean; the eye weighs the channels differently."
            elif np.array_equal(got, np.round(w[..., ::-1] @ [0.299, 0.587, 0.114]).astype(np.uint8)):
                yield f"On {name} the weights go to the wrong channels: red gets 0.299, blue 0.114."
            elif np.abs(got.astype(int) - want).max() <= 1:
                yield f"On {name}, {wrong} grey levels are off by one: round to the nearest level, don't cut."
            else:
                yield f"On {name}, {wrong} of {want.size} grey levels differ from PIL's."
            return


@exercise(4)
def _dark_mask(dark_mask):
    import cv2

    from helpers import images

    halves = np.full((20, 30), 200, np.uint8)
    halves[:, :12] = 60
    pale = np.full((10, 10), 250, np.uint8)
    pale[3:6, 3:6] = 150                                  # darker than 127 nowhere
    cases = [("two flat halves (60 and 200)", halves), ("a pale square (150) on 250", pale),
             ("the portrait", images.load("grace_hopper", mode="L")),
             ("the blood smear", cv2.cvtColor(images.load("blood_smear"), cv2.COLOR_RGB2GRAY))]
    for name, grey in cases:
        before = grey.copy()
        got = dark_mask(grey)
        if not np.array_equal(grey, before):
            yield f"On {name} your function changed the image it was given."
            return
        if not isinstance(got, np.ndarray) or got.shape != grey.shape:
            yield f"On {name} it must return a mask of the image's shape {grey.shape}."
            return
        if got.dtype != np.uint8 or not np.isin(got, (0, 255)).all():
            yield f"On {name} the mask must be uint8 holding only 0 and 255 (it has {got.dtype})."
            return
        _, want = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        if not np.array_equal(got, want):
            if np.array_equal(got, 255 - want):
                yield f"On {name} the mask is inverted: the dark pixels must be 255."
            else:
                yield f"On {name} the mask is not Otsu's: let the histogram choose the level."
            return


check, problems = ex.check, ex.problems
