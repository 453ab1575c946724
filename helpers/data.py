"""Datasets and weight files: one catalogue, fetched with checksums, cached where the libraries look.

The catalogue is ``helpers/catalogue.json``, shipped inside the package (``data/README.md`` shows it as a table; ``make data``
and ``make catalogue`` run the instructor's side, ``tools/data_admin.py``). Each file of an
entry is looked for, in order:

1. in its cache location (``$KERAS_HOME``, the torchvision root, ``$TORCH_HOME/hub/checkpoints``),
   checked against its checksum;
2. in the mirror folder named by ``$COURSE_DATA_MIRROR`` (an instructor fills it once with
   ``make data``; a classroom then runs offline), checked, then copied;
3. at its URL(s), downloaded by ``pooch`` with a timeout and retries with backoff, checked.

Nothing half-written ever enters the cache: copies and downloads go to a temporary file in the
same folder and are renamed into place only once verified. The standard library calls then find
the files where they expect them:

>>> from helpers import data
>>> data.fetch("fashion-mnist").name   # then keras.datasets.fashion_mnist.load_data()
'fashion-mnist'
>>> root = data.fetch("mnist")         # then torchvision.datasets.MNIST(root, download=True)
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable

from .images_check import KERAS_IMAGE_SUFFIXES as IMAGE_SUFFIXES

MIRROR_VARIABLE = "COURSE_DATA_MIRROR"
CATALOGUE_PATH = Path(__file__).resolve().parent / "catalogue.json"
TIMEOUT_SECONDS = 60
RETRIES = 3


class DataUnavailableError(RuntimeError):
    """A catalogue file is not cached, not in the mirror, and could not be downloaded."""


class ChecksumError(RuntimeError):
    """A file's content does not match its catalogue checksum (or expected layout)."""


class UnsafeArchiveError(RuntimeError):
    """An archive member would land outside the folder it is extracted into."""


# --------------------------------------------------------------------------------------------
# Where the libraries look


def keras_home() -> Path:
    """Keras's cache folder: ``$KERAS_HOME``, else ``~/.keras`` (as Keras itself decides)."""
    if "KERAS_HOME" in os.environ:
        return Path(os.environ["KERAS_HOME"]).expanduser()
    return Path.home() / ".keras"


