"""The course benchmark: run notebooks in full mode, measure them, compare with their targets.

Each chosen notebook runs from top to bottom in a fresh Jupyter kernel with ``COURSE_MODE=full``
and ``$COURSE_METRICS_FILE`` pointing at a temporary file, where ``helpers.metrics.record`` appends
the notebook's headline figures. The runner measures the wall time and the peak memory (resident
set size of the kernel and everything it starts, sampled a few times a second) and reads the
figures back. They are compared with ``results/targets.json`` (targets, and the seeds' or other
published figures to show beside ours) and written to ``results/benchmark.json`` (raw figures,
date, machine, library versions), ``results/benchmark.md`` and the README's results table.

    python -m tools.bench                  # every notebook with targets (05, 06, 07)
    python -m tools.bench 05 07 --store    # chosen ones; keep their executed outputs
    python -m tools.bench 06 --quick       # smoke test in quick mode: prints, writes nothing
    python -m tools.bench --report-only    # rewrite the reports from results/benchmark.json

>>> from tools import bench
>>> targets = bench.load_targets()
>>> run = bench.run_notebook("notebooks/05_keras_fashion_mnist.ipynb")   # doctest: +SKIP
>>> run["status"], run["wall_seconds"], run["metrics"]["best_cnn_test_accuracy"]   # doctest: +SKIP
('ok', 812.4, {'value': 0.9268, 'unit': 'fraction'})
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

if not __package__:  # run as `python tools/bench.py`: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import env as course_env  # noqa: E402
from helpers import metrics as course_metrics  # noqa: E402
from tools import TOP as ROOT, format_bytes, replace_between_markers as _replace  # noqa: E402
from tools.compact_outputs import compact_notebook  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
RESULTS = ROOT / "results"
README = ROOT / "README.md"
TARGETS_FILE = "targets.json"
JSON_FILE = "benchmark.json"
MARKDOWN_FILE = "benchmark.md"
START_MARKER = "<!-- results:start -->"
END_MARKER = "<!-- results:end -->"
COMPARISONS = ("at_least", "at_most", "about")
KINDS = ("fraction", "seconds", "number")
# Besides the course's libraries (helpers.env), what runs the notebooks.
RUNNERS = {"nbclient": ("nbclient",), "ipykernel": ("ipykernel",)}


class TargetsError(ValueError):
    """``results/targets.json`` is malformed."""


# --------------------------------------------------------------------------------------------
# Targets


def load_targets(path: Path | str | None = None) -> dict[str, dict]:
    """Read and check the targets file: ``{"05": {"notebook": "05_….ipynb", "metrics": {...}}}``.

    Each metric may have a ``target`` (``{"at_least": x}``, ``{"at_most": x}`` or
    ``{"about": x, "within": tol}``), a ``kind`` (``fraction``, ``seconds`` or ``number``, for
    display), an ``anchor`` (the seed's or a published figure, as text) and a ``note``.

    >>> load_targets()["05"]["metrics"]["best_cnn_test_accuracy"]["target"]
    {'at_least': 0.925}
    """
    p = Path(path) if path is not None else RESULTS / TARGETS_FILE
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TargetsError(f"no targets file at {p}") from None
    except json.JSONDecodeError as e:
        raise TargetsError(f"{p} is not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise TargetsError(f"{p}: expected an object keyed by notebook number, e.g. {{\"05\": ...}}")
    for key, spec in data.items():
        if key.startswith("_"):
            continue
        where = f"{p.name}: notebook {key!r}"
        if not isinstance(spec, dict) or not str(spec.get("notebook", "")).endswith(".ipynb"):
            raise TargetsError(f"{where} needs \"notebook\": \"<file>.ipynb\"")
        if not isinstance(spec.get("metrics"), dict) or not spec["metrics"]:
            raise TargetsError(f"{where} needs a non-empty \"metrics\" object")
        for name, m in spec["metrics"].items():
            if not isinstance(m, dict):
                raise TargetsError(f"{where}, metric {name!r}: expected an object")
            if m.get("kind", "number") not in KINDS:
                raise TargetsError(f"{where}, metric {name!r}: kind {m['kind']!r} is not one of {KINDS}")
            target = m.get("target")
            if target is None:
                continue
            ops = [k for k in target if k in COMPARISONS] if isinstance(target, dict) else []
            if len(ops) != 1 or not isinstance(target[ops[0]], (int, float)):
                raise TargetsError(f"{where}, metric {name!r}: target {target!r} must have exactly one "
                                   f"of {COMPARISONS} with a number")
            if ops[0] == "about" and not isinstance(target.get("within"), (int, float)):
                raise TargetsError(f"{where}, metric {name!r}: an \"about\" target needs \"within\"")
    return {k: v for k, v in data.items() if not k.startswith("_")}


def compare(value: float | None, target: Mapping[str, float] | None) -> str:
    """``"met"``, ``"missed"``, ``"missing"`` (no value) or ``"no target"``.

    >>> compare(0.93, {"at_least": 0.925}), compare(320, {"at_most": 300})
    ('met', 'missed')
    >>> compare(0.87, {"about": 0.88, "within": 0.02}), compare(None, {"at_most": 300})
    ('met', 'missing')
    """
    if value is None:
        return "missing"
    if not target:
        return "no target"
    if "at_least" in target:
        return "met" if value >= target["at_least"] else "missed"
    if "at_most" in target:
        return "met" if value <= target["at_most"] else "missed"
    if "about" in target:
        return "met" if abs(value - target["about"]) <= target["within"] + 1e-12 else "missed"
    raise TargetsError(f"target {dict(target)!r} has none of {COMPARISONS}")


# --------------------------------------------------------------------------------------------
# Formatting


def format_value(value: float | None, kind: str = "number") -> str:
    """A figure for the table: fractions as percentages, seconds as minutes and seconds.

    >>> format_value(0.92683, "fraction"), format_value(754.2, "seconds"), format_value(None)
    ('92.68 %', '12 min 34 s', 'missing')
    """
    if value is None:
        return "missing"
    if kind == "fraction":
        return f"{100 * value:.2f} %"
    if kind == "seconds":
        return format_duration(value)
    return f"{value:.4g}"


def format_duration(seconds: float) -> str:
    """``754.2`` → ``"12 min 34 s"``; ``42.4`` → ``"42 s"``; ``3725`` → ``"1 h 2 min"``."""
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min" + (f" {s % 60} s" if s % 60 else "")
    return f"{s // 3600} h {(s % 3600) // 60} min"


def format_target(target: Mapping[str, float] | None, kind: str = "number") -> str:
    """``{"at_least": 0.925}`` → ``"≥ 92.5 %"``; ``{"about": 0.88, "within": 0.02}`` → ``"≈ 88 % (± 2)"``."""
    if not target:
        return "—"

    def show(v: float) -> str:
        if kind == "fraction":
            return f"{100 * v:g} %"
        if kind == "seconds":
            return format_duration(v) if v >= 60 else f"{v:g} s"
        return f"{v:g}"

    if "at_least" in target:
        return f"≥ {show(target['at_least'])}"
    if "at_most" in target:
        return f"≤ {show(target['at_most'])}"
    within = 100 * target["within"] if kind == "fraction" else target["within"]
    return f"≈ {show(target['about'])} (± {within:g})"


VERDICTS = {"met": "met", "missed": "**missed**", "missing": "**missing**", "no target": ""}


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """Remove machine-specific paths from an error line (repository, temp folder, home)."""
    for path, name in [*((p, "…") for p in extra), (str(ROOT), "."),
                       (tempfile.gettempdir(), "<tmp>"), (str(Path.home()), "~")]:
        if path and len(path) > 1:
            text = text.replace(path, name)
    return text


def first_line(text: str) -> str:
    """The first non-empty line of an error message, shortened to 200 characters."""
    for line in str(text).splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= 200 else line[:199] + "…"
    return "(no message)"


# --------------------------------------------------------------------------------------------
# Running one notebook


class _PeakMemory:
    """Samples the resident memory of every process this one has started (the kernel and its
    children) in a background thread; ``peak`` is the largest sum seen, in bytes."""

    def __init__(self, interval: float = 0.2):
        import psutil

        self._psutil = psutil
        self.interval = interval
        self.peak = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._me = psutil.Process()

    def _sample(self) -> None:
        total = 0
        for proc in self._me.children(recursive=True):
            try:
                total += proc.memory_info().rss
                t = proc.cpu_times()
                self.cpu[proc.pid] = t.user + t.system
            except (self._psutil.NoSuchProcess, self._psutil.AccessDenied):
                continue
        self.peak = max(self.peak, total)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> "_PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def run_notebook(path: Path | str, *, mode: str = "full", store: bool = False,
                 cell_timeout: int | None = 3600, kernel_name: str = "python3",
                 extra_env: Mapping[str, str] | None = None,
                 progress_every: float | None = 60.0) -> dict[str, Any]:
    """Execute one notebook in a fresh kernel and return what was measured.

    The result: ``status`` (``"ok"`` or ``"failed"``), ``error`` (the error's first line, or
    None), ``wall_seconds``, ``peak_rss_bytes``, ``cpu_seconds`` (kernel process tree) and
    ``metrics`` (``{name: {"value": ..., "unit": ...}}``, read from ``$COURSE_METRICS_FILE``).
    A failing cell does not raise: it is reported. With ``store=True`` a notebook that ran
    without error is written back in place, outputs included. Every ``progress_every`` seconds
    (None: never) a line says how far it has got.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(str(path), as_version=4)
    fd, metrics_file = tempfile.mkstemp(prefix="course-metrics-", suffix=".jsonl")
    os.close(fd)
    env = dict(os.environ)
    env.update(extra_env or {})
    env.update({course_metrics.METRICS_VARIABLE: metrics_file, "COURSE_MODE": mode})
    start = time.perf_counter()
    last_report = [start]
    code_cells = sum(c.cell_type == "code" for c in nb.cells)

    def progress(cell: Any, cell_index: int, **_: Any) -> None:
        now = time.perf_counter()
        if progress_every and now - last_report[0] >= progress_every:
            last_report[0] = now
            done = sum(c.cell_type == "code" for c in nb.cells[: cell_index + 1])
            print(f"[bench]   {path.name}: {done}/{code_cells} code cells after "
                  f"{format_duration(now - start)}", flush=True)

    client = NotebookClient(nb, timeout=cell_timeout, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(path.parent.resolve())}},
                            on_cell_complete=progress)
    error = None
    with _PeakMemory() as memory:
        try:
            client.execute(env=env, cwd=str(path.parent.resolve()))
        except Exception as e:  # a failing notebook is a result, not a crash of the benchmark
            ename, evalue = getattr(e, "ename", None), getattr(e, "evalue", None)
            error = f"{ename}: {first_line(evalue or '')}" if ename else f"{type(e).__name__}: {first_line(e)}"
    wall = time.perf_counter() - start
    found: dict[str, dict] = {}
    try:
        found = course_metrics.load(metrics_file)
    except ValueError as e:
        error = error or f"unreadable metrics file: {first_line(str(e).replace(metrics_file, 'metrics file'))}"
    finally:
        os.unlink(metrics_file)
    if store and error is None:
        nbformat.write(client.nb, str(path))
        compact_notebook(path)  # photographs as JPEG: the stored notebook stays lean
    return {
        "status": "failed" if error else "ok",
        "error": redact(error) if error else None,
        "mode": mode,
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(memory.cpu_seconds, 1),
        "peak_rss_bytes": memory.peak,
        "metrics": found,
    }


