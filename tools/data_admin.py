"""The instructor's side of the data catalogue: fill an offline mirror, write data/README.md's table.

    python -m tools.data_admin mirror course-mirror [NAME ...]   # make data MIRROR=course-mirror
    python -m tools.data_admin readme                            # make catalogue
    python -m tools.data_admin fetch mnist cats_and_dogs_filtered
    python -m tools.data_admin list

Learners never need this module: ``helpers.data`` fetches, verifies and caches what a notebook asks for.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterable

if not __package__:  # run as `python tools/data_admin.py`: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import data  # noqa: E402
from tools import TOP, format_bytes, replace_between_markers  # noqa: E402

README_PATH = TOP / "data" / "README.md"
TABLE_START, TABLE_END = "<!-- catalogue:start -->", "<!-- catalogue:end -->"


def fill_mirror(folder: Path | str, names: Iterable[str] | None = None) -> list[Path]:
    """Fetch catalogue entries into the cache and copy their files into a mirror ``folder``.

    An instructor runs this once (``make data``) on a machine with internet; the classroom then
    sets ``$COURSE_DATA_MIRROR`` to that folder and works offline.
    """
    folder = Path(folder)
    written = []
    for e in data.catalogue().values():
        if names is not None and e.name not in names:
            continue
        if not e.files:
            print(f"skip {e.name}: {e.manual or 'no files'}")
            continue
        try:
            data.fetch(e.name)
        except data.DataUnavailableError as err:
            print(f"skip {e.name}: {err.args[0].splitlines()[0]}")
            continue
        for f in e.files:
            if f.mirror:
                data.copy_verified(f.path, folder / f.mirror, f.hash)
                written.append(folder / f.mirror)
    return written


def readme_table() -> str:
    """The catalogue as a Markdown table (what ``make catalogue`` writes into data/README.md)."""
    rows = ["| name | what | kind | notebooks | size | licence | verified by | source |",
            "|---|---|---|---|---|---|---|---|"]
    for e in data.catalogue().values():
        size = format_bytes(sum(f.size or 0 for f in e.files)) if e.files else "see source"
        urls = sorted({u.rsplit("/", 1)[0] + "/" for f in e.files for u in f.urls[:1]})
        source = "<br>".join(urls) if urls else "manual (see below)"
        rows.append(f"| `{e.name}` | {e.title} | {e.kind} | {', '.join(e.notebooks)} | {size} | "
                    f"{e.licence} | {e.verify} | {source} |")
    return "\n".join(rows)


def write_readme(path: Path = README_PATH) -> bool:
    """Rewrite the table between the markers in data/README.md; True if it changed."""
    text = path.read_text(encoding="utf-8")
    new = replace_between_markers(text, readme_table(), TABLE_START, TABLE_END, where=str(path))
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.data_admin", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("mirror", help="fetch every catalogue file and copy it into a mirror folder")
    m.add_argument("folder")
    m.add_argument("names", nargs="*", help="catalogue names (default: all)")
    f = sub.add_parser("fetch", help="fetch catalogue entries into the caches")
    f.add_argument("names", nargs="+")
    sub.add_parser("readme", help="rewrite the table in data/README.md from the catalogue")
    sub.add_parser("list", help="print the catalogue")
    args = parser.parse_args(argv)
    if args.command == "mirror":
        written = fill_mirror(args.folder, args.names or None)
        print(f"{len(written)} files in {args.folder}. "
              f"Set {data.MIRROR_VARIABLE}={Path(args.folder).resolve()}")
    elif args.command == "fetch":
        for name in args.names:
            print(name, "->", data.fetch(name))
    elif args.command == "readme":
        print("data/README.md", "updated" if write_readme() else "already up to date")
    else:
        print(readme_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
