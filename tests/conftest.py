"""Shared fixtures: the real datasets (the course mirror) and isolated caches."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# One test process imports both frameworks (exercise checks, backbones, doctests). With these
# builds, torchvision imported after TensorFlow crashes the process, so torch's side loads first,
# as the notebooks do.
try:
    import torch  # noqa: F401
    import torchvision  # noqa: F401
except ImportError:
    pass

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"
# Read once, before any test's fixtures change the environment.
MIRROR_AT_START = os.environ.get("COURSE_DATA_MIRROR")


def mirror_path() -> Path | None:
    """The real data mirror: $COURSE_DATA_MIRROR, else ../shared/datasets beside the clone."""
    value = MIRROR_AT_START
    if value and Path(value).is_dir():
        return Path(value)
    return SHARED if SHARED.is_dir() else None


@pytest.fixture
def real_mirror() -> Path:
    path = mirror_path()
    if path is None:
        pytest.skip("no data mirror: set COURSE_DATA_MIRROR to the course's offline copies")
    return path


@pytest.fixture
def caches(tmp_path, monkeypatch):
    """Empty Keras and Torch caches for one test, and no mirror unless the test sets one."""
    keras_home, torch_home = tmp_path / "keras", tmp_path / "torch"
    monkeypatch.setenv("KERAS_HOME", str(keras_home))
    monkeypatch.setenv("TORCH_HOME", str(torch_home))
    monkeypatch.delenv("COURSE_DATA_MIRROR", raising=False)
    return keras_home, torch_home
