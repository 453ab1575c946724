"""One set of pins: requirements.txt (pip route) and environment.yml (conda route) agree."""
import re
import tomllib
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent


def requirement_lines():
    return [line.strip() for line in (TOP / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def environment_yml():
    text = (TOP / "environment.yml").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(lines)


def conda_pip_lines():
    text = environment_yml()
    block = text.split("- pip:", 1)[1]
    return [m.group(1).strip() for m in re.finditer(r"^\s+- (.+)$", block, re.M)]


def test_every_requirement_is_pinned_exactly():
    for line in requirement_lines():
        assert re.match(r"^[A-Za-z0-9_.\-]+==[0-9][^;\s]*(\s*;\s*.+)?$", line), line


def test_conda_pip_section_is_requirements_txt():
    assert [l for l in conda_pip_lines() if l != "--editable ."] == requirement_lines()
    assert "--editable ." in conda_pip_lines()


def test_conda_uses_conda_forge_only_and_python_311():
    text = environment_yml()
    channels = re.search(r"channels:\n((?:\s+- .+\n)+)", text).group(1)
    assert [c.strip("- ").strip() for c in channels.splitlines()] == ["conda-forge", "nodefaults"]
    assert re.search(r"^\s+- python=3\.11$", text, re.M)


def test_the_tested_stack():
    pins = dict(re.match(r"([^=;\s]+)==([^;\s]+)", l).groups() for l in requirement_lines())
    assert pins["keras"] == "3.15.1" and pins["torch"] == "2.14.1" and pins["torchvision"] == "0.29.1"
    assert pins["tensorflow-cpu"] == pins["tensorflow"] == "2.21.0"
    for name in ["opencv-python-headless", "pillow", "scikit-learn", "scipy", "matplotlib",
                 "ipywidgets", "tqdm", "jupyterlab", "nbval", "pytest", "pooch"]:
        assert name in pins, name
    assert "opencv-python" not in pins  # the headless build only: no GUI libraries


def test_the_package_asks_only_lower_bounds_and_never_the_frameworks():
    project = tomllib.loads((TOP / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.10"
    for dep in project["dependencies"]:
        assert re.match(r"^[a-z0-9\-]+>=[0-9.]+$", dep), dep
        assert not re.match(r"^(tensorflow|keras|torch|torchvision)\b", dep), dep
