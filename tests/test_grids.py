"""helpers.grids: mosaics and rows of images."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from helpers import grids


def test_mosaic_places_each_image_in_reading_order():
    images = np.stack([np.full((2, 3), k, dtype=np.float32) for k in range(5)])
    out = grids.mosaic(images, ncols=2, pad=1, pad_value=-1)
    assert out.shape == (3 * 2 + 2, 2 * 3 + 1) and out.dtype == np.float32
    assert (out[0:2, 0:3] == 0).all() and (out[0:2, 4:7] == 1).all()
    assert (out[3:5, 0:3] == 2).all() and (out[6:8, 0:3] == 4).all()
    assert (out[6:8, 4:7] == -1).all(), "the empty place in the last row is filled with pad_value"
    assert (out[2, :] == -1).all() and (out[:, 3] == -1).all(), "the gaps are pad_value"


def test_mosaic_defaults_to_a_square_and_the_brightest_value_between_tiles():
    images = np.random.default_rng(0).uniform(0, 0.5, size=(9, 4, 4, 1))
    out = grids.mosaic(images)
    assert out.shape == (3 * 4 + 2, 3 * 4 + 2)
    assert out[4, 0] == images.max()


def test_mosaic_keeps_colour_and_integer_images():
    rgb = np.zeros((4, 5, 5, 3), dtype=np.uint8)
    out = grids.mosaic(rgb, ncols=4, pad=0)
    assert out.shape == (5, 20, 3) and out.dtype == np.uint8


def test_mosaic_with_more_columns_than_images():
    assert grids.mosaic(np.zeros((2, 3, 3)), ncols=10, pad=0).shape == (3, 6)


@pytest.mark.parametrize("bad, message", [
    (np.zeros((0, 28, 28)), "no images"),
    (np.zeros((28, 28)), "batch of images"),
    (np.zeros((2, 28, 28, 2)), "is not"),
    ([np.zeros((28, 28)), np.zeros((14, 14))], "batch of images"),
])
def test_mosaic_refuses_what_is_not_a_batch_of_images(bad, message):
    with pytest.raises(ValueError, match=message):
        grids.mosaic(bad)


@pytest.mark.parametrize("kwargs", [{"ncols": 0}, {"ncols": 1.5}, {"pad": -1}])
def test_mosaic_refuses_bad_layout(kwargs):
    with pytest.raises(ValueError):
        grids.mosaic(np.zeros((4, 3, 3)), **kwargs)


def test_show_rows_draws_one_row_per_kind_with_labels():
    rows = {"original": np.zeros((5, 28, 28, 1)), "reconstruction": np.ones((5, 28, 28))}
    fig = grids.show_rows(rows, titles=[str(k) for k in range(5)], suptitle="test")
    try:
        assert len(fig.axes) == 10
        assert fig.axes[0].get_ylabel() == "original" and fig.axes[5].get_ylabel() == "reconstruction"
        assert fig.axes[3].get_title() == "3"
        assert fig.axes[5].images[0].get_array().shape == (28, 28)
    finally:
        plt.close(fig)


def test_show_rows_refuses_uneven_rows_and_wrong_titles():
    with pytest.raises(ValueError, match="same number"):
        grids.show_rows({"a": np.zeros((3, 4, 4)), "b": np.zeros((2, 4, 4))})
    with pytest.raises(ValueError, match="titles"):
        grids.show_rows({"a": np.zeros((3, 4, 4))}, titles=["x"])
    with pytest.raises(ValueError, match="at least one row"):
        grids.show_rows({})


def test_tensors_and_channel_first_batches_are_accepted():
    x = np.random.default_rng(0).random((5, 28, 28)).astype(np.float32)
    for arr in (x[:, None], x[..., None], torch.tensor(x[:, None], requires_grad=True)):
        assert np.allclose(grids.mosaic(arr, ncols=5, pad=0), np.concatenate(list(x), axis=1))


def test_show_epoch_rows_draws_one_labelled_row_per_epoch():
    rng = np.random.default_rng(2)
    rows = {1: rng.uniform(-1, 1, (8, 1, 28, 28)), 5: rng.uniform(-1, 1, (8, 1, 28, 28))}
    fig = grids.show_epoch_rows(rows, title="fixed noise")
    try:
        assert len(fig.axes) == 2
        assert [ax.get_ylabel() for ax in fig.axes] == ["epoch 1", "epoch 5"]
        shown = fig.axes[1].images[0].get_array()
        assert shown.shape == (28, 8 * 28 + 7)
        assert np.allclose(shown[:, :28], rows[5][0, 0])
        width, height = fig.get_size_inches()
        assert width > 3 * height                      # a compact strip per epoch, not a big square grid
    finally:
        plt.close(fig)


def test_show_epoch_rows_numbers_a_list_from_one():
    fig = grids.show_epoch_rows([np.zeros((3, 4, 4)), np.ones((3, 4, 4)), np.ones((3, 4, 4))])
    try:
        assert [ax.get_ylabel() for ax in fig.axes] == ["epoch 1", "epoch 2", "epoch 3"]
    finally:
        plt.close(fig)


def test_show_epoch_rows_labels_rows_by_name_when_keys_are_not_numbers():
    fig = grids.show_epoch_rows({"eval()": np.zeros((2, 4, 4)), "train()": np.ones((2, 4, 4))})
    try:
        assert [ax.get_ylabel() for ax in fig.axes] == ["eval()", "train()"]
    finally:
        plt.close(fig)


def test_show_epoch_rows_bad_input_gives_clear_errors():
    with pytest.raises(ValueError, match="at least one row"):
        grids.show_epoch_rows({})
    with pytest.raises(ValueError, match="epoch 2 has shape"):
        grids.show_epoch_rows({1: np.zeros((4, 28, 28)), 2: np.zeros((5, 28, 28))})
    with pytest.raises(ValueError, match="row for epoch 3"):
        grids.show_epoch_rows({3: np.zeros((28, 28))})
