"""The course's repository URL, defined once (pyproject.toml, [project.urls] Repository).

Every notebook's "Open in Colab" badge and Colab setup cell, and the README's badges, are
derived from it. For a fork:

    python tools/course_repo.py set https://github.com/you/pixels-to-convnets [--ref main]
    python tools/course_repo.py check        # lists every place that disagrees (exit 1)

SETUP_CELL is the setup cell every notebook starts its code with, word for word.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

if not __package__:  # run as `python tools/course_repo.py`: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools import TOP  # noqa: E402

PYPROJECT = TOP / "pyproject.toml"
README = TOP / "README.md"
NOTEBOOKS = TOP / "notebooks"
DEFAULT_REF = "main"

SETUP_CELL = '''\
# Setup. In Colab this fetches the course's helpers and leaves Colab's own TensorFlow, Keras and
# PyTorch alone; locally (make lab, conda or pip) the helpers are installed and it does nothing.
import sys

COURSE_REPO = "{url}"
COURSE_REF = "{ref}"
if "google.colab" in sys.modules:
    import pathlib, subprocess
    course = pathlib.Path("/content/pixels-to-convnets")
    if not course.exists():
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", COURSE_REF,
                        COURSE_REPO, str(course)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--editable", str(course)],
                   check=True)
    sys.path.insert(0, str(course))'''

URL_RE = re.compile(r'^Repository = "(https://github\.com/[^/"]+/[^/"]+)"$', re.M)
BADGE_RE = re.compile(r"https://colab\.research\.google\.com/github/([^/\s)]+/[^/\s)]+)/blob/([^/\s)]+)/notebooks/")
REPO_LINE_RE = re.compile(r'^COURSE_REPO = "([^"]*)"$', re.M)
REF_LINE_RE = re.compile(r'^COURSE_REF = "([^"]*)"$', re.M)


def repo_url(pyproject: Path = PYPROJECT) -> str:
    """The one definition: ``[project.urls] Repository`` in pyproject.toml."""
    m = URL_RE.search(pyproject.read_text(encoding="utf-8"))
    if not m:
        raise ValueError(f"{pyproject}: no 'Repository = \"https://github.com/<owner>/<name>\"' line")
    return m.group(1)


def slug(url: str) -> str:
    """``https://github.com/a/b`` -> ``a/b``."""
    m = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)/?", url)
    if not m:
        raise ValueError(f"{url!r} is not a GitHub repository URL (https://github.com/<owner>/<name>)")
    return m.group(1)


def setup_cell(url: str, ref: str = DEFAULT_REF) -> str:
    return SETUP_CELL.format(url=url, ref=ref)


def badge(url: str, notebook: str, ref: str = DEFAULT_REF) -> str:
    target = f"https://colab.research.google.com/github/{slug(url)}/blob/{ref}/notebooks/{notebook}"
    return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({target})"


def problems(top: Path = TOP) -> list[str]:
    """Every place whose repository URL or ref disagrees with pyproject.toml."""
    url = repo_url(top / "pyproject.toml")
    want = slug(url)
    found = []
    texts = {top / "README.md": (top / "README.md").read_text(encoding="utf-8")}
    for nb in sorted((top / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        texts[nb] = "\n".join("".join(c["source"]) for c in cells)
        if not cells or nb.name not in "".join(cells[0]["source"]) or \
                "colab.research.google.com/github/" not in "".join(cells[0]["source"]):
            found.append(f"{nb.name}: the first cell lacks its own Open-in-Colab badge")
        repos = REPO_LINE_RE.findall(texts[nb])
        if repos != [url]:
            found.append(f"{nb.name}: COURSE_REPO lines {repos}, expected [{url!r}]")
        refs = REF_LINE_RE.findall(texts[nb])
        code = [("".join(c["source"])) for c in cells if c["cell_type"] == "code"]
        if not code or not refs or code[0] != setup_cell(url, refs[0]):
            found.append(f"{nb.name}: the first code cell is not the course's setup cell")
    for path, text in texts.items():
        for owner_repo, ref in BADGE_RE.findall(text):
            if owner_repo != want:
                found.append(f"{path.name}: a Colab badge points at {owner_repo}, expected {want}")
    return found


def set_url(url: str, ref: str | None = None, top: Path = TOP) -> list[Path]:
    """Point pyproject, README and every notebook at ``url`` (and ``ref``); return changed files."""
    new_slug = slug(url)
    old_url = repo_url(top / "pyproject.toml")
    changed = []
    py = top / "pyproject.toml"
    text = py.read_text(encoding="utf-8")
    new = URL_RE.sub(f'Repository = "{url}"', text)
    if new != text:
        py.write_text(new, encoding="utf-8")
        changed.append(py)

    def rewrite(text: str) -> str:
        text = BADGE_RE.sub(lambda m: f"https://colab.research.google.com/github/{new_slug}/blob/"
                                      f"{ref or m.group(2)}/notebooks/", text)
        text = text.replace(old_url, url)
        text = REPO_LINE_RE.sub(f'COURSE_REPO = "{url}"', text)
        if ref:
            text = REF_LINE_RE.sub(f'COURSE_REF = "{ref}"', text)
        return text

    readme = top / "README.md"
    text = readme.read_text(encoding="utf-8")
    if rewrite(text) != text:
        readme.write_text(rewrite(text), encoding="utf-8")
        changed.append(readme)
    for nb in sorted((top / "notebooks").glob("*.ipynb")):
        raw = json.loads(nb.read_text(encoding="utf-8"))
        before = json.dumps(raw)
        for cell in raw["cells"]:
            src = "".join(cell["source"])
            cell["source"] = rewrite(src).splitlines(keepends=True)
        if json.dumps(raw) != before:
            nb.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            changed.append(nb)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("set", help="point the course at another repository (a fork)")
    s.add_argument("url")
    s.add_argument("--ref", help="branch or tag Colab clones (default: keep)")
    sub.add_parser("check", help="list the places that disagree with pyproject.toml")
    args = parser.parse_args(argv)
    if args.command == "set":
        for path in set_url(args.url.rstrip("/"), args.ref):
            print("updated", path.relative_to(TOP))
        return 0
    found = problems()
    print("\n".join(found) if found else f"every notebook and the README point at {repo_url()}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
