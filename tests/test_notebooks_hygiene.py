"""Every notebook as a learner reads it on GitHub: structure, clean stored outputs, exercises that keep
their answers and fold their solutions, a size budget.

Each rule is a function that returns a list of problems for one notebook (empty when it is clean); the
tests run every rule on every notebook in notebooks/ (new ones included), and the unit tests at the end
feed each rule a deliberately bad notebook, so that no rule is one that cannot fail.
"""
from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((TOP / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TESTS = TOP / "tests"
EXERCISES = TOP / "helpers" / "exercises"

SIZE_BUDGET = 1_000_000          # bytes per notebook, outputs included
WIDGET_STATE_BUDGET = 5_000      # bytes of ipywidgets state in the notebook's metadata
MACHINE_PATH = re.compile(r"(/work/|/root/|/tmp/|/home/\w+/|/Users/\w+/|/content/)")
# Words for the course's makers, not its learners: project targets and how they were met or missed,
# how a section was designed, and the line a quick (test) run prints.
NOT_FOR_LEARNERS = [
    (re.compile(r"\bMISSED\b"), "a target's verdict (MISSED)"),
    (re.compile(r"\b(?:our|the project'?s?|speed|accuracy|time|benchmark)\s+targets?\b", re.I), "project targets"),
    (re.compile(r"\btargets?\s+(?:met|missed|reached|of this notebook)\b", re.I), "project targets"),
    (re.compile(r"\bwe also tried\b", re.I), "how the section was designed (we also tried)"),
    (re.compile(r"\bwhile designing\b", re.I), "how the section was designed (while designing)"),
]
QUICK_LINE = re.compile(r"Run mode: QUICK")
MODE_LINE = re.compile(r"Run mode: ")
PROGRESS_BAR = re.compile(r"(?<![\d.])(\d{1,2})%\|")          # tqdm's text bar short of 100 %
EXERCISE_CHECK = re.compile(r"\bex(\d\d)\.check\(\s*(\d+)\s*,")
SOLUTION = re.compile(r"<details>\s*<summary>\s*Solution to exercise (\d+)\s*</summary>\n\n```python\n.*?\n```"
                      r".*?</details>", re.S)


# --------------------------------------------------------------------------------------- reading
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def output_texts(cell: dict):
    """Every text a stored output shows (stream text, plain text, markdown, HTML)."""
    for out in cell.get("outputs", []):
        if "text" in out:
            yield out, "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
        for mime in ("text/plain", "text/markdown", "text/html"):
            if mime in out.get("data", {}):
                value = out["data"][mime]
                yield out, "".join(value) if isinstance(value, list) else value


def exercise_cells(nb: dict) -> list[dict]:
    """The cells from the '## Exercises' heading on."""
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown" and re.search(r"^## Exercises", source(cell), re.M):
            return cells[i:]
    return []


# ------------------------------------------------------------------------------------- the rules
def errors_and_stderr(nb: dict) -> list[str]:
    found = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                found.append(f"cell {i} stores an error ({out.get('ename')})")
            if out["output_type"] == "stream" and out.get("name") == "stderr":
                text = "".join(out.get("text", ""))
                found.append(f"cell {i} stores stderr output: {text.strip()[:80]!r}")
    return found


def machine_paths(nb: dict) -> list[str]:
    found = []
    for i, cell in enumerate(nb["cells"]):
        for _, text in output_texts(cell):
            m = MACHINE_PATH.search(text)
            if m:
                found.append(f"cell {i} shows a machine path: {m[0]}")
    return found


def not_for_learners(nb: dict) -> list[str]:
    """Project targets, verdicts, design stories in the prose or the stored outputs; quick-run lines."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        texts = [text for _, text in output_texts(cell)]
        if cell["cell_type"] == "markdown":
            texts.append(source(cell))
        for text in texts:
            for pattern, what in NOT_FOR_LEARNERS:
                m = pattern.search(text)
                if m:
                    found.append(f"cell {i} shows {what}: {m[0]!r}")
        for _, text in output_texts(cell):
            if QUICK_LINE.search(text):
                found.append(f"cell {i} stores a quick-mode run: store the outputs of a full run")
    return found


def mode_line_twice(nb: dict) -> list[str]:
    shown = [(i, out["output_type"]) for i, cell in enumerate(nb["cells"])
             for out, text in output_texts(cell) if MODE_LINE.search(text)]
    if len(shown) > 1:
        return [f"the run-mode line is stored {len(shown)} times ({shown}): call mode.show() as a statement"]
    return []


def progress_bars(nb: dict) -> list[str]:
    found = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if "application/vnd.jupyter.widget-view+json" in out.get("data", {}) and \
                    PROGRESS_BAR.search("".join(out["data"].get("text/plain", ""))):
                found.append(f"cell {i} stores a progress-bar widget (GitHub shows its text)")
        for _, text in output_texts(cell):
            m = PROGRESS_BAR.search(text)
            if m:
                found.append(f"cell {i} stores an unfinished progress bar ({m[0]!r}): print one line per step")
    return found


def widget_state(nb: dict) -> list[str]:
    size = len(json.dumps(nb.get("metadata", {}).get("widgets", {})))
    if size > WIDGET_STATE_BUDGET:
        return [f"{size:,} bytes of widget state in the notebook's metadata (budget {WIDGET_STATE_BUDGET:,})"]
    return []


def too_big(path: Path) -> list[str]:
    size = path.stat().st_size
    if size > SIZE_BUDGET:
        return [f"{path.name} is {size / 1e6:.2f} MB (budget {SIZE_BUDGET / 1e6:.0f} MB): store photographs "
                "as JPEG (tools/compact_outputs.py), keep figures small"]
    return []


def _calls_named_check(code: str):
    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return None
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id == "check") or
        (isinstance(node.func, ast.Attribute) and node.func.attr == "check" and isinstance(node.func.value, ast.Name)
         and re.fullmatch(r"ex\d\d|selfcheck|exercises", node.func.value.id)))]


def visible_answers(nb: dict) -> list[str]:
    """A check must be exNN.check(number, the_learners_function): no expected value, no hints beside it."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        code = source(cell)
        if re.search(r"\bhelpers\.selfcheck\b|\bfrom helpers import\b[^\n]*\bselfcheck\b", code):
            found.append(f"cell {i} imports helpers.selfcheck, whose check shows the expected value: "
                         "use helpers.exercises")
        calls = _calls_named_check(code)
        if calls is None:
            if re.search(r"\bcheck\(", code) and not EXERCISE_CHECK.search(code):
                found.append(f"cell {i} calls check( in a form this test cannot read")
            continue
        for call in calls:
            ok = (len(call.args) == 2 and not call.keywords and isinstance(call.args[0], ast.Constant)
                  and isinstance(call.args[0].value, int) and isinstance(call.args[1], ast.Name)
                  and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
                  and re.fullmatch(r"ex\d\d", call.func.value.id))
            if not ok:
                found.append(f"cell {i} line {call.lineno}: {ast.unparse(call)[:100]!r} shows more than the "
                             "learner's answer: write exNN.check(n, answer)")
    return found


def unfolded_solutions(nb: dict) -> list[str]:
    """Solutions fold in <details> blocks wherever the notebook is read; every checked exercise has one."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell.get("metadata", {}).get("jp-MarkdownHeadingCollapsed"):
            found.append(f"cell {i} relies on JupyterLab's collapsed heading, which GitHub and Colab ignore")
    tail = exercise_cells(nb)
    checked, folded = set(), set()
    for cell in tail:
        text = source(cell)
        if cell["cell_type"] == "code":
            checked |= {int(n) for _, n in EXERCISE_CHECK.findall(text)}
            continue
        if re.search(r"^#+ .*solution", text, re.M | re.I):
            found.append("a solutions heading: headings do not fold on GitHub; use <details> blocks")
        if text.count("<details>") != text.count("</details>"):
            found.append("a <details> block is not closed")
        folded |= {int(n) for n in SOLUTION.findall(text)}
        outside = SOLUTION.sub("", text)
        if re.search(r"```python|^\s*answer_\d+\s*=", outside, re.M):
            found.append(f"code shown outside a <details> block in the exercises: {outside.strip()[:80]!r}")
    for n in sorted(checked - folded):
        found.append(f"exercise {n} has no folded solution (<details><summary>Solution to exercise {n}</summary>)")
    return found


def untested_exercises(nb: dict, tests: Path = TESTS, exercises: Path = EXERCISES) -> list[str]:
    """Each notebook with exercises has helpers/exercises/exNN.py and tests/test_exercises_NN.py, which for
    every exercise number the notebook checks asserts a right answer passing and a wrong one failing."""
    tail = exercise_cells(nb)
    if not tail:
        return []
    calls = [m for cell in tail if cell["cell_type"] == "code" for m in EXERCISE_CHECK.findall(source(cell))]
    if not calls:
        return ["the exercises have no exNN.check(n, answer) cells"]
    found = []
    for module in sorted({m for m, _ in calls}):
        numbers = sorted({int(n) for m, n in calls if m == module})
        if not (exercises / f"ex{module}.py").exists():
            found.append(f"helpers/exercises/ex{module}.py does not exist")
        test_file = tests / f"test_exercises_{module}.py"
        if not test_file.exists():
            found.append(f"{test_file.name} does not exist: test that exercises {numbers} reject wrong answers")
            continue
        text = test_file.read_text(encoding="utf-8")
        call = r"ex%s\.problems\(\s*(\d+)\s*,[^\n]*?\)" % module
        passes = {int(n) for n in re.findall(call + r"\s*==\s*\[\]", text)}
        rejects = {int(n) for n in re.findall(call + r"\s*!=\s*\[\]", text)}
        rejects |= {int(n) for n in re.findall(r"assert\s+" + call + r"\s*(?:,.*)?$", text, re.M)}
        rejects |= {int(n) for n in re.findall(r"assert\s+.+\bin\s+" + call + r"\[0\]", text)}
        # found = exNN.problems(n, wrong) followed by an assert that found is not empty
        for name, n in re.findall(r"^\s*(\w+)\s*=\s*" + call, text, re.M):
            if re.search(r"assert\s+(?:len\()?%s\b(?!\s*==\s*\[\])" % name, text):
                rejects.add(int(n))
        for n in numbers:
            if n not in passes:
                found.append(f"{test_file.name} never shows exercise {n} passing a right answer "
                             f"(assert ex{module}.problems({n}, right) == [])")
            if n not in rejects:
                found.append(f"{test_file.name} never shows exercise {n} failing a wrong answer "
                             f"(assert ex{module}.problems({n}, wrong) != [])")
    return found


def structure(nb: dict) -> list[str]:
    found = []
    sources = [source(c) for c in nb["cells"]]
    if not sources or not sources[0].startswith("[![Open In Colab]"):
        found.append("the first cell must hold the Open in Colab badge")
    if not sources or not re.search(r"^# \d\d · ", sources[0], re.M):
        found.append("the header needs '# NN · Title'")
    if "mode.show()" not in "\n".join(sources):
        found.append("the notebook must print its run mode (mode.show())")
    if not exercise_cells(nb):
        found.append("no '## Exercises' section")
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if not any(c.get("outputs") for c in code):
        found.append("no stored outputs: store the outputs of a full run")
    return found


RULES = [errors_and_stderr, machine_paths, not_for_learners, mode_line_twice, progress_bars, widget_state,
         visible_answers, unfolded_solutions, untested_exercises, structure]


# ---------------------------------------------------------------------------- every notebook
def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_setup_and_tensors.ipynb"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook(path, rule):
    assert rule(load(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_size_budget(path):
    assert too_big(path) == []


# ------------------------------------------------------------------- each rule can fail
def _cell(kind, text, outputs=None, **metadata):
    cell = {"cell_type": kind, "metadata": metadata, "source": text}
    if kind == "code":
        cell.update(outputs=outputs or [], execution_count=1)
    return cell


def _stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


GOOD = {
    "metadata": {},
    "nbformat": 4, "nbformat_minor": 5,
    "cells": [
        _cell("markdown", "[![Open In Colab](x)](y)\n\n# 99 · A good notebook\n"),
        _cell("code", "from helpers import mode\nfrom helpers.exercises import ex99\nmode.show()",
              [_stream("Run mode: FULL: the real experiment.\n")]),
        _cell("code", "%matplotlib inline\nprint(2 + 2)", [_stream("4\n")]),
        _cell("markdown", "## Summary\n\n- four.\n\n## Exercises\n\nTry them.\n\n**1.** Write `double(x)`."),
        _cell("code", "def double(x):\n    ...\n\nex99.check(1, double)",
              [_stream("Exercise 1: not yet. double returns nothing yet.\n")]),
        _cell("markdown", "<details><summary>Solution to exercise 1</summary>\n\n```python\n"
                          "def double(x):\n    return 2 * x\n```\n\n</details>"),
    ],
}


@pytest.fixture
def course(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "ex").mkdir()
    (tmp_path / "ex" / "ex99.py").write_text("")
    (tmp_path / "tests" / "test_exercises_99.py").write_text(
        "def test_exercise_1():\n    assert ex99.problems(1, right) == []\n    assert ex99.problems(1, wrong)\n")
    return tmp_path


def test_the_good_notebook_passes_every_rule(course, tmp_path):
    for rule in RULES:
        if rule is untested_exercises:
            assert rule(GOOD, course / "tests", course / "ex") == []
        else:
            assert rule(GOOD) == [], rule.__name__
    path = tmp_path / "good.ipynb"
    path.write_text(json.dumps(GOOD))
    assert too_big(path) == []


def _bad(change):
    nb = copy.deepcopy(GOOD)
    change(nb)
    return nb


def test_errors_and_stderr_can_fail():
    assert errors_and_stderr(_bad(lambda nb: nb["cells"][2]["outputs"].append(
        {"output_type": "error", "ename": "ValueError", "evalue": "", "traceback": []})))
    assert errors_and_stderr(_bad(lambda nb: nb["cells"][2]["outputs"].append(_stream("W0000 absl\n", "stderr"))))


def test_machine_paths_can_fail():
    assert machine_paths(_bad(lambda nb: nb["cells"][2]["outputs"].append(_stream("saved to /work/x/model.keras\n"))))


@pytest.mark.parametrize("text", ["accuracy MISSED, time MISSED", "Our target is 92.5 %.",
                                  "the accuracy target: met", "While designing this section we also tried a wider net."])
def test_text_for_the_wrong_reader_can_fail(text):
    assert not_for_learners(_bad(lambda nb: nb["cells"].insert(3, _cell("markdown", text))))
    assert not_for_learners(_bad(lambda nb: nb["cells"][2]["outputs"].append(_stream(text))))


def test_a_challenge_and_a_denoising_target_are_fine():
    ok = "Can you reach 92.5 % in 5 minutes? Noisy inputs, clean targets: the target of each image is itself."
    assert not_for_learners(_bad(lambda nb: nb["cells"].insert(3, _cell("markdown", ok)))) == []


def test_quick_mode_outputs_can_fail():
    assert not_for_learners(_bad(lambda nb: nb["cells"][1].update(
        outputs=[_stream("Run mode: QUICK (COURSE_MODE=quick): few steps\n")])))


def test_mode_line_twice_can_fail():
    assert mode_line_twice(_bad(lambda nb: nb["cells"][1]["outputs"].append(
        {"output_type": "execute_result", "execution_count": 1, "metadata": {},
         "data": {"text/plain": "'Run mode: FULL: the real experiment.'"}})))


def test_progress_bars_can_fail():
    assert progress_bars(_bad(lambda nb: nb["cells"][2]["outputs"].append(
        _stream("  0%|          | 0/170498071 [00:00<?, ?B/s]\n", "stdout"))))
    assert progress_bars(_bad(lambda nb: nb["cells"][2]["outputs"].append(
        {"output_type": "display_data", "metadata": {}, "data": {
            "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
            "text/plain": "  0%|          | 0/10 [00:00<?, ?it/s]"}})))
    assert progress_bars(_bad(lambda nb: nb["cells"][2]["outputs"].append(_stream("100%|██████████| 10/10\n")))) == []


def test_widget_state_can_fail():
    assert widget_state(_bad(lambda nb: nb["metadata"].update(
        widgets={"application/vnd.jupyter.widget-state+json": {"state": {"x": "y" * 10_000}}})))


def test_size_budget_can_fail(tmp_path):
    path = tmp_path / "big.ipynb"
    path.write_text(json.dumps(_bad(lambda nb: nb["cells"][2]["outputs"].append(
        {"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * 1_200_000}}))))
    assert too_big(path)


@pytest.mark.parametrize("check_cell", [
    "answer_1 = ...\ncheck(answer_1, 55, name='exercise 1')",                       # the old selfcheck
    "check(None if answer_1 is ... else tuple(answer_1.shape), (16, 1, 28, 28))",
    "answer_3 = ...\ncheck(answer_3, photo[:, :, 1].mean(), hints=[(lambda a: a == 3, 'x')])",
    "ex99.check(1, 55)",                                                             # a value, not the answer
    "ex99.check(1, double, hints=[(lambda a: a == 54, 'add one')])",
    "ex99.check(1, lambda x: 2 * x)",                                                # the solution in the cell
    "from helpers.selfcheck import check",
    "selfcheck.check(answer_1, 55)",
])
def test_visible_answers_can_fail(check_cell):
    assert visible_answers(_bad(lambda nb: nb["cells"][4].update(source=check_cell)))


def test_other_functions_called_check_are_not_exercises():
    assert visible_answers(_bad(lambda nb: nb["cells"][2].update(source="report = env.check()\nx.check(1, 2)"))) == []


def test_unfolded_solutions_can_fail():
    # the old way: a collapsed heading, then the solutions in the open
    def old(nb):
        nb["cells"][5] = _cell("markdown", "### Solutions", **{"jp-MarkdownHeadingCollapsed": True})
        nb["cells"].append(_cell("markdown", "1. `answer_1 = 2 * x`"))
    assert unfolded_solutions(_bad(old))
    assert unfolded_solutions(_bad(lambda nb: nb["cells"].pop(5)))                  # no solution at all
    assert unfolded_solutions(_bad(lambda nb: nb["cells"][5].update(                # not closed
        source="<details><summary>Solution to exercise 1</summary>\n\n```python\nx\n```\n")))
    assert unfolded_solutions(_bad(lambda nb: nb["cells"][5].update(                # code in the open
        source="Solution to exercise 1:\n\n```python\ndef double(x):\n    return 2 * x\n```")))
    assert unfolded_solutions(_bad(lambda nb: nb["cells"][5].update(                # the wrong number
        source=source(GOOD["cells"][5]).replace("exercise 1", "exercise 2"))))


def test_untested_exercises_can_fail(course):
    tests, ex = course / "tests", course / "ex"
    (tests / "test_exercises_99.py").write_text("def test_exercise_2():\n    assert ex99.problems(2, wrong)\n")
    assert untested_exercises(GOOD, tests, ex)                                       # exercise 1 untested
    (tests / "test_exercises_99.py").write_text("def test_exercise_1():\n    assert ex99.problems(1, right) == []\n")
    assert untested_exercises(GOOD, tests, ex)                                       # no wrong answer tried
    (tests / "test_exercises_99.py").write_text("def test_exercise_1():\n    assert ex99.problems(1, wrong) != []\n")
    assert untested_exercises(GOOD, tests, ex)                                       # no right answer tried
    right = "    assert ex99.problems(1, right) == []\n"
    (tests / "test_exercises_99.py").write_text(
        "def test_exercise_1():\n" + right + "    found = ex99.problems(1, wrong)\n    print(found)\n")
    assert untested_exercises(GOOD, tests, ex)                                       # wrong answer never asserted
    (tests / "test_exercises_99.py").write_text(
        "def test_exercise_1():\n" + right + "    found = ex99.problems(1, wrong)\n    assert found and 'x' in found[0]\n")
    assert not untested_exercises(GOOD, tests, ex)                                   # asserted through a name
    (tests / "test_exercises_99.py").unlink()
    assert untested_exercises(GOOD, tests, ex)                                       # no test file
    no_checks = _bad(lambda nb: nb["cells"][4].update(source="def double(x):\n    ...\n"))
    assert untested_exercises(no_checks, tests, ex)                                  # no checks at all


def test_structure_can_fail():
    assert structure(_bad(lambda nb: nb["cells"].pop(0)))
    assert structure(_bad(lambda nb: nb["cells"][1].update(source="print('hello')")))
    assert structure(_bad(lambda nb: nb["cells"][3].update(source="## Summary")))
