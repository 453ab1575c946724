"""The convolution reference implementation and the kernel gallery (seed 003).

The notebooks write the sum of products out where they teach it; this module is the checked,
reusable version the later notebooks compare against (``cv2.filter2D``, ``scipy.ndimage``,
``keras.layers.Conv2D``, ``torch.nn.functional.conv2d``).

>>> import numpy as np
>>> from helpers.kernels import correlate2d, GALLERY
>>> correlate2d(np.arange(25.0).reshape(5, 5), GALLERY["identity"]).shape
(3, 3)
>>> correlate2d(np.arange(25.0).reshape(5, 5), GALLERY["sharpen"], padding="same", border="reflect_101").shape
(5, 5)
"""
from __future__ import annotations

import numpy as np

PADDINGS = ("valid", "same", "full")
"""The padding modes by name: "valid" none, "same" (F − 1)/2 (keeps the size at stride 1), "full" F − 1."""

BORDERS: dict[str, str] = {
    "constant": "constant",
    "replicate": "edge",
    "reflect": "symmetric",
    "reflect_101": "reflect",
}
"""How the pixels outside the image are made up, named as OpenCV names them (``cv2.BORDER_*``),
mapped to the ``numpy.pad`` mode that builds the same border:

- ``"constant"`` zeros: ``000|abcd|000`` (``cv2.BORDER_CONSTANT``, scipy ``"constant"``);
- ``"replicate"`` the edge pixel repeated: ``aaa|abcd|ddd`` (``cv2.BORDER_REPLICATE``, scipy ``"nearest"``);
- ``"reflect"`` a mirror that includes the edge: ``cba|abcd|dcb`` (``cv2.BORDER_REFLECT``, scipy ``"reflect"``);
- ``"reflect_101"`` a mirror about the edge pixel: ``dcb|abcd|cba`` (``cv2.BORDER_REFLECT_101``,
  the default of ``cv2.filter2D``; scipy ``"mirror"``).
"""

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


def _numeric_array(values, what: str) -> np.ndarray:
    """``values`` as an array of real numbers, or an error that says what is wrong with it."""
    try:
        arr = np.asarray(values)
    except ValueError as e:
        raise ValueError(f"{what} must be a rectangular grid of numbers; rows of different "
                         f"lengths cannot be one ({e})") from None
    if arr.dtype.kind not in "biuf":
        first = f" (first value {arr.flat[0]!r})" if arr.size else ""
        raise TypeError(f"{what} must hold real numbers; this one has dtype {arr.dtype}{first}")
    return arr


