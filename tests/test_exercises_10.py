"""Notebook 10's exercise checks pass the right answers and catch the typical wrong ones."""
import torch
import torch.nn.functional as F

from helpers.exercises import ex10


# 1. The discriminator's loss --------------------------------------------------------------------

def d_loss(real_logits, fake_logits):
    return (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
            + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))


def test_1_right_answers_pass():
    assert ex10.problems(1, d_loss) == []

    def by_hand(real_logits, fake_logits):  # −log σ(r) − log(1 − σ(f)), written with softplus
        return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()
    assert ex10.problems(1, by_hand) == []


def test_1_wrong_answers_fail():
    def swapped(r, f):
        return d_loss(f, r)

    def averaged(r, f):
        return d_loss(r, f) / 2

    def naive_sigmoid(r, f):  # overflows to inf for large logits
        return -(torch.log(torch.sigmoid(r)).mean() + torch.log(1 - torch.sigmoid(f)).mean())

    def per_sample(r, f):
        return F.binary_cross_entropy_with_logits(r, torch.ones_like(r), reduction="none")

    def as_float(r, f):
        return d_loss(r, f).item()

    def detached(r, f):
        return d_loss(r.detach(), f.detach())

    for wrong in (swapped, averaged, naive_sigmoid, per_sample, as_float, detached):
        found = ex10.problems(1, wrong)
        assert found, wrong.__name__
    assert "swapped" in ex10.problems(1, swapped)[0]
    assert "half" in ex10.problems(1, averaged)[0]
    assert "overflow" in ex10.problems(1, naive_sigmoid)[0]
    assert "one number" in ex10.problems(1, per_sample)[0]


def test_no_answer_yet():
    assert ex10.problems(1, ...) == ["There is no answer yet: replace the ... with your code."]

    def empty(*args):
        ...
    for n in (1, 2, 3, 4):
        assert ex10.problems(n, empty) == ["empty returns nothing yet: replace the ... in its body with your code."]


# 2. The generator's loss ------------------------------------------------------------------------

def test_2_right_answer_passes_and_wrong_ones_fail():
    assert ex10.problems(2, lambda f: F.binary_cross_entropy_with_logits(f, torch.ones_like(f))) == []
    assert ex10.problems(2, lambda f: F.softplus(-f).mean()) == []

    saturating = ex10.problems(2, lambda f: -F.binary_cross_entropy_with_logits(f, torch.zeros_like(f)))
    assert saturating and "saturat" in saturating[0]
    labelled_fake = ex10.problems(2, lambda f: F.binary_cross_entropy_with_logits(f, torch.zeros_like(f)))
    assert labelled_fake and "labelled 1" in labelled_fake[0]
    assert ex10.problems(2, lambda f: F.binary_cross_entropy_with_logits(f, torch.ones_like(f)).detach())
    assert ex10.problems(2, lambda f: (1 - torch.sigmoid(f)).mean())


# 3. The size after a transposed convolution ----------------------------------------------------

def test_3_right_answer_passes_and_wrong_ones_fail():
    assert ex10.problems(3, lambda i, k, s, p: (i - 1) * s - 2 * p + k) == []

    conv = ex10.problems(3, lambda i, k, s, p: (i - k + 2 * p) // s + 1)
    assert conv and "ordinary convolution" in conv[0]
    assert ex10.problems(3, lambda i, k, s, p: i * s)                # right for k=4, s=2, p=1 only
    assert ex10.problems(3, lambda i, k, s, p: (i - 1) * s + k)      # forgets the padding
    assert ex10.problems(3, lambda i, k, s, p: float((i - 1) * s - 2 * p + k))


# 4. Spherical interpolation --------------------------------------------------------------------

def slerp(z0, z1, steps):
    a, b = z0.flatten(), z1.flatten()
    omega = torch.arccos(torch.clamp(a @ b / (a.norm() * b.norm()), -1, 1))
    t = torch.linspace(0, 1, steps, dtype=z0.dtype).reshape(-1, *([1] * z0.dim()))
    if omega < 1e-6:
        return (1 - t) * z0 + t * z1
    return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)


def test_4_right_answer_passes():
    assert ex10.problems(4, slerp) == []


def test_4_wrong_answers_fail():
    def linear(z0, z1, steps):
        t = torch.linspace(0, 1, steps).reshape(-1, *([1] * z0.dim()))
        return (1 - t) * z0 + t * z1

    def unnormalised_angle(z0, z1, steps):  # arccos of the raw dot product
        omega = torch.arccos(torch.clamp(z0.flatten() @ z1.flatten(), -1, 1))
        t = torch.linspace(0, 1, steps).reshape(-1, *([1] * z0.dim()))
        return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)

    def no_parallel_case(z0, z1, steps):
        a, b = z0.flatten(), z1.flatten()
        omega = torch.arccos(a @ b / (a.norm() * b.norm()))
        t = torch.linspace(0, 1, steps).reshape(-1, *([1] * z0.dim()))
        return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)

    def without_end(z0, z1, steps):
        return slerp(z0, z1, steps + 1)[:-1]

    def flat(z0, z1, steps):
        return slerp(z0.flatten(), z1.flatten(), steps)

    def doubles(z0, z1, steps):
        return slerp(z0, z1, steps).double()

    for wrong in (linear, unnormalised_angle, no_parallel_case, without_end, flat, doubles):
        assert ex10.problems(4, wrong), wrong.__name__
    assert "straight line" in ex10.problems(4, linear)[0]
    assert "shape" in ex10.problems(4, flat)[0]
