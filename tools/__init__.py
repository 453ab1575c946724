"""Maintainer tools: the benchmark, the data mirror and catalogue table, the repository URL.

Nothing here is installed with the course's ``helpers`` package or imported by a notebook; these
run from a checkout (``make bench``, ``make data``, ``make catalogue``, ``make fork``). What they
share lives here: the checkout's top folder, rewriting a marked section of a Markdown file, and
byte counts for people.
"""
from __future__ import annotations

from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
"""The repository's top folder (the tools run from a checkout, never from an installed copy)."""


def replace_between_markers(text: str, content: str, start: str, end: str, *,
                            where: str = "the file") -> str:
    """Put ``content`` between the two markers in ``text``; everything else stays as it is.

    >>> replace_between_markers("a\\n<!-- s -->\\nold\\n<!-- e -->\\nz\\n", "new", "<!-- s -->", "<!-- e -->")
    'a\\n<!-- s -->\\nnew\\n<!-- e -->\\nz\\n'
    """
    i, j = text.find(start), text.find(end)
    if i < 0 or j < 0:
        missing = " and ".join(m for m, k in ((start, i), (end, j)) if k < 0)
        raise ValueError(f"{where} has no {missing} marker: add the pair "
                         f"{start} … {end} where the table belongs")
    if j < i or text.count(start) > 1 or text.count(end) > 1:
        raise ValueError(f"{where} needs exactly one {start} followed by one {end}")
    return text[: i + len(start)] + "\n" + content.strip("\n") + "\n" + text[j:]


def format_bytes(n: float | None) -> str:
    """``2.3e9`` → ``"2.3 GB"`` (powers of 1000: the tables are read by people, not allocators).

    >>> format_bytes(2.3e9), format_bytes(68_606_236), format_bytes(4542), format_bytes(12), format_bytes(None)
    ('2.3 GB', '68.6 MB', '4.5 kB', '12 B', '?')
    """
    if n is None:
        return "?"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} B"
