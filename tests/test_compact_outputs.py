"""tools/compact_outputs.py: photographs stored as JPEG, plots kept as exact PNG, bad input refused."""
import base64
import io
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

TOP = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOP))
from tools.compact_outputs import compact_notebook, compact_png  # noqa: E402

PHOTO = TOP / "data" / "samples" / "blood_smear_bccd_00001.jpg"


def figure_png(draw) -> bytes:
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    draw(ax)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def photo_png() -> bytes:
    return figure_png(lambda ax: (ax.imshow(np.asarray(Image.open(PHOTO))), ax.set_title("a blood smear")))


def plot_png() -> bytes:
    return figure_png(lambda ax: (ax.plot([1, 2, 3], [0.5, 0.7, 0.9], "o-"), ax.set_title("accuracy")))


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def test_a_photograph_becomes_a_much_smaller_faithful_jpeg():
    png = photo_png()
    mime, data = compact_png(png)
    assert mime == "image/jpeg" and len(data) < 0.7 * len(png)
    error = np.abs(pixels(data).astype(int) - pixels(png).astype(int)).mean()
    assert error < 3, f"the JPEG differs from the figure by {error:.1f} grey levels on average"


def test_a_line_plot_stays_a_png_with_exactly_the_same_pixels():
    png = plot_png()
    mime, data = compact_png(png)
    assert mime == "image/png" and len(data) <= len(png)
    assert np.array_equal(pixels(data), pixels(png))


def test_a_large_grey_photograph_with_256_levels_becomes_a_jpeg():
    grey = np.asarray(Image.open(PHOTO).convert("L").resize((1280, 960)))
    out = io.BytesIO()
    Image.fromarray(grey).save(out, "PNG")
    assert len(out.getvalue()) > 100_000
    mime, data = compact_png(out.getvalue())
    assert mime == "image/jpeg" and len(data) < 0.4 * len(out.getvalue())


def test_not_a_png_is_a_clear_error():
    with pytest.raises(ValueError, match="not a readable PNG"):
        compact_png(b"\x89PNG but cut")


def notebook(tmp_path, outputs, metadata=None) -> Path:
    nb = {"cells": [{"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {},
                     "source": "plot()", "outputs": outputs}],
          "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def display(png: bytes) -> dict:
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(png).decode(), "text/plain": "<Figure>"}}


def test_a_notebook_is_rewritten_in_place_and_loses_its_widget_state(tmp_path):
    photo, plot = photo_png(), plot_png()
    path = notebook(tmp_path, [display(photo), display(plot)],
                    {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {"x": 1}}}})
    before, after = compact_notebook(path)
    assert after < before
    nb = json.loads(path.read_text(encoding="utf-8"))
    first, second = (o["data"] for o in nb["cells"][0]["outputs"])
    assert set(first) == {"image/jpeg", "text/plain"} and "image/png" in second
    assert np.array_equal(pixels(base64.b64decode(second["image/png"])), pixels(plot))
    assert "widgets" not in nb["metadata"]
    assert compact_notebook(path) == (after, after), "a second pass changes nothing"


def test_a_file_that_is_not_a_notebook_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(ValueError, match="not a notebook"):
        compact_notebook(path)
    assert path.read_text(encoding="utf-8") == '{"cells": ['
