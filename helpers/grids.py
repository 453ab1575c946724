"""Image grids for generative models: rows to compare (originals, reconstructions, ...), mosaics,
and a generator's samples one row per epoch.

``show_rows`` puts images that belong together one above the other, a row per kind, so that each
original stands right above its reconstruction; ``mosaic`` tiles many small images into one array
(a sample grid, a decoded latent plane), which ``imshow`` draws in one go and which is cheap to store.

>>> import numpy as np
>>> from helpers import grids
>>> grids.mosaic(np.zeros((6, 28, 28)), ncols=3).shape     # 2 rows of 3, 1 pixel between tiles
(57, 86)
>>> fig = grids.show_rows({"original": np.zeros((4, 28, 28)), "reconstruction": np.ones((4, 28, 28))})
>>> fig = grids.show_epoch_rows({1: np.zeros((8, 28, 28)), 2: np.ones((8, 28, 28))})  # epoch -> samples

A generator fed the same fixed noise after every epoch shows its progress best as a compact figure
with one row per epoch (``show_epoch_rows``): the same latent points, drawn again as training goes.
"""
from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import numpy as np


def _stack(images: Sequence[Any] | np.ndarray, what: str = "images") -> np.ndarray:
    """Images as one array (n, H, W) or (n, H, W, 3); a channel of 1 (first or last) is dropped.

    Tensors (PyTorch, TensorFlow, JAX) are accepted: PyTorch's are detached and moved to the CPU.
    """
    if hasattr(images, "detach"):
        images = images.detach().cpu()
    try:
        arr = np.asarray(images)
    except ValueError:  # images of different sizes
        arr = np.empty(0, dtype=object)
    if arr.dtype == object or arr.ndim < 3:
        raise ValueError(f"{what}: expected a batch of images (n, H, W) or (n, H, W, C) of one size, "
                         f"got {arr.shape if arr.dtype != object else 'images of different sizes'}")
    if arr.ndim == 4 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    elif arr.ndim == 4 and arr.shape[1] == 1:  # PyTorch's N×1×H×W
        arr = arr[:, 0]
    if not (arr.ndim == 3 or (arr.ndim == 4 and arr.shape[-1] == 3)):
        raise ValueError(f"{what}: shape {arr.shape} is not (n, H, W), (n, H, W, 1) or (n, H, W, 3)")
    if len(arr) == 0:
        raise ValueError(f"{what}: there are no images")
    return arr


def mosaic(images: Sequence[Any] | np.ndarray, ncols: int | None = None, *, pad: int = 1,
           pad_value: float | None = None) -> np.ndarray:
    """Tile ``n`` images of one size into one array, ``ncols`` to a row, ``pad`` pixels apart.

    ``pad_value`` fills the gaps and any empty places in the last row (default: the images'
    maximum, so dark images get light lines between them). Grey images give an (H', W') array,
    colour ones (H', W', 3), of the images' own dtype.

    >>> mosaic(np.ones((5, 2, 2)), ncols=2, pad=0, pad_value=0).shape   # 3 rows, the last half empty
    (6, 4)
    """
    arr = _stack(images)
    n, h, w = arr.shape[:3]
    if ncols is None:
        ncols = math.ceil(math.sqrt(n))
    if not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be a positive whole number, got {ncols!r}")
    if not isinstance(pad, (int, np.integer)) or pad < 0:
        raise ValueError(f"pad must be a whole number >= 0, got {pad!r}")
    ncols = min(int(ncols), n)
    nrows = math.ceil(n / ncols)
    fill = float(np.nanmax(arr)) if pad_value is None else pad_value
    out = np.full((nrows * h + (nrows - 1) * pad, ncols * w + (ncols - 1) * pad) + arr.shape[3:], fill,
                  dtype=arr.dtype)
    for k in range(n):
        r, c = divmod(k, ncols)
        out[r * (h + pad): r * (h + pad) + h, c * (w + pad): c * (w + pad) + w] = arr[k]
    return out


def show_rows(rows: Mapping[str, Sequence[Any] | np.ndarray], *, size: float = 1.1, cmap: str = "gray",
              vmin: float | None = 0.0, vmax: float | None = 1.0, titles: Sequence[str] | None = None,
              suptitle: str | None = None):
    """One row of images per entry of ``rows`` (its key labels the row); column k compares item k.

    Every row must hold the same number of images. ``titles`` (optional) go above the first row's
    images. Grey values are drawn from ``vmin`` to ``vmax`` (0 to 1 by default, so that a faint
    reconstruction looks faint); pass ``None`` for both to stretch each image. Returns the figure.
    """
    import matplotlib.pyplot as plt

    if not rows:
        raise ValueError("show_rows needs at least one row")
    stacked = {label: _stack(images, f"row {label!r}") for label, images in rows.items()}
    counts = {label: len(a) for label, a in stacked.items()}
    if len(set(counts.values())) != 1:
        raise ValueError(f"every row needs the same number of images, got {counts}")
    ncols = next(iter(counts.values()))
    if titles is not None and len(titles) != ncols:
        raise ValueError(f"{ncols} images per row but {len(titles)} titles")
    fig, axes = plt.subplots(len(stacked), ncols, figsize=(size * ncols + 1.2, size * len(stacked)),
                             squeeze=False)
    for r, (label, arr) in enumerate(stacked.items()):
        for c in range(ncols):
            ax = axes[r, c]
            ax.imshow(arr[c], cmap=cmap if arr.ndim == 3 else None, vmin=vmin, vmax=vmax)
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(False)
            if r == 0 and titles is not None:
                ax.set_title(titles[c], fontsize=8)
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=9)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


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
    arrays = [(epoch, _stack(images, f"row for epoch {epoch}").astype(np.float32)) for epoch, images in items]
    shape = arrays[0][1].shape
    for epoch, arr in arrays:
        if arr.shape != shape:
            raise ValueError(f"every row needs the same images: epoch {epoch} has shape {arr.shape}, "
                             f"epoch {arrays[0][0]} has {shape}")
    n, h, w = shape[:3]
    strips = [mosaic(arr, ncols=n, pad_value=float(arr.min())) for _, arr in arrays]
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
