"""The feature cache: computed once, reused, invalidated by a changed input, healed when damaged."""
from __future__ import annotations

import shutil
import zipfile

import numpy as np
import pytest

from helpers import backbones, features


@pytest.fixture(scope="module")
def model():
    return backbones.efficientnet_lite0()


@pytest.fixture(scope="module")
def photo_source(tmp_path_factory):
    """Six real photographs (three cats, three dogs) read from the course's data mirror."""
    from tests.conftest import mirror_path

    mirror = mirror_path()
    archive = mirror / "cats_and_dogs_filtered.zip" if mirror else None
    if archive is None or not archive.exists():
        pytest.skip("no data mirror with cats_and_dogs_filtered.zip")
    folder = tmp_path_factory.mktemp("photos")
    with zipfile.ZipFile(archive) as z:
        names = sorted(n for n in z.namelist() if n.startswith("cats_and_dogs_filtered/validation/")
                       and n.endswith(".jpg"))
        chosen = [n for n in names if "/cats/" in n][:3] + [n for n in names if "/dogs/" in n][:3]
        for n in chosen:
            (folder / n.rsplit("/", 1)[1]).write_bytes(z.read(n))
    return sorted(folder.glob("*.jpg"))


@pytest.fixture
def photos(photo_source, tmp_path):
    """A fresh copy of the photographs per test (tests change them)."""
    folder = tmp_path / "images"
    folder.mkdir()
    for p in photo_source:
        shutil.copyfile(p, folder / p.name)
    return sorted(folder.glob("*.jpg"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "feature-cache"
    monkeypatch.setenv(features.CACHE_VARIABLE, str(folder))
    return folder


@pytest.fixture
def computed(monkeypatch):
    """Counts the calls of features.compute and the layers each one computed."""
    calls: list[list[str]] = []
    real = features.compute

    def counting(model, paths, layers, **kwargs):
        calls.append(list(layers))
        return real(model, paths, layers, **kwargs)

    monkeypatch.setattr(features, "compute", counting)
    return calls


def test_features_are_the_networks_pooled_output(photos, cache, model, computed):
    import torch

    X = features.extract(photos, model=model)
    assert X.shape == (6, backbones.FEATURE_SIZE) and X.dtype == np.float32
    with torch.no_grad():
        expected = model.forward_head(model.forward_features(backbones.preprocess(photos)), pre_logits=True)
    assert np.allclose(X, expected.numpy(), atol=1e-4)
    assert computed == [["pooled"]]
    assert len(list(cache.glob("*.npz"))) == 1


def test_a_second_run_loads_instead_of_computing(photos, cache, model, computed, capsys):
    first = features.extract(photos, model=model)
    capsys.readouterr()
    again = features.extract(photos, model=model)
    assert computed == [["pooled"]], "the second call must not compute"
    assert np.array_equal(first, again)
    assert "loaded from the feature cache" in capsys.readouterr().out


def test_the_same_images_elsewhere_hit_the_cache(photos, cache, model, computed, tmp_path):
    first = features.extract(photos, model=model)
    moved = tmp_path / "renamed"
    shutil.copytree(photos[0].parent, moved)
    again = features.extract(sorted(moved.glob("*.jpg")), model=model)
    assert len(computed) == 1 and np.array_equal(first, again)


def test_a_changed_image_invalidates_the_cache(photos, cache, model, computed):
    from PIL import Image

    first = features.extract(photos, model=model)
    with Image.open(photos[0]) as im:
        im.transpose(Image.Transpose.FLIP_TOP_BOTTOM).save(photos[0], quality=90)
    again = features.extract(photos, model=model)
    assert len(computed) == 2
    assert not np.allclose(first[0], again[0], atol=1e-3)       # the changed photo's row moved
    assert np.allclose(first[1:], again[1:], atol=1e-4)          # the others did not


def test_a_changed_image_list_invalidates_the_cache(photos, cache, model, computed):
    features.extract(photos, model=model)
    fewer = features.extract(photos[:-1], model=model)
    reordered = features.extract(photos[::-1], model=model)
    assert len(computed) == 3
    assert fewer.shape == (5, backbones.FEATURE_SIZE) and reordered.shape == (6, backbones.FEATURE_SIZE)


def test_preprocessing_layer_and_backbone_are_part_of_the_key(photos, cache, model, computed):
    base = features.extract(photos, model=model)
    smaller = features.extract(photos, model=model, size=160)
    uncropped = features.extract(photos, model=model, crop_pct=1.0)
    random = features.extract(photos, backbone="efficientnet_lite0_random")
    assert len(computed) == 4 and len(list(cache.glob("*.npz"))) == 4
    for other in (smaller, uncropped, random):
        assert other.shape == base.shape and not np.allclose(other, base, atol=1e-3)
    # the random network is the same random network every time (fixed seed)
    assert np.array_equal(random, features.extract(photos, backbone="efficientnet_lite0_random"))


def test_several_layers_in_one_pass_and_only_the_missing_ones(photos, cache, model, computed):
    pooled = features.extract(photos, model=model)
    both = features.extract(photos, model=model, layers=["pooled", "block5_avg", "block6"])
    assert computed == [["pooled"], ["block5_avg", "block6"]]
    assert np.array_equal(both["pooled"], pooled)
    assert both["block5_avg"].shape == (6, 192) and both["block5_avg"].dtype == np.float32
    assert both["block6"].shape == (6, 320, 7, 7) and both["block6"].dtype == np.float16
    # the head's channel means are the pooled features
    assert list(both) == ["pooled", "block5_avg", "block6"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "nan"])
def test_a_damaged_cache_file_is_recomputed(photos, cache, model, computed, damage):
    first = features.extract(photos, model=model)
    (path,) = cache.glob("*.npz")
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not an npz file" * 100)
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with np.load(path) as z:
            key = z["key"]
            bad = z["features"].copy()
        bad[2, 5] = np.nan
        np.savez(path, features=bad, key=key)
    again = features.extract(photos, model=model)
    assert len(computed) == 2
    assert np.allclose(first, again, atol=1e-5)
    # rewritten: a third call loads it
    features.extract(photos, model=model)
    assert len(computed) == 2
    assert [p.name for p in cache.iterdir()] == [path.name], "no temporary files left behind"


def test_a_cache_file_for_another_key_is_not_trusted(photos, cache, model, computed):
    features.extract(photos[:3], model=model)
    features.extract(photos, model=model)
    small, full = sorted(cache.glob("*.npz"), key=lambda p: p.stat().st_size)
    shutil.copyfile(small, full)                                 # the wrong file under the right name
    X = features.extract(photos, model=model)
    assert len(computed) == 3 and X.shape == (6, backbones.FEATURE_SIZE)


def test_bad_arguments_are_named(photos, cache, tmp_path):
    with pytest.raises(ValueError, match="unknown layer"):
        features.extract(photos, layers="block9")
    with pytest.raises(ValueError, match="unknown backbone"):
        features.extract(photos, backbone="vgg99")
    with pytest.raises(ValueError, match="no images"):
        features.extract([])
    missing = tmp_path / "nowhere" / "cat.jpg"
    with pytest.raises(FileNotFoundError, match="nowhere"):
        features.extract([photos[0], missing])
