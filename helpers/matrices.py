"""Small matrices drawn as grids of cells with their values written in: pixels, kernels, feature maps.

Every notebook that draws a matrix uses these: 01 (a zoomed pixel grid, seed 000 fig. 2), 02 (a mask
over a matrix and its products), 03 (an image patch and its flattened vector) and 04 (padding,
a colour convolution with unknown values shown as "?", pooling windows).

>>> import numpy as np
>>> from helpers import matrices
>>> m = np.array([[35, 40, 41], [40, 40, 42], [42, 46, 50]])
>>> ax = matrices.show_matrix(m, title="pixels", highlight=(0, 0, 2, 2))
>>> ax = matrices.show_matrix([[156, np.nan]], cmap="Greys", ticks=False)     # 156 and "?"
>>> fig = matrices.show_matrices([m, np.eye(3)], titles=["image", "kernel"], between=["×"])
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

Rect = tuple[int, int, int, int]
"""A highlighted block: (first row, first column, height, width), in cells."""


def as_matrix(values: Any, what: str = "a matrix") -> np.ndarray:
    """``values`` as a 2-D array of real numbers (a 1-D vector becomes one row), or a clear error.

    >>> as_matrix([1, 2, 3]).shape
    (1, 3)
    """
    try:
        arr = np.asarray(values)
    except ValueError as e:
        raise ValueError(f"{what} must be a rectangular grid of numbers ({e})") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{what} must hold real numbers; this one has dtype {arr.dtype}")
    if arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2:
        raise ValueError(f"{what} must be 2-D (rows × columns); this one has shape {arr.shape} "
                         "(show one channel at a time)")
    if arr.size == 0:
        raise ValueError(f"{what} is empty (shape {arr.shape})")
    return arr


def format_value(value: Any, fmt: str | None = None) -> str:
    """How one cell's value is written: ``fmt`` (a format spec such as ".2f"), or by default
    whole numbers as integers and others with three significant digits.

    >>> format_value(42.0), format_value(1 / 9), format_value(4.5, ".2f")
    ('42', '0.111', '4.50')
    """
    if fmt is not None:
        return format(value, fmt)
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if float(value).is_integer():
        return str(int(value))
    return format(float(value), ".3g")


def _rects(highlight: Rect | Sequence[Rect] | None, shape: tuple[int, int]) -> list[Rect]:
    if highlight is None:
        return []
    items = [highlight] if len(highlight) == 4 and all(np.isscalar(v) for v in highlight) else highlight
    rects = []
    for rect in items:
        if len(rect) != 4:
            raise ValueError(f"a highlight is (row, column, height, width); got {rect!r}")
        r, c, h, w = (int(v) for v in rect)
        if h < 1 or w < 1 or r < 0 or c < 0 or r + h > shape[0] or c + w > shape[1]:
            raise ValueError(f"highlight {rect!r} (row, column, height, width) does not fit "
                             f"inside a {shape[0]}×{shape[1]} matrix")
        rects.append((r, c, h, w))
    return rects


UNKNOWN_FACE = "0.85"
"""The colour of a cell whose value is unknown (NaN, or masked in a ``numpy.ma`` array)."""


def show_matrix(values: Any, ax: Any = None, *, title: str | None = None, cmap: Any = "gray",
                vmin: float | None = None, vmax: float | None = None, fmt: str | None = None,
                annotate: bool | None = None, shade: bool = True, unknown: str = "?",
                highlight: Rect | Sequence[Rect] | None = None,
                highlight_color: str | Sequence[str] = "tab:red", fontsize: float | None = None,
                origin: tuple[int, int] = (0, 0), ticks: bool = True, cell: float = 0.45):
    """Draw a 2-D array as a grid of cells, each shaded by its value and labelled with it.

    ``cmap`` is a matplotlib colormap or its name. ``shade=False`` draws white cells (the numbers
    alone, like a printed table). The text on each cell is black on light cells and white on dark
    ones; ``fmt`` is a format spec for it (see :func:`format_value`). Cells whose value is
    unknown (NaN, or masked in a ``numpy.ma`` masked array) are drawn grey and labelled
    ``unknown``. ``highlight`` outlines blocks of cells (a kernel window, a pooling region): one
    ``(row, column, height, width)`` or a list of them (``highlight_color``: one colour or one
    per block). ``origin`` numbers the rows and columns from that (row, column), e.g. where a crop
    sits in its photo; ``ticks=False`` leaves the numbers off. ``annotate`` defaults to writing
    values on grids up to 24 cells a side. Without ``ax`` a new figure of ``cell`` inches per
    cell is made. Returns the axes.

    >>> ax = show_matrix([[0, 128, 255]], title="three grey levels")
    >>> ax = show_matrix([[1.0, np.nan]], cmap="Blues", ticks=False)     # 1 and "?"
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    masked = np.ma.getmaskarray(values) if isinstance(values, np.ma.MaskedArray) else None
    arr = as_matrix(np.ma.getdata(values) if masked is not None else values)
    rows, cols = arr.shape
    rects = _rects(highlight, arr.shape)
    colors = [highlight_color] * len(rects) if isinstance(highlight_color, str) else list(highlight_color)
    if len(colors) != len(rects):
        raise ValueError(f"{len(rects)} highlighted blocks but {len(colors)} colours")
    if ax is None:
        _, ax = plt.subplots(figsize=(max(1.5, cell * cols + 0.6), max(1.0, cell * rows + 0.6)))
    numbers = arr.astype(np.float64)
    missing = np.isnan(numbers) if masked is None else np.isnan(numbers) | masked.reshape(numbers.shape)
    known = numbers[~missing]
    lo = (float(known.min()) if known.size else 0.0) if vmin is None else vmin
    hi = (float(known.max()) if known.size else 1.0) if vmax is None else vmax
    colours = plt.get_cmap(cmap) if shade else plt.get_cmap("gray")
    if missing.any():
        colours = colours.with_extremes(bad=UNKNOWN_FACE)
    shown = np.ma.masked_array(numbers if shade else np.zeros_like(numbers), missing)
    image = ax.imshow(shown, cmap=colours, vmin=lo if shade else -1, vmax=hi if shade else 0,
                      interpolation="nearest")
    if annotate is None:
        annotate = max(rows, cols) <= 24
    if annotate:
        size = fontsize or (11 if max(rows, cols) <= 6 else 9 if max(rows, cols) <= 10 else 7)
        for (r, c), value in np.ndenumerate(arr):
            if missing[r, c]:
                ax.text(c, r, unknown, ha="center", va="center", fontsize=size, color="0.3")
                continue
            red, green, blue, _ = image.cmap(image.norm(shown[r, c]))
            light = 0.299 * red + 0.587 * green + 0.114 * blue > 0.5
            ax.text(c, r, format_value(value, fmt), ha="center", va="center", fontsize=size,
                    color="black" if light else "white")
    ax.set_xticks(np.arange(cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="0.6", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    if ticks:
        step_r, step_c = max(1, rows // 12), max(1, cols // 12)
        ax.set_xticks(np.arange(0, cols, step_c), [str(origin[1] + c) for c in range(0, cols, step_c)])
        ax.set_yticks(np.arange(0, rows, step_r), [str(origin[0] + r) for r in range(0, rows, step_r)])
        ax.xaxis.tick_top()
        ax.tick_params(which="major", length=0, labelsize=7)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    for (r, c, h, w), color in zip(rects, colors):
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), w, h, fill=False, edgecolor=color, linewidth=2.5))
    if title:
        ax.set_title(title, fontsize=10, pad=14 if ticks else 6)
    return ax


