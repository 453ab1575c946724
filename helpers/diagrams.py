"""Teaching diagrams that are not matrices: an input grid inside its ring of zero padding with the
output it gives, and one artificial neuron. (A matrix with its values written in, unknown cells,
outlined windows: ``helpers.matrices.show_matrix``.)

They only draw what they are given; the notebooks compute the numbers themselves.

>>> from helpers import diagrams
>>> ax = diagrams.padding_grid(5, 3, "same")   # a 5×5 input, 3×3 filter, P = 1: output 5×5
>>> ax = diagrams.neuron([5.1, 3.5], [0.6, -1.0], bias=-0.5, z=-0.94, y=0)
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .kernels import PADDINGS as PADDING_NAMES, padding_amount  # noqa: F401 (part of this module's interface)



def _new_axes(width: float, height: float):
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(width, height))
    return ax


def padding_grid(input_size: int, filter_size: int, padding: int | str = 0, *, stride: int = 1,
                 ax=None, title: str | None = None):
    """Draw an I×I input inside P rings of zeros, the first F×F window, and the O×O output beside it.

    ``padding``: P as a number, or "valid" / "same" / "full". O comes from
    ``helpers.kernels.output_size`` (which raises if the filter does not tile the input).
    The default title spells the formula out. Returns the axes.

    >>> ax = padding_grid(5, 3, "full")     # P = 2: the output grows to 7×7
    """
    from matplotlib.patches import Rectangle

    from .kernels import output_size

    for name, value in (("input_size", input_size), ("filter_size", filter_size), ("stride", stride)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a whole number ≥ 1, not {value!r}")
    p = padding_amount(filter_size, padding)
    o = output_size(input_size, filter_size, p, stride)
    side = input_size + 2 * p
    if ax is None:
        ax = _new_axes(0.42 * (side + o + 2) + 0.4, 0.42 * side + 0.9)
    for r in range(side):
        for c in range(side):
            inside = p <= r < p + input_size and p <= c < p + input_size
            ax.add_patch(Rectangle((c, r), 1, 1, facecolor="#9ecae1" if inside else "0.9",
                                   edgecolor="0.5", linewidth=0.7))
            if not inside:
                ax.text(c + 0.5, r + 0.5, "0", ha="center", va="center", fontsize=8, color="0.45")
    ax.add_patch(Rectangle((0, 0), filter_size, filter_size, fill=False, edgecolor="crimson",
                           linewidth=2.5))
    left = side + 1.5
    top = (side - o) / 2
    for r in range(o):
        for c in range(o):
            ax.add_patch(Rectangle((left + c, top + r), 1, 1, facecolor="#fdae6b" if r or c else "crimson",
                                   edgecolor="0.5", linewidth=0.7))
    ax.annotate("", xy=(left - 0.2, side / 2), xytext=(side + 0.2, side / 2),
                arrowprops=dict(arrowstyle="->", color="0.3"))
    ax.text(side / 2, side + 0.6, f"input {input_size}×{input_size}, P = {p}", ha="center", va="top",
            fontsize=9)
    ax.text(left + o / 2, top + o + 0.6, f"output {o}×{o}", ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.1, left + o + 0.1)
    ax.set_ylim(side + 1.4, -0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    name = padding if isinstance(padding, str) else f"P = {p}"
    ax.set_title(title or f"{name}: O = ({input_size} − {filter_size} + 2·{p})/{stride} + 1 = {o}",
                 fontsize=10)
    return ax


def neuron(inputs: Sequence[float], weights: Sequence[float], bias: float, *,
           z: float | None = None, y: float | None = None, activation: str = "step",
           names: Sequence[str] | None = None, ax=None):
    """Draw one artificial neuron: inputs xᵢ, weights wᵢ on the arrows, the bias, the weighted
    sum z = Σ wᵢxᵢ + b, the activation φ and the output y.

    ``z`` and ``y``, when given, are written on the diagram (compute them yourself).
    ``names`` labels the inputs (default x₁, x₂, …). Returns the axes.

    >>> ax = neuron([1, 0], [1, 1], bias=-1.5, z=-0.5, y=0, activation="step")
    """
    from matplotlib.patches import Circle, FancyBboxPatch

    xs, ws = list(inputs), list(weights)
    if not xs:
        raise ValueError("a neuron needs at least one input")
    if len(xs) != len(ws):
        raise ValueError(f"{len(xs)} inputs but {len(ws)} weights: each input needs one weight")
    if names is not None and len(names) != len(xs):
        raise ValueError(f"{len(xs)} inputs but {len(names)} names")
    n = len(xs)
    labels = list(names) if names is not None else [f"x{_sub(i + 1)}" for i in range(n)]
    if ax is None:
        ax = _new_axes(8.5, max(2.8, 1.1 * n + 1.4))
    height = max(n, 2) + 1.0
    ys = [height - 1 - i * (height - 2) / max(n - 1, 1) for i in range(n)] if n > 1 else [height / 2]
    centre = (5.0, height / 2)
    for i, (x, w, label, yy) in enumerate(zip(xs, ws, labels, ys)):
        ax.add_patch(Circle((1.0, yy), 0.42, facecolor="#c6dbef", edgecolor="0.3"))
        ax.text(1.0, yy, f"{x:g}", ha="center", va="center", fontsize=10)
        ax.text(0.45, yy, label, ha="right", va="center", fontsize=11)
        ax.annotate("", xy=(centre[0] - 0.62, centre[1] + 0.25 * (yy - centre[1]) / height),
                    xytext=(1.45, yy), arrowprops=dict(arrowstyle="->", color="0.35"))
        mx, my = 1.45 + 0.45 * (centre[0] - 2.1), yy + 0.45 * (centre[1] - yy)
        ax.text(mx, my + 0.18, f"w{_sub(i + 1)} = {w:g}", ha="center", va="bottom", fontsize=9,
                color="darkred", bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
    ax.add_patch(Circle(centre, 0.6, facecolor="#fdd0a2", edgecolor="0.3"))
    ax.text(*centre, "Σ", ha="center", va="center", fontsize=16)
    ax.annotate("", xy=(centre[0], centre[1] - 0.62), xytext=(centre[0], 0.15),
                arrowprops=dict(arrowstyle="->", color="0.35"))
    ax.text(centre[0], 0.05, f"bias b = {bias:g}", ha="center", va="top", fontsize=9, color="darkred")
    box_x = 7.3
    ax.add_patch(FancyBboxPatch((box_x, centre[1] - 0.45), 1.3, 0.9, boxstyle="round,pad=0.05",
                                facecolor="#c7e9c0", edgecolor="0.3"))
    ax.text(box_x + 0.65, centre[1], f"φ\n{activation}", ha="center", va="center", fontsize=9)
    ax.annotate("", xy=(box_x - 0.05, centre[1]), xytext=(centre[0] + 0.62, centre[1]),
                arrowprops=dict(arrowstyle="->", color="0.35"))
    if z is not None:
        ax.text((centre[0] + 0.6 + box_x) / 2, centre[1] + 0.12, f"z = {z:g}", ha="center", va="bottom",
                fontsize=9)
    ax.annotate("", xy=(box_x + 2.5, centre[1]), xytext=(box_x + 1.4, centre[1]),
                arrowprops=dict(arrowstyle="->", color="0.35"))
    ax.text(box_x + 2.6, centre[1], "y" if y is None else f"y = {y:g}", ha="left", va="center", fontsize=11)
    ax.set_xlim(-0.6, box_x + 4.2)
    ax.set_ylim(-0.6, height + 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _sub(i: int) -> str:
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))

