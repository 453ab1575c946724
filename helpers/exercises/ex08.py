"""Checks for notebook 08's exercises (a VGG's parameters, receptive fields, a convolution's cost).

Each check calls the learner's function on several inputs and compares it with what PyTorch
computes for the same layers: parameters counted on layers built on the ``meta`` device (shapes
without memory), receptive fields read off a real gradient, multiply-adds counted by
``torch.utils.flop_counter.FlopCounterMode``.
"""
from __future__ import annotations

import numpy as np

from helpers.exercises import Exercises
from ._functions import function_exercise

ex = Exercises()
exercise = function_exercise(ex)   # the answer is a function; one still reading ... is caught


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


def _convs(blocks):
    """(kernel, input channels, output channels) of each convolution."""
    channels = 3
    for block in blocks:
        for spec in block:
            k, c = _layer(spec)
            yield k, channels, c
            channels = c


def _is_whole(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _not_whole(call: str, got) -> str:
    return f"{call} gave {got!r} ({type(got).__name__}); return a whole number (int)."


@exercise(1)
def _vgg_parameters(vgg_parameters):
    cases = [
        ("configuration A", [["conv3-64"], ["conv3-128"], ["conv3-256"] * 2, ["conv3-512"] * 2,
                             ["conv3-512"] * 2], 96, 1000),
        ("configuration C (with 1×1 layers)",
         [["conv3-64"] * 2, ["conv3-128"] * 2, ["conv3-256"] * 2 + ["conv1-256"],
          ["conv3-512"] * 2 + ["conv1-512"], ["conv3-512"] * 2 + ["conv1-512"]], 64, 100),
        ("configuration E", [["conv3-64"] * 2, ["conv3-128"] * 2, ["conv3-256"] * 4, ["conv3-512"] * 4,
                             ["conv3-512"] * 4], 160, 5),
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
            yield _not_whole(call, got)
            return
        want = _torch_vgg_parameters(blocks, size, classes)
        if got != want:
            no_bias = want - sum(_layer(s)[1] for b in blocks for s in b) - 4096 - 4096 - classes
            flat_7x7 = _torch_vgg_parameters(blocks, 7 * 2 ** len(blocks), classes)
            if got == no_bias:
                yield f"{call} is not right: every filter and every dense unit has a bias too."
            elif got == flat_7x7:
                yield (f"{call} is not right: the first dense layer's inputs depend on the image size "
                       "(each pooling halves the side).")
            elif got == sum(k * k * c_prev * c + c for k, c_prev, c in _convs(blocks)):
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


@exercise(2)
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
            yield _not_whole(f"On {name}, receptive_field", got)
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


def _torch_multiply_adds(size: int, kernel: int, c_in: int, c_out: int, stride: int) -> int:
    """Multiply-adds of one 'same' convolution, counted by PyTorch's FlopCounterMode (2 FLOPs each)."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    with torch.device("meta"):
        conv = torch.nn.Conv2d(c_in, c_out, kernel, stride=stride, padding=kernel // 2)
        x = torch.empty(1, c_in, size, size)
        with FlopCounterMode(display=False) as counter:
            conv(x)
    return counter.get_total_flops() // 2


@exercise(3)
def _conv_multiply_adds(conv_multiply_adds):
    cases = [(224, 3, 3, 64, 1), (224, 3, 64, 64, 1), (14, 3, 512, 512, 1), (56, 1, 256, 256, 1),
             (224, 7, 3, 64, 2), (225, 3, 3, 32, 2), (7, 3, 5, 2, 3), (1, 1, 4096, 1000, 1)]
    for size, k, c_in, c_out, s in cases:
        got = conv_multiply_adds(size, k, c_in, c_out, stride=s)
        call = f"conv_multiply_adds({size}, kernel={k}, c_in={c_in}, c_out={c_out}, stride={s})"
        if not _is_whole(got):
            yield _not_whole(call, got)
            return
        want = _torch_multiply_adds(size, k, c_in, c_out, s)
        if got != want:
            out = want // (k * k * c_in * c_out)
            if got == 2 * want:
                yield f"{call} is twice the answer: count a multiply-add once (it is 2 FLOPs)."
            elif got == want // out * size * size and s > 1:
                yield f"{call} is not right: with stride {s} the output is smaller than the input."
            elif s > 1 and got == (size // s) ** 2 * k * k * c_in * c_out:
                yield (f"{call} is not right: with 'same' padding, a {size}-pixel side at stride {s} "
                       f"gives ceil({size}/{s}) outputs, not floor.")
            elif got == want // c_in:
                yield f"{call} is not right: each filter covers all {c_in} input channels."
            else:
                yield f"{call} is not right: one multiply-add per weight, per output position."
            return


check, problems = ex.check, ex.problems
