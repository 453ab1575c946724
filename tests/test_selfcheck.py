import numpy as np
import pytest

from helpers.selfcheck import check

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
    assert check(answer, expected, name="ex") is ok
    out = capsys.readouterr().out
    assert hint.lower() in out.lower()
    assert out.startswith("ex: ")


def test_custom_hints_come_first(capsys):
    assert not check(7, 42, hints=[(lambda a: a == 7, "That is the value before the bias.")])
    assert "before the bias" in capsys.readouterr().out


def test_a_failing_hint_predicate_is_ignored(capsys):
    assert check(42, 42, hints=[(lambda a: a.shape == (1,), "never shown")])


def test_the_expected_value_is_never_printed(capsys):
    check(np.array([1.5, 2.5]), np.array([123.456, 789.012]), name="ex")
    out = capsys.readouterr().out
    assert "123.456" not in out and "789.012" not in out
