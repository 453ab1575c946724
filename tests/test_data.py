"""The data layer on the real datasets: mirror, cache, downloads over loopback, archives."""
from __future__ import annotations

import hashlib
import http.server
import io
import os
import socket
import stat
import tarfile
import threading
import time
import zipfile
from pathlib import Path

import pytest

from helpers import data
from tools import data_admin

MNIST_LABELS = "t10k-labels-idx1-ubyte.gz"  # the smallest real file in the catalogue (4.5 kB)


def mnist_labels_file() -> data.CatalogueFile:
    (f,) = [f for f in data.entry("mnist").files if f.name == MNIST_LABELS]
    return f


# ---------------------------------------------------------------------------------------------
# A loopback HTTP server whose behaviour each test scripts


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        server = self.server
        server.requests += 1
        if server.failures_left > 0:
            server.failures_left -= 1
            self.send_response(503)
            self.end_headers()
            return
        if server.delay:
            time.sleep(server.delay)
        body = server.body
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if server.trickle:  # one byte at a time, each after a short pause
                for i in range(len(body)):
                    time.sleep(server.trickle)
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.body, httpd.failures_left, httpd.delay, httpd.requests = b"", 0, 0.0, 0
    httpd.trickle = 0.0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/{MNIST_LABELS}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/{MNIST_LABELS}"


def served(f: data.CatalogueFile, url: str, **changes) -> data.CatalogueFile:
    fields = dict(name=f.name, dest=f.dest, urls=(url,), hash=f.hash, size=f.size, mirror=f.mirror)
    fields.update(changes)
    return data.CatalogueFile(**fields)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---------------------------------------------------------------------------------------------
# The catalogue


def test_catalogue_entries_are_complete():
    entries = data.catalogue()
    assert {"fashion-mnist", "mnist", "cats_and_dogs_filtered"} <= set(entries)
    for e in entries.values():
        assert e.title and e.licence and e.verify and e.notebooks, e.name
        data.resolve(e.returns)
        assert e.files or e.manual, f"{e.name}: no files and no manual instructions"
        for f in e.files:
            data.resolve(f.dest)
            assert f.urls, f"{e.name}/{f.name} has no URL"
            assert f.hash or e.layout, f"{e.name}/{f.name}: neither a checksum nor a content check"


def test_catalogue_mirror_paths_match_the_real_mirror(real_mirror):
    for name in ("fashion-mnist", "mnist", "cats_and_dogs_filtered"):
        for f in data.entry(name).files:
            assert (real_mirror / f.mirror).is_file(), f"{f.mirror} missing from the mirror"


def test_mirror_copies_have_the_published_checksums(real_mirror):
    for name in ("fashion-mnist", "mnist"):
        for f in data.entry(name).files:
            assert data.hash_matches(real_mirror / f.mirror, f.hash), f.mirror
            assert (real_mirror / f.mirror).stat().st_size == f.size


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="not in the course catalogue.*mnist"):
        data.fetch("imagenet")


def test_unknown_place_is_refused():
    with pytest.raises(ValueError, match="must start with one of"):
        data.resolve("home:datasets/x")


def test_readme_table_is_up_to_date():
    text = data_admin.README_PATH.read_text(encoding="utf-8")
    assert data_admin.readme_table() in text, "data/README.md is stale: run `make catalogue`"


# ---------------------------------------------------------------------------------------------
# Mirror and cache, with the real files


