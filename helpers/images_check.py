"""Find the image files TensorFlow cannot decode, and set them aside before training.

``keras.utils.image_dataset_from_directory`` lists files by their extension and decodes them only
while training runs: one empty, truncated or mislabelled file then stops ``fit`` half way through
an epoch with ``InvalidArgumentError``. These helpers decode every file first, exactly as Keras
will (``tf.io.decode_image(..., expand_animations=False)``), and move the unreadable ones out of
the class folders, never deleting them:

>>> from helpers import images_check
>>> bad = images_check.find_unreadable("cats_and_dogs_filtered/train")   # doctest: +SKIP
checked 2000 image files under train: 0 unreadable
>>> images_check.set_aside(bad, root="cats_and_dogs_filtered/train")     # doctest: +SKIP
nothing to set aside
[]
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable

# The extensions keras.utils.image_dataset_from_directory indexes (compared in lower case);
# files with any other name (Thumbs.db, .DS_Store, README) are never loaded, so never checked.
KERAS_IMAGE_SUFFIXES = (".bmp", ".gif", ".jpeg", ".jpg", ".png")


def _folder(folder: Path | str) -> Path:
    path = Path(folder)
    if not path.exists():
        raise FileNotFoundError(f"no folder {path}: check the path (or fetch the dataset first)")
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is a file; give the folder that holds the images")
    return path


def image_files(folder: Path | str) -> list[Path]:
    """Every file under ``folder`` (recursively) that Keras would load as an image, sorted."""
    root = _folder(folder)
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and p.name.lower().endswith(KERAS_IMAGE_SUFFIXES))


def why_unreadable(path: Path | str) -> str | None:
    """None if TensorFlow decodes ``path`` as Keras does; otherwise the reason, in one line.

    >>> why_unreadable("notes.jpg")    # doctest: +SKIP
    'Unknown image file format. One of JPEG, PNG, GIF, BMP required.'
    """
    import tensorflow as tf  # imported here: the helpers never load TensorFlow on their own

    try:
        tf.image.decode_image(tf.io.read_file(str(path)), channels=3, expand_animations=False)
    except (tf.errors.OpError, OSError) as e:
        return short_reason(e)
    return None


def short_reason(error: BaseException) -> str:
    """TensorFlow's error message without its ``{{function_node ...}}`` and ``[Op:...]`` noise."""
    text = str(getattr(error, "message", None) or error)
    text = text.split("}}", 1)[-1] if text.startswith("{{") else text
    text = text.split(" [Op:", 1)[0].split("\n\t [[", 1)[0].split("\n", 1)[0]
    return text.strip() or type(error).__name__


def find_unreadable(folder: Path | str, *, verbose: bool = True) -> list[Path]:
    """The image files under ``folder`` that TensorFlow cannot decode (sorted).

    Prints how many files were checked and, for each unreadable one, its path relative to
    ``folder`` and the reason. A folder with no image files at all raises ``ValueError``: that is
    almost always a wrong path, not a clean dataset.
    """
    root = _folder(folder)
    files = image_files(root)
    if not files:
        raise ValueError(
            f"no image files ({', '.join(KERAS_IMAGE_SUFFIXES)}) under {root}: is it the right folder?")
    bad = []
    for p in files:
        reason = why_unreadable(p)
        if reason is not None:
            bad.append(p)
            if verbose:
                print(f"  unreadable: {p.relative_to(root).as_posix()} ({reason})")
    if verbose:
        print(f"checked {len(files)} image files under {root.name}: {len(bad)} unreadable")
    return bad


def default_aside_folder(root: Path | str) -> Path:
    """Where :func:`set_aside` puts files by default: ``<root>_unreadable`` beside ``root``."""
    root = Path(root)
    return root.resolve().parent / f"{root.resolve().name}_unreadable"


def set_aside(paths: Iterable[Path | str], root: Path | str, *, to: Path | str | None = None,
              verbose: bool = True) -> list[Path]:
    """Move ``paths`` (files under ``root``) into ``to``, keeping their sub-folders; return the new paths.

    ``to`` defaults to ``<root>_unreadable`` *beside* ``root``: a folder inside ``root`` would
    become an extra class for ``image_dataset_from_directory``. Nothing is deleted and nothing is
    overwritten; each move is printed, so moving the files back is up to the learner.
    """
    root = _folder(root).resolve()
    target = Path(to).resolve() if to is not None else default_aside_folder(root)
    if target == root or target.is_relative_to(root):
        raise ValueError(f"{target} is inside {root}: set files aside outside the dataset folder, "
                         f"or image_dataset_from_directory would read it as a class")
    moves = []
    for p in paths:
        source = Path(p).resolve()
        if not source.is_relative_to(root):
            raise ValueError(f"{p} is not under {root}; only files of the dataset are moved")
        if not source.is_file():
            raise FileNotFoundError(f"{p} is not a file (already moved?)")
        dest = target / source.relative_to(root)
        if dest.exists():
            raise FileExistsError(f"{dest} exists already; not overwriting it")
        moves.append((source, dest))
    for source, dest in moves:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(os.fspath(source), os.fspath(dest))
        if verbose:
            print(f"  moved {source.relative_to(root).as_posix()} -> {target.name}/"
                  f"{dest.relative_to(target).as_posix()}")
    if verbose:
        print(f"set aside {len(moves)} files in {target.name}" if moves else "nothing to set aside")
    return [dest for _, dest in moves]
