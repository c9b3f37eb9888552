"""Batch manifests: what ``handouts batch`` builds, read and checked before anything renders.

Two formats (details in README, "Batch"):

- **CSV**, as exported from a spreadsheet or an EHR: a header row of column
  names like the ``build`` options, one leaflet per row; empty cells take the
  defaults. Rows are numbered like a spreadsheet: the header is row 1.
- **YAML**: ``defaults:`` and a ``jobs:`` list. In a job, ``audience``,
  ``lang``, ``layout`` and ``paper`` may be lists (or ``all``), which expand
  to every combination. Rows are the job's line in the file.

:func:`read_manifest` checks the whole manifest and returns every job, each
valid (a :class:`Job`) or not (its problems), in manifest order. Problems
that make the manifest unusable as a whole (unreadable, unknown columns, no
jobs) raise :class:`ManifestError` instead.

The ``format`` field (``pdf``, the default, or ``html``) is one value per job.
Output names come from the ``output`` field (with ``{audience}``, ``{lang}``,
``{layout}``, ``{paper}``, ``{format}``, ``{row}`` and ``{patient}`` filled
in; ``.pdf`` or ``.html`` is added if missing) or the default
``AUDIENCE-LANG-LAYOUT-PAPER.pdf`` (``AUDIENCE-LANG.html`` for html). They are cleaned of characters
that are unsafe in file names, must stay inside the output folder (no
absolute paths, no ``..``), and must not collide: a second row with the same
name is reported, case-insensitively, before anything renders.
"""

from __future__ import annotations

import csv
import itertools
import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..errors import HandoutsError, ManifestError, Problem, RequestError
from ..request import DEFAULTS, FORMATS
from ..request import FIELDS as REQUEST_FIELDS
from ..load.yamlfile import Map, Seq, display_path, load_mapping
from ..write import SUFFIXES, format_for
from .columns import SEPARATORS, map_header, separator

if TYPE_CHECKING:
    from ..api import Handouts
    from ..request import BuildRequest

FIELDS = (*(f for f in REQUEST_FIELDS if f != "font"), "output")
"""Manifest columns: the request fields (handouts.request; fonts come from ``--font``) and ``output``."""
MATRIX = ("audience", "lang", "layout", "paper")
PLACEHOLDERS = ("audience", "lang", "layout", "paper", "format", "row", "patient")
RESERVED = {"index.json"}
_UNSAFE = re.compile(r"[^\w.\- ()+,]", re.UNICODE)


@dataclass(frozen=True)
class Job:
    row: int
    """Spreadsheet row (CSV, header = 1) or line (YAML) of the job in the manifest."""
    index: int
    """Position in the expanded manifest, from 0: what ``--shard`` divides."""
    request: BuildRequest | None
    output: str
    """Path inside the output folder, ``/``-separated; may be empty for an invalid job."""
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Raw:
    row: int
    values: dict[str, Any] = field(default_factory=dict)


