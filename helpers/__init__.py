"""Helpers shared by the pixels-to-convnets notebooks.

One module per concern (what the notebooks call; the instructors' tools live in ``tools/``):

- ``helpers.mode``      quick (tests, CI) or full (what a learner runs) mode;
- ``helpers.data``      the catalogue of datasets and weights, fetched, verified and cached;
- ``helpers.weights``   pretrained ImageNet models through the standard calls, with a clear answer offline;
- ``helpers.backbones`` EfficientNet-Lite0, the pretrained CNN that needs no download, and ImageNet's class names;
- ``helpers.features``  features of a pretrained network, extracted once and cached on disk;
- ``helpers.selection`` feature selection by gain ratio;
- ``helpers.leukemia``  Aria et al.'s ALL blood-cell images, found wherever a learner has them;
- ``helpers.env``       versions and accelerators, and the device to compute on;
- ``helpers.plots``     image grids and learning curves;
- ``helpers.grids``     rows of images to compare, mosaics, a generator's samples one row per epoch;
- ``helpers.quality``   how good generated images are, through a classifier's eyes (confidence, Fréchet distance);
- ``helpers.images``    the course's sample photos, loaded as NumPy arrays;
- ``helpers.images_check`` image files TensorFlow cannot decode, found and set aside;
- ``helpers.kernels``   2-D correlation and convolution, a gallery of kernels, output sizes;
- ``helpers.matrices``  small matrices drawn with their values in the cells (unknown cells, windows);
- ``helpers.diagrams``  diagrams that are not matrices: zero padding and its output, one neuron;
- ``helpers.exercises`` each notebook's exercise checks: behaviour tested, the expected value never shown;
- ``helpers.metrics``   headline results recorded for the benchmark (``tools/bench.py``).

TensorFlow, Keras and PyTorch are imported lazily and never installed or pinned here:
Colab brings its own.
"""
import os as _os

# TensorFlow prints C++ and absl log lines on import unless both are set before it loads.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
_os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from . import mode  # noqa: E402

__all__ = ["mode"]
