"""The benchmark's machinery: metrics files, targets, the table, the README section, the runner."""
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from helpers import metrics
from tools import bench

TARGETS = {
    "05": {"notebook": "05_demo.ipynb", "title": "05 · Demo", "metrics": {
        "acc": {"kind": "fraction", "target": {"at_least": 0.9}, "anchor": "seed: 91 %"},
        "seconds": {"kind": "seconds", "target": {"at_most": 300}},
        "dense": {"kind": "fraction", "target": {"about": 0.88, "within": 0.01}},
        "plain": {"anchor": "no target here"},
    }},
    "06": {"notebook": "06_other.ipynb", "metrics": {"val": {"kind": "fraction", "target": {"at_least": 0.85}}}},
}

README_TEXT = "# Course\n\nintro\n\n## Results\n\n<!-- results:start -->\nold table\n<!-- results:end -->\n\nafter\n"


def ok_run(**metric_values):
    return {"status": "ok", "error": None, "wall_seconds": 754.2, "cpu_seconds": 1210.0, "peak_rss_bytes": 2.3e9,
            "date": "2026-01-02T03:04:05+00:00",
            "metrics": {k: {"value": v, "unit": ""} for k, v in metric_values.items()}}


# --- metrics files ---------------------------------------------------------------------------

def test_metrics_file_is_read_back_and_later_lines_win(tmp_path, monkeypatch):
    path = tmp_path / "m.jsonl"
    monkeypatch.setenv(metrics.METRICS_VARIABLE, str(path))
    metrics.record("acc", 0.5)
    metrics.record("acc", 0.93, unit="fraction")
    metrics.record("seconds", 12.5, unit="s")
    assert metrics.load(path) == {"acc": {"value": 0.93, "unit": "fraction"},
                                  "seconds": {"value": 12.5, "unit": "s"}}
    assert metrics.load(tmp_path / "never-written.jsonl") == {}


@pytest.mark.parametrize("bad", ["not json", '{"value": 1}', '{"name": "x", "value": "many"}'])
def test_malformed_metrics_line_is_a_clear_error(tmp_path, bad):
    path = tmp_path / "m.jsonl"
    path.write_text('{"name": "acc", "value": 0.9}\n' + bad + "\n")
    with pytest.raises(ValueError, match=r"m\.jsonl:2 is not a metrics line"):
        metrics.load(path)


# --- targets ---------------------------------------------------------------------------------

def test_compare_at_least_at_most_about():
    assert bench.compare(0.925, {"at_least": 0.925}) == "met"
    assert bench.compare(0.9249, {"at_least": 0.925}) == "missed"
    assert bench.compare(300, {"at_most": 300}) == "met"
    assert bench.compare(300.5, {"at_most": 300}) == "missed"
    assert bench.compare(0.87, {"about": 0.88, "within": 0.01}) == "met"
    assert bench.compare(0.895, {"about": 0.88, "within": 0.01}) == "missed"
    assert bench.compare(0.86, {"about": 0.88, "within": 0.01}) == "missed"
    assert bench.compare(None, {"at_least": 0.9}) == "missing"
    assert bench.compare(0.5, None) == "no target"


def test_course_targets_file_is_valid_and_names_the_notebooks():
    targets = bench.load_targets()
    assert {"05", "06", "07"} <= set(targets)
    assert targets["05"]["metrics"]["best_cnn_test_accuracy"]["target"] == {"at_least": 0.925}
    assert targets["07"]["metrics"]["train_seconds"]["target"] == {"at_most": 180}


@pytest.mark.parametrize("spec, message", [
    ({"05": {"metrics": {"a": {}}}}, "needs \"notebook\""),
    ({"05": {"notebook": "x.ipynb", "metrics": {}}}, "non-empty \"metrics\""),
    ({"05": {"notebook": "x.ipynb", "metrics": {"a": {"target": {"more_than": 1}}}}}, "exactly one of"),
    ({"05": {"notebook": "x.ipynb", "metrics": {"a": {"target": {"about": 1}}}}}, "needs \"within\""),
    ({"05": {"notebook": "x.ipynb", "metrics": {"a": {"kind": "percent"}}}}, "kind 'percent'"),
])
def test_malformed_targets_are_clear_errors(tmp_path, spec, message):
    path = tmp_path / "targets.json"
    path.write_text(json.dumps(spec))
    with pytest.raises(bench.TargetsError, match=message):
        bench.load_targets(path)


def test_targets_file_that_is_not_json(tmp_path):
    path = tmp_path / "targets.json"
    path.write_text("{ not json")
    with pytest.raises(bench.TargetsError, match="not valid JSON"):
        bench.load_targets(path)


