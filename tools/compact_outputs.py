"""Store a notebook's figures compactly: photographs as JPEG, plots as sharp (palette) PNG.

Matplotlib's inline backend stores every figure as a full-colour PNG. That is right for line
plots and diagrams, and wasteful for photographs and feature maps: one figure of photos can weigh
more than a megabyte. After a notebook has been run and before it is committed, this tool reads
each stored PNG and keeps the smallest faithful form:

- few colours (a plot, a diagram, a matrix drawn with its values): a lossless palette PNG when it
  is smaller, so lines and text stay sharp;
- many colours (photographs, feature maps, sample grids): a JPEG at quality 85, when that is
  clearly smaller than the PNG;
- a large PNG that is mostly picture (a grey-level photograph has only 256 colours): a JPEG when
  that saves most of it.

It also drops the stored ipywidgets state (notebook metadata ``widgets``): it is not the finished
state a reader sees, and GitHub does not render widgets anyway.

    python tools/compact_outputs.py notebooks/01_pixels_and_images.ipynb [more.ipynb ...]

>>> from tools.compact_outputs import compact_png
>>> compact_png(b"not a png")
Traceback (most recent call last):
...
ValueError: the stored image/png output is not a readable PNG
"""
from __future__ import annotations

import argparse
import base64
import io
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

PHOTO_COLOURS = 4096      # more distinct colours than this: a photograph-like figure
JPEG_QUALITY = 85
JPEG_GAIN = 0.7           # use the JPEG only when it is at most this fraction of the PNG
# A figure with a few hundred colours can still be mostly picture (grey levels, a colour map):
# a large PNG of that kind becomes a JPEG only when that saves most of it.
LARGE_PNG = 100_000
LARGE_PNG_GAIN = 0.4


def compact_png(png: bytes) -> tuple[str, bytes]:
    """Return ``(mime, data)``: the smallest faithful encoding of one stored PNG figure."""
    try:
        image = Image.open(io.BytesIO(png))
        image.load()
    except (UnidentifiedImageError, OSError) as err:
        raise ValueError("the stored image/png output is not a readable PNG") from err
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    rgb = image.convert("RGB") if image.mode != "RGBA" else _flatten(image)
    colours = rgb.getcolors(maxcolors=PHOTO_COLOURS)
    best = png
    if colours is not None and len(colours) <= 256:  # lossless: the exact colours as a palette
        pixels = np.asarray(rgb).reshape(-1, 3)
        table, index = np.unique(pixels, axis=0, return_inverse=True)
        indexed = Image.fromarray(index.reshape(rgb.height, rgb.width).astype(np.uint8), "P")
        indexed.putpalette(table.astype(np.uint8).ravel().tolist())
        out = io.BytesIO()
        indexed.save(out, "PNG", optimize=True)
        if out.tell() < len(best) and _same_pixels(rgb, out.getvalue()):
            best = out.getvalue()
    if colours is None or len(best) > LARGE_PNG:
        out = io.BytesIO()
        rgb.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        if out.tell() <= (JPEG_GAIN if colours is None else LARGE_PNG_GAIN) * len(best):
            return "image/jpeg", out.getvalue()
    return "image/png", best


def _flatten(image: Image.Image) -> Image.Image:
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def _same_pixels(rgb: Image.Image, png: bytes) -> bool:
    return Image.open(io.BytesIO(png)).convert("RGB").tobytes() == rgb.tobytes()


def compact_notebook(path: Path | str) -> tuple[int, int]:
    """Rewrite a notebook's stored figures in place; return its size before and after (bytes)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{path} is not a notebook (invalid JSON: {err})") from err
    if not isinstance(nb, dict) or "cells" not in nb:
        raise ValueError(f"{path} is not a notebook (no cells)")
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" not in data:
                continue
            png = base64.b64decode("".join(data["image/png"]))
            mime, encoded = compact_png(png)
            if encoded is png:
                continue
            del data["image/png"]
            data[mime] = base64.b64encode(encoded).decode("ascii")
    nb.get("metadata", {}).pop("widgets", None)
    new = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    if new != text:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(path)
    return len(text.encode("utf-8")), len(new.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        before, after = compact_notebook(path)
        print(f"{path}: {before / 1e6:.2f} MB -> {after / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