def test_fashion_mnist_from_the_mirror_loads_with_keras(caches, real_mirror, monkeypatch):
    keras_home, _ = caches
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    folder = data.fetch("fashion-mnist")
    assert folder == keras_home / "datasets" / "fashion-mnist"
    import subprocess
    import sys
    # Keras reads KERAS_HOME when it is imported: load in a fresh interpreter, offline.
    code = ("import keras; (x, y), (xt, yt) = keras.datasets.fashion_mnist.load_data(); "
            "print(x.shape, xt.shape, sorted(set(y.tolist())) == list(range(10)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "KERAS_HOME": str(keras_home)}, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "(60000, 28, 28) (10000, 28, 28) True"


def test_mnist_from_the_mirror_loads_with_torchvision(caches, real_mirror, monkeypatch):
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    root = data.fetch("mnist")
    assert root == data.torchvision_root()
    import torchvision

    test_set = torchvision.datasets.MNIST(root, train=False, download=True)
    assert len(test_set) == 10000
    image, label = test_set[0]
    assert image.size == (28, 28) and 0 <= label <= 9


def test_a_cached_file_is_used_without_the_mirror(caches, real_mirror, monkeypatch):
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    f = mnist_labels_file()
    path = data.fetch_file(f)
    before = path.stat().st_mtime_ns
    monkeypatch.setenv(data.MIRROR_VARIABLE, "/nonexistent-mirror")
    assert data.fetch_file(served(f, closed_port_url()), retries=0) == path
    assert path.stat().st_mtime_ns == before


def test_a_corrupt_cached_file_is_replaced_from_the_mirror(caches, real_mirror, monkeypatch, capsys):
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    f = mnist_labels_file()
    f.path.parent.mkdir(parents=True)
    f.path.write_bytes(b"half a download")
    data.fetch_file(f)
    assert data.hash_matches(f.path, f.hash)
    assert "does not match its checksum" in capsys.readouterr().out


def test_a_corrupt_mirror_copy_is_refused_and_nothing_is_cached(caches, real_mirror, tmp_path, monkeypatch):
    f = mnist_labels_file()
    bad_mirror = tmp_path / "mirror"
    (bad_mirror / "mnist").mkdir(parents=True)
    content = (real_mirror / f.mirror).read_bytes()
    (bad_mirror / f.mirror).write_bytes(content[: len(content) // 2])
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(bad_mirror))
    with pytest.raises(data.ChecksumError, match=r"t10k-labels-idx1-ubyte\.gz.*corrupt"):
        data.fetch_file(f)
    assert not f.path.exists()
    assert leftovers(f.path.parent) == []


def test_fill_mirror_copies_verified_files(caches, real_mirror, tmp_path, monkeypatch):
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    written = data_admin.fill_mirror(tmp_path / "new-mirror", ["mnist"])
    assert len(written) == 4
    for f in data.entry("mnist").files:
        assert data.hash_matches(tmp_path / "new-mirror" / f.mirror, f.hash)


# ---------------------------------------------------------------------------------------------
# Downloads (over loopback)


def test_download_verifies_and_lands_in_the_cache(caches, real_mirror, server):
    f = mnist_labels_file()
    server.body = (real_mirror / f.mirror).read_bytes()
    path = data.fetch_file(served(f, server.url), retries=0)
    assert path == f.path and data.hash_matches(path, f.hash)
    assert leftovers(path.parent) == [f.name]


def test_download_retries_with_backoff_after_server_errors(caches, real_mirror, server):
    f = mnist_labels_file()
    server.body = (real_mirror / f.mirror).read_bytes()
    server.failures_left = 2
    start = time.monotonic()
    data.fetch_file(served(f, server.url), retries=2)
    assert server.requests == 3
    assert time.monotonic() - start >= 2.5  # waited 1 s, then 2 s, between tries
    assert data.hash_matches(f.path, f.hash)


def test_a_download_with_the_wrong_content_never_enters_the_cache(caches, server):
    f = mnist_labels_file()
    server.body = b"<html>a captive portal page</html>"
    with pytest.raises(data.DataUnavailableError, match=f.name):
        data.fetch_file(served(f, server.url), retries=1)
    assert server.requests == 2
    assert not f.path.exists()
    assert leftovers(f.path.parent) == []


def test_a_stalled_download_times_out(caches, server):
    f = mnist_labels_file()
    server.body, server.delay = b"x", 5
    start = time.monotonic()
    with pytest.raises(data.DataUnavailableError, match="(?i)timeout|timed out"):
        data.fetch_file(served(f, server.url), timeout=0.5, retries=0)
    assert time.monotonic() - start < 4
    assert not f.path.exists()


def test_offline_without_mirror_the_error_says_what_to_do(caches):
    f = served(mnist_labels_file(), closed_port_url())
    with pytest.raises(data.DataUnavailableError) as info:
        data.fetch_file(f, retries=0)
    message = str(info.value)
    assert f.name in message
    assert f.urls[0] in message
    assert "COURSE_DATA_MIRROR" in message and "not set" in message
    assert str(f.path) in message and f.hash in message


def test_offline_with_a_mirror_lacking_the_file_says_so(caches, tmp_path, monkeypatch):
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(tmp_path / "empty-mirror"))
    f = served(mnist_labels_file(), closed_port_url())
    with pytest.raises(data.DataUnavailableError, match=r"empty-mirror \(no mnist/t10k-labels"):
        data.fetch_file(f, retries=0)


def test_a_file_without_a_published_checksum_downloads(caches, server):
    f = data.CatalogueFile(name="notes.txt", dest="keras:datasets/notes.txt", urls=(server.url,), hash=None)
    server.body = b"no checksum published"
    assert data.fetch_file(f, retries=0).read_bytes() == b"no checksum published"


def test_a_name_prefix_hash_is_checked_after_download(caches, server):
    server.body = b"pretend weights"
    good = hashlib.sha256(server.body).hexdigest()[:8]
    f = data.CatalogueFile(name="w.pth", dest="torch:hub/checkpoints/w.pth", urls=(server.url,),
                           hash=f"sha256prefix:{good}")
    assert data.fetch_file(f, retries=0).exists()
    bad = data.CatalogueFile(name="v.pth", dest="torch:hub/checkpoints/v.pth", urls=(server.url,),
                             hash="sha256prefix:00000000")
    with pytest.raises(data.ChecksumError, match="does not match"):
        data.fetch_file(bad, retries=0)
    assert not bad.path.exists()


# ---------------------------------------------------------------------------------------------
# Archives


def _zip(path: Path, members: dict[str, bytes], links: dict[str, str] = {}) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, content in members.items():
            z.writestr(name, content)
        for name, target in links.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, target)
    return path


