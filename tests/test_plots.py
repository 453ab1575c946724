import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import images, plots  # noqa: E402


def test_show_images_grid_and_titles():
    photo = images.load("china")
    fig = plots.show_images([photo, photo[..., 0], photo[..., :1]], titles=["rgb", "grey", "one channel"], ncols=2)
    titled = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titled == ["rgb", "grey", "one channel"]
    assert len(fig.axes) == 4  # 2×2 grid, the spare axis hidden
    assert fig.axes[0].images[0].get_array().shape == photo.shape


@pytest.mark.parametrize("imgs,titles,match", [
    ([], None, "at least one image"),
    ([np.zeros((4, 4))], ["a", "b"], "1 images but 2 titles"),
    ([np.zeros((2, 4, 4, 3))], None, r"image 0 has shape \(2, 4, 4, 3\)"),
])
def test_show_images_bad_input(imgs, titles, match):
    with pytest.raises(ValueError, match=match):
        plots.show_images(imgs, titles)


def test_plot_history_from_a_dict():
    history = {"loss": [1.0, 0.5, 0.2], "val_loss": [1.1, 0.7, 0.9], "accuracy": [0.5, 0.8, 0.9],
               "val_accuracy": [0.5, 0.7, 0.72]}
    fig = plots.plot_history(history, reference={"seed val_accuracy": 0.712})
    loss_ax, acc_ax = fig.axes
    assert [len(line.get_xdata()) for line in loss_ax.lines] == [3, 3]
    assert len(acc_ax.lines) == 3  # training, validation, the seed's line
    assert list(acc_ax.lines[1].get_ydata()) == [0.5, 0.7, 0.72]


def test_plot_history_without_the_metrics():
    with pytest.raises(ValueError, match=r"none of \['loss', 'accuracy'\]"):
        plots.plot_history({"mae": [1.0]})


def test_plot_history_epoch_ticks_are_whole_and_references_differ():
    history = {"accuracy": [0.5, 0.8, 0.9], "val_accuracy": [0.5, 0.7, 0.72]}
    fig = plots.plot_history(history, metrics=("accuracy",),
                             reference={"seed accuracy": 0.99, "seed val_accuracy": 0.712})
    ax = fig.axes[0]
    fig.canvas.draw()
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)
    references = ax.lines[2:]
    assert len(references) == 2 and references[0].get_linestyle() != references[1].get_linestyle()
    legend = ax.get_legend()
    assert legend.get_window_extent().y1 <= ax.get_window_extent().y0   # below the panel, off the data
