"""`helpers` is what learners install: it imports nothing a notebook does not need, and a
non-editable install (a built wheel) works on its own, catalogue included."""
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import helpers

TOP = Path(__file__).resolve().parent.parent
TOOL_ONLY = ("nbclient", "nbformat", "psutil", "tools")


def test_helpers_imports_no_maintainer_tooling():
    modules = [m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")]
    code = ("import json, sys\n"
            + "".join(f"import {m}\n" for m in modules)
            + f"print(json.dumps([m for m in {list(TOOL_ONLY)!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=TOP,
                         env={**os.environ, "PYTHONPATH": str(TOP)}, timeout=300, check=True)
    assert json.loads(out.stdout.splitlines()[-1]) == [], "helpers imported maintainer tooling"
    assert "bench" not in {m.rsplit(".", 1)[-1] for m in modules}, "the benchmark lives in tools/"