def validate_kernel(kernel) -> np.ndarray:
    """Return ``kernel`` as a float array, or raise a clear error: it must be 2-D, numeric,
    finite, non-empty and of odd size on both sides (so that it has a centre pixel).

    >>> validate_kernel([[0, 1, 0], [0, 0, 0], [0, 0, 0]]).dtype
    dtype('float64')
    """
    arr = _numeric_array(kernel, "a kernel")
    if arr.ndim != 2:
        raise ValueError(f"a kernel must be 2-D (rows × columns); this one has shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"the kernel is empty (shape {arr.shape})")
    if arr.shape[0] % 2 == 0 or arr.shape[1] % 2 == 0:
        raise ValueError(f"a kernel needs odd sides to have a centre pixel; this one is "
                         f"{arr.shape[0]}×{arr.shape[1]}")
    if not np.isfinite(arr).all():
        raise ValueError("a kernel must hold finite numbers; this one has NaN or infinity")
    return arr.astype(np.float64)


def padding_amount(filter_size: int, padding: int | str) -> int:
    """P for a padding given as a number or one of :data:`PADDINGS`: "valid" 0, "same" (F − 1)/2,
    "full" F − 1.

    >>> padding_amount(3, "same"), padding_amount(5, "full"), padding_amount(3, 2)
    (1, 4, 2)
    """
    if isinstance(padding, str):
        if padding not in PADDINGS:
            raise ValueError(f"padding must be one of {PADDINGS} (or a number), not {padding!r}")
        if padding == "same" and filter_size % 2 == 0:
            raise ValueError(f"'same' padding needs an odd filter to pad evenly; F = {filter_size}")
        return {"valid": 0, "same": (filter_size - 1) // 2, "full": filter_size - 1}[padding]
    if not isinstance(padding, (int, np.integer)) or isinstance(padding, bool) or padding < 0:
        raise ValueError(f"padding must be a whole number ≥ 0 or a mode name, not {padding!r}")
    return int(padding)


def validate_image(image) -> np.ndarray:
    """Return a 2-D numeric image as float, or raise a clear error naming what is wrong
    (not 2-D, empty, not numbers, NaN or infinity).

    >>> validate_image(np.zeros((4, 6), dtype=np.uint8)).shape
    (4, 6)
    """
    arr = _numeric_array(image, "an image")
    if arr.ndim != 2:
        raise ValueError(f"expected a 2-D (grey-level) image; got shape {arr.shape} "
                         "(convert colour images to grey, or filter each channel)")
    if arr.size == 0:
        raise ValueError(f"the image is empty (shape {arr.shape})")
    arr = arr.astype(np.float64)
    bad = ~np.isfinite(arr)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ValueError(f"an image must hold finite numbers; this one has {int(np.isnan(arr).sum())} NaN "
                         f"and {int(np.isinf(arr).sum())} infinite values (the first at row {row}, "
                         f"column {col}): every output pixel they touch would be NaN or infinite")
    return arr


def correlate2d(image, kernel, *, padding: str = "valid", stride: int = 1,
                border: str = "constant") -> np.ndarray:
    """Slide ``kernel`` over ``image`` and sum the products at each position (cross-correlation,
    what ``cv2.filter2D`` and deep-learning "convolution" layers compute).

    ``padding``: "valid" (no padding), "same" (the output keeps the input's size at stride 1)
    or "full" (every overlap, output grows by ``F - 1``). ``border``: what the padding holds,
    one of :data:`BORDERS` ("constant" zeros, as in deep learning; "reflect_101" is what
    ``cv2.filter2D`` does by default). ``stride`` skips positions.
    Output size per axis: ``(I - F + 2P) // S + 1``.

    >>> correlate2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 1, 0], [0, 0, 0], [0, 0, 0]])
    array([[2.]])
    """
    img, k = validate_image(image), validate_kernel(kernel)
    if padding not in PADDINGS:
        raise ValueError(f"padding must be one of {PADDINGS}, not {padding!r}")
    if border not in BORDERS:
        raise ValueError(f"border must be one of {tuple(BORDERS)}, not {border!r}")
    if isinstance(stride, bool) or not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"stride must be a whole number ≥ 1, not {stride!r}")
    fh, fw = k.shape
    ph, pw = padding_amount(fh, padding), padding_amount(fw, padding)
    # A border wider than the image repeats its pattern (reflected again, or the edge again),
    # as cv2.filter2D and scipy.ndimage do; numpy.pad builds exactly that.
    padded = np.pad(img, ((ph, ph), (pw, pw)), mode=BORDERS[border])
    oh = (padded.shape[0] - fh) // stride + 1
    ow = (padded.shape[1] - fw) // stride + 1
    if padded.shape[0] < fh or padded.shape[1] < fw:
        raise ValueError(f"a {fh}×{fw} kernel does not fit in a {img.shape[0]}×{img.shape[1]} "
                         f"image with padding {padding!r}")
    windows = np.lib.stride_tricks.sliding_window_view(padded, (fh, fw))[::stride, ::stride]
    return np.einsum("ijkl,kl->ij", windows[:oh, :ow], k)


def convolve2d(image, kernel, *, padding: str = "valid", stride: int = 1,
               border: str = "constant") -> np.ndarray:
    """True convolution: the kernel flipped in both axes, then :func:`correlate2d`.

    >>> convolve2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 1, 0], [0, 0, 0], [0, 0, 0]])
    array([[8.]])
    """
    return correlate2d(image, np.flip(validate_kernel(kernel)), padding=padding, stride=stride,
                       border=border)


def output_size(i: int, f: int, p: int = 0, s: int = 1) -> int:
    """``O = (I - F + 2P) / S + 1``; raises if the filter does not tile the input evenly.

    >>> output_size(32, 5, p=2, s=1)
    32
    """
    for name, value, least in (("input size I", i, 1), ("filter size F", f, 1),
                               ("padding P", p, 0), ("stride S", s, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
            raise ValueError(f"{name} must be a whole number ≥ {least}, not {value!r}")
    span = i - f + 2 * p
    if span < 0:
        raise ValueError(f"a filter of {f} does not fit an input of {i} with padding {p}")
    if span % s:
        raise ValueError(f"(I - F + 2P) / S = ({i} - {f} + 2·{p}) / {s} is not whole: "
                         "these hyper-parameters do not tile the input")
    return span // s + 1