# --------------------------------------------------------------------------------------------
# Choosing notebooks


def available(notebooks_dir: Path = NOTEBOOKS) -> dict[str, Path]:
    """``{"05": Path(".../05_keras_fashion_mnist.ipynb"), ...}`` for every numbered notebook."""
    found = {}
    for p in sorted(Path(notebooks_dir).glob("*.ipynb")):
        m = re.match(r"(\d+)_", p.name)
        if m:
            found[m.group(1)] = p
    return found


def resolve_names(names: Sequence[str], targets: Mapping[str, dict],
                  notebooks_dir: Path = NOTEBOOKS) -> list[str]:
    """Turn what the user typed (``5``, ``05``, ``05_keras_fashion_mnist``, a path) into keys.

    No names means every notebook in the targets file. An unknown name raises ``ValueError``
    that lists the notebooks there are.
    """
    if not names:
        return list(targets)
    known = {**{k: v["notebook"] for k, v in targets.items()},
             **{k: p.name for k, p in available(notebooks_dir).items()}}
    keys = []
    for raw in names:
        stem = Path(raw).name.removesuffix(".ipynb")
        m = re.match(r"(\d+)(?:_|$)", stem)
        key = m.group(1).zfill(2) if m else None
        if key not in known or (stem != m.group(1) and stem != Path(known[key]).stem):
            listing = ", ".join(f"{k} ({Path(v).stem})" for k, v in sorted(known.items()))
            raise ValueError(f"unknown notebook {raw!r}: choose from {listing}")
        if key not in keys:
            keys.append(key)
    return keys


