"""helpers.diagrams: what each drawing puts on the axes, and the errors bad input gets.

Matrices (values in cells, unknown cells, outlined windows) are tested in test_matrices.py."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from helpers import diagrams  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def outlined(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]


# padding_grid --------------------------------------------------------------------------------

@pytest.mark.parametrize("mode, p, o", [("valid", 0, 3), ("same", 1, 5), ("full", 2, 7)])
def test_padding_grid_draws_the_zero_ring_and_the_output(mode, p, o):
    ax = diagrams.padding_grid(5, 3, mode)
    side = 5 + 2 * p
    zeros = [t for t in texts(ax) if t == "0"]
    assert len(zeros) == side * side - 25
    filled = [q for q in ax.patches if q.get_fill()]
    assert len(filled) == side * side + o * o
    assert f"output {o}×{o}" in texts(ax)
    assert ax.get_title().endswith(f"= {o}")


def test_padding_grid_takes_a_number_and_a_stride():
    ax = diagrams.padding_grid(7, 3, 1, stride=2)
    assert ax.get_title() == "P = 1: O = (7 − 3 + 2·1)/2 + 1 = 4"
    assert "output 4×4" in texts(ax)


def test_padding_grid_outlines_the_first_window():
    ax = diagrams.padding_grid(6, 5, 0)
    (box,) = outlined(ax)
    assert (box.get_x(), box.get_y(), box.get_width(), box.get_height()) == (0, 0, 5, 5)


@pytest.mark.parametrize("args, words", [
    ((5, 3, "half"), "one of"),
    ((5, 4, "same"), "odd filter"),
    ((5, 3, -1), "≥ 0"),
    ((0, 3, 0), "input_size"),
    ((3, 5, 0), "does not fit"),
    ((6, 3, 0, 2), "not whole"),
])
def test_padding_grid_rejects_impossible_settings(args, words):
    i, f, p, *s = args
    with pytest.raises(ValueError, match=words):
        diagrams.padding_grid(i, f, p, stride=s[0] if s else 1)


def test_padding_amount_by_name():
    assert [diagrams.padding_amount(5, m) for m in ("valid", "same", "full")] == [0, 2, 4]


# neuron ------------------------------------------------------------------------------------

def test_neuron_labels_inputs_weights_bias_and_output():
    ax = diagrams.neuron([5.1, 3.5], [0.6, -1.0], bias=-0.5, z=-0.94, y=0,
                         names=["sepal length", "sepal width"])
    shown = texts(ax)
    for expected in ["5.1", "3.5", "sepal length", "sepal width", "w₁ = 0.6", "w₂ = -1",
                     "bias b = -0.5", "z = -0.94", "y = 0"]:
        assert expected in shown
    inputs = [p for p in ax.patches if type(p).__name__ == "Circle"]
    assert len(inputs) == 3   # two inputs and the sum


def test_neuron_without_results_leaves_them_open():
    ax = diagrams.neuron([1, 0, 1], [1, 1, 1], bias=-2)
    shown = texts(ax)
    assert "y" in shown and not any(t.startswith("z =") for t in shown)
    assert ["x₁", "x₂", "x₃"] == [t for t in shown if t.startswith("x")]


@pytest.mark.parametrize("args, kwargs, words", [
    (([1, 2], [1]), {}, "2 inputs but 1 weights"),
    (([], []), {}, "at least one input"),
    (([1, 2], [1, 1]), {"names": ["a"]}, "2 inputs but 1 names"),
])
def test_neuron_rejects_mismatched_inputs(args, kwargs, words):
    with pytest.raises(ValueError, match=words):
        diagrams.neuron(*args, bias=0, **kwargs)
