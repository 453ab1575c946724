"""helpers.images_check on real cats_and_dogs_filtered JPEGs and on broken copies of them."""
import shutil

import pytest

from helpers import data, images_check


@pytest.fixture(scope="module")
def dataset():
    """The real cats_and_dogs_filtered folder (fetched from the cache, the mirror or the web)."""
    return data.fetch("cats_and_dogs_filtered")


@pytest.fixture
def mixed(dataset, tmp_path):
    """A two-class folder of real JPEGs plus three files Keras would choke on."""
    root = tmp_path / "pets"
    cats, dogs = root / "cats", root / "dogs"
    cats.mkdir(parents=True)
    dogs.mkdir()
    for name in ("cat.2000.jpg", "cat.2001.jpg"):
        shutil.copy(dataset / "validation" / "cats" / name, cats / name)
    for name in ("dog.2000.jpg", "dog.2001.jpg"):
        shutil.copy(dataset / "validation" / "dogs" / name, dogs / name)
    whole = (dataset / "validation" / "cats" / "cat.2002.jpg").read_bytes()
    (cats / "truncated.jpg").write_bytes(whole[: len(whole) // 3])   # a download cut short
    (dogs / "notes.jpg").write_text("not a picture, only named like one\n")
    (dogs / "empty.jpg").write_bytes(b"")
    (dogs / "Thumbs.db").write_bytes(b"\x00" * 64)                  # Keras never loads these
    bad = [cats / "truncated.jpg", dogs / "empty.jpg", dogs / "notes.jpg"]
    return root, sorted(bad)


def test_real_validation_folders_are_all_readable(dataset, capsys):
    for sub in ("validation/cats", "validation/dogs"):
        assert images_check.find_unreadable(dataset / sub) == []
        assert "checked 500 image files under" in capsys.readouterr().out


def test_finds_truncated_text_and_empty_files(mixed, capsys):
    root, bad = mixed
    assert images_check.find_unreadable(root) == bad
    out = capsys.readouterr().out
    assert "checked 7 image files under pets: 3 unreadable" in out
    assert "cats/truncated.jpg" in out and "dogs/notes.jpg" in out
    assert "{{" not in out and "[Op:" not in out


def test_reasons_are_short_and_name_the_problem(mixed):
    root, _ = mixed
    assert images_check.why_unreadable(root / "cats" / "cat.2000.jpg") is None
    assert "Unknown image file format" in images_check.why_unreadable(root / "dogs" / "notes.jpg")
    assert "empty" in images_check.why_unreadable(root / "dogs" / "empty.jpg").lower()
    assert "JPEG" in images_check.why_unreadable(root / "cats" / "truncated.jpg")


def test_image_files_follows_keras_extensions(mixed):
    root, _ = mixed
    (root / "cats" / "CAT.UPPER.JPG").write_bytes((root / "cats" / "cat.2000.jpg").read_bytes())
    names = [p.name for p in images_check.image_files(root)]
    assert "Thumbs.db" not in names
    assert "CAT.UPPER.JPG" in names
    assert len(names) == 8


def test_a_png_named_jpg_is_readable(mixed):
    from PIL import Image

    root, _ = mixed
    with Image.open(root / "cats" / "cat.2000.jpg") as im:
        im.save(root / "cats" / "really_a_png.jpg", format="PNG")
    assert images_check.why_unreadable(root / "cats" / "really_a_png.jpg") is None


def test_keras_fails_before_and_trains_after_set_aside(mixed):
    import keras
    import tensorflow as tf

    root, bad = mixed

    def read_all():
        ds = keras.utils.image_dataset_from_directory(root, image_size=(32, 32), batch_size=2,
                                                      shuffle=False, verbose=False)
        return sum(int(x.shape[0]) for x, _ in ds)

    with pytest.raises(tf.errors.InvalidArgumentError) as failure:
        read_all()
    reason = images_check.short_reason(failure.value)
    assert "JPEG" in reason and "{{" not in reason and "[[" not in reason and "\n" not in reason
    moved = images_check.set_aside(bad, root, verbose=False)
    assert read_all() == 4
    assert all(p.is_file() for p in moved)
    assert not any(p.exists() for p in bad)


def test_set_aside_moves_beside_root_and_keeps_subfolders(mixed, capsys):
    root, bad = mixed
    content = bad[0].read_bytes()
    moved = images_check.set_aside(bad, root)
    aside = root.parent / "pets_unreadable"
    assert moved == [aside / "cats" / "truncated.jpg", aside / "dogs" / "empty.jpg",
                     aside / "dogs" / "notes.jpg"]
    assert moved[0].read_bytes() == content
    out = capsys.readouterr().out
    assert "moved cats/truncated.jpg -> pets_unreadable/cats/truncated.jpg" in out
    assert "set aside 3 files in pets_unreadable" in out
    assert images_check.find_unreadable(root, verbose=False) == []


def test_set_aside_nothing(mixed, capsys):
    root, _ = mixed
    assert images_check.set_aside([], root) == []
    assert "nothing to set aside" in capsys.readouterr().out


def test_set_aside_refuses_a_target_inside_root(mixed):
    root, bad = mixed
    with pytest.raises(ValueError, match="inside"):
        images_check.set_aside(bad, root, to=root / "bad")
    assert all(p.exists() for p in bad)


def test_set_aside_refuses_files_outside_root(mixed, tmp_path):
    root, _ = mixed
    stray = tmp_path / "stray.jpg"
    stray.write_bytes(b"")
    with pytest.raises(ValueError, match="not under"):
        images_check.set_aside([stray], root)
    assert stray.exists()


def test_set_aside_never_overwrites_and_moves_nothing_then(mixed):
    root, bad = mixed
    clash = root.parent / "pets_unreadable" / "dogs" / "notes.jpg"
    clash.parent.mkdir(parents=True)
    clash.write_text("kept")
    with pytest.raises(FileExistsError, match="not overwriting"):
        images_check.set_aside(bad, root)
    assert clash.read_text() == "kept"
    assert all(p.exists() for p in bad)


def test_set_aside_a_missing_file(mixed):
    root, _ = mixed
    with pytest.raises(FileNotFoundError, match="already moved"):
        images_check.set_aside([root / "cats" / "gone.jpg"], root)


def test_bad_folders_get_clear_errors(tmp_path, mixed):
    root, _ = mixed
    with pytest.raises(FileNotFoundError, match="no folder"):
        images_check.find_unreadable(tmp_path / "missing")
    with pytest.raises(NotADirectoryError, match="is a file"):
        images_check.find_unreadable(root / "cats" / "cat.2000.jpg")
    empty = tmp_path / "empty"
    (empty / "cats").mkdir(parents=True)
    (empty / "cats" / "readme.txt").write_text("no images here")
    with pytest.raises(ValueError, match="no image files"):
        images_check.find_unreadable(empty)
