"""Output names of a batch: from a row's ``output`` pattern (or the default name) to a safe path inside
``--out-dir``, and no two rows on one file.

Placeholders are plain (``{audience}``, ``{lang}``, ``{layout}``, ``{paper}``, ``{format}``, ``{row}``,
``{patient}``; no format specs). Characters unsafe in file names become ``_``; a name beginning with
``=``, ``+``, ``-`` or ``@`` (a formula in a spreadsheet, an option on a command line) gets ``_`` in front;
absolute paths and ``..`` are refused; two rows with the same name, ignoring case, are reported.
"""

from __future__ import annotations

import re
import string
import unicodedata
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ..errors import Problem
from ..load.yamlfile import brief
from ..write import name_problem

if TYPE_CHECKING:
    from ..request import BuildRequest

PLACEHOLDERS = ("audience", "lang", "layout", "paper", "format", "row", "patient")
RESERVED = {"index.json"}
_UNSAFE = re.compile(r"[^\w.\- ()+,]", re.UNICODE)
FORMULA_START = "=+-@"
"""A file or folder name starting with one of these gets ``_`` in front: a spreadsheet opens ``=...``, ``+...``,
``-...`` or ``@...`` as a formula, and a command line reads ``-...`` as an option."""


class OutputNames:
    """The names a manifest's rows claim, so a second row on the same file (or folder) is reported."""

    def __init__(self) -> None:
        self.outputs: dict[str, int] = {}
        """Claimed file name (NFC, case-folded) -> the row that claimed it."""
        self.folders: dict[str, int] = {}
        """Every folder an output needs, with the first row that needs it."""
        self.slots: dict[str, dict[str, str]] = {}
        """The placeholder values of the row that first wrote each output, to say which tells two rows apart."""

    def claim(self, pattern: object, request: BuildRequest, row: int) -> tuple[str, str]:
        """``(name, "")``: the row's output path inside the output folder; or ``("", problem)``."""
        if pattern is None:
            pattern = request.default_filename()
        if not isinstance(pattern, str):
            return "", f"expected a file name, found {brief(pattern)}"
        slots = {"audience": request.audience, "lang": request.lang, "layout": request.layout,
                 "paper": request.paper, "format": request.format, "row": str(row),
                 "patient": re.sub(r"[\\/]+", "-", request.patient or "patient")}
        try:
            pieces = list(string.Formatter().parse(pattern))
        except ValueError as exc:
            return "", f"{brief(pattern)} is not a file name pattern ({exc})"
        name, used = "", []
        for literal, field_name, spec, conversion in pieces:
            name += literal
            if field_name is None:
                continue
            if field_name not in PLACEHOLDERS:
                return "", (f"unknown placeholder {_cut('{' + field_name + '}')}; use "
                            f"{', '.join('{' + p + '}' for p in PLACEHOLDERS)}")
            if spec or conversion:  # {audience:>6000000000} would allocate gigabytes: placeholders are plain
                written = "{" + field_name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                return "", (f"{_cut(written + '}')}: a placeholder takes no format spec or conversion; "
                            f"write {{{field_name}}}")
            name += slots[field_name]
            used.append(field_name)
        cleaned = clean_output(name, f".{request.format}")
        if isinstance(cleaned, Problem):
            return "", cleaned.message
        key = unicodedata.normalize("NFC", cleaned).casefold()
        parents = ["/".join(key.split("/")[:i]) for i in range(1, key.count("/") + 1)]
        if key in self.outputs:
            return cleaned, (f"{cleaned!r} is also the output of row {self.outputs[key]}; give each row its own "
                             f"output (e.g. with {{{_separating(self.slots[key], slots, used)}}} in it)")
        if key in self.folders:
            return cleaned, f"{cleaned!r} is a folder of row {self.folders[key]}'s output; choose another name"
        if any(parent in self.outputs for parent in parents):
            parent = next(parent for parent in parents if parent in self.outputs)
            return cleaned, f"{cleaned!r} needs a folder where row {self.outputs[parent]} writes a file"
        self.outputs[key], self.slots[key] = row, slots
        for parent in parents:
            self.folders.setdefault(parent, row)
        return cleaned, ""


def _separating(first: dict[str, str], second: dict[str, str], used: list[str]) -> str:
    """A placeholder whose values tell two rows apart in a file name (compared as the names are: cleaned,
    ignoring case) and that the pattern does not use yet; ``row`` if no other does."""
    def key(value: str) -> str:
        return unicodedata.normalize("NFC", _UNSAFE.sub("_", value)).casefold()

    return next((name for name in PLACEHOLDERS if name != "row" and name not in used and name in first
                 and key(first[name]) != key(second.get(name, ""))), "row")


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 8] + "..." + text[-5:]


def clean_output(name: str, suffix: str = ".pdf") -> str | Problem:
    """A safe relative path ending in ``suffix`` inside the output folder, or the problem with ``name``."""
    raw = name.replace("\\", "/").strip()
    if not raw:
        return Problem("", None, "output", "empty file name")
    if raw.startswith("/") or re.match(r"^[A-Za-z]:/", raw) or raw.startswith("~"):
        return Problem("", None, "output", f"{name!r} must be a file name inside the output folder, "
                                           "not an absolute path")
    parts = [p for p in PurePosixPath(raw).parts]
    if any(p == ".." for p in parts):
        return Problem("", None, "output", f"{name!r} must stay inside the output folder (no '..')")
    cleaned = []
    for part in parts:
        part = _UNSAFE.sub("_", unicodedata.normalize("NFC", part)).strip(" .")
        if not part:
            continue
        if part[0] in FORMULA_START:  # would open as a formula in a spreadsheet, or read as an option
            part = "_" + part
        cleaned.append(part)
    if not cleaned:
        return Problem("", None, "output", f"{name!r} has no usable file name")
    if not cleaned[-1].lower().endswith(suffix):
        cleaned[-1] += suffix
    result = "/".join(cleaned)
    if result.lower() in RESERVED or any(part.startswith(".") for part in cleaned):
        return Problem("", None, "output", f"{name!r} is a name the batch keeps for itself")
    if len(result) > 200:
        return Problem("", None, "output", f"{brief(name)} is too long ({len(result)} characters; at most 200)")
    for part in cleaned:
        problem = name_problem(part)
        if problem:
            return Problem("", None, "output", problem)
    return result
