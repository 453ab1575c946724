"""Every docstring example in `helpers` (and the maintainer `tools`) runs and shows what it says.

Examples that need what a test machine cannot have (a download, a file in the current folder)
carry `# doctest: +SKIP`; everything else runs, on the real data mirror and in empty caches.
"""
import doctest
import importlib
import pkgutil

import pytest

import helpers
import tools

MODULES = sorted(
    [m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")] + ["helpers"]
    + [m.name for m in pkgutil.walk_packages(tools.__path__, "tools.")] + ["tools"])
NEEDS_DATA = {"helpers.data", "helpers.leukemia"}  # its examples fetch real datasets (from the mirror in tests)


def test_every_helpers_module_is_collected():
    assert {"helpers.data", "helpers.kernels", "helpers.metrics", "helpers.exercises", "tools.bench"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, caches, request, monkeypatch):
    if name in NEEDS_DATA:
        monkeypatch.setenv("COURSE_DATA_MIRROR", str(request.getfixturevalue("real_mirror")))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("COURSE_METRICS_FILE", raising=False)
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name):
        runner.run(test)
    try:
        import matplotlib.pyplot as plt
        plt.close("all")
    except ImportError:
        pass
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples in {name} failed (see above)"
