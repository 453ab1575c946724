"""Every notebook: the badge and setup cell, a mode line, clean stored outputs, exercises."""
import json
import re
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((TOP / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MACHINE_PATH = re.compile(r"(/work/|/root/|/tmp/|/home/\w+/|/Users/\w+/|/content/)")


def cells(nb):
    return json.loads(nb.read_text(encoding="utf-8"))["cells"]


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_setup_and_tensors.ipynb"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_clean(nb):
    for i, cell in enumerate(cells(nb)):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i} stores an error"
            text = "".join(out.get("text", [])) + "".join(out.get("data", {}).get("text/plain", []))
            assert not (out.get("name") == "stderr" and ("absl" in text or "I0000" in text)), \
                f"cell {i} stores TensorFlow log lines"
            assert not MACHINE_PATH.search(text), f"cell {i} shows a machine path: {MACHINE_PATH.search(text)[0]}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_structure(nb):
    cs = cells(nb)
    sources = ["".join(c["source"]) for c in cs]
    assert sources[0].startswith("[![Open In Colab]")
    assert re.search(r"^# \d\d · ", sources[0], re.M), "header needs '# NN · Title'"
    assert "mode.show()" in "\n".join(sources), "the notebook must print its run mode"
    assert any(re.search(r"^## Exercises", s, re.M) for s in sources), "no exercises"
    assert "check(" in "\n".join(s for c, s in zip(cs, sources) if c["cell_type"] == "code"), \
        "exercises need self-checks"
    assert any(s.startswith("### Solutions") and c.get("metadata", {}).get("jp-MarkdownHeadingCollapsed")
               for c, s in zip(cs, sources)), "solutions belong in a collapsed section"
    code = [c for c in cs if c["cell_type"] == "code"]
    assert all(c.get("outputs") is not None for c in code)
    assert any(c.get("outputs") for c in code), "store the outputs of a run"
