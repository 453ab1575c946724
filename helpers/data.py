"""Datasets and weight files: one catalogue, fetched with checksums, cached where the libraries look.

The catalogue is ``helpers/catalogue.json``, shipped inside the package (``data/README.md`` shows it as a table; ``make data``
and ``make catalogue`` run the instructor's side, ``tools/data_admin.py``). Each file of an
entry is looked for, in order:

1. in its cache location (``$KERAS_HOME``, the torchvision root, ``$TORCH_HOME/hub/checkpoints``),
   checked against its checksum;
2. in the mirror folder named by ``$COURSE_DATA_MIRROR`` (an instructor fills it once with
   ``make data``; a classroom then runs offline), checked, then copied;
3. at its URL(s), downloaded by ``pooch`` with a timeout, an overall deadline and retries with
   backoff, checked.

Nothing half-written ever enters the cache: copies and downloads go to a temporary file in the
same folder and are renamed into place only once verified; a copy that fails its check is set
aside (``<name>.corrupt``) and fetched again. Archives are extracted by Python's vetted filters,
within limits on their size. One fetch of an entry runs at a time (a file lock), so two
notebooks asking for the same dataset at once wait for each other instead of colliding. The standard library calls then find
the files where they expect them:

>>> from helpers import data
>>> data.fetch("fashion-mnist").name   # then keras.datasets.fashion_mnist.load_data()
'fashion-mnist'
>>> root = data.fetch("mnist")         # then torchvision.datasets.MNIST(root, download=True)
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
import stat
import tarfile
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable

from .images_check import KERAS_IMAGE_SUFFIXES as IMAGE_SUFFIXES

MIRROR_VARIABLE = "COURSE_DATA_MIRROR"
CATALOGUE_PATH = Path(__file__).resolve().parent / "catalogue.json"
TIMEOUT_SECONDS = 60        # the longest silence a download may keep (each read)
DEADLINE_SECONDS = 3600     # the longest one file's download may take, retries included
RETRIES = 3
MAX_MEMBERS = 100_000       # an archive with more members than this is refused
MAX_EXPANSION = 100         # ... and one that would unpack to more than this many times its size
MAX_UNPACKED_BYTES = 16e9   # ... or to more than this in all
FILE_MODE, FOLDER_MODE = 0o644, 0o755  # what the cache and a mirror hold: readable by everyone


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


def images_fingerprint(path: Path | str) -> str:
    """The course's own fingerprint of a zip archive of images, for data with no published checksum.

    sha256 over every image member's name and the sha256 of its bytes, in name order: two zips
    holding the same images agree however they were packed (compression, dates, other files),
    and any changed, missing or extra image changes it. A damaged archive raises
    :class:`ChecksumError`; one beyond the size limits raises :class:`UnsafeArchiveError`.
    """
    path = Path(path)
    h = hashlib.sha256()
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            check_expansion(path, len(infos), sum(i.file_size for i in infos))
            images = sorted((i for i in infos if not i.is_dir() and i.filename.lower().endswith(IMAGE_SUFFIXES)),
                            key=lambda i: i.filename)
            for info in images:
                member = hashlib.sha256()
                with z.open(info) as m:
                    for chunk in iter(lambda: m.read(1 << 20), b""):
                        member.update(chunk)
                h.update(f"{info.filename}\0{member.hexdigest()}\n".encode())
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise ChecksumError(f"{path} is not a readable zip archive ({type(e).__name__}: {e})") from None
    return h.hexdigest()


def hash_matches(path: Path | str, expected: str | None) -> bool:
    """True when ``path`` has the catalogue hash (None: any).

    ``"md5:<hex>"`` and ``"sha256:<hex>"`` are whole digests; ``"sha256prefix:<hex>"`` is the
    leading part that torch.hub puts in a weight file's name (``resnet18-f37072fd.pth``);
    ``"images-sha256:<hex>"`` is :func:`images_fingerprint` (a damaged archive does not match).
    """
    if expected is None:
        return True
    algorithm, _, digest = expected.partition(":")
    if not digest:
        algorithm, digest = "sha256", expected
    if algorithm == "sha256prefix":
        return file_hash(path, "sha256").startswith(digest.lower())
    if algorithm == "images-sha256":
        try:
            return images_fingerprint(path) == digest.lower()
        except (ChecksumError, UnsafeArchiveError):
            return False
    return file_hash(path, algorithm) == digest.lower()


def _temporary_sibling(target: Path) -> Path:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    return Path(tmp)


def _remove_stale_parts(target: Path) -> None:
    """Remove what a killed copy or extraction left beside ``target`` (``.<name>.*.part``).

    Called only while the entry's lock is held, so no live copy or extraction owns them.
    """
    for part in target.parent.glob(f".{target.name}.*.part"):
        if part.is_dir() and not part.is_symlink():
            shutil.rmtree(part, ignore_errors=True)
        else:
            part.unlink(missing_ok=True)


def copy_verified(source: Path, target: Path, expected: str | None) -> None:
    """Copy ``source`` to ``target`` through a temporary file, only if the checksum matches.

    The copy is readable by every account (a classroom copies mirrors to shared machines).
    """
    if not hash_matches(source, expected):
        raise ChecksumError(
            f"{source} does not match its catalogue checksum {expected}: the mirror copy is "
            f"corrupt or a different file. Replace it (or remove it to download instead)."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_sibling(target)
    try:
        shutil.copyfile(source, tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def set_aside(path: Path) -> Path:
    """Rename a bad copy to ``<name>.corrupt`` (replacing an older one) and return that path."""
    bad = path.with_name(path.name + ".corrupt")
    os.replace(path, bad)
    return bad


def mirror_dir() -> Path | None:
    """The mirror folder from ``$COURSE_DATA_MIRROR``, or None when unset."""
    value = os.environ.get(MIRROR_VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


class _DeadlineDownloader:
    """A pooch downloader that gives up when a read stays silent ``timeout`` seconds or when
    the whole download (every try) passes ``deadline`` (a ``time.monotonic()`` value): a server
    that trickles a byte at a time never trips a read timeout, but it meets the deadline."""

    def __init__(self, timeout: float, deadline: float, seconds: float):
        self.timeout, self.deadline, self.seconds = timeout, deadline, seconds

    def _check(self, url: str) -> None:
        import requests

        if time.monotonic() > self.deadline:
            raise requests.exceptions.Timeout(
                f"the download did not finish within its deadline of {self.seconds:g} s "
                f"(the server is too slow or stalled): {url}")

    def __call__(self, url: str, output_file, pooch_obj=None, check_only: bool = False) -> None:
        import requests

        self._check(url)
        with requests.get(url, stream=True, timeout=self.timeout) as response:
            response.raise_for_status()
            with open(output_file, "wb") as out:
                while True:
                    self._check(url)
                    chunk = response.raw.read1(1 << 16, decode_content=True)
                    if not chunk:
                        break
                    out.write(chunk)


def _download(f: CatalogueFile, timeout: float, retries: int, deadline: float) -> None:
    import pooch  # imported here: only downloads need it

    errors = []
    # pooch knows whole digests; a name-prefix hash or a fingerprint is checked once the file is in place.
    pooch_hash = f.hash if (f.hash or "").partition(":")[0] in ("md5", "sha1", "sha256") else None
    downloader = _DeadlineDownloader(timeout, time.monotonic() + deadline, deadline)
    for url in f.urls:
        try:
            pooch.create(
                path=f.path.parent, base_url="", registry={f.path.name: pooch_hash},
                urls={f.path.name: url}, retry_if_failed=retries,
            ).fetch(f.path.name, downloader=downloader)
            os.chmod(f.path, FILE_MODE)
            return
        except ValueError as e:  # pooch's checksum mismatch after all retries
            errors.append(f"{url}: {e}")
        except Exception as e:  # network down, DNS, HTTP error, timeout, deadline
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


def fetch_file(f: CatalogueFile, *, timeout: float = TIMEOUT_SECONDS, retries: int = RETRIES,
               deadline: float | None = None) -> Path:
    """Make one catalogue file present and verified at its cache path; return that path.

    A cached copy that fails its check is set aside as ``<name>.corrupt`` and fetched again.
    ``deadline`` (default :data:`DEADLINE_SECONDS`) bounds a download, all tries included.
    """
    target = f.path
    if target.exists():
        if hash_matches(target, f.hash):
            return target
        bad = set_aside(target)
        print(f"{target} does not match its checksum {f.hash}: set aside as {bad.name}; "
              f"fetching a fresh copy.")
    mirror = mirror_dir()
    if mirror is not None and f.mirror and (mirror / f.mirror).is_file():
        copy_verified(mirror / f.mirror, target, f.hash)
        return target
    if not f.urls:
        raise DataUnavailableError(_unavailable_message(f, []))
    _download(f, timeout, retries, DEADLINE_SECONDS if deadline is None else deadline)
    if not hash_matches(target, f.hash):
        bad = set_aside(target)
        raise ChecksumError(f"the download of {f.name} does not match {f.hash}; kept it as {bad}")
    return target


# --------------------------------------------------------------------------------------------
# Archives


def check_expansion(archive: Path, members: int, unpacked: int, *, max_members: int | None = None,
                    max_bytes: float | None = None) -> None:
    """Refuse an archive with too many members, or one that would unpack to too much: more
    than :data:`MAX_EXPANSION` times its own size, or more than :data:`MAX_UNPACKED_BYTES`
    (``max_bytes`` sets the limit instead). Nothing has been written when this raises."""
    if max_members is None:
        max_members = MAX_MEMBERS
    if max_bytes is None:
        max_bytes = min(MAX_UNPACKED_BYTES, max(MAX_EXPANSION * archive.stat().st_size, 1e6))
    if members > max_members:
        raise UnsafeArchiveError(f"{archive} has {members:,} members, more than the limit of "
                                 f"{max_members:,}; nothing extracted.")
    if unpacked > max_bytes:
        raise UnsafeArchiveError(
            f"{archive} ({archive.stat().st_size:,} bytes) would unpack to {unpacked:,} bytes, more "
            f"than the limit of {int(max_bytes):,} (an archive bomb, or not the expected file); "
            f"nothing extracted.")


def _member_problem(name: str, target: Path) -> str | None:
    p = PurePosixPath(name.replace("\\", "/"))
    if p.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    if ".." in p.parts:
        return "climbs out with '..'"
    return None


def _extract_zip(archive: Path, staging: Path, max_members: int | None, max_bytes: float | None) -> None:
    with zipfile.ZipFile(archive) as z:
        infos = z.infolist()
        check_expansion(archive, len(infos), sum(i.file_size for i in infos),
                        max_members=max_members, max_bytes=max_bytes)
        for info in infos:
            problem = _member_problem(info.filename, staging)
            if problem is None and stat.S_ISLNK(info.external_attr >> 16):
                problem = "is a symbolic link (the course's zips hold none)"
            if problem:
                raise UnsafeArchiveError(f"{archive}: member {info.filename!r} {problem}; nothing extracted.")
        z.extractall(staging)


def _extract_tar(archive: Path, staging: Path, max_members: int | None, max_bytes: float | None) -> None:
    if not hasattr(tarfile, "data_filter"):
        raise UnsafeArchiveError(
            f"{archive} is a tar archive, and this Python ({platform.python_version()}) lacks tarfile's "
            f"extraction filters: use Python 3.10.12, 3.11.4, 3.12 or newer.")
    with tarfile.open(archive) as t:
        members = t.getmembers()
        check_expansion(archive, len(members), sum(m.size for m in members if m.isfile()),
                        max_members=max_members, max_bytes=max_bytes)
        for m in members:  # the filter would quietly strip a leading "/": refuse such an archive
            problem = _member_problem(m.name, staging)
            if problem:
                raise UnsafeArchiveError(f"{archive}: member {m.name!r} {problem}; nothing extracted.")
        try:
            # The "data" filter (PEP 706) refuses absolute names, '..', links that lead out
            # (however they are chained), device files, and strips dangerous modes.
            t.extractall(staging, members=members, filter="data")
        except tarfile.FilterError as e:
            raise UnsafeArchiveError(f"{archive}: {e}; nothing extracted.") from None


def safe_extract(archive: Path | str, target: Path | str, *, max_members: int | None = None,
                 max_bytes: float | None = None) -> Path:
    """Extract a zip or tar archive into ``target``, refusing members that would escape it.

    Tar archives go through Python's ``"data"`` extraction filter; zip members with an absolute
    path, a ``..`` component or a link are refused before anything is written, as is an archive
    beyond :func:`check_expansion`'s limits. Extraction goes to a hidden sibling folder renamed
    to ``target`` at the end, so an interrupted extraction never leaves a half-filled ``target``;
    what a killed extraction left there is removed the next time. A damaged archive raises
    :class:`ChecksumError`. The caller makes sure no other process extracts to ``target`` at the
    same time (:func:`fetch` holds a lock).

    >>> safe_extract("cats_and_dogs_filtered.zip", "cats_and_dogs_filtered_extracted")  # doctest: +SKIP
    """
    archive, target = Path(archive), Path(target)
    if not archive.is_file():
        raise FileNotFoundError(f"no archive at {archive}")
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_parts(target)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part"))
    try:
        try:
            if zipfile.is_zipfile(archive):
                _extract_zip(archive, staging, max_members, max_bytes)
            elif tarfile.is_tarfile(archive):
                _extract_tar(archive, staging, max_members, max_bytes)
            else:
                raise ChecksumError(f"{archive} is neither a zip nor a tar archive (corrupt download?)")
        except (zipfile.BadZipFile, tarfile.ReadError, zlib.error, EOFError) as e:
            raise ChecksumError(f"{archive} is a damaged archive ({type(e).__name__}: {e}); nothing "
                                f"extracted. Remove it and fetch it again.") from None
        os.chmod(staging, FOLDER_MODE)
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


@contextlib.contextmanager
def _entry_lock(e: Entry):
    """Hold the entry's file lock (beside its first file) while it is fetched and extracted.

    Two kernels fetching one dataset at once would otherwise overwrite each other's files
    and extraction; the second waits (saying so) and then finds everything in place.
    """
    from filelock import FileLock, Timeout

    folder = e.files[0].path.parent
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / f".{e.name}.lock"), mode=FILE_MODE)
    try:
        lock.acquire(timeout=1)
    except Timeout:
        print(f"another process is fetching {e.name}; waiting for it to finish "
              f"(lock file {lock.lock_file})", flush=True)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def fetch(name: str, *, timeout: float = TIMEOUT_SECONDS, retries: int = RETRIES,
          deadline: float | None = None) -> Path:
    """Make catalogue entry ``name`` available where its library looks, and return that place.

    >>> fetch("fashion-mnist")   # doctest: +SKIP
    PosixPath('/home/me/.keras/datasets/fashion-mnist')
    """
    e = entry(name)
    if e.manual and not e.files:
        raise DataUnavailableError(f"{e.title} cannot be downloaded automatically.\n{e.manual}")
    with _entry_lock(e):
        for f in e.files:
            fetch_file(f, timeout=timeout, retries=retries, deadline=deadline)
        if e.extract_to:
            target = resolve(e.extract_to)
            marker = target / ".verified"
            if not marker.exists():
                archive = e.files[0].path
                try:
                    safe_extract(archive, target)
                    check_layout(target, e.layout)
                except (ChecksumError, UnsafeArchiveError) as err:
                    shutil.rmtree(target, ignore_errors=True)
                    bad = set_aside(archive)
                    raise type(err)(
                        f"{archive} does not hold {e.title} as expected: {err} It was moved to "
                        f"{bad}; the next fetch({name!r}) gets a fresh copy."
                    ) from err
                marker.write_text(json.dumps(e.layout, indent=1))
    return e.location
