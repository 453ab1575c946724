"""Exercise self-checks: tell the learner whether an answer is right and, if not, what is off.

The expected value stays inside the check; the learner sees a verdict and a hint, never the
solution (that sits in a collapsed cell below each exercise).

>>> from helpers.selfcheck import check
>>> check([[1, 2], [3, 4]], [[1, 2], [3, 4]], name="exercise 1")
exercise 1: correct.
True
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

Hint = tuple[Callable[[Any], bool], str]


def _say(name: str, ok: bool, message: str = "") -> bool:
    print(f"{name}: correct." if ok else f"{name}: not yet. {message}".rstrip())
    return ok


def _numeric(value: Any) -> np.ndarray | None:
    try:
        arr = np.asarray(value)
    except Exception:
        return None
    return arr if arr.dtype.kind in "biuf" else None


def check(answer: Any, expected: Any, *, name: str = "answer", rtol: float = 1e-6,
          atol: float = 1e-9, hints: Sequence[Hint] = ()) -> bool:
    """Compare ``answer`` with ``expected``; print "correct" or a hint; return True/False.

    Numbers and arrays are compared with a tolerance. Built-in hints name the usual slips:
    a missing answer, a wrong shape, a transposed or flipped array (convolution versus
    correlation), a constant factor (a forgotten normalisation) or a constant offset.
    ``hints`` adds exercise-specific ones: ``(predicate(answer) -> bool, message)`` pairs,
    tried first.
    """
    if answer is None or answer is Ellipsis:
        return _say(name, False, "There is no answer yet: replace the ... with your code.")
    for predicate, message in hints:
        try:
            if predicate(answer):
                return _say(name, False, message)
        except Exception:
            pass
    got, want = _numeric(answer), _numeric(expected)
    if want is None:
        if answer == expected:
            return _say(name, True)
        return _say(name, False, f"Expected a different {type(expected).__name__}; "
                                 f"yours is {answer!r}.")
    if got is None:
        return _say(name, False, f"Expected a number or an array; yours is a "
                                 f"{type(answer).__name__}.")
    if got.shape != want.shape:
        if got.ndim == 2 and got.shape == want.T.shape and np.allclose(got, want.T, rtol, atol):
            return _say(name, False, "Rows and columns are swapped (transposed).")
        return _say(name, False, f"Wrong shape: yours is {got.shape}, expected {want.shape}.")
    if np.allclose(got, want, rtol=rtol, atol=atol):
        return _say(name, True)
    if want.ndim >= 1 and np.allclose(got, np.flip(want), rtol=rtol, atol=atol):
        return _say(name, False, "Off by a flip: the values are there, mirrored. Convolution "
                                 "flips the kernel; correlation does not.")
    if want.ndim == 2 and np.allclose(got, want.T, rtol, atol):
        return _say(name, False, "Rows and columns are swapped (transposed).")
    nonzero = np.abs(want) > atol
    if nonzero.any():
        ratios = got[nonzero] / want[nonzero]
        k = float(ratios.flat[0])
        if k != 0 and np.allclose(got, k * want, rtol=1e-4, atol=atol):
            return _say(name, False, f"Off by a constant factor ({k:.4g}×): is a "
                                     f"normalisation (a division by S, a scale) missing or extra?")
    diff = (got - want).ravel()
    if diff.size > 1 and np.allclose(diff, diff[0], rtol=1e-6, atol=atol):
        return _say(name, False, f"Off by a constant ({diff[0]:+.4g}) everywhere: "
                                 "a bias or an offset?")
    if want.size > 1:
        wrong = int((~np.isclose(got, want, rtol=rtol, atol=atol)).sum())
        return _say(name, False, f"{wrong} of {want.size} values differ.")
    return _say(name, False, "Close the gap: check the formula step by step.")