def notebook_path(key: str, targets: Mapping[str, dict], notebooks_dir: Path = NOTEBOOKS) -> Path:
    """Where notebook ``key`` lives (from the targets file, else from the notebooks folder)."""
    if key in targets:
        return Path(notebooks_dir) / targets[key]["notebook"]
    return available(notebooks_dir)[key]


# --------------------------------------------------------------------------------------------
# Environment, results file, tables


def environment() -> dict[str, Any]:
    """The machine and library versions a run happened on (no host names, no paths)."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = course_env.versions()
    versions.update(course_env.distribution_versions(RUNNERS))
    return {"system": f"{platform.system()} {platform.machine()}", "cpu": cpu,
            "cpu_count": os.cpu_count(), "versions": versions}


def load_results(path: Path | str) -> dict[str, Any]:
    """The stored ``benchmark.json`` (``{"notebooks": {}}`` when there is none yet)."""
    p = Path(path)
    if not p.exists():
        return {"notebooks": {}}
    data = json.loads(p.read_text(encoding="utf-8"))
    data.setdefault("notebooks", {})
    return data


def _title(spec: Mapping[str, Any], filename: str) -> str:
    """The notebook's title from the targets file, else its file name without the suffix."""
    return spec.get("title") or Path(filename).stem


def table(results: Mapping[str, Mapping[str, Any]], targets: Mapping[str, dict],
          *, link_prefix: str = "notebooks/") -> str:
    """The results table in Markdown: one row per headline metric, notebooks in order.

    A notebook that failed shows "failed" and its error's first line; a metric the run did not
    record shows "missing"; a notebook with targets but no run yet shows "not run yet".
    """
    lines = ["| notebook | run | metric | measured | target | | seed / anchor |",
             "|---|---|---|---|---|---|---|"]
    for key in sorted(set(targets) | set(results)):
        spec = targets.get(key, {})
        run = results.get(key)
        filename = spec.get("notebook") or (run or {}).get("notebook", f"{key}.ipynb")
        name = f"[{_title(spec, filename)}]({link_prefix}{filename})"
        if run is None:
            how = "not run yet"
        elif run.get("status") != "ok":
            how = f"**failed**: `{run.get('error') or 'unknown error'}`"
        else:
            cpu = f" (CPU {format_duration(run['cpu_seconds'])})" if run.get("cpu_seconds") else ""
            how = (f"{format_duration(run['wall_seconds'])}{cpu} · "
                   f"{format_bytes(run.get('peak_rss_bytes'))} peak · {str(run.get('date', ''))[:10]}")
        measured = (run or {}).get("metrics", {})
        wanted = dict(spec.get("metrics", {}))
        wanted.update({m: {} for m in measured if m not in wanted})
        first = True
        for metric, m in wanted.items():
            kind = m.get("kind", "number")
            value = measured.get(metric, {}).get("value") if run else None
            verdict = compare(value, m.get("target")) if run else ""
            shown = format_value(value, kind) if run else "—"
            if run and run.get("status") != "ok" and value is None:
                shown, verdict = "—", ""
            row = [name if first else "", how if first else "", f"`{metric}`", shown,
                   format_target(m.get("target"), kind), VERDICTS.get(verdict, verdict),
                   m.get("anchor", "")]
            lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
            first = False
        if first:  # a run with no metrics and no targets: still show the run
            lines.append("| " + " | ".join(_cell(c) for c in [name, how, "", "", "", "", ""]) + " |")
    return "\n".join(lines)


