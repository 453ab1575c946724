"""helpers.matrices: every value is written on its cell, readable, with highlights where asked."""
import matplotlib

matplotlib.use("Agg", force=True)

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from helpers import images, matrices  # noqa: E402

M = np.array([[35, 40, 41, 45, 50],
              [40, 40, 42, 46, 52],
              [42, 46, 50, 55, 55],
              [48, 52, 56, 58, 60],
              [56, 60, 65, 70, 75]])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def cell_texts(ax):
    return {(round(t.get_position()[1]), round(t.get_position()[0])): t for t in ax.texts}


def test_every_value_is_written_on_its_cell():
    ax = matrices.show_matrix(M)
    texts = cell_texts(ax)
    assert len(texts) == M.size
    for (r, c), value in np.ndenumerate(M):
        assert texts[r, c].get_text() == str(value)


def test_a_colormap_object_works_and_sets_the_text_colour():
    from matplotlib.colors import LinearSegmentedColormap

    red = LinearSegmentedColormap.from_list("red", ["black", "red"])
    ax = matrices.show_matrix([[0, 255]], cmap=red, vmin=0, vmax=255)
    assert ax.images[0].cmap is red
    assert cell_texts(ax)[0, 0].get_color() == "white"


def test_text_is_dark_on_light_cells_and_light_on_dark_ones():
    ax = matrices.show_matrix([[0, 255]], vmin=0, vmax=255)
    texts = cell_texts(ax)
    assert texts[0, 0].get_color() == "white"
    assert texts[0, 1].get_color() == "black"
    ax = matrices.show_matrix([[0, 255]], shade=False)
    assert {t.get_color() for t in ax.texts} == {"black"}


def test_real_pixels_and_the_origin_label_the_crop():
    grey = images.load("grace_hopper", mode="L")
    crop = grey[200:208, 300:310]
    ax = matrices.show_matrix(crop, origin=(200, 300), vmin=0, vmax=255)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(c) for c in range(300, 310)]
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(r) for r in range(200, 208)]
    assert cell_texts(ax)[3, 4].get_text() == str(grey[203, 304])


def test_formats():
    assert matrices.format_value(42.0) == "42"
    assert matrices.format_value(np.uint8(7)) == "7"
    assert matrices.format_value(1 / 9) == "0.111"
    assert matrices.format_value(-1.5) == "-1.5"
    assert matrices.format_value(4.5, ".2f") == "4.50"
    assert matrices.format_value(np.True_) == "1"
    ax = matrices.show_matrix(np.ones((3, 3)) / 9, fmt=".2f")
    assert {t.get_text() for t in ax.texts} == {"0.11"}


def test_highlights_outline_the_right_cells():
    ax = matrices.show_matrix(M, highlight=[(1, 1, 3, 3), (0, 4, 1, 1)], highlight_color=["red", "blue"])
    rects = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert [(r.get_xy(), r.get_width(), r.get_height()) for r in rects] == [
        ((0.5, 0.5), 3, 3), ((3.5, -0.5), 1, 1)]
    single = matrices.show_matrix(M, highlight=(2, 2, 1, 1))
    assert len(single.patches) == 1


def test_large_grids_are_not_annotated_unless_asked():
    assert len(matrices.show_matrix(np.zeros((30, 30))).texts) == 0
    assert len(matrices.show_matrix(np.zeros((30, 30)), annotate=True).texts) == 900


def test_a_vector_is_one_row():
    ax = matrices.show_matrix([1, 2, 3])
    assert sorted(cell_texts(ax)) == [(0, 0), (0, 1), (0, 2)]


def test_show_matrices_lays_out_panels_and_symbols():
    kernel = np.array([[0, 1, 0], [0, 0, 0], [0, 0, 0]])
    fig = matrices.show_matrices([M, kernel, [[42]]], ["image", "kernel", "R"], between=["×", "="],
                                 options=[{"highlight": (1, 1, 3, 3)}, {}, {}])
    axes = fig.axes
    assert [ax.get_title() for ax in axes] == ["image", "kernel", "R"]
    assert [t.get_text() for t in fig.texts] == ["×", "="]
    assert len(axes[0].patches) == 1 and len(axes[1].patches) == 0
    lefts = [ax.get_position().x0 for ax in axes]
    assert lefts == sorted(lefts)                      # left to right, in order
    assert len(matrices.show_matrices([M, M]).axes) == 2


