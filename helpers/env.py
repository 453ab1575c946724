"""What is installed and which accelerator each framework sees.

>>> from helpers import env
>>> report = env.check()          # doctest: +ELLIPSIS
python ...
>>> report["numpy"] == env.versions()["numpy"]    # check() returns {name: version}
True
>>> device = env.torch_device()   # "cuda", "mps" or "cpu"
"""
from __future__ import annotations

import importlib
import importlib.util
import platform
import sys
from importlib import metadata
from typing import Mapping, Sequence

# Import order matters: torch (and torchvision) load before TensorFlow. With some builds,
# importing torchvision after TensorFlow in one process crashes the interpreter.
LIBRARIES = [
    ("torch", "torch"), ("torchvision", "torchvision"), ("tensorflow", "tensorflow"),
    ("keras", "keras"), ("numpy", "numpy"), ("opencv (cv2)", "cv2"), ("pillow (PIL)", "PIL"),
    ("scikit-learn", "sklearn"), ("scipy", "scipy"), ("matplotlib", "matplotlib"),
    ("ipywidgets", "ipywidgets"), ("tqdm", "tqdm"), ("pooch", "pooch"),
]


# The installed distributions that provide a module, where their names differ from the module's
# (the first one installed counts): read from the package metadata, nothing is imported.
DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tensorflow-macos"),
    "cv2": ("opencv-python-headless", "opencv-python", "opencv-contrib-python", "opencv-contrib-python-headless"),
    "PIL": ("pillow",), "sklearn": ("scikit-learn",),
}


def distribution_versions(groups: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """``{label: version}`` of the first installed distribution of each group (absent: left out).

    >>> distribution_versions({"numpy": ("numpy",), "nothing": ("no-such-distribution",)}).keys()
    dict_keys(['numpy'])
    """
    found = {}
    for label, names in groups.items():
        for name in names:
            try:
                found[label] = metadata.version(name)
                break
            except metadata.PackageNotFoundError:
                continue
    return found


def versions() -> dict[str, str]:
    """``{library: version}`` for Python and every library the course uses ("missing" if absent).

    Versions come from the installed packages' metadata, so nothing heavy is imported.
    """
    found = {"python": platform.python_version()}
    installed = distribution_versions({label: DISTRIBUTIONS.get(module, (module,))
                                       for label, module in LIBRARIES})
    for label, module in LIBRARIES:
        if label in installed:
            found[label] = installed[label]
        elif importlib.util.find_spec(module) is None:
            found[label] = "missing"
        else:  # importable without package metadata (a source checkout, say)
            found[label] = getattr(importlib.import_module(module), "__version__", "?")
    return found


def torch_device() -> str:
    """The best device PyTorch can use here: ``"cuda"``, ``"mps"`` (Apple) or ``"cpu"``."""
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def accelerators() -> dict[str, str]:
    """What TensorFlow and PyTorch each see, e.g. ``{"tensorflow": "CPU only", "pytorch": "cpu"}``."""
    seen = {}
    try:
        device = torch_device()
        if device == "cuda":
            import torch
            device = f"cuda ({torch.cuda.get_device_name(0)})"
        seen["pytorch"] = device
    except ImportError:
        seen["pytorch"] = "not installed"
    try:
        import tensorflow as tf
        gpus = tf.config.list_physical_devices("GPU")
        seen["tensorflow"] = f"{len(gpus)} GPU(s): " + ", ".join(g.name for g in gpus) if gpus else "CPU only"
    except ImportError:
        seen["tensorflow"] = "not installed"
    return seen


def check() -> dict[str, str]:
    """Print every library's version and the accelerators; return them in one dict."""
    report = versions()
    report.update({f"accelerator seen by {k}": v for k, v in accelerators().items()})
    width = max(len(k) for k in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
    missing = [k for k, v in report.items() if v == "missing"]
    if missing:
        print(f"\nMissing: {', '.join(missing)}. See the README for how to install the course.",
              file=sys.stdout)
    return report
