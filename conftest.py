"""Test-session settings, applied before any kernel starts (nbval kernels inherit them)."""
import os

# Quick mode unless the caller chose otherwise (make test sets it too).
os.environ.setdefault("COURSE_MODE", "quick")
# TensorFlow's import-time log lines go to stderr; silence them for every kernel.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
