"""Real sample photographs that need no download, and one loader with clear errors.

The samples ship with packages the course already installs, or are committed under
``helpers/samples`` (installed with the package) with their licence:

- ``"china"``, ``"flower"``: scikit-learn's sample photos (CC BY 2.0, danielbuechele / vultilion on Flickr);
- ``"grace_hopper"``: matplotlib's sample portrait of Rear Admiral Grace Hopper (US Navy photo, public domain);
- ``"blood_smear"``: a BCCD blood-smear micrograph (MIT, (c) 2017 shenggan; ``helpers/samples/LICENSE-BCCD``),
  with the BCCD annotators' boxes around its cells (``blood_smear_bccd_00001.xml``, as BCCD ships
  it but for its ``<path>`` element, cut to the path inside the dataset).

>>> from helpers import images
>>> rgb = images.load("china")              # H×W×3 uint8, RGB
>>> grey = images.load("flower", mode="L")  # H×W uint8
>>> [b.label for b in images.sample_boxes("blood_smear")][:3]
['WBC', 'RBC', 'RBC']
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


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

ANNOTATIONS = {
    "blood_smear": lambda: SAMPLES_DIR / "blood_smear_bccd_00001.xml",
}


class Box(NamedTuple):
    """One annotated object: its class name and its box in pixels, x along the columns and y down
    the rows, as the Pascal VOC file gives them (VOC counts pixels from 1)."""

    label: str
    xmin: int
    ymin: int
    xmax: int
    ymax: int


def sample_path(name: str) -> Path:
    """Path of a named sample photograph; an unknown name lists the known ones.

    >>> sample_path("flower").name
    'flower.jpg'
    """
    if name not in SAMPLES:
        raise KeyError(f"no sample image {name!r}; the samples are: {', '.join(SAMPLES)}")
    return SAMPLES[name]()


def load(source: str | Path, mode: str = "RGB") -> np.ndarray:
    """Read a sample name or an image file into a uint8 array (``mode`` "RGB" or "L").

    The picture comes the right way up (a camera's EXIF orientation is applied, as photo
    viewers do), and 16-bit images are scaled to 0–255, not clipped. A missing file, or one
    that is not an image (or is cut short), gets an error naming the path.

    >>> load("grace_hopper").shape
    (600, 512, 3)
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    if mode not in ("RGB", "L"):
        raise ValueError(f"mode must be 'RGB' or 'L', not {mode!r}")
    path = sample_path(source) if isinstance(source, str) and source in SAMPLES else Path(source)
    if not path.is_file():
        hint = (f" (nor is {source!r} one of the samples: {', '.join(SAMPLES)})"
                if isinstance(source, str) else "")
        raise FileNotFoundError(f"no image file at {path}{hint}")
    try:
        with Image.open(path) as im:
            return _to_uint8(ImageOps.exif_transpose(im), mode)
    except UnidentifiedImageError as e:
        raise ValueError(f"{path} is not an image PIL can read") from e
    except OSError as e:  # a known format whose data cannot be decoded, e.g. a truncated JPEG
        raise ValueError(f"{path} could not be decoded as an image: {e}") from e


def _to_uint8(im, mode: str) -> np.ndarray:
    """A PIL image as uint8 ``mode`` ("RGB" or "L"). 16- and 32-bit grey images are scaled to
    0–255 (PIL's own conversion would clip every value above 255 to white)."""
    if im.mode.startswith("I;16") or im.mode == "I":
        wide = np.asarray(im, dtype=np.float64)
        top = 65535.0 if im.mode.startswith("I;16") or wide.max(initial=0) <= 65535 else 2.0**32 - 1
        grey = np.round(np.clip(wide, 0, top) * (255.0 / top)).astype(np.uint8)
        return grey if mode == "L" else np.repeat(grey[:, :, None], 3, axis=2)
    return np.array(im.convert(mode))


def sample_boxes(name: str) -> list[Box]:
    """The annotators' boxes for a sample that has them (Pascal VOC XML), in file order.

    >>> len(sample_boxes("blood_smear"))
    19
    """
    import xml.etree.ElementTree as ET

    if name not in ANNOTATIONS:
        have = ", ".join(ANNOTATIONS) or "none"
        raise KeyError(f"no annotations for {name!r}; samples with annotations: {have}")
    path = ANNOTATIONS[name]()
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise ValueError(f"{path} is not a readable annotation file: {e}") from e
    boxes = []
    for obj in root.iter("object"):
        bb = obj.find("bndbox")
        if bb is None:
            raise ValueError(f"{path}: an <object> without a <bndbox>")
        boxes.append(Box(obj.findtext("name", "").strip(),
                         *(int(float(bb.findtext(k))) for k in ("xmin", "ymin", "xmax", "ymax"))))
    return boxes
