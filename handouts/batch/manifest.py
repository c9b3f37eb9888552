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
jobs) raise :class:`ManifestError` instead. :func:`read_csv_stream` does the
same for a CSV read from an open text stream (``handouts serve`` uploads,
never written to disk), with the clinics limited to a given set.

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
import io
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import HandoutsError, ManifestError, Problem, RequestError
from ..request import DEFAULTS, FORMATS
from ..request import FIELDS as REQUEST_FIELDS
from ..load.files import MISSING, regular_problem
from ..load.yamlfile import Map, Seq, display_path, load_mapping
from .names import OutputNames
from .limits import MANIFEST_VALUES, MAX_JOBS, check_count, combinations, count_csv, csv_text
from ..write import SUFFIXES, format_for
from .columns import SEPARATORS, map_header, separator

if TYPE_CHECKING:
    from ..api import Handouts
    from ..request import BuildRequest

FIELDS = (*(f for f in REQUEST_FIELDS if f != "font"), "output")
"""Manifest columns: the request fields (handouts.request; fonts come from ``--font``) and ``output``."""
MATRIX = ("audience", "lang", "layout", "paper")


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


def read_manifest(path: Path, app: Handouts, fonts: tuple[Path, ...] = (), max_jobs: int = MAX_JOBS) -> list[Job]:
    """Read and check every job. Raises :class:`ManifestError` if the manifest is unusable, or would
    make more than ``max_jobs`` leaflets (counted before any is made).

    ``fonts`` are extra TrueType fonts (``--font``) for every job."""
    path = Path(path)
    unusable = regular_problem(path)
    if unusable in (MISSING, "not a regular file (it is a folder)"):
        raise ManifestError(f"{display_path(path)}: no such manifest file")
    if unusable:  # a FIFO would block for ever, a device never end
        raise ManifestError(f"{display_path(path)}: {unusable}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = csv_text(path)
        check_count(count_csv(text), max_jobs, display_path(path))
        raws: Iterator[_Raw] = _read_csv(path, text)
    elif suffix in (".yaml", ".yml"):
        raws = _read_yaml(path, app, max_jobs)
    else:
        raise ManifestError(f"{display_path(path)}: a manifest must be a .csv or .yaml file")
    shown = display_path(path)
    return _check_all(raws, _Checker(app, path.parent, shown, fonts), shown)


def read_csv_stream(stream: TextIO, name: str, app: Handouts, clinics: Mapping[str, str],
                    default_clinic: str) -> list[Job]:
    """Read and check a CSV manifest from an open text stream (a web upload, kept in memory).

    ``name`` stands for the file in messages (``NAME:ROW: field: message``). A ``clinic`` cell
    must be one of ``clinics`` (a value a person may type -> the clinic id or file it means); no
    other file is ever opened, and an empty cell means ``default_clinic``. Raises
    :class:`ManifestError` if the manifest is unusable."""
    checker = _Checker(app, None, name, clinics=clinics, default_clinic=default_clinic)
    return _check_all(_csv_rows(stream, name), checker, name)


def _check_all(raws: Iterator[_Raw], checker: _Checker, shown: str) -> list[Job]:
    jobs = [checker.job(index, raw) for index, raw in enumerate(raws)]
    if not jobs:
        raise ManifestError(f"{shown}: the manifest lists no leaflets")
    return jobs


# -- reading -------------------------------------------------------------------
def _read_csv(path: Path, text: str) -> Iterator[_Raw]:
    """The rows of a CSV manifest; the header's names, aliases and separator as ``columns.py`` reads them."""
    with io.StringIO(text, newline="") as handle:
        yield from _csv_rows(handle, display_path(path))


def _csv_rows(handle: TextIO, shown: str) -> Iterator[_Raw]:
    try:
        first = handle.readline()
        sep, declared = separator(first)
        reader = csv.reader(handle if declared or not first else itertools.chain([first], handle), delimiter=sep)
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


def _read_yaml(path: Path, app: Handouts, max_jobs: int = MAX_JOBS) -> Iterator[_Raw]:
    shown = display_path(path)
    try:
        doc = load_mapping(path, max_values=MANIFEST_VALUES)
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
    counted: dict[int, int] = {}  # aliases repeat one job object: count it once
    total = 0
    for job in jobs:
        if id(job) not in counted:
            counted[id(job)] = (combinations({**defaults, **job}, lambda key: _all_values(key, app),
                                             lambda layout: len(_papers(_layout_id(layout), app)))
                                if isinstance(job, Map) else 1)
        total += counted[id(job)]
    check_count(total, max_jobs, shown)
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
        empty = next((key for key, axis in zip(MATRIX, axes) if not axis), None)
        if empty is not None:  # crossed with nothing, the job would vanish without a word
            yield _Raw(line, {"__error__": (empty, "an empty list makes no leaflets; give at least one value")})
            continue
        for combo in itertools.product(*axes):
            values = {k: v for k, v in merged.items() if k not in MATRIX}
            values.update({k: v for k, v in zip(MATRIX, combo) if v is not None})
            yield from _expand_papers(_Raw(line, values), app)


def _known_keys(m: Map, shown: str, prefix: str) -> None:
    for key in m:
        if key not in FIELDS:
            raise ManifestError(f"{shown}:{m.line_of(key)}: {prefix}{key}: unknown field; "
                                f"fields are: {', '.join(FIELDS)}")


def _layout_id(value: object) -> str:
    """A layout value as an id to look up (a list or mapping is no id: it is reported on the job)."""
    return (value.strip().lower() if isinstance(value, str) else str(value) if isinstance(value, (int, float))
            else "?")


def _papers(layout: str, app: Handouts) -> list[str]:
    try:
        return list(app.layout(layout).papers)
    except HandoutsError:
        return ["letter"]  # the unknown layout is reported on the job itself


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
    for paper in _papers(_layout_id(layout), app):
        yield _Raw(raw.row, {**raw.values, "paper": paper})


# -- checking ------------------------------------------------------------------
class _Checker:
    def __init__(self, app: Handouts, base: Path | None, shown: str, fonts: tuple[Path, ...] = (),
                 clinics: Mapping[str, str] | None = None, default_clinic: str = ""):
        self.app, self.base, self.shown, self.fonts = app, base, shown, fonts
        self.clinics, self.default_clinic = clinics, default_clinic
        """``clinics``: if set, the only clinic values allowed (see :func:`read_csv_stream`)."""
        self.names = OutputNames()

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
        if self.clinics is not None:
            chosen = clinic.strip() if isinstance(clinic, str) else ""
            if not chosen:
                values["clinic"] = self.default_clinic
            elif chosen in self.clinics:
                values["clinic"] = self.clinics[chosen]
            else:
                fail("clinic", f"unknown clinic {chosen!r}; choose one of: {', '.join(self.clinics)}")
                values.pop("clinic")  # never opened as a file
        elif isinstance(clinic, str) and clinic.strip():
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
        if ref in self.app.content.clinic_files or Path(ref).is_absolute() or self.base is None:
            return ref
        return str(self.base / ref)

    def _output(self, pattern: object, request: BuildRequest, row: int, fail) -> str:
        name, problem = self.names.claim(pattern, request, row)
        if problem:
            fail("output", problem)
        return name


def _for_naming(values: dict[str, Any]) -> BuildRequest:
    """A stand-in request for an invalid row, so its output name can still be checked."""
    from ..request import BuildRequest

    def text(name: str) -> str:
        value = values.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else DEFAULTS.get(name, "")

    return BuildRequest(audience=text("audience"), lang=text("lang"), layout=text("layout"), paper=text("paper"),
                        format=text("format") if text("format") in FORMATS else "pdf",
                        patient=text("patient") or None)
