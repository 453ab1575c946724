"""Test-session settings, applied before any kernel starts (nbval kernels inherit them)."""
import os

# Quick mode unless the caller chose otherwise (make test sets it too).
os.environ.setdefault("COURSE_MODE", "quick")
# TensorFlow's import-time log lines go to stderr; silence them for every kernel.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")


# Per-notebook run times (nbval reports one test per cell; a learner cares about the notebook).
_notebook_seconds: dict = {}


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::", 1)[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] = _notebook_seconds.get(path, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter):
    if _notebook_seconds:
        terminalreporter.section("notebook run times (kernel start excluded)")
        for path, seconds in sorted(_notebook_seconds.items()):
            terminalreporter.write_line(f"{seconds:7.1f} s  {path}")
