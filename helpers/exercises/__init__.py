"""Exercise checks, one module per notebook (``ex05`` checks notebook 05's exercises, ...).

A notebook never shows an exercise's expected value: it hands the learner's answer to a check
that lives here, which calls it on several inputs (edge cases included), looks at its dtype and
range as well as its shape, and prints one line: "Exercise 2: correct." or "Exercise 2: not yet."
followed by what is wrong. Nothing is returned, so a check cell stores no stray value.

In a notebook module (``helpers/exercises/ex05.py``)::

    from helpers.exercises import Exercises

    ex = Exercises()

    @ex.exercise(1)
    def _(answer):
        '''Yield (or return a list of) problems; nothing when the answer is right.'''
        if answer(0) != 0:
            yield "f(0) should be 0."

    check, problems = ex.check, ex.problems

In the notebook: ``from helpers.exercises import ex05`` then ``ex05.check(1, my_function)``.
In the tests: ``ex05.problems(1, right_answer) == []`` and ``ex05.problems(1, wrong) != []``.

>>> ex = Exercises()
>>> @ex.exercise(1)
... def _(answer):
...     if answer(2) != 4:
...         yield "doubling 2 should give 4."
>>> ex.check(1, lambda x: 2 * x)
Exercise 1: correct.
>>> ex.check(1, lambda x: x + 1)
Exercise 1: not yet. doubling 2 should give 4.
>>> ex.check(1, ...)
Exercise 1: not yet. There is no answer yet: replace the ... with your code.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

Problems = Callable[[Any], "Iterable[str] | None"]


class Exercises:
    """The exercises of one notebook: ``exercise(n)`` registers a check, ``check`` prints a verdict."""

    def __init__(self) -> None:
        self._checks: dict[int, Problems] = {}

    def exercise(self, number: int) -> Callable[[Problems], Problems]:
        def register(fn: Problems) -> Problems:
            self._checks[number] = fn
            return fn
        return register

    def problems(self, number: int, answer: Any) -> list[str]:
        """What is wrong with ``answer`` to exercise ``number`` (empty when it is right)."""
        if number not in self._checks:
            raise KeyError(f"there is no exercise {number}; the exercises are {sorted(self._checks)}")
        if answer is None or answer is Ellipsis:
            return ["There is no answer yet: replace the ... with your code."]
        try:
            return [str(p) for p in (self._checks[number](answer) or [])]
        except Exception as err:  # the learner's code failed on one of the inputs
            return [f"Your answer raised {type(err).__name__}: {err}"]

    def check(self, number: int, answer: Any) -> None:
        """Print "Exercise n: correct." or "Exercise n: not yet." with the first problem."""
        found = self.problems(number, answer)
        print(f"Exercise {number}: correct." if not found else f"Exercise {number}: not yet. {found[0]}")
