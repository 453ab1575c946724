"""Pretrained weights: the standard constructor, and the fallback when they cannot be had."""
import pytest

from helpers import data, weights


@pytest.fixture
def offline(caches, tmp_path, monkeypatch):
    """No cache, a mirror without weights, and a catalogue whose URLs point at a closed port."""
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(tmp_path / "mirror"))
    real = data.entry

    def entry_offline(name):
        e = real(name)
        files = tuple(data.CatalogueFile(f.name, f.dest, ("http://127.0.0.1:9/" + f.name,), f.hash,
                                         f.size, f.mirror) for f in e.files)
        return data.Entry(**{**e.__dict__, "files": files})

    monkeypatch.setattr(data, "entry", entry_offline)


def test_quick_mode_falls_back_to_random_weights_with_a_banner(offline, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_MODE", "quick")
    model = weights.torchvision_model("resnet18", "resnet18-imagenet")
    out = capsys.readouterr().out
    assert "RANDOM WEIGHTS" in out and "NOT MEANINGFUL" in out
    assert sum(p.numel() for p in model.parameters()) == 11_689_512


def test_full_mode_stops_with_instructions(offline, monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "full")
    with pytest.raises(weights.WeightsUnavailableError) as info:
        weights.keras_application("VGG16", "vgg16-imagenet")
    message = str(info.value)
    assert "VGG16 ImageNet weights" in message
    assert "vgg16_weights_tf_dim_ordering_tf_kernels.h5" in message
    assert "COURSE_DATA_MIRROR" in message and "Colab" in message


def test_a_corrupt_mirror_weight_file_is_not_used(caches, tmp_path, monkeypatch, capsys):
    mirror = tmp_path / "mirror"
    f = data.entry("resnet18-imagenet").files[0]
    (mirror / f.mirror).parent.mkdir(parents=True)
    (mirror / f.mirror).write_bytes(b"not the weights")
    monkeypatch.setenv(data.MIRROR_VARIABLE, str(mirror))
    monkeypatch.setenv("COURSE_MODE", "quick")
    assert weights.ensure("resnet18-imagenet") is False
    assert "RANDOM WEIGHTS" in capsys.readouterr().out
    assert not f.path.exists()


def test_weights_in_the_cache_are_used(caches, tmp_path, monkeypatch):
    """A weight file already in torch's cache (as a learner with internet has it) is loaded
    by the standard constructor. The file is made here from a real model's own state."""
    import hashlib

    import torch
    import torchvision

    state = torchvision.models.resnet18(weights=None).state_dict()
    scratch = tmp_path / "w.pth"
    torch.save(state, scratch)
    digest = hashlib.sha256(scratch.read_bytes()).hexdigest()[:8]
    monkeypatch.setenv("COURSE_MODE", "full")
    real = data.entry
    cached = data.torch_home() / "hub" / "checkpoints" / "resnet18-f37072fd.pth"
    cached.parent.mkdir(parents=True)
    scratch.replace(cached)

    def entry_with_local_hash(name):
        e = real(name)
        f = e.files[0]
        files = (data.CatalogueFile(f.name, f.dest, f.urls, f"sha256prefix:{digest}", f.size, f.mirror),)
        return data.Entry(**{**e.__dict__, "files": files})

    monkeypatch.setattr(data, "entry", entry_with_local_hash)
    model = weights.torchvision_model("resnet18", "resnet18-imagenet")
    assert torch.equal(model.conv1.weight, state["conv1.weight"])
