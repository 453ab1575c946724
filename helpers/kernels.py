"""The convolution reference implementation and the kernel gallery (seed 003).

The notebooks write the sum of products out where they teach it; this module is the checked,
reusable version the later notebooks compare against (``cv2.filter2D``, ``scipy.ndimage``,
``keras.layers.Conv2D``, ``torch.nn.functional.conv2d``).

>>> import numpy as np
>>> from helpers.kernels import correlate2d, GALLERY
>>> correlate2d(np.arange(25.0).reshape(5, 5), GALLERY["identity"]).shape
(3, 3)
"""
from __future__ import annotations

import numpy as np

PADDINGS = ("valid", "same", "full")

GALLERY: dict[str, np.ndarray] = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float64),
    "edge detection": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float64),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float64),
    "box blur 3×3": np.ones((3, 3)) / 9.0,
    "Gaussian blur 5×5": np.array([[1, 4, 6, 4, 1],
                                   [4, 16, 24, 16, 4],
                                   [6, 24, 36, 24, 6],
                                   [4, 16, 24, 16, 4],
                                   [1, 4, 6, 4, 1]], dtype=np.float64) / 256.0,
}
"""Seed 003's kernels for ``cv2.filter2D``: identity, edges, sharpen, box blur, 5×5 Gaussian (1/256)."""


def validate_kernel(kernel) -> np.ndarray:
    """Return ``kernel`` as a float array, or raise a clear error: it must be 2-D, numeric,
    non-empty and of odd size on both sides (so that it has a centre pixel)."""
    arr = np.asarray(kernel)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"a kernel must hold numbers; this one has dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"a kernel must be 2-D (rows × columns); this one has shape {arr.shape}")
    if arr.size == 0:
        raise ValueError("the kernel is empty")
    if arr.shape[0] % 2 == 0 or arr.shape[1] % 2 == 0:
        raise ValueError(f"a kernel needs odd sides to have a centre pixel; this one is "
                         f"{arr.shape[0]}×{arr.shape[1]}")
    return arr.astype(np.float64)


def validate_image(image) -> np.ndarray:
    """Return a 2-D numeric image as float, or raise a clear error naming what is wrong."""
    arr = np.asarray(image)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"an image must hold numbers; this one has dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"expected a 2-D (grey-level) image; got shape {arr.shape} "
                         "(convert colour images to grey, or filter each channel)")
    return arr.astype(np.float64)


def correlate2d(image, kernel, *, padding: str = "valid", stride: int = 1) -> np.ndarray:
    """Slide ``kernel`` over ``image`` and sum the products at each position (cross-correlation,
    what ``cv2.filter2D`` and deep-learning "convolution" layers compute).

    ``padding``: "valid" (no padding), "same" (zeros so the output keeps the input's size at
    stride 1) or "full" (every overlap, output grows by ``F - 1``). ``stride`` skips positions.
    Output size per axis: ``(I - F + 2P) // S + 1``.
    """
    img, k = validate_image(image), validate_kernel(kernel)
    if padding not in PADDINGS:
        raise ValueError(f"padding must be one of {PADDINGS}, not {padding!r}")
    if not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"stride must be a whole number ≥ 1, not {stride!r}")
    fh, fw = k.shape
    ph, pw = {"valid": (0, 0), "same": (fh // 2, fw // 2), "full": (fh - 1, fw - 1)}[padding]
    padded = np.pad(img, ((ph, ph), (pw, pw)))
    oh = (padded.shape[0] - fh) // stride + 1
    ow = (padded.shape[1] - fw) // stride + 1
    if oh < 1 or ow < 1:
        raise ValueError(f"a {fh}×{fw} kernel does not fit in a {img.shape[0]}×{img.shape[1]} "
                         f"image with padding {padding!r}")
    windows = np.lib.stride_tricks.sliding_window_view(padded, (fh, fw))[::stride, ::stride]
    return np.einsum("ijkl,kl->ij", windows[:oh, :ow], k)


def convolve2d(image, kernel, *, padding: str = "valid", stride: int = 1) -> np.ndarray:
    """True convolution: the kernel flipped in both axes, then :func:`correlate2d`."""
    return correlate2d(image, np.flip(validate_kernel(kernel)), padding=padding, stride=stride)


def output_size(i: int, f: int, p: int = 0, s: int = 1) -> int:
    """``O = (I - F + 2P) / S + 1``; raises if the filter does not tile the input evenly."""
    span = i - f + 2 * p
    if span < 0:
        raise ValueError(f"a filter of {f} does not fit an input of {i} with padding {p}")
    if span % s:
        raise ValueError(f"(I - F + 2P) / S = ({i} - {f} + 2·{p}) / {s} is not whole: "
                         "these hyper-parameters do not tile the input")
    return span // s + 1