def test_formatting():
    assert bench.format_value(0.92683, "fraction") == "92.68 %"
    assert bench.format_value(754.2, "seconds") == "12 min 34 s"
    assert bench.format_value(None, "fraction") == "missing"
    assert bench.format_duration(42.4) == "42 s" and bench.format_duration(300) == "5 min"
    assert bench.format_bytes(2.3e9) == "2.3 GB" and bench.format_bytes(5e6) == "5.0 MB"
    assert bench.format_target({"at_least": 0.925}, "fraction") == "≥ 92.5 %"
    assert bench.format_target({"at_most": 180}, "seconds") == "≤ 3 min"
    assert bench.format_target({"about": 0.88, "within": 0.015}, "fraction") == "≈ 88 % (± 1.5)"


# --- the table -------------------------------------------------------------------------------

def rows_of(text):
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in text.splitlines()[2:]]


def test_table_compares_each_metric_and_shows_missing_ones():
    text = bench.table({"05": ok_run(acc=0.93, seconds=320.0, plain=3.0)}, TARGETS)
    rows = rows_of(text)
    acc, seconds, dense, plain = rows[:4]
    assert acc[0] == "[05 · Demo](notebooks/05_demo.ipynb)"
    assert acc[1] == "12 min 34 s (CPU 20 min 10 s) · 2.3 GB peak · 2026-01-02"
    assert acc[2:] == ["`acc`", "93.00 %", "≥ 90 %", "met", "seed: 91 %"]
    assert seconds[2:6] == ["`seconds`", "5 min 20 s", "≤ 5 min", "**missed**"]
    assert dense[2:6] == ["`dense`", "missing", "≈ 88 % (± 1)", "**missing**"]
    assert plain[2:] == ["`plain`", "3", "—", "", "no target here"]
    # a notebook with targets and no run yet
    assert rows[4][:4] == ["[06_other](notebooks/06_other.ipynb)", "not run yet", "`val`", "—"]


def test_table_reports_a_failed_notebook_with_its_error():
    failed = {"status": "failed", "error": "ValueError: bad | input", "wall_seconds": 3.0,
              "peak_rss_bytes": 1e8, "metrics": {"acc": {"value": 0.95, "unit": ""}}}
    rows = rows_of(bench.table({"05": failed, "06": ok_run(val=0.9)}, TARGETS))
    assert rows[0][1] == "**failed**: `ValueError: bad \\| input`"
    assert rows[0][3:5] == ["95.00 %", "≥ 90 %"]          # what it recorded before failing
    assert rows[1][3:6] == ["—", "≤ 5 min", ""]           # what it never reached: no verdict
    assert rows[4][2:6] == ["`val`", "90.00 %", "≥ 85 %", "met"]


def test_table_lists_a_measured_metric_without_target_and_a_notebook_without_targets():
    rows = rows_of(bench.table({"00": ok_run(extra=1.5) | {"notebook": "00_setup.ipynb"}}, {}))
    assert rows == [["[00_setup](notebooks/00_setup.ipynb)", "12 min 34 s (CPU 20 min 10 s) · 2.3 GB peak · 2026-01-02",
                     "`extra`", "1.5", "—", "", ""]]


def test_redact_removes_machine_paths():
    line = f"FileNotFoundError: {Path.home()}/data/x.npz and {bench.ROOT}/notebooks/y"
    assert bench.redact(line) == "FileNotFoundError: ~/data/x.npz and ./notebooks/y"


# --- the README section ----------------------------------------------------------------------

def test_readme_section_is_replaced_between_the_markers_only():
    new = bench.replace_between_markers(README_TEXT, "| a | b |\n")
    assert new == README_TEXT.replace("old table", "| a | b |")
    assert bench.replace_between_markers(new, "| c |") == README_TEXT.replace("old table", "| c |")


@pytest.mark.parametrize("text, message", [
    ("# no markers\n", "no <!-- results:start --> and <!-- results:end --> marker"),
    ("<!-- results:start -->\nx\n", "no <!-- results:end --> marker"),
    ("<!-- results:end -->\n<!-- results:start -->\n", "exactly one"),
    (README_TEXT + "<!-- results:start -->\n", "exactly one"),
])
def test_readme_without_proper_markers_is_a_clear_error(text, message):
    with pytest.raises(ValueError, match=message):
        bench.replace_between_markers(text, "table")


def test_write_reports_leaves_everything_untouched_when_the_readme_has_no_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n")
    with pytest.raises(ValueError, match="no <!-- results:start -->"):
        bench.write_reports({"05": ok_run(acc=0.93)}, TARGETS, results_dir=tmp_path / "results", readme=readme)
    assert not (tmp_path / "results").exists()


# --- choosing notebooks ----------------------------------------------------------------------

def test_names_resolve_and_unknown_names_are_clear_errors(tmp_path):
    for name in ("05_demo.ipynb", "06_other.ipynb", "00_setup.ipynb"):
        nbformat.write(nbformat.v4.new_notebook(), str(tmp_path / name))
    assert bench.resolve_names([], TARGETS, tmp_path) == ["05", "06"]
    assert bench.resolve_names(["5", "05_demo", "notebooks/06_other.ipynb", "00"], TARGETS, tmp_path) == \
        ["05", "06", "00"]
    with pytest.raises(ValueError, match=r"unknown notebook '08': choose from 00 \(00_setup\), 05 \(05_demo\)"):
        bench.resolve_names(["08"], TARGETS, tmp_path)
    with pytest.raises(ValueError, match="unknown notebook '05_typo'"):
        bench.resolve_names(["05_typo"], TARGETS, tmp_path)