def environments_text(results: Mapping[str, Mapping[str, Any]]) -> str:
    """One line per distinct machine/library set the stored runs come from."""
    groups: dict[str, list[str]] = {}
    for key, run in sorted(results.items()):
        env = run.get("environment") or {}
        if not env:
            continue
        v = env.get("versions", {})
        libs = ", ".join(f"{k} {v[k]}" for k in ("python", "tensorflow", "keras", "torch", "torchvision")
                         if k in v)
        text = (f"{env.get('cpu_count', '?')} CPU cores ({env.get('cpu') or 'unknown CPU'}, "
                f"{env.get('system', '')}); {libs}")
        groups.setdefault(text, []).append(key)
    if len(groups) == 1:
        return f"Machine: {next(iter(groups))}."
    return "\n".join(f"- notebooks {', '.join(keys)}: {text}" for text, keys in groups.items())


def markdown_report(results: Mapping[str, Mapping[str, Any]], targets: Mapping[str, dict]) -> str:
    """``results/benchmark.md``: the table, where it was measured, and how to read it."""
    notes = []
    for key, spec in sorted(targets.items()):
        for metric, m in spec.get("metrics", {}).items():
            if m.get("note"):
                notes.append(f"- {key} `{metric}`: {m['note']}")
    parts = [
        "# Benchmark",
        "",
        "Each notebook ran from top to bottom in full mode (`COURSE_MODE=full`) in a fresh kernel, "
        "started by `make bench` (`python -m tools.bench`). *Run* gives the wall time of the whole "
        "notebook (data loading, every model, every plot), the CPU time its kernel used (summed over "
        "cores; on a busy machine the wall time grows, the CPU time hardly does) and the peak resident "
        "memory of the kernel and its child processes; "
        "the headline figures are those the notebook records with `helpers.metrics.record`. Targets "
        "and the seeds' and published figures come from [`targets.json`](targets.json); raw figures "
        "are in [`benchmark.json`](benchmark.json).",
        "",
        table(results, targets, link_prefix="../notebooks/"),
        "",
        environments_text(results),
        "",
        "Timings depend on the machine and on whatever else runs on it; they are as measured.",
    ]
    if notes:
        parts += ["", "## Notes", "", *notes]
    return "\n".join(parts) + "\n"


