"""Features of a pretrained network, extracted once and kept on disk.

Running thousands of photographs through a CNN takes minutes on a CPU; the features do not
change unless the network, the images or the preprocessing do. ``extract`` therefore keeps
them in a cache file whose name and stored key are derived from all three:

- the backbone (its name and, for pretrained weights, the weight file's SHA-256),
- the image set (the SHA-256 of every file's bytes, in order: renaming a folder keeps the
  cache, editing or replacing one image invalidates it),
- the preprocessing (input size, crop, scaling) and the layer the features come from.

A second call with the same three loads the file instead of computing; a damaged or
mismatching cache file is ignored and rewritten. Files are written to a temporary name and
renamed into place, so an interrupted run never leaves half a cache behind.

>>> from helpers import features, images
>>> paths = [images.sample_path("grace_hopper"), images.sample_path("blood_smear")]
>>> X = features.extract(paths)
efficientnet_lite0 pooled: 2 images computed in ... saved to the feature cache
>>> X.shape, X.dtype
((2, 1280), dtype('float32'))
>>> maps = features.extract(paths, layers=["pooled", "block5_avg"])   # pooled: from the cache now
efficientnet_lite0 block5_avg: 2 images computed in ... saved to the feature cache
efficientnet_lite0 pooled: 2 images loaded from the feature cache
>>> sorted(maps)
['block5_avg', 'pooled']
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from . import backbones

CACHE_VARIABLE = "COURSE_FEATURE_CACHE"
FORMAT = 1
BACKBONES = ("efficientnet_lite0", "efficientnet_lite0_random")
# "pooled": the 1280 numbers in front of the ImageNet classifier (global average of the head);
# "<stage>_avg": a stage's feature maps averaged over space (one number per channel);
# "<stage>": the stage's feature maps themselves (C, H, W), stored as float16.
POOLED = "pooled"


def cache_dir() -> Path:
    """``$COURSE_FEATURE_CACHE``, else ``<torch home>/features`` (beside the weights)."""
    value = os.environ.get(CACHE_VARIABLE)
    if value:
        return Path(value).expanduser()
    from .data import torch_home

    return torch_home() / "features"


def layer_names() -> list[str]:
    return [POOLED] + [f"{s}_avg" for s in backbones.STAGES] + list(backbones.STAGES)


def _check_layers(layers: Sequence[str]) -> None:
    known = layer_names()
    bad = [name for name in layers if name not in known]
    if bad:
        raise ValueError(f"unknown layer(s) {bad}; known: {', '.join(known)}")
    if len(set(layers)) != len(layers):
        raise ValueError(f"layers repeated: {list(layers)}")


# --------------------------------------------------------------------------------------------
# Keys


def fingerprint(paths: Sequence[Path | str]) -> str:
    """SHA-256 over the SHA-256 of every file's bytes, in order (names do not count)."""
    outer = hashlib.sha256()
    for p in paths:
        try:
            outer.update(backbones.sha256(p).encode())
        except OSError as err:
            raise FileNotFoundError(f"image {p} cannot be read: {err}") from None
    outer.update(str(len(paths)).encode())
    return outer.hexdigest()


def _backbone_id(backbone: str) -> str:
    if backbone not in BACKBONES:
        raise ValueError(f"unknown backbone {backbone!r}; known: {', '.join(BACKBONES)}")
    if backbone == "efficientnet_lite0":
        return f"{backbone}:{backbones.WEIGHT_SHA256}"
    return f"{backbone}:torch-seed-{RANDOM_SEED}"


RANDOM_SEED = 0


def key(backbone: str, images: str, layer: str, size: int, crop_pct: float) -> dict:
    return {
        "format": FORMAT,
        "backbone": _backbone_id(backbone),
        "images": images,
        "layer": layer,
        "preprocessing": {"size": size, "crop_pct": crop_pct, "mean": list(backbones.MEAN),
                          "std": list(backbones.STD), "interpolation": "bicubic"},
    }


def cache_path(k: dict) -> Path:
    digest = hashlib.sha256(json.dumps(k, sort_keys=True).encode()).hexdigest()[:20]
    name = k["backbone"].split(":")[0]
    return cache_dir() / f"{name}-{k['layer']}-{digest}.npz"


# --------------------------------------------------------------------------------------------
# Reading and writing the cache


