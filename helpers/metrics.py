"""Headline results, recorded by the notebooks and read back by the benchmark.

A notebook calls ``record`` once per headline figure; the value is printed, and when the
benchmark runs the notebook it sets ``$COURSE_METRICS_FILE`` so the value is also appended
there as a JSON line, to be read back with ``load`` (no scraping of cell text).

>>> from helpers import metrics
>>> metrics.record("cnn_test_accuracy", 0.9187, unit="fraction")
cnn_test_accuracy = 0.9187
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

METRICS_VARIABLE = "COURSE_METRICS_FILE"


def record(name: str, value: float, *, unit: str = "") -> None:
    """Print ``name = value`` and append it to ``$COURSE_METRICS_FILE`` when that is set.

    Nothing is returned, so a call that ends a cell stores its line once, not twice.
    """
    if not name or not name.replace("_", "").isalnum():
        raise ValueError(f"metric name {name!r}: use letters, digits and underscores")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"metric {name!r} must be a number, got {type(value).__name__}") from None
    if not math.isfinite(value):
        raise ValueError(f"metric {name!r} is {value}: not a finite number")
    print(f"{name} = {value:.4g}" + (f" {unit}" if unit and unit != "fraction" else ""))
    path = os.environ.get(METRICS_VARIABLE)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"name": name, "value": value, "unit": unit}) + "\n")


def load(path: Path | str) -> dict[str, dict]:
    """Read a metrics file: ``{name: {"value": ..., "unit": ...}}``; a later line wins."""
    found: dict[str, dict] = {}
    p = Path(path)
    if not p.exists():
        return found
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            found[row["name"]] = {"value": float(row["value"]), "unit": row.get("unit", "")}
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError(f"{p}:{n} is not a metrics line ({e}): {line[:80]!r}") from None
    return found
