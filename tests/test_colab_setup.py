"""Notebook 00 run as Colab runs it: `google.colab` present, the course cloned by the setup cell.

A bare clone of this repository stands in for GitHub (the setup cell's URL and clone folder are
pointed at temporary places), and pip runs as a dry run, so the test proves the cell would install
nothing but the course's helpers (never TensorFlow, Keras or PyTorch) and changes nothing here.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

TOP = Path(__file__).resolve().parent.parent
NOTEBOOK = TOP / "notebooks" / "00_setup_and_tensors.ipynb"
sys.path.insert(0, str(TOP / "tools"))
import course_repo  # noqa: E402


@pytest.fixture
def fake_github(tmp_path):
    if not (TOP / ".git").exists():
        pytest.skip("needs a git checkout of the course")
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(TOP), str(origin)], check=True)
    # The setup cell clones main: the stand-in's main is this checkout's HEAD (whatever branch
    # the checkout is on), so the test runs the code under test, not an older main.
    head = subprocess.run(["git", "-C", str(TOP), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    subprocess.run(["git", "--git-dir", str(origin), "branch", "--force", course_repo.DEFAULT_REF, head],
                   check=True)
    return origin


def colab_style(source: str, origin: Path, content: Path) -> str:
    url = course_repo.repo_url()
    assert source == course_repo.setup_cell(url, course_repo.DEFAULT_REF)
    # pip resolves what it would install (--dry-run) and changes nothing in this environment.
    assert '"install", "--quiet", "--editable"' in source
    return (source.replace(url, f"file://{origin}")
                  .replace("/content/pixels-to-convnets", str(content / "pixels-to-convnets"))
                  .replace('"install", "--quiet", "--editable"', '"install", "--dry-run", "--editable"'))


def test_notebook_00_runs_colab_style(fake_github, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    content = tmp_path / "content"
    content.mkdir()
    monkeypatch.delenv("PYTHONPATH", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells[1].source = colab_style(nb.cells[1].source, fake_github, content)
    stub = nbformat.v4.new_code_cell("import sys, types\nsys.modules['google.colab'] = types.ModuleType('google.colab')")
    probe = nbformat.v4.new_code_cell("import helpers, json\nprint(json.dumps({'helpers': helpers.__file__}))")
    nb.cells = [nb.cells[0], stub, nb.cells[1], probe] + nb.cells[2:]
    # The kernel starts in a folder with no course in it, as Colab's /content.
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(content)}}).execute()

    clone = content / "pixels-to-convnets"
    assert (clone / "helpers" / "data.py").is_file() and (clone / "helpers" / "catalogue.json").is_file()
    where = json.loads("".join(o["text"] for o in nb.cells[3].outputs if o.get("name") == "stdout"))
    assert Path(where["helpers"]).resolve().is_relative_to(clone.resolve())
    # What the cell's pip command installs on top of an environment that has the stack, as Colab does.
    said = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--editable", str(clone)],
                          capture_output=True, text=True, timeout=300)
    assert said.returncode == 0, said.stderr[-2000:]
    would = [line for line in said.stdout.splitlines() if line.startswith("Would install")]
    assert would == ["Would install pixels-to-convnets-0.1.0"], said.stdout[-2000:]
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []


def test_the_setup_cell_does_nothing_locally(tmp_path):
    cell = course_repo.setup_cell(course_repo.repo_url())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", cell + "\nimport sys; print('google.colab' in sys.modules)"],
                         cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
    assert list(tmp_path.iterdir()) == []
