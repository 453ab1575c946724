"""Finding the ALL images: a learner's full download first, kagglehub in Colab, the mirror's subset last."""
from __future__ import annotations

import sys
import types
import zipfile

import pytest

from helpers import data, leukemia


@pytest.fixture
def mirror_subset(real_mirror, caches, monkeypatch):
    if not (real_mirror / "all-leukemia-aria2021-subset.zip").exists():
        pytest.skip("the mirror has no all-leukemia-aria2021-subset.zip")
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(real_mirror))
    return real_mirror / "all-leukemia-aria2021-subset.zip"


def _unzip_some(archive, target, per_class):
    """A small real 'download': the first images of each class, laid out as Kaggle's Original/."""
    with zipfile.ZipFile(archive) as z:
        for cls in leukemia.CLASSES:
            names = sorted(n for n in z.namelist() if n.startswith(f"Original/{cls}/"))[:per_class]
            for n in names:
                out = target / n
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(z.read(n))


def test_the_mirror_subset_is_found_and_labelled(mirror_subset):
    images = leukemia.find(use_kaggle=False)
    assert len(images.paths) == 1200 and images.counts() == {c: 300 for c in leukemia.CLASSES}
    assert "1,200-image subset" in images.source
    for path, label in zip(images.paths[::97], images.labels[::97]):
        assert path.parent.name == leukemia.CLASSES[label]
    assert images.malignant.sum() == 900 and set(images.malignant) == {0, 1}
    assert "Benign 300, Early 300, Pre 300, Pro 300" in images.describe()


def test_a_learners_full_download_comes_first(mirror_subset, caches):
    keras_home, _ = caches
    _unzip_some(mirror_subset, keras_home / "datasets" / "all-leukemia", per_class=3)
    images = leukemia.find(use_kaggle=False)
    assert "downloaded by hand" in images.source and len(images.paths) == 12


def test_kagglehub_is_used_when_allowed(mirror_subset, tmp_path, monkeypatch):
    download = tmp_path / "kagglehub" / "datasets" / "mehradaria" / "leukemia" / "versions" / "1"
    _unzip_some(mirror_subset, download, per_class=2)
    asked = []
    fake = types.SimpleNamespace(dataset_download=lambda handle: asked.append(handle) or str(download))
    monkeypatch.setitem(sys.modules, "kagglehub", fake)
    images = leukemia.find(use_kaggle=True)
    assert asked == [leukemia.KAGGLE_HANDLE]
    assert "kagglehub" in images.source and len(images.paths) == 8


def test_kagglehub_failing_falls_back_to_the_subset(mirror_subset, monkeypatch):
    def offline(handle):
        raise ConnectionError("no network")

    monkeypatch.setitem(sys.modules, "kagglehub", types.SimpleNamespace(dataset_download=offline))
    images = leukemia.find(use_kaggle=True)
    assert len(images.paths) == 1200


def test_nothing_anywhere_says_how_to_get_the_images(caches, tmp_path, monkeypatch):
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(tmp_path / "empty-mirror"))
    with pytest.raises(data.DataUnavailableError) as info:
        leukemia.find(use_kaggle=False)
    message = str(info.value)
    assert "kaggle datasets download -d mehradaria/leukemia" in message
    assert "all-leukemia-aria2021-subset.zip" in message and "kagglehub" in message


def test_an_empty_class_folder_is_named(caches, tmp_path, monkeypatch):
    keras_home, _ = caches
    root = keras_home / "datasets" / "all-leukemia" / "Original"
    for cls in leukemia.CLASSES:
        (root / cls).mkdir(parents=True)
    (root / "Benign" / "a.jpg").write_bytes(b"x")
    with pytest.raises(data.DataUnavailableError, match="Early holds no images"):
        leukemia.find(use_kaggle=False)


def test_a_damaged_subset_zip_is_refused(caches, tmp_path, monkeypatch, real_mirror):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    good = (real_mirror / leukemia.SUBSET_ZIP).read_bytes()
    (mirror / leukemia.SUBSET_ZIP).write_bytes(good[: len(good) // 2])
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(mirror))
    with pytest.raises(data.DataUnavailableError, match="not the course's subset"):
        leukemia.find(use_kaggle=False)
    assert not (caches[0] / "datasets" / "all-leukemia-subset").exists(), "nothing unpacked"