def _load(path: Path, k: dict, n: int) -> np.ndarray | None:
    """The cached array, or None when the file is missing, damaged or for another key."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            stored = json.loads(str(z["key"]))
            array = z["features"]
    except Exception:  # noqa: BLE001 - any unreadable file is simply recomputed
        return None
    if stored != k or array.shape[0] != n or not np.isfinite(array).all():
        return None
    return array


def _save(path: Path, k: dict, array: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp.npz")
    os.close(fd)
    try:
        np.savez(tmp, features=array, key=np.array(json.dumps(k, sort_keys=True)))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


# --------------------------------------------------------------------------------------------
# Computing


def load_backbone(backbone: str):
    """The network behind a backbone name, in eval mode."""
    import torch

    _backbone_id(backbone)
    if backbone == "efficientnet_lite0":
        return backbones.efficientnet_lite0()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(RANDOM_SEED)
        return backbones.efficientnet_lite0(pretrained=False)


def compute(model, paths: Sequence[Path | str], layers: Sequence[str], *, size: int = backbones.INPUT_SIZE,
            crop_pct: float = backbones.CROP_PCT, batch_size: int = 32) -> dict[str, np.ndarray]:
    """Run ``model`` (eval mode) over the images and return ``{layer: array}``; no cache."""
    import torch

    _check_layers(layers)
    stages = {name.removesuffix("_avg") for name in layers if name != POOLED}
    if POOLED in layers:
        stages.add("head")
    stages = [s for s in backbones.STAGES if s in stages]
    was_training = model.training
    model.eval()
    model = model.to(memory_format=torch.channels_last)   # about twice as fast on a CPU
    parts: dict[str, list[np.ndarray]] = {name: [] for name in layers}
    try:
        with torch.inference_mode():
            for i in range(0, len(paths), batch_size):
                x = backbones.preprocess(list(paths[i:i + batch_size]), size, crop_pct)
                maps = backbones.stage_outputs(model, x.contiguous(memory_format=torch.channels_last), stages)
                for name in layers:
                    if name == POOLED:
                        a = maps["head"].mean(dim=(2, 3)).float()
                    elif name.endswith("_avg"):
                        a = maps[name.removesuffix("_avg")].mean(dim=(2, 3)).float()
                    else:
                        a = maps[name].contiguous().half()
                    parts[name].append(a.numpy())
    finally:
        model.to(memory_format=torch.contiguous_format)
        model.train(was_training)
    return {name: np.concatenate(chunks) for name, chunks in parts.items()}


def extract(paths: Sequence[Path | str], *, backbone: str = "efficientnet_lite0",
            layers: str | Sequence[str] = POOLED, size: int = backbones.INPUT_SIZE,
            crop_pct: float = backbones.CROP_PCT, batch_size: int = 32, model=None,
            verbose: bool = True):
    """Features of ``paths`` from ``backbone``: an array for one layer, a dict for several.

    Loaded from the cache when the backbone, the images' bytes, the preprocessing and the
    layer all match; otherwise computed (``model``, if given, must be that backbone: it only
    saves loading it again) and stored. Prints one line saying which happened.
    """
    single = isinstance(layers, str)
    wanted = [layers] if single else list(layers)
    _check_layers(wanted)
    _backbone_id(backbone)
    paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("extract got no images")
    images = fingerprint(paths)
    keys = {name: key(backbone, images, name, size, crop_pct) for name in wanted}
    found = {name: _load(cache_path(k), k, len(paths)) for name, k in keys.items()}
    missing = [name for name, a in found.items() if a is None]
    if missing:
        start, cpu = time.perf_counter(), time.process_time()
        if model is None:
            model = load_backbone(backbone)
        fresh = compute(model, paths, missing, size=size, crop_pct=crop_pct, batch_size=batch_size)
        for name in missing:
            _save(cache_path(keys[name]), keys[name], fresh[name])
            found[name] = fresh[name]
        if verbose:
            print(f"{backbone} {', '.join(missing)}: {len(paths)} images computed in "
                  f"{time.perf_counter() - start:.0f} s ({time.process_time() - cpu:.0f} s CPU), "
                  f"saved to the feature cache")
    if verbose and len(missing) < len(wanted):
        cached = [name for name in wanted if name not in missing]
        print(f"{backbone} {', '.join(cached)}: {len(paths)} images loaded from the feature cache")
    return found[wanted[0]] if single else {name: found[name] for name in wanted}
