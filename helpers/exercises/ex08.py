"""Checks for notebook 08's exercises (VGG's parameters, receptive fields, a filter with filter2D).

Each check calls the learner's function on several inputs and compares it with what PyTorch
computes for the same layers: parameters counted on layers built on the ``meta`` device (shapes
without memory), receptive fields read off a real gradient, convolutions from ``conv2d``.
"""
from __future__ import annotations

import numpy as np

from helpers.exercises import Exercises

ex = Exercises()


def _layer(spec: str) -> tuple[int, int]:
    """``"conv3-64"`` -> (3, 64)."""
    kernel, channels = spec.removeprefix("conv").split("-")
    return int(kernel), int(channels)


def _torch_vgg_parameters(blocks, image_size: int, classes: int) -> int:
    """Parameters of the VGG described by ``blocks``, counted on a PyTorch model built on the meta device."""
    import torch
    from torch import nn

    layers, channels = [], 3
    with torch.device("meta"):
        for block in blocks:
            for spec in block:
                k, c = _layer(spec)
                layers.append(nn.Conv2d(channels, c, k, padding=k // 2))
                channels = c
            layers.append(nn.MaxPool2d(2))
        side = image_size // 2 ** len(blocks)
        layers += [nn.Flatten(), nn.Linear(side * side * channels, 4096), nn.Linear(4096, 4096),
                   nn.Linear(4096, classes)]
        return sum(p.numel() for p in nn.Sequential(*layers).parameters())


def _is_whole(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


@ex.exercise(1)
def _vgg_parameters(vgg_parameters):
    cases = [
        ("configuration A", [["conv3-64"], ["conv3-128"], ["conv3-256"] * 2, ["conv3-512"] * 2,
                             ["conv3-512"] * 2], 224, 1000),
        ("configuration C (with 1×1 layers)",
         [["conv3-64"] * 2, ["conv3-128"] * 2, ["conv3-256"] * 2 + ["conv1-256"],
          ["conv3-512"] * 2 + ["conv1-512"], ["conv3-512"] * 2 + ["conv1-512"]], 224, 1000),
        ("configuration E", [["conv3-64"] * 2, ["conv3-128"] * 2, ["conv3-256"] * 4, ["conv3-512"] * 4,
                             ["conv3-512"] * 4], 224, 1000),
        ("configuration A on 32×32 images, 10 classes",
         [["conv3-64"], ["conv3-128"], ["conv3-256"] * 2, ["conv3-512"] * 2, ["conv3-512"] * 2], 32, 10),
        ("a two-block network on 64×64 images, 2 classes", [["conv3-8"], ["conv5-16", "conv1-16"]], 64, 2),
    ]
    for name, blocks, size, classes in cases:
        given = [list(b) for b in blocks]
        got = vgg_parameters(given, image_size=size, classes=classes)
        call = f"vgg_parameters(<{name}>, image_size={size}, classes={classes})"
        if given != blocks:
            yield f"{call} changed the list of blocks it was given."
            return
        if not _is_whole(got):
            yield f"{call} gave {got!r} ({type(got).__name__}); return a whole number (int)."
            return
        want = _torch_vgg_parameters(blocks, size, classes)
        if got != want:
            no_bias = want - sum(_layer(s)[1] for b in blocks for s in b) - 4096 - 4096 - classes
            flat_224 = _torch_vgg_parameters(blocks, 224, classes)
            if got == no_bias:
                yield f"{call} is not right: every filter and every dense unit has a bias too."
            elif size != 224 and got == flat_224:
                yield (f"{call} is not right: the first dense layer's inputs depend on the image size "
                       "(each pooling halves the side).")
            elif got < want - 100_000_000 and size == 224:
                yield f"{call} is far too small: have you counted the three dense layers?"
            else:
                yield f"{call} is not right."
            return


def _torch_receptive_field(layers) -> int:
    """Side of the input region that one output pixel depends on, read off a gradient."""
    import torch
    import torch.nn.functional as nnf

    size = 1
    for k, s in reversed(layers):          # an input just large enough for one output pixel
        size = (size - 1) * s + k
    x = torch.ones(1, 1, size + 8, size + 8, dtype=torch.float64, requires_grad=True)
    y = x
    for k, s in layers:
        y = nnf.conv2d(y, torch.ones(1, 1, k, k, dtype=torch.float64), stride=s)
    y[0, 0, 0, 0].backward()
    rows = torch.nonzero(x.grad[0, 0].abs().sum(dim=1)).flatten()
    return int(rows.max() - rows.min() + 1)


@ex.exercise(2)
def _receptive_field(receptive_field):
    conv, pool = (3, 1), (2, 2)
    cases = [
        ("one 3×3 convolution", [conv]),
        ("two 3×3 convolutions", [conv, conv]),
        ("three 3×3 convolutions", [conv] * 3),
        ("no layers at all", []),
        ("a 2×2 max pooling", [pool]),
        ("VGG-16's first two blocks, pooling included", [conv, conv, pool, conv, conv, pool]),
        ("VGG-16 up to block5_conv3", [conv, conv, pool, conv, conv, pool] + ([conv] * 3 + [pool]) * 2
         + [conv] * 3),
        ("AlexNet's first layers: 11×11 stride 4, 3×3 pooling stride 2, 5×5", [(11, 4), (3, 2), (5, 1)]),
    ]
    for name, layers in cases:
        given = list(layers)
        got = receptive_field(given)
        if given != layers:
            yield f"On {name} your function changed the list it was given."
            return
        if not _is_whole(got):
            yield f"On {name} it gave {got!r} ({type(got).__name__}); return a whole number (int)."
            return
        want = _torch_receptive_field(layers)
        if got != want:
            sum_rule = 1 + sum(k - 1 for k, _ in layers)
            if not layers:
                yield "With no layers at all, one output pixel is one input pixel."
            elif got == sum_rule:
                yield (f"On {name} it gave {got}, not right: after a layer of stride s, each further "
                       "step of a kernel moves s times as far in the input.")
            else:
                yield f"On {name} it gave {got}, not right."
            return


@ex.exercise(3)
def _filter2d_conv(filter2d_conv):
    import torch
    import torch.nn.functional as nnf

    rng = np.random.default_rng(8)
    cases = [
        ("a 9×7 RGB image and a 3×3 kernel", rng.normal(size=(9, 7, 3)), rng.normal(size=(3, 3, 3))),
        ("a 6×6 one-channel image and an asymmetric 3×3 kernel", rng.integers(0, 255, (6, 6, 1)),
         np.array([[[0.0], [1.0], [0.0]], [[0.0], [0.0], [0.0]], [[0.0], [0.0], [2.0]]])),
        ("an 8×10 image with 4 channels and a 5×5 kernel", rng.normal(size=(8, 10, 4)),
         rng.normal(size=(5, 5, 4))),
        ("a 5×5 RGB image and a 1×1 kernel", rng.normal(size=(5, 5, 3)), rng.normal(size=(1, 1, 3))),
    ]
    for name, image, kernel in cases:
        image, kernel = image.astype(np.float32), kernel.astype(np.float32)
        image_before, kernel_before = image.copy(), kernel.copy()
        got = filter2d_conv(image, kernel)
        if not (np.array_equal(image, image_before) and np.array_equal(kernel, kernel_before)):
            yield f"On {name} your function changed its inputs."
            return
        x = torch.from_numpy(image).permute(2, 0, 1)[None]
        w = torch.from_numpy(kernel).permute(2, 0, 1)[None]
        want = nnf.conv2d(x, w, padding=kernel.shape[0] // 2)[0, 0].numpy()
        got = np.asarray(got)
        if got.shape != want.shape:
            yield f"On {name} the result has shape {got.shape}; expected {want.shape} (one channel, same size)."
            return
        if got.dtype != np.float32:
            yield f"On {name} the result is {got.dtype}; keep float32, as the network does."
            return
        if not np.allclose(got, want, atol=1e-4 * max(1.0, float(np.abs(want).max()))):
            inner = (slice(kernel.shape[0] // 2, -(kernel.shape[0] // 2) or None),) * 2
            flipped = nnf.conv2d(x, torch.flip(w, dims=(2, 3)), padding=kernel.shape[0] // 2)[0, 0].numpy()
            if np.allclose(got[inner], want[inner], atol=1e-3 * max(1.0, float(np.abs(want).max()))):
                yield (f"On {name} the inside is right but the border is not: the frameworks pad with "
                       "zeros (borderType=cv2.BORDER_CONSTANT); filter2D's default border reflects.")
            elif np.allclose(got, flipped, atol=1e-3 * max(1.0, float(np.abs(want).max()))):
                yield f"On {name} the kernel is flipped: filter2D and the networks both correlate."
            else:
                yield (f"On {name} the values are not right: filter each channel with its own slice of the "
                       "kernel and add the channels up.")
            return


check, problems = ex.check, ex.problems
