"""Checks for notebook 11's exercises (transfer learning): each calls the learner's function on
several inputs, edge cases included, and looks at dtype and range as well as values."""
from __future__ import annotations

import numpy as np

from . import Exercises
from ._functions import function_exercise

ex = Exercises()
exercise = function_exercise(ex)   # the answer is a function; one still reading ... is caught


@exercise(1)
def _(answer):
    """to_minus_one_one: uint8 RGB -> float32 in [-1, 1], any shape."""
    rng = np.random.default_rng(11)
    cases = [np.array([0, 255, 128], np.uint8), rng.integers(0, 256, (5, 7, 3), dtype=np.uint8),
             rng.integers(0, 256, (2, 4, 4, 3), dtype=np.uint8), np.full((3, 3, 3), 255, np.uint8)]
    for x in cases:
        out = answer(x.copy())
        out = np.asarray(out)
        if out.shape != x.shape:
            yield f"An input of shape {x.shape} should keep its shape; yours gives {out.shape}."
            return
        if out.dtype != np.float32:
            yield f"The result should be float32 (what the network computes in); yours is {out.dtype}."
            return
        if out.size and (out.min() < -1 - 1e-6 or out.max() > 1 + 1e-6):
            yield f"Values must stay in [-1, 1]; yours range from {out.min():.3f} to {out.max():.3f}."
            return
        if not np.allclose(out, x.astype(np.float64) / 127.5 - 1, atol=1e-5):
            bad = np.argmax(np.abs(out - (x / 127.5 - 1)))
            yield (f"Pixel value {x.ravel()[bad]} becomes {out.ravel()[bad]:.4f}: 0 should become -1, "
                   "255 become 1, and values in between lie on a straight line.")
            return


@ex.exercise(2)
def _(answer):
    """bn_to_eval: every BatchNorm in eval mode, nothing else touched, nested modules included."""
    import torch
    from torch import nn

    inner = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU())
    net = nn.Sequential(inner, nn.Dropout(0.5), nn.Flatten(), nn.LazyLinear(2), nn.BatchNorm1d(2))
    net(torch.zeros(2, 3, 6, 6))            # materialise the lazy layer
    net.train()
    result = answer(net)
    if result is not None and result is not net:
        yield "Change the module in place (return nothing, or the module itself)."
        return
    bns = [m for m in net.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    others = [m for m in net.modules() if not isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if any(m.training for m in bns):
        nested = inner[1].training
        yield ("A batch-normalisation layer is still in training mode"
               + (" (the one nested inside a Sequential: walk every module, not just the top level)." if nested else "."))
        return
    if not all(m.training for m in others):
        yield "Only the batch-normalisation layers should change: the dropout and other layers must stay in training mode."
        return
    if any(not p.requires_grad for p in net.parameters()):
        yield "Inference mode is not freezing: leave requires_grad alone."
        return
    # and the running statistics no longer move on a forward pass
    before = inner[1].running_mean.clone()
    net(torch.randn(4, 3, 6, 6) * 5 + 3)
    if not torch.equal(before, inner[1].running_mean):
        yield "After your function a forward pass still changes the running mean."


@exercise(3)
def _(answer):
    """labels_from_logits: logit > 0 means dog; integers 0/1; no sigmoid of a sigmoid."""
    rng = np.random.default_rng(3)
    cases = [np.array([-3.0, -0.1, 0.2, 4.0]), rng.normal(0, 2, 50), np.array([-10.0, -5.0, -0.5]),
             np.array([0.5, 7.0])]
    for logits in cases:
        out = answer(logits.copy())
        out = np.asarray(out)
        if out.shape != logits.shape:
            yield f"{logits.shape[0]} logits should give {logits.shape[0]} labels; yours has shape {out.shape}."
            return
        if not np.issubdtype(out.dtype, np.integer) and out.dtype != bool:
            yield f"Labels should be integers 0 and 1; yours are {out.dtype}."
            return
        expected = (logits > 0).astype(int)
        if np.array_equal(out.astype(int), 1 - expected):
            yield "Your labels are the wrong way round: a positive logit means dog (1)."
            return
        if not np.array_equal(out.astype(int), expected):
            if (out.astype(int) == 1).all():
                yield "Everything comes out as a dog: is a sigmoid applied twice (or a threshold of 0.5 on logits)?"
            else:
                yield f"For logits {np.round(logits[:4], 2)} the labels should follow the sign of each logit."
            return


check, problems = ex.check, ex.problems
