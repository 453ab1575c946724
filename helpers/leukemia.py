"""Aria et al. 2021's acute lymphoblastic leukemia (ALL) images: found wherever a learner has them.

The images are not the course's to redistribute (the Kaggle page asks users to cite the
authors and states no licence), so they are never committed. ``find`` looks, in order, for:

1. the full set a learner downloaded by hand from Kaggle, unzipped into
   ``$KERAS_HOME/datasets/all-leukemia`` (the catalogue entry ``all-leukemia`` says how);
2. the full set through ``kagglehub`` (Colab ships it; public datasets need no token), when
   running in Colab or when ``$COURSE_KAGGLE`` is ``1``;
3. the 1,200-image subset an instructor puts in the course mirror
   (``$COURSE_DATA_MIRROR/all-leukemia-aria2021-subset.zip``; no public URL serves it, so it is
   not a catalogue download: its SHA-256 and layout are checked here before it is unpacked into
   ``$KERAS_HOME/datasets/all-leukemia-subset``).

>>> from helpers import leukemia
>>> images = leukemia.find(verbose=False)
>>> images.counts()          # how many images per class (here: the course mirror's subset)
{'Benign': 300, 'Early': 300, 'Pre': 300, 'Pro': 300}
>>> images.describe().startswith("the course mirror's 1,200-image subset")
True
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import data

CLASSES = ("Benign", "Early", "Pre", "Pro")
MALIGNANT = ("Early", "Pre", "Pro")            # the three B-ALL subtypes; Benign: hematogones
KAGGLE_HANDLE = "mehradaria/leukemia"
KAGGLE_VARIABLE = "COURSE_KAGGLE"
FULL_SET_SIZE = 3256                           # 504 / 985 / 963 / 804 in the Kaggle download
SUBSET_ZIP = "all-leukemia-aria2021-subset.zip"
SUBSET_SHA256 = "8c91d4c2365d8e7ba7e2b2e0201c6f00ae42362a9b06f578b1ba18022497e673"
SUBSET_LAYOUT = {f"Original/{c}": 300 for c in CLASSES}


@dataclass
class ImageSet:
    source: str                     # which set, in words
    root: Path                      # the folder holding Benign/, Early/, Pre/, Pro/
    paths: list[Path] = field(default_factory=list)
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, int))   # index into CLASSES

    @property
    def malignant(self) -> np.ndarray:
        """1 for Early, Pre and Pro (B-ALL), 0 for Benign."""
        return (self.labels != CLASSES.index("Benign")).astype(int)

    def counts(self) -> dict[str, int]:
        return {c: int((self.labels == i).sum()) for i, c in enumerate(CLASSES)}

    def describe(self) -> str:
        per_class = ", ".join(f"{c} {n}" for c, n in self.counts().items())
        return f"{self.source}: {len(self.paths)} images ({per_class})"


def _original_folder(top: Path) -> Path | None:
    """The folder with the four class folders: ``top`` itself, or an ``Original`` below it."""
    if not top.is_dir():
        return None
    candidates = [top, top / "Original"] + sorted(top.glob("*/Original")) + sorted(top.glob("*/*/Original"))
    for c in candidates:
        if all((c / name).is_dir() for name in CLASSES):
            return c
    return None


def load(root: Path, source: str) -> ImageSet:
    """Every JPEG/PNG under ``root/<class>/``, sorted, with its class index."""
    paths, labels = [], []
    for i, name in enumerate(CLASSES):
        files = sorted(p for p in (root / name).iterdir() if p.suffix.lower() in data.IMAGE_SUFFIXES)
        if not files:
            raise data.DataUnavailableError(f"{root / name} holds no images: is the download complete?")
        paths += files
        labels += [i] * len(files)
    return ImageSet(source, root, paths, np.array(labels))


def _kaggle_allowed() -> bool:
    return "google.colab" in sys.modules or os.environ.get(KAGGLE_VARIABLE) == "1"


def unpack_subset() -> Path:
    """The mirror's subset zip, checked (SHA-256, 300 decodable images a class) and unpacked once."""
    target = data.keras_home() / "datasets" / "all-leukemia-subset"
    if (target / ".verified").exists():
        return target
    mirror = data.mirror_dir()
    archive = mirror / SUBSET_ZIP if mirror is not None else None
    if archive is None or not archive.is_file():
        raise data.DataUnavailableError(
            f"{SUBSET_ZIP} is not in the course mirror (${data.MIRROR_VARIABLE} = {mirror or 'not set'})"
        )
    if not data.hash_matches(archive, f"sha256:{SUBSET_SHA256}"):
        raise data.ChecksumError(
            f"{archive} is not the course's subset (its sha256 differs from {SUBSET_SHA256}): "
            f"replace it with a good copy"
        )
    data.safe_extract(archive, target)
    try:
        data.check_layout(target, SUBSET_LAYOUT)
    except data.ChecksumError:
        import shutil

        shutil.rmtree(target, ignore_errors=True)
        raise
    (target / ".verified").write_text("checked against " + SUBSET_SHA256)
    return target


def find(*, use_kaggle: bool | None = None, verbose: bool = True) -> ImageSet:
    """The best copy of the ALL images this machine can reach (see the module's docstring)."""
    tried = []
    manual = data.entry("all-leukemia")
    root = _original_folder(manual.location)
    if root is not None:
        return load(root, "the full Kaggle set (Aria et al. 2021), downloaded by hand")
    tried.append(f"no full set in <keras cache>/datasets/{manual.location.name}")

    if use_kaggle if use_kaggle is not None else _kaggle_allowed():
        try:
            import kagglehub

            root = _original_folder(Path(kagglehub.dataset_download(KAGGLE_HANDLE)))
            if root is not None:
                return load(root, "the full Kaggle set (Aria et al. 2021), through kagglehub")
            tried.append("kagglehub's download has no Original/<class> folders")
        except Exception as err:  # noqa: BLE001 - no kagglehub, no network, no access
            tried.append(f"kagglehub: {type(err).__name__}: {str(err)[:120]}")
    else:
        tried.append(f"kagglehub not tried (outside Colab; set {KAGGLE_VARIABLE}=1 to try it)")

    try:
        root = _original_folder(unpack_subset())
        if root is not None:
            return load(root, "the course mirror's 1,200-image subset of the Kaggle set (Aria et al. 2021)")
    except (data.DataUnavailableError, data.ChecksumError) as err:
        tried.append(f"subset: {str(err).splitlines()[0]}")
    raise data.DataUnavailableError(
        "The leukemia images (Aria et al. 2021) could not be found.\n- " + "\n- ".join(tried)
        + f"\n{manual.manual}\nIn Colab, kagglehub downloads them by itself."
    )
