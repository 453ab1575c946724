"""Run modes: ``quick`` for tests and CI (few steps, small subsets), ``full`` for learners.

The one switch is the environment variable ``COURSE_MODE``; it is read here and nowhere else.

>>> import helpers.mode as m
>>> epochs = m.pick(quick=1, full=15)
"""
from __future__ import annotations

import os
from typing import TypeVar

MODE_VARIABLE = "COURSE_MODE"
MODES = ("quick", "full")
DEFAULT_MODE = "full"

T = TypeVar("T")


def current() -> str:
    """Return ``"quick"`` or ``"full"`` from ``$COURSE_MODE`` (default ``"full"``).

    >>> current() in ("quick", "full")
    True
    """
    value = os.environ.get(MODE_VARIABLE, "").strip().lower() or DEFAULT_MODE
    if value not in MODES:
        raise ValueError(
            f"{MODE_VARIABLE}={os.environ[MODE_VARIABLE]!r} is not a run mode: "
            f"use one of {', '.join(MODES)} (unset means {DEFAULT_MODE})."
        )
    return value


def is_quick() -> bool:
    """True when the notebooks run in quick (test) mode."""
    return current() == "quick"


def pick(*, quick: T, full: T) -> T:
    """Choose a parameter by mode, e.g. ``epochs = pick(quick=1, full=15)``."""
    return quick if is_quick() else full


def show() -> None:
    """Print one line that says which mode this notebook runs in.

    It returns nothing, so a cell that ends with ``mode.show()`` stores the line once.
    """
    if is_quick():
        line = (f"Run mode: QUICK ({MODE_VARIABLE}=quick): few steps on small subsets, "
                "to prove the code runs. Numbers below are not the real results.")
    else:
        line = (f"Run mode: FULL: the real experiment. "
                f"(Set {MODE_VARIABLE}=quick for a fast test run.)")
    print(line)