def read_manifest(path: Path, app: Handouts, fonts: tuple[Path, ...] = ()) -> list[Job]:
    """Read and check every job. Raises :class:`ManifestError` if the manifest is unusable.

    ``fonts`` are extra TrueType fonts (``--font``) for every job."""
    path = Path(path)
    if not path.is_file():
        raise ManifestError(f"{display_path(path)}: no such manifest file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raws: Iterator[_Raw] = _read_csv(path)
    elif suffix in (".yaml", ".yml"):
        raws = _read_yaml(path, app)
    else:
        raise ManifestError(f"{display_path(path)}: a manifest must be a .csv or .yaml file")
    shown = display_path(path)
    checker = _Checker(app, path.parent, shown, fonts)
    jobs = [checker.job(index, raw) for index, raw in enumerate(raws)]
    if not jobs:
        raise ManifestError(f"{shown}: the manifest lists no leaflets")
    return jobs


# -- reading -------------------------------------------------------------------
def _read_csv(path: Path) -> Iterator[_Raw]:
    """The rows of a CSV manifest; the header's names, aliases and separator as ``columns.py`` reads them."""
    shown = display_path(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig")  # Excel writes a byte-order mark
    except OSError as exc:
        raise ManifestError(f"{shown}: cannot read: {exc.strerror}") from exc
    with handle:
        try:
            first = handle.readline()
            sep, declared = separator(first)
            if not declared:
                handle.seek(0)
            reader = csv.reader(handle, delimiter=sep)
            header = next(reader, None)
            if header is None:
                raise ManifestError(f"{shown}: the file is empty; the first row must name the columns")
            names, problems = map_header(header, shown)
            if problems:
                raise ManifestError(problems=problems)
            if "audience" not in names:
                raise ManifestError(f"{shown}:1: the header needs an 'audience' column")
            for number, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue  # a blank line
                raw = _Raw(number)
                if len(cells) > len(names):
                    raw.values["__extra__"] = (len(cells) - len(names), SEPARATORS.get(sep, repr(sep)))
                for name, cell in zip(names, cells):
                    if name == "note":
                        raw.values.setdefault("note", []).extend([cell] if cell.strip() else [])
                    elif name is not None and cell.strip():
                        raw.values[name] = cell
                yield raw
        except UnicodeDecodeError as exc:
            raise ManifestError(f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                "save the spreadsheet as CSV UTF-8") from exc
        except csv.Error as exc:
            raise ManifestError(f"{shown}: not a readable CSV file ({exc})") from exc


def _read_yaml(path: Path, app: Handouts) -> Iterator[_Raw]:
    shown = display_path(path)
    try:
        doc = load_mapping(path)
    except HandoutsError as exc:
        raise ManifestError(str(exc)) from exc
    unknown = [k for k in doc if k not in ("defaults", "jobs")]
    if unknown:
        raise ManifestError(f"{shown}:{doc.line_of(unknown[0])}: unknown key {unknown[0]!r}; "
                            "a manifest has defaults: and jobs:")
    defaults = doc.get("defaults") or Map()
    if not isinstance(defaults, Map):
        raise ManifestError(f"{shown}:{doc.line_of('defaults')}: defaults: expected a mapping")
    _known_keys(defaults, shown, "defaults.")
    jobs = doc.get("jobs")
    if not isinstance(jobs, Seq) or not jobs:
        raise ManifestError(f"{shown}:{doc.line_of('jobs') or doc.line}: jobs: expected a list of leaflets")
    for number, job in enumerate(jobs):
        line = jobs.item_lines[number] if number < len(jobs.item_lines) else jobs.line
        if not isinstance(job, Map):
            yield _Raw(line, {"__error__": ("", "expected a mapping with audience and the other fields")})
            continue
        _known_keys(job, shown, f"jobs[{number}].")
        merged = {**{k: v for k, v in defaults.items()}, **{k: v for k, v in job.items()}}
        axes = []
        for key in MATRIX:
            value = merged.get(key)
            if isinstance(value, str) and value.strip().lower() == "all":
                value = _all_values(key, app)
            axes.append(value if isinstance(value, list) else [value])
        for combo in itertools.product(*axes):
            values = {k: v for k, v in merged.items() if k not in MATRIX}
            values.update({k: v for k, v in zip(MATRIX, combo) if v is not None})
            yield from _expand_papers(_Raw(line, values), app)


def _known_keys(m: Map, shown: str, prefix: str) -> None:
    for key in m:
        if key not in FIELDS:
            raise ManifestError(f"{shown}:{m.line_of(key)}: {prefix}{key}: unknown field; "
                                f"fields are: {', '.join(FIELDS)}")


def _all_values(key: str, app: Handouts) -> list:
    if key == "audience":
        return sorted(app.content.audiences, key=lambda a: (app.content.audiences[a].order, a))
    if key == "lang":
        return sorted(app.content.languages)
    if key == "layout":
        return sorted(app.layout_folders)
    return ["all"]  # paper: every paper of each leaflet's layout, expanded once the layout is known


def _expand_papers(raw: _Raw, app: Handouts) -> Iterator[_Raw]:
    if str(raw.values.get("paper")).strip().lower() != "all":
        yield raw
        return
    layout = raw.values.get("layout", DEFAULTS["layout"])
    try:
        papers = list(app.layout(str(layout).strip().lower()).papers)
    except HandoutsError:
        papers = ["letter"]  # the unknown layout is reported on the job itself
    for paper in papers:
        yield _Raw(raw.row, {**raw.values, "paper": paper})


# -- checking ------------------------------------------------------------------
class _Checker:
    def __init__(self, app: Handouts, base: Path, shown: str, fonts: tuple[Path, ...] = ()):
        self.app, self.base, self.shown, self.fonts = app, base, shown, fonts
        self.outputs: dict[str, int] = {}
        self.slots: dict[str, dict[str, str]] = {}
        """The placeholder values of the row that first wrote each output, to say which tells two rows apart."""
        self.folders: dict[str, int] = {}
        """Every folder an output needs, with the first row that needs it."""

    def job(self, index: int, raw: _Raw) -> Job:
        problems: list[Problem] = []

        def fail(name: str, message: str) -> None:
            problems.append(Problem(self.shown, raw.row, name, message))

        if "__error__" in raw.values:
            fail(*raw.values["__error__"])
            return Job(raw.row, index, None, "", tuple(problems))
        if "__extra__" in raw.values:
            extra, sep = raw.values["__extra__"]
            fail("", f"{extra} more cell(s) than the header has columns" +
                 ("" if sep == "comma" else f" (cells are {sep}-separated, as the header row is)"))
        values = {k: v for k, v in raw.values.items() if not k.startswith("__") and k != "output"}
        for name in MATRIX:
            if isinstance(values.get(name), (list, Map, Seq, dict)):
                fail(name, "expected a single value")
                values.pop(name)
        clinic = values.get("clinic")
        if isinstance(clinic, str) and clinic.strip():
            values["clinic"] = self._clinic_ref(clinic.strip())
        if self.fonts:
            values["font"] = [str(font) for font in self.fonts]
        pattern = raw.values.get("output")
        if isinstance(pattern, str) and Path(pattern.strip()).suffix.lower() in SUFFIXES:  # .pdf, .html
            given = values.get("format")
            found, mismatch = format_for(pattern.strip(), given if isinstance(given, str) else None)
            if mismatch:
                fail("output", mismatch)
            values["format"] = found or given
        request = None
        try:
            request = self.app.request(values)
        except RequestError as exc:
            for problem in exc.problems:
                fail(problem.request_field, str(problem) if problem.file else problem.message)
        output = self._output(raw.values.get("output"), request or _for_naming(values), raw.row, fail)
        return Job(raw.row, index, request if not problems else None, output, tuple(problems))

    def _clinic_ref(self, ref: str) -> str:
        """A clinic id stays an id; a file name is read relative to the manifest's folder."""
        if ref in self.app.content.clinic_files or Path(ref).is_absolute():
            return ref
        return str(self.base / ref)

    def _output(self, pattern: str | None, request: BuildRequest, row: int, fail) -> str:
        if pattern is None:
            pattern = request.default_filename()
        slots = {"audience": request.audience, "lang": request.lang, "layout": request.layout,
                 "paper": request.paper, "format": request.format, "row": str(row),
                 "patient": re.sub(r"[\\/]+", "-", request.patient or "patient")}
        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
            bad = next((name for name in fields if name not in PLACEHOLDERS), None)
            if bad is not None:
                fail("output", f"unknown placeholder {{{bad}}}; use {', '.join('{' + p + '}' for p in PLACEHOLDERS)}")
                return ""
            name = pattern.format_map(slots)
        except (ValueError, IndexError) as exc:
            fail("output", f"{pattern!r} is not a file name pattern ({exc})")
            return ""
        cleaned = clean_output(name, f".{request.format}")
        if isinstance(cleaned, Problem):
            fail("output", cleaned.message)
            return ""
        key = unicodedata.normalize("NFC", cleaned).casefold()
        parents = ["/".join(key.split("/")[:i]) for i in range(1, key.count("/") + 1)]
        if key in self.outputs:
            fail("output", f"{cleaned!r} is also the output of row {self.outputs[key]}; give each row its own "
                           f"output (e.g. with {{{_separating(self.slots[key], slots, fields)}}} in it)")
        elif key in self.folders:
            fail("output", f"{cleaned!r} is a folder of row {self.folders[key]}'s output; choose another name")
        elif any(parent in self.outputs for parent in parents):
            parent = next(parent for parent in parents if parent in self.outputs)
            fail("output", f"{cleaned!r} needs a folder where row {self.outputs[parent]} writes a file")
        else:
            self.outputs[key], self.slots[key] = row, slots
            for parent in parents:
                self.folders.setdefault(parent, row)
        return cleaned


def _separating(first: dict[str, str], second: dict[str, str], used: list[str]) -> str:
    """A placeholder whose values tell two rows apart in a file name (compared as the names are: cleaned,
    ignoring case) and that the pattern does not use yet; ``row`` if no other does."""
    def key(value: str) -> str:
        return unicodedata.normalize("NFC", _UNSAFE.sub("_", value)).casefold()

    return next((name for name in PLACEHOLDERS if name != "row" and name not in used and name in first
                 and key(first[name]) != key(second.get(name, ""))), "row")


def _for_naming(values: dict[str, Any]) -> BuildRequest:
    """A stand-in request for an invalid row, so its output name can still be checked."""
    from ..request import BuildRequest

    def text(name: str) -> str:
        value = values.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else DEFAULTS.get(name, "")

    return BuildRequest(audience=text("audience"), lang=text("lang"), layout=text("layout"), paper=text("paper"),
                        format=text("format") if text("format") in FORMATS else "pdf",
                        patient=text("patient") or None)


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
        cleaned.append(part)
    if not cleaned:
        return Problem("", None, "output", f"{name!r} has no usable file name")
    if not cleaned[-1].lower().endswith(suffix):
        cleaned[-1] += suffix
    result = "/".join(cleaned)
    if result.lower() in RESERVED or any(part.startswith(".") for part in cleaned):
        return Problem("", None, "output", f"{name!r} is a name the batch keeps for itself")
    if len(result) > 200:
        return Problem("", None, "output", f"{name!r} is too long ({len(result)} characters; at most 200)")
    return result
