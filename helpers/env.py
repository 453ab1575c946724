"""What is installed and which accelerator each framework sees.

>>> from helpers import env
>>> report = env.check()          # prints a table, returns {name: version}
>>> device = env.torch_device()   # "cuda", "mps" or "cpu"
"""
from __future__ import annotations

import importlib
import platform
import sys

# Import order matters: torch (and torchvision) load before TensorFlow. With some builds,
# importing torchvision after TensorFlow in one process crashes the interpreter.
LIBRARIES = [
    ("torch", "torch"), ("torchvision", "torchvision"), ("tensorflow", "tensorflow"),
    ("keras", "keras"), ("numpy", "numpy"), ("opencv (cv2)", "cv2"), ("pillow (PIL)", "PIL"),
    ("scikit-learn", "sklearn"), ("scipy", "scipy"), ("matplotlib", "matplotlib"),
    ("ipywidgets", "ipywidgets"), ("tqdm", "tqdm"), ("pooch", "pooch"),
]


def versions() -> dict[str, str]:
    """``{library: version}`` for Python and every library the course uses ("missing" if absent)."""
    found = {"python": platform.python_version()}
    for label, module in LIBRARIES:
        try:
            found[label] = getattr(importlib.import_module(module), "__version__", "?")
        except ImportError:
            found[label] = "missing"
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
