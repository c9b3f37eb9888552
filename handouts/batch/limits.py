"""The bounds of a batch manifest, checked before anything is made from it.

A manifest may make at most :data:`MAX_JOBS` leaflets (``--max-jobs`` raises
the cap): a few lines of YAML that cross ``all`` with long lists, or repeat an
alias 100,000 times, stand for millions of leaflets, so the count is worked out
from the manifest as written, without expanding it, and a manifest over the
cap is refused with that count. A CSV manifest is a regular file of at most
:data:`MAX_CSV_BYTES`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ManifestError
from ..load.files import read_regular
from ..load.yamlfile import display_path

MATRIX = ("audience", "lang", "layout", "paper")
MAX_JOBS = 100_000
"""The most leaflets one manifest may make; ``--max-jobs`` raises it. Counted before any job is made (a few
lines of YAML crossing ``all`` with long lists, or aliases, can stand for millions)."""
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_WORKERS = 256
"""The most worker processes ``-j`` may ask for (each holds its own fonts and content, about 60 MB); a pool
never starts more workers than it has leaflets to build."""
MANIFEST_VALUES = 50_000_000
"""A YAML manifest may stand for this many values through aliases (each job is checked, not walked, so the
job count above is the real limit, and its message names the count)."""


def check_count(count: int, max_jobs: int, shown: str) -> None:
    """Raise :class:`ManifestError` with the count if the manifest would make more than ``max_jobs`` leaflets."""
    if count > max_jobs:
        raise ManifestError(f"{shown}: the manifest would make {count:,} leaflets; a batch makes at most "
                            f"{max_jobs:,} (raise the cap with --max-jobs N, or split the manifest)")


def csv_text(path: Path) -> str:
    """The CSV file's text: a regular file of at most MAX_CSV_BYTES, UTF-8 (Excel's byte-order mark dropped)."""
    shown = display_path(path)
    data, problem = read_regular(path, MAX_CSV_BYTES, limit_text="a manifest may be at most")
    if data is None:
        raise ManifestError(f"{shown}: {problem if problem.startswith('file is') else 'cannot read: ' + problem}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                            "save the spreadsheet as CSV UTF-8") from exc


def count_csv(text: str) -> int:
    """The rows after the header that are not blank (what the manifest would make); 0 if it is not readable CSV
    (reading it says why)."""
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        next(reader, None)
        return sum(1 for cells in reader if any(cell.strip() for cell in cells))
    except csv.Error:
        return 0


def combinations(merged: dict[str, Any], all_values: Callable[[str], list], papers: Callable[[object], int]) -> int:
    """How many leaflets one job expands to (its lists and ``all`` crossed), without expanding it."""
    axes = {}
    for key in MATRIX:
        value = merged.get(key)
        if value == "all" and key != "paper":
            value = all_values(key)
        axes[key] = value if isinstance(value, list) else [value]
    if axes["paper"] != ["all"]:
        return len(axes["audience"]) * len(axes["lang"]) * len(axes["layout"]) * len(axes["paper"])
    return len(axes["audience"]) * len(axes["lang"]) * sum(papers(layout) for layout in axes["layout"])
