"""Pretrained ImageNet models through the standard calls, with a clear answer when offline.

The weight file is made available first (cache, mirror or download, see ``helpers.data``);
then the ordinary constructor loads it, exactly as a learner would write it elsewhere:

>>> from helpers import weights
>>> model = weights.keras_application("VGG16", "vgg16-imagenet")   # doctest: +SKIP

When the file cannot be had, quick mode (tests) builds the same architecture with random
weights and prints a loud banner saying the results are not meaningful; full mode stops with
an error that says how to get the weights.
"""
from __future__ import annotations

from typing import Any, Callable

from . import data, mode

BANNER_WIDTH = 78


class WeightsUnavailableError(RuntimeError):
    """Pretrained weights are needed (full mode) but cannot be had."""


def banner(lines: list[str]) -> str:
    """A boxed, upper-case warning printed in the cell output; returned for tests."""
    bar = "!" * BANNER_WIDTH
    text = "\n".join([bar, *(f"!! {line}" for line in lines), bar])
    print(text)
    return text


def ensure(catalogue_name: str) -> bool:
    """Fetch a weight file; True when it is in place, False (quick mode) when it is not.

    In full mode a missing file raises :class:`WeightsUnavailableError` with what to do.
    """
    try:
        data.fetch(catalogue_name)
        return True
    except (data.DataUnavailableError, data.ChecksumError) as err:
        e = data.entry(catalogue_name)
        if mode.is_quick():
            banner([
                f"RANDOM WEIGHTS: the pretrained {e.title} could not be had.",
                "QUICK MODE goes on with a randomly initialised network so the code still runs:",
                "PREDICTIONS, FEATURES AND ACCURACIES BELOW ARE NOT MEANINGFUL.",
            ])
            return False
        raise WeightsUnavailableError(
            f"{e.title} are needed and could not be had.\n{err}\n"
            f"With internet (or in Colab) they download by themselves. Offline, ask your "
            f"instructor for the course mirror and set ${data.MIRROR_VARIABLE} to it."
        ) from err


def keras_application(constructor: str, catalogue_name: str, **kwargs: Any):
    """``keras.applications.<constructor>(weights="imagenet", **kwargs)``, or random weights
    with a banner in quick mode when the weights cannot be had."""
    import keras

    build: Callable = getattr(keras.applications, constructor)
    have = ensure(catalogue_name)
    return build(weights="imagenet" if have else None, **kwargs)


def torchvision_model(constructor: str, catalogue_name: str, weights: str = "IMAGENET1K_V1", **kwargs: Any):
    """``torchvision.models.<constructor>(weights=weights, **kwargs)``, with the same fallback."""
    import torchvision

    build: Callable = getattr(torchvision.models, constructor)
    have = ensure(catalogue_name)
    return build(weights=weights if have else None, **kwargs)
