"""The folded solutions of notebooks 00-04, run after the notebook's own code, pass their checks.

This keeps the solution a learner unfolds and the check that judges it from drifting apart. Each
notebook runs in a fresh process, in quick mode (PyTorch must load before TensorFlow, and a test
process may already hold either).
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
NOTEBOOKS = [TOP / "notebooks" / name for name in (
    "00_setup_and_tensors.ipynb", "01_pixels_and_images.ipynb", "02_filter2d_kernels.ipynb",
    "03_perceptron_and_mlp.ipynb", "04_convolution_and_pooling.ipynb")]

RUNNER = r'''
import contextlib, io, json, re, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
code, solutions, in_exercises = [], [], False
for cell in nb["cells"]:
    text = "".join(cell["source"])
    if cell["cell_type"] == "markdown" and re.search(r"^## Exercises", text, re.M):
        in_exercises = True
    if cell["cell_type"] == "code" and not in_exercises and "widgets." not in text:   # no widget front end here
        code.append(text)
    if cell["cell_type"] == "markdown" and in_exercises:
        solutions += re.findall(r"<summary>Solution to exercise (\d+)</summary>\n\n```python\n(.*?)\n```", text, re.S)
space = {}
with contextlib.redirect_stdout(io.StringIO()):
    exec(compile("\n\n".join(code), sys.argv[1], "exec"), space)
module = re.search(r"from helpers.exercises import (ex\d\d)", "\n".join(code))[1]
print("solutions:", len(solutions))
for number, source in solutions:
    exec(source, space)
    name = re.search(r"def (\w+)\(", source)[1]
    print(f"exercise {number}:", space[module].problems(int(number), space[name]))
'''


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_folded_solutions_pass_their_checks(path, tmp_path):
    env = dict(os.environ, COURSE_MODE="quick", MPLBACKEND="Agg", PYTHONPATH=str(TOP))
    run = subprocess.run([sys.executable, "-c", RUNNER, str(path)], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    counted = re.search(r"solutions: (\d+)", run.stdout)
    assert counted and int(counted[1]) >= 3, run.stdout
    verdicts = re.findall(r"exercise (\d+): (.*)", run.stdout)
    assert len(verdicts) == int(counted[1])
    assert all(v == "[]" for _, v in verdicts), verdicts
