"""Exercises whose answer is a function the learner writes (notebooks 00-04).

``function_exercise(ex)`` returns a decorator like ``ex.exercise`` for checks that call the
learner's function. It adds the two answers every such check must meet first: a function (not a
value), and one that returns something (a body still reading ``...`` returns None).

>>> from helpers.exercises import Exercises
>>> ex = Exercises()
>>> exercise = function_exercise(ex)
>>> @exercise(1)
... def _(double):
...     if double(2) != 4:
...         yield "double(2) should be 4."
>>> def double(x):
...     ...
>>> ex.check(1, double)
Exercise 1: not yet. double returns nothing yet: replace the ... in its body with your code.
>>> ex.check(1, 4)
Exercise 1: not yet. Give the function itself (its name, no brackets): yours is a int.
>>> ex.check(1, lambda x: x * 2)
Exercise 1: correct.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Iterable


class _Unwritten(Exception):
    pass


def _guarded(fn: Callable) -> Callable:
    name = getattr(fn, "__name__", "your function")
    name = "your function" if name == "<lambda>" else name

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        if result is None or result is Ellipsis:
            raise _Unwritten(f"{name} returns nothing yet: replace the ... in its body with your code.")
        return result
    return call


def function_exercise(ex: Any) -> Callable[[int], Callable]:
    """A decorator factory: ``@function_exercise(ex)(n)`` registers a check of a function answer."""
    def exercise(number: int) -> Callable:
        def register(check: Callable[[Callable], Iterable[str]]) -> Callable:
            def run(answer: Any) -> Iterable[str]:
                if not callable(answer):
                    yield ("Give the function itself (its name, no brackets): yours is a "
                           f"{type(answer).__name__}.")
                    return
                try:
                    yield from check(_guarded(answer))
                except _Unwritten as missing:
                    yield str(missing)
            ex.exercise(number)(run)
            return check
        return register
    return exercise
