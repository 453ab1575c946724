"""Notebook 11's exercise checks accept the right answers and reject typical wrong ones."""
import numpy as np
import pytest
from torch import nn

from helpers.exercises import ex11


def test_exercise_1():
    assert ex11.problems(1, lambda x: np.asarray(x).astype(np.float32) / 127.5 - 1.0) == []
    wrong = [
        lambda x: None,                                              # unfinished
        lambda x: np.asarray(x) / 127.5 - 1.0,                       # float64
        lambda x: (np.asarray(x) / 255.0).astype(np.float32),        # [0, 1]
        lambda x: (np.asarray(x, np.float32) - 127.5) / 255.0,       # [-0.5, 0.5]
        lambda x: (x / 127.5 - 1).astype(np.float32).ravel(),        # shape lost
        lambda x: (x.astype(np.int16) - 128).astype(np.float32) / 128,   # 255 -> 0.99
        lambda x: np.asarray(x, np.float32).mean() * 0 + np.zeros(np.shape(x), np.float32),
    ]
    assert ex11.problems(1, lambda x: np.asarray(x) / 127.5 - 1.0) != []
    for answer in wrong:
        assert ex11.problems(1, answer), answer
    assert "float32" in ex11.problems(1, wrong[1])[0]
    assert "[-1, 1]" in ex11.problems(1, lambda x: np.asarray(x, np.float32))[0]


def bn_right(module):
    for m in module.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.eval()


def test_exercise_2():
    assert ex11.problems(2, bn_right) == []
    assert ex11.problems(2, lambda m: (bn_right(m), m)[1]) == []          # returning the module is fine

    def top_level_only(module):
        for m in module.children():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.eval()

    def everything(module):
        module.eval()

    def freeze(module):
        for p in module.parameters():
            p.requires_grad = False

    def freeze_and_eval(module):
        bn_right(module)
        freeze(module)

    assert "nested" in ex11.problems(2, top_level_only)[0]
    assert "dropout" in ex11.problems(2, everything)[0]
    assert ex11.problems(2, freeze)
    assert "requires_grad" in ex11.problems(2, freeze_and_eval)[0]
    assert ex11.problems(2, lambda m: nn.Sequential())                   # a new module, not in place
    assert "no answer" in ex11.problems(2, ...)[0]


def test_exercise_3():
    assert ex11.problems(3, lambda z: (np.asarray(z) > 0).astype(int)) == []
    assert ex11.problems(3, lambda z: np.asarray(z) > 0) == []            # booleans are 0/1 too
    sig = lambda z: 1 / (1 + np.exp(-np.asarray(z)))
    double = lambda z: (sig(sig(z)) > 0.5).astype(int)
    assert "twice" in ex11.problems(3, double)[0]
    assert "wrong way" in ex11.problems(3, lambda z: (np.asarray(z) < 0).astype(int))[0]
    assert "integers" in ex11.problems(3, lambda z: sig(z))[0]
    assert ex11.problems(3, lambda z: (np.asarray(z) > 1).astype(int))
    assert ex11.problems(3, lambda z: None)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_an_unfinished_answer_is_not_correct(n):
    assert ex11.problems(n, ...) == ["There is no answer yet: replace the ... with your code."]