def _tar(path: Path, members: dict[str, bytes], symlinks: dict[str, str] = {}, hardlinks: dict[str, str] = {}) -> Path:
    with tarfile.open(path, "w") as t:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            t.addfile(info, io.BytesIO(content))
        for name, target in symlinks.items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            t.addfile(info)
        for name, target in hardlinks.items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.LNKTYPE, target
            t.addfile(info)
    return path


def test_a_safe_archive_extracts_atomically(tmp_path):
    archive = _zip(tmp_path / "ok.zip", {"a/b.txt": b"hello", "c.txt": b"world"})
    target = tmp_path / "out"
    target.mkdir()
    (target / "stale.txt").write_text("from an older extraction")
    data.safe_extract(archive, target)
    assert (target / "a" / "b.txt").read_bytes() == b"hello"
    assert not (target / "stale.txt").exists()
    assert leftovers(tmp_path) == ["ok.zip", "out"]


UNSAFE = {
    "dot-dot zip": lambda d: _zip(d / "x.zip", {"good.txt": b"1", "../evil.txt": b"2"}),
    "absolute zip": lambda d: _zip(d / "x.zip", {"good.txt": b"1", "/tmp/evil.txt": b"2"}),
    "zip link outside": lambda d: _zip(d / "x.zip", {"good.txt": b"1"}, links={"link": "../../etc"}),
    "dot-dot tar": lambda d: _tar(d / "x.tar", {"good.txt": b"1", "sub/../../evil.txt": b"2"}),
    "absolute tar": lambda d: _tar(d / "x.tar", {"good.txt": b"1", "/tmp/evil.txt": b"2"}),
    "tar symlink outside": lambda d: _tar(d / "x.tar", {"good.txt": b"1"}, symlinks={"etc": "/etc"}),
    "tar relative symlink outside": lambda d: _tar(d / "x.tar", {"good.txt": b"1"}, symlinks={"a/up": "../../.."}),
    "tar hardlink outside": lambda d: _tar(d / "x.tar", {"good.txt": b"1"}, hardlinks={"pw": "../../etc/passwd"}),
}


@pytest.mark.parametrize("kind", sorted(UNSAFE))
def test_an_unsafe_archive_writes_nothing(tmp_path, kind):
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    archive = UNSAFE[kind](work)
    target = work / "out"
    with pytest.raises(data.UnsafeArchiveError, match="nothing extracted"):
        data.safe_extract(archive, target)
    assert not target.exists()
    assert leftovers(work) == [archive.name]
    assert not (tmp_path / "deep" / "evil.txt").exists() and not (tmp_path / "evil.txt").exists()


