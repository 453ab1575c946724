"""helpers.kernels: the reference correlation agrees with OpenCV and scipy on real photos, the
sizes follow O = (I - F + 2P)/S + 1, the seeds' worked examples hold, bad input is named."""
import cv2
import numpy as np
import pytest
from scipy import ndimage

from helpers import images
from helpers.kernels import (BORDERS, GALLERY, PADDINGS, convolve2d, correlate2d, output_size,
                             validate_image, validate_kernel)

SEED_001_IMAGE = np.array([[35, 40, 41, 45, 50],
                           [40, 40, 42, 46, 52],
                           [42, 46, 50, 55, 55],
                           [48, 52, 56, 58, 60],
                           [56, 60, 65, 70, 75]])
SEED_001_KERNEL = np.array([[0, 1, 0], [0, 0, 0], [0, 0, 0]])
ASYMMETRIC = np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], dtype=np.float64)  # emboss

CV2_BORDER = {"constant": cv2.BORDER_CONSTANT, "replicate": cv2.BORDER_REPLICATE,
              "reflect": cv2.BORDER_REFLECT, "reflect_101": cv2.BORDER_REFLECT_101}
SCIPY_MODE = {"constant": "constant", "replicate": "nearest", "reflect": "reflect",
              "reflect_101": "mirror"}


@pytest.fixture(scope="module")
def photo():
    """A real grey photograph (a crop keeps the tests quick), as float64."""
    return images.load("grace_hopper", mode="L")[150:310, 120:330].astype(np.float64)


def test_seed_001_worked_example_gives_42_at_the_centre():
    out = correlate2d(SEED_001_IMAGE, SEED_001_KERNEL)
    assert out.shape == (3, 3)
    assert out[1, 1] == 42
    # the kernel's 1 sits above the centre: every output pixel is the input pixel above it
    np.testing.assert_array_equal(out, SEED_001_IMAGE[0:3, 1:4])


def test_seed_004_codelab_pixel_is_427():
    neighbourhood = np.array([[0, 64, 128], [48, 192, 144], [42, 226, 168]])
    weights = np.array([[-1, 0, -2], [0.5, 4.5, -1.5], [1.5, 2, -3]])
    assert correlate2d(neighbourhood, weights)[0, 0] == pytest.approx(427.0)


@pytest.mark.parametrize("name", list(GALLERY))
@pytest.mark.parametrize("border", list(BORDERS))
def test_same_padding_matches_cv2_filter2d_and_scipy_on_a_photo(photo, name, border):
    kernel = GALLERY[name]
    ours = correlate2d(photo, kernel, padding="same", border=border)
    by_cv2 = cv2.filter2D(photo, ddepth=-1, kernel=kernel, borderType=CV2_BORDER[border])
    by_scipy = ndimage.correlate(photo, kernel, mode=SCIPY_MODE[border], cval=0.0)
    assert ours.shape == photo.shape
    np.testing.assert_allclose(ours, by_cv2, atol=1e-9)
    np.testing.assert_allclose(ours, by_scipy, atol=1e-9)


def test_cv2_default_border_is_reflect_101(photo):
    kernel = GALLERY["sharpen"]
    np.testing.assert_allclose(cv2.filter2D(photo, -1, kernel),
                               correlate2d(photo, kernel, padding="same", border="reflect_101"),
                               atol=1e-9)
    assert not np.allclose(cv2.filter2D(photo, -1, kernel), correlate2d(photo, kernel, padding="same"))


def test_valid_is_the_interior_of_same(photo):
    kernel = GALLERY["Gaussian blur 5×5"]
    same = correlate2d(photo, kernel, padding="same")
    np.testing.assert_allclose(correlate2d(photo, kernel), same[2:-2, 2:-2], atol=1e-12)


def test_full_padding_matches_scipy_on_a_zero_padded_photo(photo):
    kernel = ASYMMETRIC
    padded = np.pad(photo, 2)
    expected = ndimage.correlate(padded, kernel, mode="constant")[1:-1, 1:-1]
    np.testing.assert_allclose(correlate2d(photo, kernel, padding="full"), expected, atol=1e-9)


def test_convolution_flips_the_kernel(photo):
    conv = convolve2d(photo, ASYMMETRIC, padding="same", border="reflect_101")
    np.testing.assert_allclose(conv, ndimage.convolve(photo, ASYMMETRIC, mode="mirror"), atol=1e-9)
    np.testing.assert_allclose(conv, correlate2d(photo, ASYMMETRIC[::-1, ::-1], padding="same",
                                                 border="reflect_101"), atol=1e-9)
    corr = correlate2d(photo, ASYMMETRIC, padding="same", border="reflect_101")
    assert np.abs(conv - corr).max() > 10  # on a real photo the difference is plain to see


def test_symmetric_kernels_give_the_same_correlation_and_convolution(photo):
    for name in ("edge detection", "sharpen", "box blur 3×3", "Gaussian blur 5×5"):
        np.testing.assert_allclose(convolve2d(photo, GALLERY[name]), correlate2d(photo, GALLERY[name]),
                                   atol=1e-9)


def test_borders_build_the_opencv_rows():
    row = np.array([[1.0, 2, 3, 4, 5]])
    pick = np.zeros((1, 5))
    pick[0, 0] = 1  # output = the pixel 2 to the left: reveals the padding on the left
    for border, cv_flag in CV2_BORDER.items():
        ours = correlate2d(row, pick, padding="same", border=border)
        expected = cv2.copyMakeBorder(row, 0, 0, 2, 2, cv_flag, value=0)[:, :5]
        np.testing.assert_array_equal(ours, expected, err_msg=border)