def readme_section(results: Mapping[str, Mapping[str, Any]], targets: Mapping[str, dict]) -> str:
    """What goes between the README's results markers."""
    return "\n".join([
        table(results, targets),
        "",
        environments_text(results),
        "Timings are as measured and depend on the machine's load. Details: "
        "[`results/benchmark.md`](results/benchmark.md).",
    ])


def replace_between_markers(text: str, content: str, start: str = START_MARKER,
                            end: str = END_MARKER) -> str:
    """Put ``content`` between the README's results markers; everything else stays as it is."""
    return _replace(text, content, start, end, where="the README")


def write_reports(results: Mapping[str, Mapping[str, Any]], targets: Mapping[str, dict], *,
                  results_dir: Path = RESULTS, readme: Path | None = README) -> None:
    """Write ``benchmark.json`` and ``benchmark.md`` and rewrite the README's results table."""
    results_dir = Path(results_dir)
    if readme is not None:
        readme = Path(readme)
        updated = replace_between_markers(readme.read_text(encoding="utf-8"),
                                          readme_section(results, targets))
    results_dir.mkdir(parents=True, exist_ok=True)
    latest = max((str(r.get("date", "")) for r in results.values()), default="")
    (results_dir / JSON_FILE).write_text(
        json.dumps({"updated": latest, "notebooks": dict(sorted(results.items()))}, indent=1,
                   ensure_ascii=False) + "\n", encoding="utf-8")
    (results_dir / MARKDOWN_FILE).write_text(markdown_report(results, targets), encoding="utf-8")
    if readme is not None:
        readme.write_text(updated, encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.bench",
        description="Run course notebooks in full mode, each in a fresh kernel; measure wall time, "
                    "peak memory and the headline figures they record; compare them with "
                    "results/targets.json; write results/benchmark.json, results/benchmark.md "
                    "and the README's results table (earlier results of other notebooks are kept).",
        epilog="examples:\n"
               "  python -m tools.bench                 every notebook with targets\n"
               "  python -m tools.bench 06 07 --store   two notebooks; keep their outputs\n"
               "  python -m tools.bench 07 --quick      quick-mode smoke test, writes nothing\n"
               "  make bench NOTEBOOKS=\"06 07\"",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", metavar="NOTEBOOK",
                        help="notebook number (05), name (05_keras_fashion_mnist) or file; "
                             "default: every notebook in results/targets.json")
    parser.add_argument("--store", action="store_true",
                        help="write each notebook that ran without error back in place, with its outputs")
    parser.add_argument("--quick", action="store_true",
                        help="run in quick mode to test the machinery; print the table, write nothing")
    parser.add_argument("--report-only", action="store_true",
                        help="run nothing: rewrite benchmark.md and the README table from the stored "
                             "benchmark.json (after editing results/targets.json, say)")
    parser.add_argument("--timeout", type=int, default=3600, metavar="SECONDS",
                        help="limit for any one cell (default 3600)")
    parser.add_argument("--targets", type=Path, default=RESULTS / TARGETS_FILE, help=argparse.SUPPRESS)
    parser.add_argument("--results", type=Path, default=RESULTS, help=argparse.SUPPRESS)
    parser.add_argument("--readme", type=Path, default=README, help=argparse.SUPPRESS)
    parser.add_argument("--notebooks-dir", type=Path, default=NOTEBOOKS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    try:
        targets = load_targets(args.targets)
        keys = resolve_names(args.notebooks, targets, args.notebooks_dir)
    except ValueError as e:
        parser.error(str(e))
    mode = "quick" if args.quick else "full"
    stored = load_results(args.results / JSON_FILE)["notebooks"]
    if args.report_only:
        write_reports(stored, targets, results_dir=args.results, readme=args.readme)
        print(table(stored, targets))
        return 0
    fresh: dict[str, dict] = {}
    env = environment()
    for key in keys:
        path = notebook_path(key, targets, args.notebooks_dir)
        print(f"[bench] {path.name}: running in {mode} mode …", flush=True)
        if not path.exists():
            run = {"status": "failed", "error": f"notebooks/{path.name} does not exist", "mode": mode,
                   "wall_seconds": 0.0, "cpu_seconds": 0.0, "peak_rss_bytes": 0, "metrics": {}}
        else:
            run = run_notebook(path, mode=mode, store=args.store and not args.quick,
                               cell_timeout=args.timeout)
        run.update({"notebook": path.name,
                    "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "environment": env})
        fresh[key] = run
        figures = ", ".join(f"{k} = {v['value']:.4g}" for k, v in run["metrics"].items()) or "no metrics"
        print(f"[bench] {path.name}: {run['status']} in {format_duration(run['wall_seconds'])}, "
              f"peak {format_bytes(run['peak_rss_bytes'])}; {figures}"
              + (f"\n[bench]   error: {run['error']}" if run["error"] else ""), flush=True)
    if args.quick:
        print("\n" + table(fresh, {k: targets[k] for k in fresh if k in targets}))
        print("\n(quick mode: nothing written; these are not results)")
    else:
        merged = {**stored, **fresh}
        write_reports(merged, targets, results_dir=args.results, readme=args.readme)
        print("\n" + table(merged, targets))
        print(f"\n[bench] wrote {JSON_FILE} and {MARKDOWN_FILE} in {args.results} and the table in "
              f"{Path(args.readme).name}")
    return 0 if all(r["status"] == "ok" for r in fresh.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