def torch_home() -> Path:
    """PyTorch's cache folder: ``$TORCH_HOME``, else ``$XDG_CACHE_HOME/torch`` or ``~/.cache/torch``."""
    if "TORCH_HOME" in os.environ:
        return Path(os.environ["TORCH_HOME"]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "torch"


def torchvision_root() -> Path:
    """The ``root`` the notebooks pass to torchvision datasets: ``<torch home>/datasets``."""
    return torch_home() / "datasets"


_PLACES = {
    "keras": keras_home,
    "torch": torch_home,
    "torchvision": torchvision_root,
}


def resolve(place: str) -> Path:
    """Turn a catalogue location such as ``"keras:datasets/fashion-mnist"`` into a path."""
    prefix, sep, rest = place.partition(":")
    if not sep or prefix not in _PLACES:
        raise ValueError(
            f"catalogue location {place!r} must start with one of "
            f"{', '.join(p + ':' for p in _PLACES)}"
        )
    return _PLACES[prefix]() / rest


# --------------------------------------------------------------------------------------------
# The catalogue


@dataclass(frozen=True)
class CatalogueFile:
    name: str
    dest: str
    urls: tuple[str, ...]
    hash: str | None
    size: int | None = None
    mirror: str | None = None

    @property
    def path(self) -> Path:
        return resolve(self.dest)


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    kind: str
    licence: str
    notebooks: tuple[str, ...]
    verify: str
    files: tuple[CatalogueFile, ...]
    returns: str
    extract_to: str | None = None
    layout: dict = field(default_factory=dict)
    manual: str | None = None

    @property
    def location(self) -> Path:
        return resolve(self.returns)


def catalogue(path: Path | str = CATALOGUE_PATH) -> dict[str, Entry]:
    """Read the catalogue: ``{name: Entry}``, in the order the file lists them."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    entries = {}
    for name, e in raw["entries"].items():
        files = tuple(
            CatalogueFile(
                name=f["name"], dest=f["dest"], urls=tuple(f.get("urls", ())),
                hash=f.get("hash"), size=f.get("size"), mirror=f.get("mirror"),
            )
            for f in e.get("files", ())
        )
        entries[name] = Entry(
            name=name, title=e["title"], kind=e["kind"], licence=e["licence"],
            notebooks=tuple(e.get("notebooks", ())), verify=e["verify"], files=files,
            returns=e["returns"], extract_to=e.get("extract_to"),
            layout=dict(e.get("layout", {})), manual=e.get("manual"),
        )
    return entries


def entry(name: str) -> Entry:
    """One catalogue entry by name; an unknown name gets the list of known ones."""
    entries = catalogue()
    if name not in entries:
        raise KeyError(f"{name!r} is not in the course catalogue; known: {', '.join(entries)}")
    return entries[name]


# --------------------------------------------------------------------------------------------
# Checksums and atomic copies


def file_hash(path: Path | str, algorithm: str = "sha256") -> str:
    """Hex digest of a file, read in chunks."""
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def hash_matches(path: Path | str, expected: str | None) -> bool:
    """True when ``path`` has the catalogue hash (None: any).

    ``"md5:<hex>"`` and ``"sha256:<hex>"`` are whole digests; ``"sha256prefix:<hex>"`` is the
    leading part that torch.hub puts in a weight file's name (``resnet18-f37072fd.pth``).
    """
    if expected is None:
        return True
    algorithm, _, digest = expected.partition(":")
    if not digest:
        algorithm, digest = "sha256", expected
    if algorithm == "sha256prefix":
        return file_hash(path, "sha256").startswith(digest.lower())
    return file_hash(path, algorithm) == digest.lower()


def copy_verified(source: Path, target: Path, expected: str | None) -> None:
    """Copy ``source`` to ``target`` through a temporary file, only if the checksum matches."""
    if not hash_matches(source, expected):
        raise ChecksumError(
            f"{source} does not match its catalogue checksum {expected}: the mirror copy is "
            f"corrupt or a different file. Replace it (or remove it to download instead)."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def mirror_dir() -> Path | None:
    """The mirror folder from ``$COURSE_DATA_MIRROR``, or None when unset."""
    value = os.environ.get(MIRROR_VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


def _download(f: CatalogueFile, timeout: float, retries: int) -> None:
    import pooch  # imported here: only downloads need it

    errors = []
    # pooch knows whole digests; a name-prefix hash is checked once the file is in place.
    pooch_hash = None if (f.hash or "").startswith("sha256prefix:") else f.hash
    for url in f.urls:
        try:
            pooch.create(
                path=f.path.parent, base_url="", registry={f.path.name: pooch_hash},
                urls={f.path.name: url}, retry_if_failed=retries,
            ).fetch(f.path.name, downloader=pooch.HTTPDownloader(timeout=timeout))
            return
        except ValueError as e:  # pooch's checksum mismatch after all retries
            errors.append(f"{url}: {e}")
        except Exception as e:  # network down, DNS, HTTP error, timeout
            errors.append(f"{url}: {type(e).__name__}: {e}")
    raise DataUnavailableError(_unavailable_message(f, errors))


def _unavailable_message(f: CatalogueFile, errors: Iterable[str]) -> str:
    mirror = mirror_dir()
    lines = [
        f"Could not get {f.name!r}.",
        "  Tried: " + ("; ".join(errors) if errors else "(no URL to download from)"),
        f"  URL(s): {', '.join(f.urls) or 'none: see the catalogue entry for how to get it'}",
        f"  Mirror: ${MIRROR_VARIABLE} is "
        + (f"{mirror} (no {f.mirror or f.name} there)" if mirror else "not set"),
        f"  By hand: download it and put it at {f.path}"
        + (f" or at <mirror>/{f.mirror}" if f.mirror else "")
        + (f" (checksum {f.hash})" if f.hash else ""),
    ]
    return "\n".join(lines)


def fetch_file(f: CatalogueFile, *, timeout: float = TIMEOUT_SECONDS, retries: int = RETRIES) -> Path:
    """Make one catalogue file present and verified at its cache path; return that path."""
    target = f.path
    if target.exists():
        if hash_matches(target, f.hash):
            return target
        print(f"{target} does not match its checksum {f.hash}: fetching a fresh copy.")
    mirror = mirror_dir()
    if mirror is not None and f.mirror and (mirror / f.mirror).is_file():
        copy_verified(mirror / f.mirror, target, f.hash)
        return target
    if not f.urls:
        raise DataUnavailableError(_unavailable_message(f, []))
    _download(f, timeout, retries)
    if not hash_matches(target, f.hash):
        bad = target.with_name(target.name + ".corrupt")
        os.replace(target, bad)
        raise ChecksumError(f"the download of {f.name} does not match {f.hash}; kept it as {bad}")
    return target


# --------------------------------------------------------------------------------------------
# Archives


def _member_problem(name: str, target: Path) -> str | None:
    p = PurePosixPath(name.replace("\\", "/"))
    if p.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    if ".." in p.parts:
        return "climbs out with '..'"
    if not (target / p).resolve().is_relative_to(target.resolve()):
        return "resolves outside the target"
    return None


def _link_problem(name: str, link: str, target: Path) -> str | None:
    if PurePosixPath(link).is_absolute():
        return f"is a link to the absolute path {link!r}"
    where = (target / PurePosixPath(name).parent / link).resolve()
    if not where.is_relative_to(target.resolve()):
        return f"is a link to {link!r}, outside the target"
    return None


def safe_extract(archive: Path | str, target: Path | str) -> Path:
    """Extract a zip or tar archive into ``target``, refusing members that would escape it.

    Every member is checked before anything is written: an absolute path, a ``..`` component
    or a link pointing outside raises :class:`UnsafeArchiveError` and nothing is extracted.
    Extraction goes to a temporary sibling folder that is renamed to ``target`` at the end,
    so an interrupted extraction never leaves a half-filled ``target``.

    >>> safe_extract("cats_and_dogs_filtered.zip", "cats_and_dogs_filtered_extracted")  # doctest: +SKIP
    """
    archive, target = Path(archive), Path(target)
    if not archive.is_file():
        raise FileNotFoundError(f"no archive at {archive}")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part"))
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as z:
                for info in z.infolist():
                    problem = _member_problem(info.filename, staging)
                    if problem is None and stat.S_ISLNK(info.external_attr >> 16):
                        problem = _link_problem(info.filename, z.read(info).decode(), staging)
                    if problem:
                        raise UnsafeArchiveError(
                            f"{archive}: member {info.filename!r} {problem}; nothing extracted.")
                z.extractall(staging)
        elif tarfile.is_tarfile(archive):
            with tarfile.open(archive) as t:
                members = t.getmembers()
                for m in members:
                    problem = _member_problem(m.name, staging)
                    if problem is None and (m.issym() or m.islnk()):
                        link = m.linkname if m.issym() else os.path.relpath(
                            m.linkname, PurePosixPath(m.name).parent.as_posix() or ".")
                        problem = _link_problem(m.name, link, staging)
                    if problem is None and not (m.isfile() or m.isdir() or m.issym() or m.islnk()):
                        problem = "is a device or special file"
                    if problem:
                        raise UnsafeArchiveError(
                            f"{archive}: member {m.name!r} {problem}; nothing extracted.")
                t.extractall(staging, members=members)
        else:
            raise ChecksumError(f"{archive} is neither a zip nor a tar archive (corrupt download?)")
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


# --------------------------------------------------------------------------------------------
# Content checks, for data with no published checksum


def count_images(folder: Path) -> int:
    """Number of image files (by suffix) directly inside ``folder``."""
    return sum(1 for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def check_layout(root: Path, layout: dict[str, int], *, decode: bool = True) -> None:
    """Check that each ``root/<folder>`` holds the expected number of images that decode.

    Raises :class:`ChecksumError` naming the first folder whose count or images are wrong.
    """
    from PIL import Image

    for rel, expected in layout.items():
        folder = root / rel
        if not folder.is_dir():
            raise ChecksumError(f"expected a folder {folder} ({expected} images); it is missing")
        images = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if len(images) != expected:
            raise ChecksumError(f"{folder} holds {len(images)} images, expected {expected}")
        if decode:
            for p in images:
                try:
                    with Image.open(p) as im:
                        im.verify()
                except Exception as e:
                    raise ChecksumError(f"{p} is not a readable image ({e})") from e


# --------------------------------------------------------------------------------------------
# The one call the notebooks make


def fetch(name: str, *, timeout: float = TIMEOUT_SECONDS, retries: int = RETRIES) -> Path:
    """Make catalogue entry ``name`` available where its library looks, and return that place.

    >>> fetch("fashion-mnist")   # doctest: +SKIP
    PosixPath('/home/me/.keras/datasets/fashion-mnist')
    """
    e = entry(name)
    if e.manual and not e.files:
        raise DataUnavailableError(f"{e.title} cannot be downloaded automatically.\n{e.manual}")
    for f in e.files:
        fetch_file(f, timeout=timeout, retries=retries)
    if e.extract_to:
        target = resolve(e.extract_to)
        marker = target / ".verified"
        if not marker.exists():
            archive = e.files[0].path
            safe_extract(archive, target)
            try:
                check_layout(target, e.layout)
            except ChecksumError as err:
                shutil.rmtree(target, ignore_errors=True)
                bad = archive.with_name(archive.name + ".corrupt")
                os.replace(archive, bad)
                raise ChecksumError(
                    f"{archive} does not hold {e.title} as expected: {err}. It was moved to {bad}; "
                    f"the next fetch({name!r}) gets a fresh copy."
                ) from err
            marker.write_text(json.dumps(e.layout, indent=1))
    return e.location
