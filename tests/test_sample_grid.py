"""helpers.sample_grid: mosaics of small images and the one-row-per-epoch figure."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from helpers import sample_grid  # noqa: E402


def test_as_images_accepts_the_three_layouts_and_tensors():
    x = np.random.default_rng(0).random((5, 28, 28))
    for arr in (x, x[:, None], x[..., None], torch.tensor(x[:, None], requires_grad=True)):
        out = sample_grid.as_images(arr)
        assert out.shape == (5, 28, 28) and out.dtype == np.float32
        assert np.allclose(out, x)


@pytest.mark.parametrize("bad, message", [
    (np.zeros((28, 28)), "N grey images"),
    (np.zeros((4, 3, 28, 28)), "N grey images"),
    (np.zeros((0, 28, 28)), "no images"),
    (np.full((2, 4, 4), np.nan), "NaN"),
])
def test_as_images_bad_shapes_give_clear_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        sample_grid.as_images(bad)


def test_tile_places_every_image_where_it_belongs():
    images = np.stack([np.full((3, 2), k, dtype=float) for k in range(1, 6)])   # 5 images of 3×2
    out = sample_grid.tile(images, ncols=2, pad=1, pad_value=-1)
    assert out.shape == (3 * 3 + 2, 2 * 2 + 1)
    for k in range(5):
        r, c = divmod(k, 2)
        assert np.all(out[r * 4: r * 4 + 3, c * 3: c * 3 + 2] == k + 1)
    assert np.all(out[3, :] == -1) and np.all(out[:, 2] == -1)       # the gaps
    assert np.all(out[8:, 3:] == -1)                                    # the empty sixth place


def test_tile_defaults_to_one_row_on_the_images_minimum():
    images = np.random.default_rng(1).uniform(-1, 1, size=(4, 5, 5))
    out = sample_grid.tile(images)
    assert out.shape == (5, 4 * 5 + 3)
    assert out[0, 5] == pytest.approx(images.min())


@pytest.mark.parametrize("kwargs, message", [({"ncols": 0}, "ncols"), ({"pad": -1}, "pad")])
def test_tile_bad_arguments_give_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sample_grid.tile(np.zeros((2, 4, 4)), **kwargs)


def test_show_epoch_rows_draws_one_labelled_row_per_epoch():
    rng = np.random.default_rng(2)
    rows = {1: rng.uniform(-1, 1, (8, 1, 28, 28)), 5: rng.uniform(-1, 1, (8, 1, 28, 28))}
    fig = sample_grid.show_epoch_rows(rows, title="fixed noise")
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
    fig = sample_grid.show_epoch_rows([np.zeros((3, 4, 4)), np.ones((3, 4, 4)), np.ones((3, 4, 4))])
    try:
        assert [ax.get_ylabel() for ax in fig.axes] == ["epoch 1", "epoch 2", "epoch 3"]
    finally:
        plt.close(fig)


def test_show_epoch_rows_labels_rows_by_name_when_keys_are_not_numbers():
    fig = sample_grid.show_epoch_rows({"eval()": np.zeros((2, 4, 4)), "train()": np.ones((2, 4, 4))})
    try:
        assert [ax.get_ylabel() for ax in fig.axes] == ["eval()", "train()"]
    finally:
        plt.close(fig)


def test_show_epoch_rows_bad_input_gives_clear_errors():
    with pytest.raises(ValueError, match="at least one row"):
        sample_grid.show_epoch_rows({})
    with pytest.raises(ValueError, match="epoch 2 has shape"):
        sample_grid.show_epoch_rows({1: np.zeros((4, 28, 28)), 2: np.zeros((5, 28, 28))})
    with pytest.raises(ValueError, match="row for epoch 3"):
        sample_grid.show_epoch_rows({3: np.zeros((28, 28))})
