"""Real sample photographs that need no download, and one loader with clear errors.

The samples ship with packages the course already installs, or are committed under
``data/samples`` with their licence:

- ``"china"``, ``"flower"``: scikit-learn's sample photos (CC BY 2.0, danielbuechele / vultilion on Flickr);
- ``"grace_hopper"``: matplotlib's sample portrait of Rear Admiral Grace Hopper (US Navy photo, public domain);
- ``"blood_smear"``: a BCCD blood-smear micrograph (MIT, (c) 2017 shenggan; ``data/samples/LICENSE-BCCD``).

>>> from helpers import images
>>> rgb = images.load("china")              # H×W×3 uint8, RGB
>>> grey = images.load("flower", mode="L")  # H×W uint8
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "samples"


def _package_file(package: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(f"the sample needs the {package!r} package, which is not installed")
    return Path(spec.origin).parent.joinpath(*parts)


SAMPLES = {
    "china": lambda: _package_file("sklearn", "datasets", "images", "china.jpg"),
    "flower": lambda: _package_file("sklearn", "datasets", "images", "flower.jpg"),
    "grace_hopper": lambda: _package_file("matplotlib", "mpl-data", "sample_data", "grace_hopper.jpg"),
    "blood_smear": lambda: SAMPLES_DIR / "blood_smear_bccd_00001.jpg",
}


def sample_path(name: str) -> Path:
    """Path of a named sample photograph; an unknown name lists the known ones."""
    if name not in SAMPLES:
        raise KeyError(f"no sample image {name!r}; the samples are: {', '.join(SAMPLES)}")
    return SAMPLES[name]()


def load(source: str | Path, mode: str = "RGB") -> np.ndarray:
    """Read a sample name or an image file into a uint8 array (``mode`` "RGB" or "L").

    A missing file or one that is not an image gets an error naming the path.
    """
    from PIL import Image, UnidentifiedImageError

    if mode not in ("RGB", "L"):
        raise ValueError(f"mode must be 'RGB' or 'L', not {mode!r}")
    path = sample_path(source) if isinstance(source, str) and source in SAMPLES else Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"no image file at {path}")
    try:
        with Image.open(path) as im:
            return np.array(im.convert(mode))
    except UnidentifiedImageError as e:
        raise ValueError(f"{path} is not an image PIL can read") from e