def test_cli_help_and_unknown_notebook(capsys):
    with pytest.raises(SystemExit) as exit_help:
        bench.main(["--help"])
    assert exit_help.value.code == 0
    assert "--store" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_unknown:
        bench.main(["99"])
    assert exit_unknown.value.code == 2
    assert "unknown notebook '99': choose from" in capsys.readouterr().err


# --- one real run ----------------------------------------------------------------------------

def tiny_notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))


def test_end_to_end_run_times_measures_and_collects_metrics(tmp_path, capsys, monkeypatch):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    tiny_notebook(notebooks / "05_demo.ipynb",
                  "import time\nfrom helpers import metrics, mode\n"
                  "ballast = bytearray(200_000_000)  # 200 MB the memory probe must see\ntime.sleep(1.0)",
                  "metrics.record('acc', 0.875)\n"
                  "metrics.record('full_mode', float(mode.current() == 'full'))")
    tiny_notebook(notebooks / "06_other.ipynb",
                  "from helpers import metrics\nmetrics.record('val', 0.5)",
                  "raise ValueError('boom\\nsecond line')")
    before_failed = (notebooks / "06_other.ipynb").read_text()
    readme = tmp_path / "README.md"
    readme.write_text(README_TEXT)
    targets = tmp_path / "targets.json"
    targets.write_text(json.dumps(TARGETS))
    results = tmp_path / "results"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(bench.ROOT), os.environ.get("PYTHONPATH")])))

    start = time.perf_counter()
    code = bench.main(["--store", "--targets", str(targets), "--results", str(results),
                       "--readme", str(readme), "--notebooks-dir", str(notebooks)])
    elapsed = time.perf_counter() - start
    assert code == 1                                   # one notebook failed, and the other still ran

    stored = json.loads((results / "benchmark.json").read_text())["notebooks"]
    demo, other = stored["05"], stored["06"]
    assert demo["status"] == "ok" and demo["error"] is None
    assert demo["metrics"] == {"acc": {"value": 0.875, "unit": ""}, "full_mode": {"value": 1.0, "unit": ""}}
    assert 1.0 < demo["wall_seconds"] < elapsed
    assert demo["peak_rss_bytes"] > 200e6
    assert demo["environment"]["cpu_count"] == os.cpu_count() and "python" in demo["environment"]["versions"]
    assert other["status"] == "failed" and other["error"] == "ValueError: boom"
    assert other["metrics"] == {"val": {"value": 0.5, "unit": ""}}

    # --store wrote the executed notebook back; the failed one is left as it was
    outputs = nbformat.read(str(notebooks / "05_demo.ipynb"), as_version=4).cells[1].outputs
    assert "acc = 0.875" in outputs[0]["text"]
    assert (notebooks / "06_other.ipynb").read_text() == before_failed

    text = readme.read_text()
    assert text.startswith("# Course\n\nintro") and text.endswith("<!-- results:end -->\n\nafter\n")
    assert "| `acc` | 87.50 % | ≥ 90 % | **missed** | seed: 91 % |" in text
    assert "**failed**: `ValueError: boom`" in text
    assert "| `dense` | missing | ≈ 88 % (± 1) | **missing** |" in text
    assert (results / "benchmark.md").read_text().startswith("# Benchmark")
    assert "ValueError: boom" in capsys.readouterr().out


def test_report_only_rewrites_the_reports_from_stored_results(tmp_path):
    results = tmp_path / "results"
    results.mkdir()
    (results / "benchmark.json").write_text(json.dumps({"notebooks": {"05": ok_run(acc=0.95)}}))
    targets = tmp_path / "targets.json"
    targets.write_text(json.dumps(TARGETS))
    readme = tmp_path / "README.md"
    readme.write_text(README_TEXT)
    assert bench.main(["--report-only", "--targets", str(targets), "--results", str(results),
                       "--readme", str(readme)]) == 0
    assert "| `acc` | 95.00 % | ≥ 90 % | met | seed: 91 % |" in readme.read_text()
    stored = json.loads((results / "benchmark.json").read_text())
    assert stored["updated"] == "2026-01-02T03:04:05+00:00" and stored["notebooks"]["05"]["metrics"]["acc"]["value"] == 0.95
    assert "95.00 %" in (results / "benchmark.md").read_text()


def test_make_bench_passes_the_chosen_notebooks_and_flags():
    """`make bench NOTEBOOKS=... BENCH_FLAGS=...` hands both to the benchmark (dry run: nothing runs)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(["make", "-n", "--no-print-directory", "-C", str(root), "bench", "NOTEBOOKS=06 07", "BENCH_FLAGS=--store"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1].endswith("-m tools.bench 06 07 --store")
