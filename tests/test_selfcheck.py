"""The old value-comparing check (kept until every notebook uses helpers.exercises)."""
import numpy as np
import pytest

from helpers.selfcheck import check, verdict

K = np.array([[0, 1, 2], [3, 4, 5], [6, 7, 9]])


@pytest.mark.parametrize("answer,expected,ok,hint", [
    (K.copy(), K, True, "correct"),
    (K + 1e-9, K, True, "correct"),
    (..., K, False, "no answer yet"),
    (None, K, False, "no answer yet"),
    (K[:2], K, False, "Wrong shape: yours is (2, 3), expected (3, 3)"),
    (np.flip(K), K, False, "Off by a flip"),
    (K.T, K, False, "transposed"),
    (K * 9, K, False, "constant factor (9×)"),
    (K + 3, K, False, "Off by a constant (+3)"),
    (np.where(K == 4, 0, K), K, False, "1 of 9 values differ"),
    (42.0, 42, True, "correct"),
    (41.0, 42, False, "Off by a constant factor"),
    ("relu", "relu", True, "correct"),
    ("tanh", "relu", False, "yours is 'tanh'"),
    ("a string", 3.0, False, "Expected a number or an array"),
])
def test_verdicts_and_hints(capsys, answer, expected, ok, hint):
    assert check(answer, expected, name="ex") is None          # nothing returned: no stray False
    out = capsys.readouterr().out
    assert hint.lower() in out.lower()
    assert out.startswith("ex: ")
    assert out.count("\n") == 1
    assert verdict(answer, expected) is ok
    assert capsys.readouterr().out == ""


def test_custom_hints_name_a_wrong_answer(capsys):
    check(7, 42, hints=[(lambda a: a == 7, "That is the value before the bias.")])
    assert "before the bias" in capsys.readouterr().out


def test_equality_comes_before_hints(capsys):
    # a careless hint that also matches the right answer must not reject it
    check(42, 42, hints=[(lambda a: a > 40, "Too big.")])
    assert capsys.readouterr().out.strip() == "answer: correct."
    check([0.6, 0.2, 0.2], [0.6, 0.2, 0.2], hints=[(lambda a: len(a) == 3, "never shown")])
    assert "correct" in capsys.readouterr().out


def test_a_failing_hint_predicate_is_ignored(capsys):
    check(41, 42, hints=[(lambda a: a.shape == (1,), "never shown")])
    out = capsys.readouterr().out
    assert "never shown" not in out and "not yet" in out


def test_the_expected_value_is_never_printed(capsys):
    check(np.array([1.5, 2.5]), np.array([123.456, 789.012]), name="ex")
    out = capsys.readouterr().out
    assert "123.456" not in out and "789.012" not in out
