"""The old value-comparing self-check, kept for notebooks not yet converted to ``helpers.exercises``.

New exercises use :mod:`helpers.exercises` (a check per notebook that tests behaviour, and keeps
the expected value out of the notebook). ``check(answer, expected)`` only compares a value with
an expected one, so the expected value has to sit in the notebook's check cell: do not use it in
new exercises.

It prints a verdict and returns nothing, so a cell that ends with it stores no stray value:

>>> from helpers.selfcheck import check, verdict
>>> check([[1, 2], [3, 4]], [[1, 2], [3, 4]], name="exercise 1")
exercise 1: correct.
>>> verdict(41, 42)
False
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

Hint = tuple[Callable[[Any], bool], str]


def _say(name: str, ok: bool, message: str = "") -> tuple[bool, str]:
    return ok, (f"{name}: correct." if ok else f"{name}: not yet. {message}".rstrip())


def _numeric(value: Any) -> np.ndarray | None:
    try:
        arr = np.asarray(value)
    except Exception:
        return None
    return arr if arr.dtype.kind in "biuf" else None


def check(answer: Any, expected: Any, *, name: str = "answer", rtol: float = 1e-6,
          atol: float = 1e-9, hints: Sequence[Hint] = ()) -> None:
    """Compare ``answer`` with ``expected`` and print "correct" or a hint. Returns nothing.

    Numbers and arrays are compared with a tolerance. A right answer is always "correct", even
    when a hint's predicate would also match it. For a wrong answer, ``hints`` (pairs
    ``(predicate(answer) -> bool, message)``) are tried first, then the built-in ones: a missing
    answer, a wrong shape, a transposed or flipped array (convolution versus correlation), a
    constant factor (a forgotten normalisation) or a constant offset.
    """
    print(_verdict(answer, expected, name=name, rtol=rtol, atol=atol, hints=hints)[1])


def verdict(answer: Any, expected: Any, *, rtol: float = 1e-6, atol: float = 1e-9,
            hints: Sequence[Hint] = ()) -> bool:
    """True when ``answer`` equals ``expected`` (within the tolerance); prints nothing."""
    return _verdict(answer, expected, name="answer", rtol=rtol, atol=atol, hints=hints)[0]


def _equal(answer: Any, expected: Any, rtol: float, atol: float) -> bool:
    got, want = _numeric(answer), _numeric(expected)
    if want is None or got is None:
        try:
            return bool(want is None and got is None and answer == expected)
        except Exception:
            return False
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=rtol, atol=atol))


def _verdict(answer: Any, expected: Any, *, name: str, rtol: float, atol: float,
             hints: Sequence[Hint]) -> tuple[bool, str]:
    if answer is None or answer is Ellipsis:
        return _say(name, False, "There is no answer yet: replace the ... with your code.")
    if _equal(answer, expected, rtol, atol):
        return _say(name, True)
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