def test_a_file_that_is_no_archive_is_refused(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"<html>not found</html>")
    with pytest.raises(data.ChecksumError, match="neither a zip nor a tar"):
        data.safe_extract(tmp_path / "x.zip", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_missing_archive_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no archive at"):
        data.safe_extract(tmp_path / "nope.zip", tmp_path / "out")


# ---------------------------------------------------------------------------------------------
# Content checks: cats and dogs


def test_cats_and_dogs_from_the_mirror_is_verified_and_found_by_keras(caches, real_mirror, monkeypatch):
    keras_home, _ = caches
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    base = data.fetch("cats_and_dogs_filtered")
    assert base == keras_home / "datasets" / "cats_and_dogs_filtered_extracted" / "cats_and_dogs_filtered"
    counts = {f"{split}/{kind}": data.count_images(base / split / kind)
              for split in ("train", "validation") for kind in ("cats", "dogs")}
    assert counts == {"train/cats": 1000, "train/dogs": 1000, "validation/cats": 500, "validation/dogs": 500}
    # A second fetch trusts the verified extraction and is fast.
    start = time.monotonic()
    assert data.fetch("cats_and_dogs_filtered") == base
    assert time.monotonic() - start < 2
    # Keras's own call finds the cached zip (no download) and returns the same folder.
    import subprocess
    import sys
    url = data.entry("cats_and_dogs_filtered").files[0].urls[0]
    code = (f"import keras; print(keras.utils.get_file('cats_and_dogs_filtered.zip', origin={url!r}, "
            "extract=True))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "KERAS_HOME": str(keras_home)})
    assert out.returncode == 0, out.stderr[-2000:]
    assert Path(out.stdout.strip().splitlines()[-1]) == base.parent


def test_cats_and_dogs_with_wrong_content_is_refused_and_a_cached_one_set_aside(caches, real_mirror, tmp_path,
                                                                              monkeypatch, capsys):
    keras_home, _ = caches
    with zipfile.ZipFile(real_mirror / "cats_and_dogs_filtered.zip") as z:
        few = [n for n in z.namelist() if n.endswith(".jpg")][:3]
        members = {n: z.read(n) for n in few}
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    _zip(mirror / "cats_and_dogs_filtered.zip", members)
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(mirror))
    with pytest.raises(data.ChecksumError, match="does not match its catalogue checksum images-sha256"):
        data.fetch("cats_and_dogs_filtered")
    datasets = keras_home / "datasets"
    assert [p for p in leftovers(datasets) if not p.endswith(".lock")] == []
    # the same three images already in the cache: set aside, and the real copy fetched
    _zip(datasets / "cats_and_dogs_filtered.zip", members)
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    base = data.fetch("cats_and_dogs_filtered")
    assert data.count_images(base / "train" / "dogs") == 1000
    assert "set aside as cats_and_dogs_filtered.zip.corrupt" in capsys.readouterr().out
    assert [p for p in leftovers(datasets) if not p.endswith(".lock")] == [
        "cats_and_dogs_filtered.zip", "cats_and_dogs_filtered.zip.corrupt", "cats_and_dogs_filtered_extracted"]


def test_check_layout_names_an_undecodable_image(tmp_path, real_mirror):
    folder = tmp_path / "cats"
    folder.mkdir()
    with zipfile.ZipFile(real_mirror / "cats_and_dogs_filtered.zip") as z:
        name = next(n for n in z.namelist() if n.endswith(".jpg"))
        (folder / "good.jpg").write_bytes(z.read(name))
    (folder / "bad.jpg").write_bytes(b"this is text")
    with pytest.raises(data.ChecksumError, match=r"bad\.jpg is not a readable image"):
        data.check_layout(tmp_path, {"cats": 2})


def test_a_manual_entry_explains_how_to_get_it():
    with pytest.raises(data.DataUnavailableError, match="kaggle datasets download"):
        data.fetch("all-leukemia")


# ---------------------------------------------------------------------------------------------
# Faults tried from outside, as a user's machine would meet them (each failed before its fix)

CATS = "cats_and_dogs_filtered"


def _ordered_tar(path: Path, members: list[tuple[str, str, object]]) -> Path:
    """A tar whose members come in the given order: ("file", name, bytes), ("sym"|"hard", name, target)."""
    with tarfile.open(path, "w") as t:
        for kind, name, payload in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = len(payload)
                t.addfile(info, io.BytesIO(payload))
            else:
                info.type = tarfile.SYMTYPE if kind == "sym" else tarfile.LNKTYPE
                info.linkname = payload
                t.addfile(info)
    return path


def test_a_tar_hard_link_to_an_absolute_path_is_refused(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("a file of the learner's, outside the dataset")
    work = tmp_path / "work"
    work.mkdir()
    archive = _ordered_tar(work / "x.tar", [("file", "good.txt", b"1"), ("hard", "pw", str(secret))])
    monkeypatch.chdir("/")  # a relative reading of the absolute name now looks harmless
    with pytest.raises(data.UnsafeArchiveError, match="nothing extracted"):
        data.safe_extract(archive, work / "out")
    assert not (work / "out").exists() and leftovers(work) == ["x.tar"]
    assert secret.stat().st_nlink == 1  # no link to it was made


def test_a_chain_of_harmless_looking_symlinks_cannot_write_outside(tmp_path):
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    # "a" -> "." and "a/b" -> ".." each stay inside alone; together "b" points above the target.
    archive = _ordered_tar(work / "x.tar", [("sym", "a", "."), ("sym", "a/b", ".."),
                                            ("file", "b/evil.txt", b"written outside")])
    with pytest.raises(data.UnsafeArchiveError, match="nothing extracted"):
        data.safe_extract(archive, work / "out")
    assert not (work / "evil.txt").exists() and not (work / "out").exists()
    assert leftovers(work) == ["x.tar"]


def test_the_catalogue_fingerprints_cats_and_dogs_and_gives_its_real_size(real_mirror):
    (f,) = data.entry(CATS).files
    copy = real_mirror / f.mirror
    assert f.hash and f.hash.startswith("images-sha256:")
    assert data.hash_matches(copy, f.hash)
    assert copy.stat().st_size == f.size


def test_a_cut_cached_zip_is_set_aside_and_fetched_again(caches, real_mirror, monkeypatch, capsys):
    keras_home, _ = caches
    (f,) = data.entry(CATS).files
    f.path.parent.mkdir(parents=True)
    f.path.write_bytes((real_mirror / f.mirror).read_bytes()[: 5 << 20])  # a download cut at 5 MB
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    base = data.fetch(CATS)
    assert data.count_images(base / "train" / "cats") == 1000
    assert "set aside" in capsys.readouterr().out
    assert (f.path.parent / (f.name + ".corrupt")).stat().st_size == 5 << 20


def _damaged_copy(real_mirror: Path, folder: Path) -> Path:
    """The real zip with 64 bytes in the middle of one image overwritten (size unchanged)."""
    content = bytearray((real_mirror / "cats_and_dogs_filtered.zip").read_bytes())
    middle = len(content) // 2
    content[middle:middle + 64] = bytes(64)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cats_and_dogs_filtered.zip").write_bytes(content)
    return folder


def test_a_damaged_mirror_zip_gets_a_clear_error_not_bad_zip_file(caches, real_mirror, tmp_path, monkeypatch):
    keras_home, _ = caches
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(_damaged_copy(real_mirror, tmp_path / "mirror")))
    with pytest.raises(data.ChecksumError, match=r"cats_and_dogs_filtered\.zip does not match .*corrupt"):
        data.fetch(CATS)
    assert not (keras_home / "datasets" / "cats_and_dogs_filtered.zip").exists()
    # the mirror mended, the same call works
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    assert data.count_images(data.fetch(CATS) / "validation" / "dogs") == 500


def test_a_damaged_zip_extracted_directly_is_a_checksum_error(real_mirror, tmp_path):
    bad = _damaged_copy(real_mirror, tmp_path / "in") / "cats_and_dogs_filtered.zip"
    with pytest.raises(data.ChecksumError, match="damaged archive"):
        data.safe_extract(bad, tmp_path / "out")
    assert not (tmp_path / "out").exists() and leftovers(tmp_path) == ["in"]


def test_a_hostile_copy_with_the_right_layout_is_refused(caches, real_mirror, tmp_path, monkeypatch):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    with zipfile.ZipFile(real_mirror / "cats_and_dogs_filtered.zip") as src, \
            zipfile.ZipFile(mirror / "cats_and_dogs_filtered.zip", "w") as dst:
        names = src.namelist()
        dog = next(n for n in names if "/dogs/" in n)
        for n in names:  # every name in place and every image decodes, but one cat is a dog
            dst.writestr(n, src.read(dog if n.endswith("cats/cat.0.jpg") else n))
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(mirror))
    with pytest.raises(data.ChecksumError, match="does not match its catalogue checksum images-sha256"):
        data.fetch(CATS)


