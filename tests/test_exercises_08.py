"""Notebook 08's exercise checks pass the right answers and reject typical wrong ones."""
import numpy as np
import pytest

from helpers.exercises import ex08


def layers_1(blocks):
    """(kernel, input channels, filters) of each convolution of a configuration."""
    channels = 3
    for block in blocks:
        for spec in block:
            k, c = (int(v) for v in spec.removeprefix("conv").split("-"))
            yield k, channels, c
            channels = c


def dense_1(blocks, image_size, classes):
    """(inputs, units) of the three dense layers."""
    last = list(layers_1(blocks))[-1][2]
    side = image_size // 2 ** len(blocks)
    return [(side * side * last, 4096), (4096, 4096), (4096, classes)]


def right_1(blocks, image_size=224, classes=1000):
    return (sum((k * k * c_in + 1) * c for k, c_in, c in layers_1(blocks))
            + sum((n_in + 1) * n_out for n_in, n_out in dense_1(blocks, image_size, classes)))


def no_bias_1(blocks, image_size=224, classes=1000):
    return (sum(k * k * c_in * c for k, c_in, c in layers_1(blocks))
            + sum(n_in * n_out for n_in, n_out in dense_1(blocks, image_size, classes)))


def conv_only_1(blocks, image_size=224, classes=1000):
    return sum((k * k * c_in + 1) * c for k, c_in, c in layers_1(blocks))


def all_3x3_1(blocks, image_size=224, classes=1000):       # ignores conv1 layers' kernel size
    return right_1([[f"conv3-{s.split('-')[1]}" for s in b] for b in blocks], image_size, classes)


def popping_1(blocks, image_size=224, classes=1000):       # right count, but empties the caller's list
    n = right_1(blocks, image_size, classes)
    blocks.clear()
    return n


@pytest.mark.parametrize("wrong", [
    no_bias_1,
    conv_only_1,
    all_3x3_1,
    popping_1,
    lambda blocks, image_size=224, classes=1000: right_1(blocks, 224, classes),   # 7×7 always
    lambda blocks, image_size=224, classes=1000: float(right_1(blocks, image_size, classes)),
    lambda blocks, image_size=224, classes=1000: 138_357_544,
])
def test_exercise_1(wrong):
    assert ex08.problems(1, right_1) == []
    assert ex08.problems(1, wrong) != []


def right_2(layers):
    field, jump = 1, 1
    for k, s in layers:
        field += (k - 1) * jump
        jump *= s
    return field


@pytest.mark.parametrize("wrong", [
    lambda layers: 1 + sum(k - 1 for k, _ in layers),                 # strides ignored
    lambda layers: sum(k for k, _ in layers),                         # kernels added up
    lambda layers: float(right_2(layers)),
    lambda layers: right_2(layers[:-1]) if layers else 1,             # last layer forgotten
    lambda layers: right_2(layers) if layers else 0,                  # nothing sees nothing
])
def test_exercise_2(wrong):
    assert ex08.problems(2, right_2) == []
    assert ex08.problems(2, wrong) != []


def right_3(size, kernel, c_in, c_out, stride=1):
    side = -(-size // stride)            # 'same' padding: ceil(size / stride) outputs per side
    return side * side * kernel * kernel * c_in * c_out


@pytest.mark.parametrize("wrong", [
    lambda size, kernel, c_in, c_out, stride=1: 2 * right_3(size, kernel, c_in, c_out, stride),     # FLOPs
    lambda size, kernel, c_in, c_out, stride=1: size * size * kernel * kernel * c_in * c_out,       # stride ignored
    lambda size, kernel, c_in, c_out, stride=1: (size // stride) ** 2 * kernel * kernel * c_in * c_out,  # floor
    lambda size, kernel, c_in, c_out, stride=1: right_3(size, kernel, 1, c_out, stride),            # c_in forgotten
    lambda size, kernel, c_in, c_out, stride=1: right_3(size, kernel, c_in, c_out, stride) + c_out,  # biases added
    lambda size, kernel, c_in, c_out, stride=1: right_3(size, kernel, c_in, c_out, stride) / 1,     # a float
    lambda size, kernel, c_in, c_out, stride=1: ((size - kernel) // stride + 1) ** 2 * kernel * kernel * c_in * c_out,  # 'valid'
])
def test_exercise_3(wrong):
    assert ex08.problems(3, right_3) == []
    assert ex08.problems(3, wrong) != []


def test_no_answer_yet():
    assert ex08.problems(1, ...) == ["There is no answer yet: replace the ... with your code."]


def test_an_empty_body_is_named():
    def unfinished(*args, **kwargs):
        ...
    for n in (1, 2, 3):
        assert "returns nothing yet" in ex08.problems(n, unfinished)[0]
