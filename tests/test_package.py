"""`helpers` is what learners install: it imports nothing a notebook does not need, and a
non-editable install (a built wheel) works on its own, catalogue included."""
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import helpers
import pytest  # noqa: F401  (fixtures: real_mirror)

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


def test_a_built_wheel_installs_a_working_helpers(tmp_path, real_mirror):
    """Not editable: build a wheel from a copy of the sources, install it into a fresh virtual
    environment, and use it from outside the repository (catalogue, a mirror fetch, a sample)."""
    import shutil
    import sysconfig
    import zipfile

    src = tmp_path / "src"
    shutil.copytree(TOP / "helpers", src / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(TOP / name, src / name)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheels), str(src)], check=True, timeout=600)
    (wheel,) = wheels.glob("pixels_to_convnets-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    assert {"helpers/catalogue.json", "helpers/samples/blood_smear_bccd_00001.jpg",
            "helpers/samples/LICENSE-BCCD", "helpers/exercises/__init__.py"} <= names
    assert not any(n.startswith("tools/") for n in names), "maintainer tools must not ship"

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, timeout=600)
    # The course's libraries (numpy, Pillow) come from this environment, after the venv's own
    # site-packages; its editable install of the course is not loaded (a plain .pth entry).
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "course-stack.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    code = (
        "import helpers, helpers.data as data, helpers.images as images, pathlib, sys\n"
        f"assert pathlib.Path(helpers.__file__).is_relative_to({str(venv)!r}), helpers.__file__\n"
        "entries = data.catalogue()\n"
        "root = data.fetch('mnist')\n"
        "import json\n"
        "print(json.dumps([len(entries), 'cats_and_dogs_filtered' in entries,\n"
        "                  sorted(p.name for p in (root / 'MNIST' / 'raw').glob('[!.]*')),\n"
        "                  images.load('blood_smear').shape, images.sample_boxes('blood_smear')[0].label]))\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update({"COURSE_DATA_MIRROR": str(real_mirror), "KERAS_HOME": str(tmp_path / "keras"),
                "TORCH_HOME": str(tmp_path / "torch")})
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=outside, env=env,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    count, has_cats, files, shape, label = json.loads(out.stdout)
    assert count >= 5 and has_cats
    assert files == sorted(f.name for f in __import__("helpers.data").data.entry("mnist").files)
    assert shape == [480, 640, 3] and label == "WBC"
