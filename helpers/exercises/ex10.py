"""Checks for notebook 10 (GANs). Each check calls the learner's function on several inputs.

1. ``discriminator_loss(real_logits, fake_logits)``: the discriminator's loss for one batch.
2. ``generator_loss(fake_logits)``: the generator's (non-saturating) loss for one batch.
3. ``transposed_size(size, kernel, stride, padding)``: the output size of ``ConvTranspose2d``.
4. ``slerp(z0, z1, steps)``: spherical interpolation, evenly spaced angles from z0 to z1.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from helpers.exercises import Exercises
from ._functions import function_exercise

ex = Exercises()
exercise = function_exercise(ex)   # the answer is a function; one still reading ... is caught


def _logit_batches() -> list[tuple[str, torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(10)
    return [
        ("logits of 0 (a discriminator that cannot tell)", torch.zeros(8, 1), torch.zeros(8, 1)),
        ("random logits", torch.randn(16, 1, generator=g), torch.randn(16, 1, generator=g)),
        ("a confident, right discriminator", torch.full((4, 1), 9.0), torch.full((4, 1), -9.0)),
        ("a confident, wrong discriminator", torch.full((4, 1), -9.0), torch.full((4, 1), 9.0)),
        ("batches of different sizes", torch.randn(5, 1, generator=g) * 3, torch.randn(3, 1, generator=g)),
        ("very large logits", torch.full((2, 1), 120.0), torch.full((2, 1), -120.0)),
        ("very large, wrong logits", torch.full((2, 1), -120.0), torch.full((2, 1), 120.0)),
    ]


def _scalar_problems(value, what: str):
    if not isinstance(value, torch.Tensor):
        yield f"{what} should return a tensor (so that .backward() works), got {type(value).__name__}."
        return
    if value.dim() != 0:
        yield f"{what} should return one number (a 0-d tensor), got shape {tuple(value.shape)}: take the mean."
        return
    if not value.dtype.is_floating_point:
        yield f"{what} should return a floating-point tensor, got {value.dtype}."
        return
    if not torch.isfinite(value):
        yield (f"{what} gave {value.item()}: with large logits, sigmoid then log overflows; "
               "work on the logits (binary_cross_entropy_with_logits).")


@exercise(1)
def _(discriminator_loss):
    for name, real, fake in _logit_batches():
        expected = (F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
                    + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake)))
        got = discriminator_loss(real.clone(), fake.clone())
        found = list(_scalar_problems(got, "discriminator_loss"))
        if found:
            yield from found
            return
        if not math.isclose(got.item(), expected.item(), rel_tol=1e-4, abs_tol=1e-5):
            swapped = (F.binary_cross_entropy_with_logits(real, torch.zeros_like(real))
                       + F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake)))
            if math.isclose(got.item(), swapped.item(), rel_tol=1e-4, abs_tol=1e-5):
                yield f"For {name} the labels look swapped: real images are labelled 1, generated ones 0."
            elif math.isclose(got.item(), expected.item() / 2, rel_tol=1e-4, abs_tol=1e-5):
                yield f"For {name} the loss is half of what it should be: add the two parts, do not average them."
            else:
                yield (f"For {name} the loss is {got.item():.4f}, which is not the binary cross-entropy of "
                       "real logits against 1 plus that of generated logits against 0.")
            return
    real = torch.randn(6, 1, requires_grad=True)
    fake = torch.randn(6, 1, requires_grad=True)
    loss = discriminator_loss(real, fake)
    if not loss.requires_grad:
        yield "The loss is cut off from the logits (no gradient): keep it a tensor computation, no .item()."
        return
    loss.backward()
    if real.grad is None or fake.grad is None or real.grad.abs().sum() == 0 or fake.grad.abs().sum() == 0:
        yield "The gradient must reach both the real and the generated logits."


@exercise(2)
def _(generator_loss):
    for name, _, fake in _logit_batches():
        expected = F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))
        got = generator_loss(fake.clone())
        found = list(_scalar_problems(got, "generator_loss"))
        if found:
            yield from found
            return
        if not math.isclose(got.item(), expected.item(), rel_tol=1e-4, abs_tol=1e-5):
            saturating = -F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
            if math.isclose(got.item(), saturating.item(), rel_tol=1e-4, abs_tol=1e-5):
                yield ("That is the original minimax loss, log(1 − D(G(z))), which saturates: use the "
                       "non-saturating one, the cross-entropy of the generated logits against the label 1.")
            elif math.isclose(got.item(), -saturating.item(), rel_tol=1e-4, abs_tol=1e-5):
                yield ("For the generator, the generated images should be labelled 1 ('real'): it wants "
                       "to fool the discriminator.")
            else:
                yield f"For {name} the loss is {got.item():.4f}, not the cross-entropy against the label 1."
            return
    fake = torch.randn(6, 1, requires_grad=True)
    loss = generator_loss(fake)
    if not loss.requires_grad:
        yield "The loss is cut off from the logits (no gradient): keep it a tensor computation."
        return
    loss.backward()
    if fake.grad is None or not torch.all(fake.grad < 0):
        yield "Raising a generated logit should lower the generator's loss (its gradient must be negative)."


@exercise(3)
def _(transposed_size):
    cases = [(1, 7, 1, 0), (7, 4, 2, 1), (14, 4, 2, 1), (7, 3, 1, 1), (5, 5, 2, 2), (3, 2, 2, 0), (10, 3, 3, 0)]
    for size, kernel, stride, padding in cases:
        layer = torch.nn.ConvTranspose2d(1, 1, kernel, stride, padding)
        expected = layer(torch.zeros(1, 1, size, size)).shape[-1]
        got = transposed_size(size, kernel, stride, padding)
        if isinstance(got, bool) or not isinstance(got, int):
            yield f"transposed_size should return an int, got {type(got).__name__} for {size, kernel, stride, padding}."
            return
        if got != expected:
            conv = (size - kernel + 2 * padding) // stride + 1
            if got == conv:
                yield (f"For input {size}, kernel {kernel}, stride {stride}, padding {padding}: that is the "
                       "size an ordinary convolution gives; a transposed one goes the other way.")
            else:
                yield (f"For input {size}, kernel {kernel}, stride {stride}, padding {padding}, the layer "
                       f"gives another size than {got}. Try the layer itself on torch.zeros(1, 1, {size}, {size}).")
            return


def _reference_slerp(z0: torch.Tensor, z1: torch.Tensor, steps: int) -> torch.Tensor:
    a, b = z0.flatten().double(), z1.flatten().double()
    cos = torch.clamp(a @ b / (a.norm() * b.norm()), -1.0, 1.0)
    omega = torch.arccos(cos)
    t = torch.linspace(0, 1, steps, dtype=torch.float64)
    if omega.abs() < 1e-6:
        rows = [(1 - w) * a + w * b for w in t]
    else:
        rows = [(torch.sin((1 - w) * omega) * a + torch.sin(w * omega) * b) / torch.sin(omega) for w in t]
    return torch.stack(rows).reshape(steps, *z0.shape).to(z0.dtype)


@exercise(4)
def _(slerp):
    g = torch.Generator().manual_seed(4)
    z = torch.randn(64, generator=g)
    cases = [("two random latent points", torch.randn(64, generator=g), torch.randn(64, generator=g), 9),
             ("points shaped like the generator's input", torch.randn(64, 1, 1, generator=g),
              torch.randn(64, 1, 1, generator=g), 5),
             ("perpendicular points", torch.tensor([2.0, 0.0]), torch.tensor([0.0, 2.0]), 3),
             ("points of different lengths", torch.tensor([1.0, 0.0, 0.0]), torch.tensor([0.0, 3.0, 0.0]), 4),
             ("the same direction twice", z, 2 * z, 5),
             ("only the two ends", torch.randn(8, generator=g), torch.randn(8, generator=g), 2)]
    for name, z0, z1, steps in cases:
        got = slerp(z0.clone(), z1.clone(), steps)
        if not isinstance(got, torch.Tensor):
            yield f"slerp should return a tensor, got {type(got).__name__}."
            return
        want_shape = (steps, *z0.shape)
        if tuple(got.shape) != want_shape:
            yield (f"For points of shape {tuple(z0.shape)} and steps={steps}, the result should have shape "
                   f"{want_shape} (one row per step), got {tuple(got.shape)}.")
            return
        if got.dtype != z0.dtype:
            yield f"The points are {z0.dtype}; the result is {got.dtype}."
            return
        if not torch.all(torch.isfinite(got)):
            yield (f"For {name} the result holds NaN or infinity: when the angle is (nearly) 0, sin(angle) "
                   "is 0; fall back to the straight line there.")
            return
        if not (torch.allclose(got[0], z0, atol=1e-5) and torch.allclose(got[-1], z1, atol=1e-5)):
            yield "The first row should be z0 and the last row z1 (both ends included)."
            return
        expected = _reference_slerp(z0, z1, steps)
        if not torch.allclose(got, expected, atol=1e-4, rtol=1e-4):
            t = torch.linspace(0, 1, steps).reshape(-1, *([1] * z0.dim()))
            if torch.allclose(got, (1 - t) * z0 + t * z1, atol=1e-4):
                yield (f"For {name} these are points on the straight line; slerp follows the arc "
                       "(weights sin((1 − t)·Ω)/sin Ω and sin(t·Ω)/sin Ω).")
            else:
                yield (f"For {name} the points are not on the arc from z0 to z1 at equal angles; is Ω the "
                       "angle between the *unit* vectors z0/|z0| and z1/|z1|?")
            return


check, problems = ex.check, ex.problems
