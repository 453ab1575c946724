"""helpers.diagrams: what each drawing puts on the axes, and the errors bad input gets."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
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


# show_matrix ---------------------------------------------------------------------------------

def test_show_matrix_writes_every_value_in_row_order():
    ax = diagrams.show_matrix([[35, 40.5], [-1, 0]])
    assert texts(ax) == ["35", "40.5", "-1", "0"]


def test_show_matrix_marks_unknown_values():
    ax = diagrams.show_matrix([[1, np.nan], [np.nan, 4]], unknown="?")
    assert texts(ax) == ["1", "?", "?", "4"]


def test_show_matrix_draws_a_vector_as_one_row():
    ax = diagrams.show_matrix(np.arange(5))
    cells = [p for p in ax.patches if p.get_fill()]
    assert len(cells) == 5
    assert {p.get_y() for p in cells} == {0}


def test_show_matrix_uses_the_format_and_title():
    ax = diagrams.show_matrix([[0.25, 1 / 3]], fmt="{:.2f}", title="probabilities")
    assert texts(ax) == ["0.25", "0.33"]
    assert ax.get_title() == "probabilities"


def test_show_matrix_outlines_the_highlighted_windows():
    ax = diagrams.show_matrix(np.zeros((4, 4)), highlight=[(0, 0, 2, 2), (2, 2, 2, 2)])
    boxes = outlined(ax)
    assert [(b.get_x(), b.get_y(), b.get_width(), b.get_height()) for b in boxes] == [
        (0, 0, 2, 2), (2, 2, 2, 2)]


def test_show_matrix_draws_into_a_given_axes():
    fig, ax = plt.subplots()
    assert diagrams.show_matrix([[1]], ax=ax) is ax
    assert len(fig.axes) == 1


def test_show_matrix_rejects_a_highlight_outside_the_matrix():
    with pytest.raises(ValueError, match="outside the 3×3 matrix"):
        diagrams.show_matrix(np.zeros((3, 3)), highlight=[(2, 2, 2, 2)])


@pytest.mark.parametrize("bad, error, words", [
    (np.zeros((2, 2, 3)), ValueError, "one channel at a time"),
    (np.zeros((0, 3)), ValueError, "empty"),
    ([["a", "b"]], TypeError, "needs numbers"),
])
def test_show_matrix_rejects_what_it_cannot_draw(bad, error, words):
    with pytest.raises(error, match=words):
        diagrams.show_matrix(bad)


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


@pytest.mark.parametrize("cmap", ["gray", "Blues", "gray_r"])
def test_show_matrix_writes_dark_cells_in_white_and_light_cells_in_black(cmap):
    ax = diagrams.show_matrix([[0, 255]], cmap=cmap)
    cells = [p for p in ax.patches if p.get_fill()]
    for cell, text in zip(cells, ax.texts):
        r, g, b, _ = cell.get_facecolor()
        dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
        assert text.get_color() == ("white" if dark else "black")
    inks = {t.get_color() for t in ax.texts}
    assert inks == {"white", "black"}