def test_show_matrices_keeps_one_cell_size_whatever_the_titles():
    fig = matrices.show_matrices([M, M[:3, :3], [[42]]], ["image", "a much longer title than the matrix", "R"],
                                 cell=0.4)
    width, height = fig.get_size_inches()
    for ax in fig.axes:
        rows, cols = ax.images[0].get_array().shape
        box = ax.get_position()
        assert box.width * width / cols == pytest.approx(0.4)
        assert box.height * height / rows == pytest.approx(0.4)
    # the long title gets a slot wide enough: the next panel starts after the title ends
    title = fig.axes[1].title
    fig.canvas.draw()
    title_end = title.get_window_extent().x1 / fig.dpi
    assert fig.axes[2].get_position().x0 * width > title_end


def test_bad_input_is_named():
    with pytest.raises(ValueError, match=r"2-D.*\(2, 2, 3\)"):
        matrices.show_matrix(np.zeros((2, 2, 3)))
    with pytest.raises(TypeError, match="real numbers.*dtype"):
        matrices.show_matrix([["a", "b"]])
    with pytest.raises(ValueError, match="rectangular grid"):
        matrices.show_matrix([[1, 2], [3]])
    with pytest.raises(ValueError, match="empty"):
        matrices.show_matrix(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="does not fit inside a 5×5"):
        matrices.show_matrix(M, highlight=(3, 3, 3, 3))
    with pytest.raises(ValueError, match=r"\(row, column, height, width\)"):
        matrices.show_matrix(M, highlight=[(1, 1, 3)])
    with pytest.raises(ValueError, match="2 highlighted blocks but 1 colours"):
        matrices.show_matrix(M, highlight=[(0, 0, 1, 1), (1, 1, 1, 1)], highlight_color=["red"])
    with pytest.raises(ValueError, match="need 1 symbols"):
        matrices.show_matrices([M, M], between=["×", "="])
    with pytest.raises(ValueError, match="2 matrices but 1 titles"):
        matrices.show_matrices([M, M], ["a"])
    with pytest.raises(ValueError, match="at least one"):
        matrices.show_matrices([])
    with pytest.raises(TypeError, match="matrix 1 must hold real numbers"):
        matrices.show_matrices([M, [["x"]]])


def texts(ax):
    return [t.get_text() for t in ax.texts]


def face(ax, r, c):
    """The colour cell (r, c) is painted (masked cells get the colormap's "bad" colour)."""
    image = ax.images[0]
    return tuple(image.to_rgba(image.get_array())[r, c])


def test_every_value_is_written_in_row_order():
    ax = matrices.show_matrix([[35, 40.5], [-1, 0]])
    assert texts(ax) == ["35", "40.5", "-1", "0"]


def test_unknown_values_are_marked_and_drawn_grey():
    ax = matrices.show_matrix([[1, np.nan], [np.nan, 4]], unknown="?", cmap="Blues")
    assert texts(ax) == ["1", "?", "?", "4"]
    grey = to_rgba(matrices.UNKNOWN_FACE)
    assert face(ax, 0, 1) == face(ax, 1, 0) == grey
    assert face(ax, 0, 0) != grey and face(ax, 1, 1) != grey
    # the known values alone set the colour scale
    assert (ax.images[0].norm.vmin, ax.images[0].norm.vmax) == (1, 4)
    assert texts(matrices.show_matrix([[np.nan, 2]], unknown="n/a")) == ["n/a", "2"]


