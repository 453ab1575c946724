"""Sample grids for generative models: many small images as one picture, one row per epoch.

A generator fed the same fixed noise after every epoch shows its progress best as a compact
figure with one row per epoch: the same latent points, drawn again and again as training goes.

>>> import numpy as np
>>> from helpers import sample_grid
>>> sample_grid.tile(np.zeros((6, 28, 28)), ncols=3).shape        # 2 rows × 3 columns, 1-pixel gaps
(57, 86)
>>> rows = {1: np.zeros((8, 28, 28)), 2: np.ones((8, 28, 28))}    # epoch -> 8 samples
>>> fig = sample_grid.show_epoch_rows(rows)                          # doctest: +SKIP
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np


def as_images(images: Any, name: str = "images") -> np.ndarray:
    """N grey images as a float array N×H×W; accepts N×H×W, N×1×H×W (PyTorch) or N×H×W×1 (Keras).

    Tensors (PyTorch, TensorFlow, JAX) are converted with ``numpy.asarray`` after ``detach().cpu()``
    where they have it.

    >>> as_images(np.zeros((4, 1, 28, 28))).shape
    (4, 28, 28)
    """
    if hasattr(images, "detach"):
        images = images.detach().cpu()
    arr = np.asarray(images, dtype=np.float32)
    if arr.ndim == 4 and arr.shape[1] == 1:
        arr = arr[:, 0]
    elif arr.ndim == 4 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim != 3:
        raise ValueError(f"{name}: expected N grey images (N×H×W, N×1×H×W or N×H×W×1), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name}: no images (shape {arr.shape})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: holds NaN or infinite values")
    return arr


def tile(images: Any, ncols: int | None = None, *, pad: int = 1, pad_value: float | None = None) -> np.ndarray:
    """Lay N grey images out as one 2-D array: ``ncols`` per row, ``pad`` pixels between them.

    ``ncols`` defaults to all images in one row; ``pad_value`` to the images' minimum (the
    background of MNIST-like digits). Empty places in the last row get ``pad_value`` too.

    >>> tile(np.arange(8).reshape(2, 2, 2), pad=0).tolist()
    [[0.0, 1.0, 4.0, 5.0], [2.0, 3.0, 6.0, 7.0]]
    """
    arr = as_images(images)
    n, h, w = arr.shape
    ncols = n if ncols is None else ncols
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")
    if pad < 0:
        raise ValueError(f"pad must be 0 or more pixels, got {pad}")
    fill = float(arr.min()) if pad_value is None else float(pad_value)
    nrows = -(-n // ncols)
    out = np.full((nrows * h + (nrows - 1) * pad, ncols * w + (ncols - 1) * pad), fill, dtype=np.float32)
    for i in range(n):
        r, c = divmod(i, ncols)
        out[r * (h + pad): r * (h + pad) + h, c * (w + pad): c * (w + pad) + w] = arr[i]
    return out


def show_epoch_rows(rows: Mapping[int, Any] | Sequence[Any], *, size: float = 0.55,
                    vmin: float | None = None, vmax: float | None = None, cmap: str = "gray",
                    title: str | None = None):
    """One figure, one row per epoch: the samples a generator drew from the same fixed noise.

    ``rows`` maps an epoch number to its N images (N×H×W or N×1×H×W), or is a list of them
    (numbered from 1). Every row must hold the same number of images of the same size. A key that
    is not a number labels its row as it is (``{"eval()": a, "train()": b}``).
    ``size`` is the height in inches of one image. Returns the matplotlib figure.
    """
    import matplotlib.pyplot as plt

    items = list(rows.items()) if isinstance(rows, Mapping) else list(enumerate(rows, start=1))
    if not items:
        raise ValueError("show_epoch_rows needs at least one row of samples")
    arrays = [(epoch, as_images(images, f"row for epoch {epoch}")) for epoch, images in items]
    shape = arrays[0][1].shape
    for epoch, arr in arrays:
        if arr.shape != shape:
            raise ValueError(f"every row needs the same images: epoch {epoch} has shape {arr.shape}, "
                             f"epoch {arrays[0][0]} has {shape}")
    n, h, w = shape
    strips = [tile(arr, ncols=n) for _, arr in arrays]
    lo = min(float(a.min()) for _, a in arrays) if vmin is None else vmin
    hi = max(float(a.max()) for _, a in arrays) if vmax is None else vmax
    fig, axes = plt.subplots(len(strips), 1, squeeze=False,
                             figsize=(size * n * w / h + 0.6, size * len(strips) + (0.4 if title else 0.1)))
    for ax, (epoch, _), strip in zip(axes[:, 0], arrays, strips):
        ax.imshow(strip, cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        label = f"epoch {epoch}" if isinstance(epoch, (int, np.integer)) else str(epoch)
        ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout(pad=0.3, h_pad=0.1)
    return fig
