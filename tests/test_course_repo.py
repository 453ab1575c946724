"""The repository URL is defined once; the fork command rewrites every place; all agree."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOP / "tools"))
import course_repo  # noqa: E402


def test_every_notebook_and_the_readme_agree():
    assert course_repo.problems() == []


@pytest.fixture
def copy_of_the_course(tmp_path):
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(TOP / name, tmp_path / name)
    shutil.copytree(TOP / "notebooks", tmp_path / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return tmp_path


def test_fork_rewrites_every_place(copy_of_the_course):
    top = copy_of_the_course
    old = course_repo.repo_url(top / "pyproject.toml")
    changed = course_repo.set_url("https://github.com/a-teacher/convnets-course", ref="spring-2027", top=top)
    assert top / "pyproject.toml" in changed and top / "README.md" in changed
    assert course_repo.repo_url(top / "pyproject.toml") == "https://github.com/a-teacher/convnets-course"
    assert course_repo.problems(top) == []
    everything = (top / "README.md").read_text() + "".join(
        p.read_text() for p in (top / "notebooks").glob("*.ipynb"))
    assert old not in everything and course_repo.slug(old) not in everything
    for nb in (top / "notebooks").glob("*.ipynb"):
        cells = json.loads(nb.read_text())["cells"]
        assert "a-teacher/convnets-course/blob/spring-2027/notebooks/" + nb.name in "".join(cells[0]["source"])
        assert 'COURSE_REF = "spring-2027"' in "".join(cells[1]["source"])


def test_a_notebook_left_behind_is_reported(copy_of_the_course):
    top = copy_of_the_course
    nb = sorted((top / "notebooks").glob("*.ipynb"))[0]
    course_repo.set_url("https://github.com/a-teacher/convnets-course", top=top)
    raw = json.loads(nb.read_text())
    raw["cells"][1]["source"] = [l.replace("a-teacher/convnets-course", "someone/else")
                                 for l in raw["cells"][1]["source"]]
    nb.write_text(json.dumps(raw))
    assert any(nb.name in p and "COURSE_REPO" in p for p in course_repo.problems(top))


def test_a_bad_url_is_refused(copy_of_the_course):
    with pytest.raises(ValueError, match="not a GitHub repository URL"):
        course_repo.set_url("https://example.org/course", top=copy_of_the_course)


def test_the_command_line_check():
    out = subprocess.run([sys.executable, str(TOP / "tools" / "course_repo.py"), "check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    assert "point at https://github.com/" in out.stdout