@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("f", [1, 3, 5])
def test_output_shape_follows_the_formula(padding, stride, f):
    image = np.zeros((11, 14))
    kernel = np.ones((f, f))
    p = {"valid": 0, "same": f // 2, "full": f - 1}[padding]
    out = correlate2d(image, kernel, padding=padding, stride=stride)
    assert out.shape == ((11 - f + 2 * p) // stride + 1, (14 - f + 2 * p) // stride + 1)


def test_stride_keeps_every_sth_position(photo):
    kernel = GALLERY["edge detection"]
    dense = correlate2d(photo, kernel, padding="same")
    np.testing.assert_allclose(correlate2d(photo, kernel, padding="same", stride=2), dense[::2, ::2])
    np.testing.assert_allclose(correlate2d(photo, kernel, stride=3), dense[1:-1, 1:-1][::3, ::3])


def test_output_size_formula_and_its_checks():
    assert output_size(32, 5, p=2) == 32                # seed 004: same padding keeps the size
    assert output_size(224, 2, s=2) == 112              # 2×2 pooling, stride 2
    assert output_size(5, 3) == 3                       # seed 001: 5×5 image, 3×3 kernel
    assert output_size(7, 3, s=2) == 3
    with pytest.raises(ValueError, match="not whole"):
        output_size(10, 3, s=2)
    with pytest.raises(ValueError, match="does not fit"):
        output_size(3, 5)
    with pytest.raises(ValueError, match="stride S"):
        output_size(5, 3, s=0)
    with pytest.raises(ValueError, match="padding P"):
        output_size(5, 3, p=-1)
    with pytest.raises(ValueError, match="filter size F"):
        output_size(5, 2.5)


def test_even_sized_kernel_is_refused_by_name():
    with pytest.raises(ValueError, match=r"odd sides.*2×2"):
        correlate2d(np.zeros((5, 5)), np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"3×4"):
        validate_kernel(np.ones((3, 4)))


@pytest.mark.parametrize("kernel", [np.ones(3), np.ones((3, 3, 3)), np.array(1.0)])
def test_non_2d_kernel_is_refused_with_its_shape(kernel):
    with pytest.raises(ValueError, match=r"2-D.*shape"):
        validate_kernel(kernel)


@pytest.mark.parametrize("kernel", [[["0", "1", "0"]] * 3,
                                    np.array([[0, 1, 0]] * 3, dtype=object),
                                    [[1j, 0, 0]] * 3])
def test_kernel_of_the_wrong_dtype_is_refused_by_dtype(kernel):
    with pytest.raises(TypeError, match="real numbers.*dtype"):
        correlate2d(np.zeros((5, 5)), kernel)


def test_ragged_empty_and_non_finite_kernels_are_refused():
    with pytest.raises(ValueError, match="rectangular grid"):
        validate_kernel([[1, 2, 3], [4, 5]])
    with pytest.raises(ValueError, match="empty"):
        validate_kernel(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="finite"):
        validate_kernel([[0, 0, 0], [0, np.nan, 0], [0, 0, 0]])


def test_bad_images_are_refused_by_name():
    with pytest.raises(ValueError, match="convert colour images to grey"):
        correlate2d(images.load("china"), GALLERY["identity"])
    with pytest.raises(TypeError, match="dtype"):
        validate_image([["a", "b"], ["c", "d"]])
    with pytest.raises(ValueError, match="empty"):
        validate_image(np.zeros((0, 4)))
    with pytest.raises(ValueError, match="does not fit"):
        correlate2d(np.zeros((2, 2)), np.ones((3, 3)))


def test_bad_padding_border_and_stride_are_refused():
    img, k = np.zeros((5, 5)), GALLERY["identity"]
    with pytest.raises(ValueError, match="padding must be one of"):
        correlate2d(img, k, padding="half")
    with pytest.raises(ValueError, match="border must be one of"):
        correlate2d(img, k, border="wrap")
    for stride in (0, 1.5, True):
        with pytest.raises(ValueError, match="stride"):
            correlate2d(img, k, stride=stride)


def test_gallery_kernels_are_seed_003s():
    assert list(GALLERY) == ["identity", "edge detection", "sharpen", "box blur 3×3", "Gaussian blur 5×5"]
    for kernel in GALLERY.values():
        validate_kernel(kernel)
    assert GALLERY["edge detection"].sum() == 0          # flat regions go black
    for name in ("identity", "sharpen", "box blur 3×3", "Gaussian blur 5×5"):
        assert GALLERY[name].sum() == pytest.approx(1.0)  # flat regions keep their brightness
    np.testing.assert_array_equal(GALLERY["Gaussian blur 5×5"] * 256,
                                  np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]))


def test_identity_leaves_a_photo_unchanged(photo):
    np.testing.assert_array_equal(correlate2d(photo, GALLERY["identity"], padding="same"), photo)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_infinity_in_an_image_is_refused(photo, bad):
    image = photo.copy()
    image[3, 4] = bad
    with pytest.raises(ValueError, match=r"finite numbers.*first at row 3, column 4"):
        correlate2d(image, GALLERY["sharpen"])


@pytest.mark.parametrize("border", list(BORDERS))
@pytest.mark.parametrize("shape", [(1, 1), (2, 2), (2, 3), (3, 1), (1, 4)])
def test_a_border_wider_than_a_tiny_image_is_answered_like_opencv_and_scipy(border, shape):
    rng = np.random.default_rng(3)
    image, kernel = rng.uniform(0, 255, size=shape), rng.normal(size=(5, 5))
    ours = correlate2d(image, kernel, padding="same", border=border)
    np.testing.assert_allclose(ours, cv2.filter2D(image, -1, kernel, borderType=CV2_BORDER[border]), atol=1e-9)
    np.testing.assert_allclose(ours, ndimage.correlate(image, kernel, mode=SCIPY_MODE[border]), atol=1e-9)
