"""helpers.images: the sample photos load as the libraries read them; bad sources are named."""
import cv2
import numpy as np
import pytest

from helpers import images

SHAPES = {"china": (427, 640, 3), "flower": (427, 640, 3), "grace_hopper": (600, 512, 3),
          "blood_smear": (480, 640, 3)}


@pytest.mark.parametrize("name", list(images.SAMPLES))
def test_samples_load_as_rgb_uint8_identical_to_opencv(name):
    rgb = images.load(name)
    assert rgb.shape == SHAPES[name] and rgb.dtype == np.uint8
    assert rgb.std() > 15 and len(np.unique(rgb)) > 150  # a real photo, not a flat fill
    bgr = cv2.imread(str(images.sample_path(name)))
    assert bgr is not None
    np.testing.assert_array_equal(rgb, bgr[:, :, ::-1])  # OpenCV reads the same pixels, as BGR


@pytest.mark.parametrize("name", list(images.SAMPLES))
def test_grey_mode_is_the_itu_r_601_luma(name):
    rgb = images.load(name).astype(np.float64)
    grey = images.load(name, mode="L")
    assert grey.shape == SHAPES[name][:2] and grey.dtype == np.uint8
    luma = rgb @ np.array([0.299, 0.587, 0.114])
    assert np.abs(grey - luma).max() <= 1.0


def test_a_path_loads_like_the_sample_name(tmp_path):
    path = images.sample_path("flower")
    np.testing.assert_array_equal(images.load(path), images.load("flower"))
    np.testing.assert_array_equal(images.load(str(path), mode="L"), images.load("flower", mode="L"))


def test_png_with_alpha_loads_as_rgb(tmp_path):
    from PIL import Image

    rgba = np.zeros((4, 5, 4), dtype=np.uint8)
    rgba[..., 0], rgba[..., 3] = 200, 255
    Image.fromarray(rgba, mode="RGBA").save(tmp_path / "red.png")
    loaded = images.load(tmp_path / "red.png")
    assert loaded.shape == (4, 5, 3)
    assert (loaded[..., 0] == 200).all() and (loaded[..., 1:] == 0).all()


def test_missing_file_is_named(tmp_path):
    missing = tmp_path / "no_such_photo.jpg"
    with pytest.raises(FileNotFoundError, match="no_such_photo.jpg"):
        images.load(missing)


def test_unknown_sample_name_lists_the_samples():
    with pytest.raises(FileNotFoundError, match="china, flower, grace_hopper, blood_smear"):
        images.load("chna")
    with pytest.raises(KeyError, match="the samples are: china"):
        images.sample_path("chna")


def test_non_image_file_is_named(tmp_path):
    notes = tmp_path / "notes.jpg"
    notes.write_text("this is text, not a JPEG")
    with pytest.raises(ValueError, match=r"notes\.jpg is not an image"):
        images.load(notes)


def test_truncated_jpeg_is_named(tmp_path):
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(images.sample_path("china").read_bytes()[:2000])
    with pytest.raises(ValueError, match=r"cut\.jpg could not be decoded"):
        images.load(cut)


def test_directory_is_not_an_image_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no image file"):
        images.load(tmp_path)


def test_bad_mode_is_refused():
    with pytest.raises(ValueError, match="mode must be 'RGB' or 'L'"):
        images.load("china", mode="CMYK")


def test_blood_smear_boxes_are_the_bccd_annotation():
    boxes = images.sample_boxes("blood_smear")
    labels = [b.label for b in boxes]
    assert len(boxes) == 19 and labels.count("RBC") == 18 and labels.count("WBC") == 1
    height, width = SHAPES["blood_smear"][:2]
    for b in boxes:
        assert 0 <= b.xmin < b.xmax <= width and 0 <= b.ymin < b.ymax <= height
    wbc = next(b for b in boxes if b.label == "WBC")
    assert (wbc.xmin, wbc.ymin, wbc.xmax, wbc.ymax) == (68, 315, 286, 480)
    # the white cell's box holds the purple-stained nucleus: bluer than the rest of the smear
    rgb = images.load("blood_smear").astype(int)
    inside = rgb[wbc.ymin:wbc.ymax, wbc.xmin:wbc.xmax]
    assert (inside[..., 2] - inside[..., 0]).mean() > (rgb[..., 2] - rgb[..., 0]).mean() + 5


def test_boxes_for_a_sample_without_annotations_are_refused():
    with pytest.raises(KeyError, match="no annotations for 'china'.*blood_smear"):
        images.sample_boxes("china")


def test_unreadable_annotation_file_is_named(tmp_path, monkeypatch):
    broken = tmp_path / "broken.xml"
    broken.write_text("<annotation><object>")
    monkeypatch.setitem(images.ANNOTATIONS, "blood_smear", lambda: broken)
    with pytest.raises(ValueError, match=r"broken\.xml is not a readable annotation file"):
        images.sample_boxes("blood_smear")


def test_a_16_bit_grey_png_is_scaled_not_clipped(tmp_path):
    from PIL import Image

    grey = images.load("grace_hopper", mode="L")
    wide = grey.astype(np.uint16) * 257  # the same picture, 0–65535
    path = tmp_path / "portrait16.png"
    Image.fromarray(wide).save(path)
    with Image.open(path) as im:
        assert im.mode.startswith("I")  # really a 16-bit image on disk
    np.testing.assert_array_equal(images.load(path, mode="L"), grey)
    rgb = images.load(path)
    assert rgb.shape == grey.shape + (3,) and rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb[:, :, 1], grey)


def test_a_phone_photo_comes_the_right_way_up(tmp_path):
    from PIL import Image

    photo = images.load("china")
    upright, rotated = tmp_path / "upright.jpg", tmp_path / "rotated.jpg"
    Image.fromarray(photo).save(upright, quality=95)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show the pixels rotated 90° clockwise
    Image.fromarray(photo).save(rotated, quality=95, exif=exif)
    shown = images.load(rotated)
    assert shown.shape == (photo.shape[1], photo.shape[0], 3)
    np.testing.assert_array_equal(shown, np.rot90(images.load(upright), k=-1))