def test_masked_cells_are_unknown_too():
    values = np.ma.masked_array([[156, 155], [153, 154]], mask=[[False, True], [False, False]])
    ax = matrices.show_matrix(values)
    assert texts(ax) == ["156", "?", "153", "154"]
    fig = matrices.show_matrices([values, values.data])
    assert texts(fig.axes[0]) == ["156", "?", "153", "154"]
    assert texts(fig.axes[1]) == ["156", "155", "153", "154"]


def test_unknown_cells_stay_grey_in_a_plain_table():
    ax = matrices.show_matrix([[1, np.nan]], shade=False)
    assert face(ax, 0, 0) == to_rgba("white")
    assert face(ax, 0, 1) == to_rgba(matrices.UNKNOWN_FACE)
    assert texts(ax) == ["1", "?"]


def test_a_vector_is_drawn_as_one_row_of_cells():
    ax = matrices.show_matrix(np.arange(5))
    assert ax.images[0].get_array().shape == (1, 5)
    assert {round(t.get_position()[1]) for t in ax.texts} == {0}
    assert len(ax.texts) == 5


def test_the_format_and_the_title():
    ax = matrices.show_matrix([[0.25, 1 / 3]], fmt=".2f", title="probabilities")
    assert texts(ax) == ["0.25", "0.33"]
    assert ax.get_title() == "probabilities"


def test_the_highlighted_windows_are_outlined_around_their_cells():
    ax = matrices.show_matrix(np.zeros((4, 4)), highlight=[(0, 0, 2, 2), (2, 2, 2, 2)])
    boxes = [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]
    # cell (r, c) is centred on (x, y) = (c, r): a window's corner sits half a cell up and left
    assert [(b.get_x(), b.get_y(), b.get_width(), b.get_height()) for b in boxes] == [
        (-0.5, -0.5, 2, 2), (1.5, 1.5, 2, 2)]


def test_an_empty_highlight_outlines_nothing():
    assert len(matrices.show_matrix(M, highlight=()).patches) == 0


def test_without_ticks_no_row_or_column_numbers():
    ax = matrices.show_matrix(M, ticks=False)
    assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []
    assert len(ax.get_xticks(minor=True)) == 6       # the cell borders stay


def test_draws_into_a_given_axes():
    fig, ax = plt.subplots()
    assert matrices.show_matrix([[1]], ax=ax) is ax
    assert len(fig.axes) == 1


@pytest.mark.parametrize("cmap", ["gray", "Blues", "gray_r"])
def test_dark_cells_are_written_in_white_and_light_cells_in_black(cmap):
    ax = matrices.show_matrix([[0, 255]], cmap=cmap)
    for text in ax.texts:
        c, r = (round(v) for v in text.get_position())
        red, green, blue, _ = face(ax, r, c)
        dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
        assert text.get_color() == ("white" if dark else "black")
    assert {t.get_color() for t in ax.texts} == {"white", "black"}


@pytest.mark.parametrize("bad, error, words", [
    (np.zeros((2, 2, 3)), ValueError, "one channel at a time"),
    (np.zeros((0, 3)), ValueError, "empty"),
    ([["a", "b"]], TypeError, "real numbers"),
])
def test_what_cannot_be_drawn_is_named(bad, error, words):
    with pytest.raises(error, match=words):
        matrices.show_matrix(bad)


def test_a_highlight_outside_the_matrix_names_its_size():
    with pytest.raises(ValueError, match="does not fit inside a 3×3 matrix"):
        matrices.show_matrix(np.zeros((3, 3)), highlight=[(2, 2, 2, 2)])


def test_show_matrices_writes_every_panel_in_one_font_size():
    fig = matrices.show_matrices([M, np.zeros((7, 7)), np.arange(16)], cell=0.5)
    assert {t.get_fontsize() for ax in fig.axes for t in ax.texts} == {11}
    small = matrices.show_matrices([M, np.zeros((7, 7))], cell=0.38)
    assert {t.get_fontsize() for ax in small.axes for t in ax.texts} == {9}
    chosen = matrices.show_matrices([M, M], fontsize=6, options=[{}, {"fontsize": 8}])
    assert [{t.get_fontsize() for t in ax.texts} for ax in chosen.axes] == [{6}, {8}]
