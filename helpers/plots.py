"""Pictures the notebooks share: a grid of images, learning curves.

>>> from helpers import images, plots
>>> photo = images.load("china")
>>> fig = plots.show_images([photo, photo[::-1]], titles=["before", "upside down"])
>>> fig = plots.plot_history({"loss": [0.9, 0.5, 0.4], "val_loss": [1.0, 0.7, 0.6]})  # or a keras History
"""
from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import numpy as np


def show_images(images: Sequence[Any], titles: Sequence[str] | None = None, *, ncols: int | None = None,
                cmap: str | None = "gray", size: float = 2.5, suptitle: str | None = None,
                vmin: float | None = None, vmax: float | None = None):
    """Show images in a grid, one title each; grey images in ``cmap``, RGB as they are.

    Accepts numpy arrays (H×W, H×W×1, H×W×3) or PIL images. Returns the figure.
    """
    import matplotlib.pyplot as plt

    if len(images) == 0:
        raise ValueError("show_images needs at least one image")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"{len(images)} images but {len(titles)} titles")
    ncols = ncols or min(len(images), 6)
    nrows = math.ceil(len(images) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i, (ax, img) in enumerate(zip(axes.flat, images)):
        arr = np.asarray(img)
        if arr.ndim == 3 and arr.shape[-1] == 1:
            arr = arr[..., 0]
        if arr.ndim not in (2, 3):
            raise ValueError(f"image {i} has shape {arr.shape}; expected H×W or H×W×3")
        ax.imshow(arr, cmap=cmap if arr.ndim == 2 else None, vmin=vmin, vmax=vmax)
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_history(history: Any, metrics: Sequence[str] = ("loss", "accuracy"), *,
                 title: str | None = None, reference: Mapping[str, float] | None = None):
    """Learning curves: one panel per metric, training and validation by epoch.

    ``history`` is a Keras ``History`` or a dict of lists (``{"loss": [...], "val_loss": [...]}``).
    ``reference`` draws horizontal lines, e.g. ``{"seed val_accuracy": 0.712}``, each in its own
    line style. Epoch ticks are whole numbers; the legend sits below each panel, off the curves.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    logs = getattr(history, "history", history)
    present = [m for m in metrics if m in logs]
    if not present:
        raise ValueError(f"none of {list(metrics)} in the history; it has {sorted(logs)}")
    fig, axes = plt.subplots(1, len(present), figsize=(5 * len(present), 3.5), squeeze=False)
    styles = ["--", ":", "-.", (0, (5, 1, 1, 1, 1, 1))]   # one line style per reference figure
    for ax, m in zip(axes.flat, present):
        epochs = np.arange(1, len(logs[m]) + 1)
        ax.plot(epochs, logs[m], "o-", label=f"training {m}")
        if f"val_{m}" in logs:
            ax.plot(epochs, logs[f"val_{m}"], "s-", label=f"validation {m}")
        shown = [(label, value) for label, value in (reference or {}).items() if m in label]
        for k, (label, value) in enumerate(shown):
            ax.axhline(value, color="0.35", linestyle=styles[k % len(styles)], linewidth=1.2, label=label)
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))   # epochs are whole numbers
        ax.set_ylabel(m)
        # The legend goes below the panel, where it cannot hide any of the curves.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8, frameon=False)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