_RACE = """
import json, os, sys, time
from pathlib import Path
from helpers import data
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.01)
try:
    base = data.fetch("cats_and_dogs_filtered")
    print(json.dumps({"base": str(base), "exists": base.is_dir(),
                      "cats": data.count_images(base / "train" / "cats") if base.is_dir() else 0}))
except Exception as e:
    print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
"""


def test_kernels_fetching_cats_and_dogs_at_once_do_not_break_each_other(caches, real_mirror, tmp_path):
    keras_home, torch_home = caches
    go = tmp_path / "go"
    env = {**os.environ, "KERAS_HOME": str(keras_home), "TORCH_HOME": str(torch_home),
           data.MIRROR_VARIABLE: str(real_mirror), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    import subprocess
    import sys
    procs = [subprocess.Popen([sys.executable, "-c", _RACE, str(go)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    time.sleep(1.5)  # every interpreter is up and waiting
    go.touch()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-2000:]
        results.append(__import__("json").loads(out.strip().splitlines()[-1]))
    assert all("error" not in r for r in results), results
    assert {r["base"] for r in results} == {str(data.resolve(data.entry(CATS).returns))}
    assert all(r["exists"] and r["cats"] == 1000 for r in results), results
    datasets = keras_home / "datasets"
    assert sorted(p for p in leftovers(datasets) if not p.endswith(".lock")) == \
        ["cats_and_dogs_filtered.zip", "cats_and_dogs_filtered_extracted"]


def test_a_mirror_and_the_cache_are_readable_by_other_accounts(caches, real_mirror, tmp_path, monkeypatch):
    old = os.umask(0o022)
    try:
        monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
        written = data_admin.fill_mirror(tmp_path / "new-mirror", ["mnist", CATS])
        base = data.fetch(CATS)
    finally:
        os.umask(old)
    cached = [f.path for name in ("mnist", CATS) for f in data.entry(name).files]
    for path in written + cached:
        assert stat.S_IMODE(path.stat().st_mode) & 0o044 == 0o044, f"{path} is {oct(path.stat().st_mode)}"
    for folder in (base.parent, base, base / "train" / "cats"):
        assert stat.S_IMODE(folder.stat().st_mode) & 0o055 == 0o055, f"{folder} is {oct(folder.stat().st_mode)}"


def test_a_zip_bomb_is_refused_before_anything_is_written(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z, z.open("zeros.bin", "w") as m:
        for _ in range(200):
            m.write(bytes(1 << 20))  # 200 MB of zeros: a few hundred kB zipped
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(data.UnsafeArchiveError, match=r"would unpack to 209,715,200 bytes.*nothing extracted"):
        data.safe_extract(bomb, tmp_path / "out")
    assert leftovers(tmp_path) == ["bomb.zip"]


def test_an_archive_with_too_many_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "MAX_MEMBERS", 50, raising=False)
    archive = _zip(tmp_path / "many.zip", {f"f{i}.txt": b"" for i in range(51)})
    with pytest.raises(data.UnsafeArchiveError, match="51 members, more than the limit of 50"):
        data.safe_extract(archive, tmp_path / "out")
    assert leftovers(tmp_path) == ["many.zip"]


def test_a_trickling_download_meets_an_overall_deadline(caches, server, monkeypatch):
    monkeypatch.setattr(data, "DEADLINE_SECONDS", 2, raising=False)
    f = mnist_labels_file()
    server.body, server.trickle = b"x" * 40, 0.25  # a byte every 0.25 s: 10 s in all, never silent 1 s
    start = time.monotonic()
    with pytest.raises(data.DataUnavailableError, match="deadline of 2 s"):
        data.fetch_file(served(f, server.url), timeout=1, retries=0)
    assert time.monotonic() - start < 6
    assert not f.path.exists()


_KILLED = """
from helpers import data
data.fetch("cats_and_dogs_filtered")
"""


def test_a_killed_extraction_leaves_nothing_hidden_behind(caches, real_mirror, monkeypatch):
    import signal
    import subprocess
    import sys
    keras_home, torch_home = caches
    datasets = keras_home / "datasets"
    env = {**os.environ, "KERAS_HOME": str(keras_home), "TORCH_HOME": str(torch_home),
           data.MIRROR_VARIABLE: str(real_mirror), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen([sys.executable, "-c", _KILLED], env=env)
    deadline = time.monotonic() + 120
    partial = []
    while not partial and time.monotonic() < deadline and proc.poll() is None:
        partial = [p for p in datasets.glob(".cats_and_dogs_filtered_extracted.*.part")
                   if any(p.rglob("*.jpg"))] if datasets.exists() else []
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert partial, "the extraction finished before it could be interrupted"
    assert partial[0].exists()  # what the killed kernel left
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    data.fetch(CATS)
    assert [p for p in leftovers(datasets) if p.endswith(".part")] == []