def show_matrices(matrices: Sequence[Any], titles: Sequence[str] | None = None, *,
                  between: Sequence[str] | None = None,
                  options: Sequence[Mapping[str, Any]] | None = None, cell: float = 0.45,
                  suptitle: str | None = None, **common: Any):
    """Draw several matrices side by side, optionally with a symbol between each pair
    (``between=["×", "="]``: input × kernel = output).

    Every matrix gets the same ``cell`` size (inches) and, unless ``fontsize`` is given, the
    same font size. ``common`` keyword arguments go to every :func:`show_matrix` call;
    ``options`` holds one dict of extra arguments per matrix (e.g. a highlight on the first
    only). Returns the figure.

    >>> fig = show_matrices([[[1, 2], [3, 4]], [[1, 0], [0, 1]]], ["a", "b"], between=["·"])
    """
    import matplotlib.pyplot as plt

    mats = [as_matrix(m, f"matrix {i}") for i, m in enumerate(matrices)]
    if not mats:
        raise ValueError("show_matrices needs at least one matrix")
    if titles is not None and len(titles) != len(mats):
        raise ValueError(f"{len(mats)} matrices but {len(titles)} titles")
    if between is not None and len(between) != len(mats) - 1:
        raise ValueError(f"{len(mats)} matrices need {len(mats) - 1} symbols between them; "
                         f"got {len(between)}")
    if options is not None and len(options) != len(mats):
        raise ValueError(f"{len(mats)} matrices but {len(options)} option dicts")
    # Laid out by hand, in inches, so that every matrix keeps the same cell size: a slot per
    # matrix wide enough for its title, a narrow slot per symbol.
    # One font size for every panel, fitted to the cell (a bigger matrix is not drawn smaller).
    per_panel = [{"fontsize": min(11, round(24 * cell)), **common, **(options[i] if options is not None else {})}
                 for i in range(len(mats))]
    label = [0.3 if kw.get("ticks", True) else 0.05 for kw in per_panel]      # row numbers
    title_width = [0.08 * len(titles[i]) if titles is not None else 0.0 for i in range(len(mats))]
    slots = [max(m.shape[1] * cell + label[i], title_width[i]) + 0.1 for i, m in enumerate(mats)]
    symbol_width = 0.5 if between is not None else 0.15
    top, bottom = (0.6 if suptitle else 0.3) + 0.3, 0.15
    tallest = max(m.shape[0] for m in mats) * cell
    width = sum(slots) + symbol_width * (len(mats) - 1) + 0.2
    height = tallest + top + bottom
    fig = plt.figure(figsize=(width, height))
    x = 0.1
    for i, m in enumerate(mats):
        w, h = m.shape[1] * cell, m.shape[0] * cell
        left = x + label[i] + (slots[i] - label[i] - w) / 2
        ax = fig.add_axes((left / width, (bottom + (tallest - h) / 2) / height, w / width, h / height))
        show_matrix(matrices[i], ax, title=titles[i] if titles is not None else None, cell=cell,
                    **per_panel[i])
        x += slots[i]
        if i < len(mats) - 1:
            if between is not None:
                fig.text((x + symbol_width / 2) / width, (bottom + tallest / 2) / height, between[i],
                         ha="center", va="center", fontsize=18)
            x += symbol_width
    if suptitle:
        fig.suptitle(suptitle)
    return fig
