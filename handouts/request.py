"""The request boundary: raw field values in; a checked :class:`BuildRequest` out, or every problem keyed by field.

Every front end gathers what the user typed into a mapping of field names to
raw values (the CLI from its options, a batch manifest from a CSV row or a
YAML job, the web app from its form) and calls :func:`parse_request`. The
problems come back as one :class:`~handouts.errors.RequestError` whose
problems are keyed by these field names, never by a CLI flag or a column
heading; each front end shows them its own way.

The field names are a contract (the web form, manifests and scripts use them):

==============  ==================================================  ===========
field           raw value                                           default
==============  ==================================================  ===========
``audience``    an audience id (``handouts list``)                  required
``lang``        a language code                                     ``en``
``layout``      a layout id                                         ``handout``
``paper``       a paper of that layout                              ``letter``
``clinic``      a clinic id, or the path of a clinic YAML file      ``demo``
``format``      ``pdf`` or ``html``                                 ``pdf``
``patient``     the patient's name, at most 120 characters          none
``clinician``   the clinician's name, at most 120 characters        none
``follow_up``   ``YYYY-MM-DD`` (printed in the leaflet's language)
                or short text, at most 80 characters; other date
                forms are refused (:mod:`handouts.dates`)           none
``note``        repeatable: at most 10 notes of 600 characters      none
``date``        the printed date, ``YYYY-MM-DD``                    see below
``font``        repeatable: paths of extra TrueType fonts           none
``tagged``      ``true``/``false`` (also yes/no, 1/0): tagged PDF   ``true``
==============  ==================================================  ===========

A raw value is a string (a repeatable field also takes a list of strings);
``None`` or an empty string means "not given". Text is normalised as it
enters (:mod:`handouts.normalize`): NFC, and CRLF or CR as a line break in a
note. Ids (``audience``, ``lang``, ``layout``, ``paper``, ``format``) are
read in any case: ``EN``, ``Handout`` and ``Pregnancy`` are ``en``,
``handout`` and ``pregnancy``. The printed date defaults to
``SOURCE_DATE_EPOCH`` (seconds since 1970) if set, else today (UTC); see
:func:`leaflet_date`. The clinic defaults to the site's own (:func:`default_clinic`:
``HANDOUTS_CLINIC``, else the config file), else the built-in demo, whose leaflets
say "Sample - not for patients" on every page.

Checks come in two kinds, both reported together by :func:`parse_request`:

- field checks (:func:`field_problems`): lengths, control characters, real
  dates, known formats; they need nothing loaded;
- catalog checks (:meth:`Catalog.request_problems`): the audience, language,
  layout, paper and clinic exist, the fonts are TrueType files, and (for a PDF)
  every character of the patient's text is in the layout's fonts.

:meth:`handouts.api.Handouts.render` runs the same checks again, so a
:class:`BuildRequest` made directly (keyword arguments only) is just as safe.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from .dates import ISO_DATE_RE, read_date
from .errors import DataError, Problem, RequestError
from .normalize import nfc

FIELDS = ("audience", "lang", "layout", "paper", "clinic", "format", "patient", "clinician", "follow_up", "note",
          "date", "font", "tagged")
"""Every request field, in the order problems are reported."""
REPEATABLE = ("note", "font")
DEFAULTS: Mapping[str, str] = {"lang": "en", "layout": "handout", "paper": "letter", "clinic": "demo",
                               "format": "pdf"}
FORMATS = ("pdf", "html")
"""What a request builds: the layout as a PDF, or the accessible HTML twin (one web page)."""

MAX_CHARS = {"patient": 120, "clinician": 120, "follow_up": 80, "note": 600}
"""The longest text each free-text field may hold, in characters (what fits on a leaflet)."""
MAX_NOTES = 10
IDS = ("audience", "lang", "layout", "paper", "format")
"""Fields that name something by id: read in any case (ids are lower-case)."""
_ATTRIBUTE = {"note": "notes", "font": "fonts"}
"""The :class:`BuildRequest` attribute of each repeatable field."""
_TRUE, _FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off")


@dataclass(frozen=True, kw_only=True)
class BuildRequest:
    """What to build. Only ``audience`` is required; make one with keyword arguments, or from raw
    values with :func:`parse_request`."""

    audience: str
    lang: str = "en"
    layout: str = "handout"
    paper: str = "letter"
    clinic: str = field(default_factory=lambda: default_clinic()[0])
    """A clinic id from ``data/clinics/`` or the path of a clinic YAML file. Default: the site's
    (:func:`default_clinic`: ``HANDOUTS_CLINIC``, the config file), else the built-in demo."""
    format: str = "pdf"
    """``pdf`` or ``html``. A web page has no paper and one design: for ``html``, ``layout`` and
    ``paper`` are checked as usual (so a manifest row is valid for both formats) but not used,
    and ``fonts`` are not needed (the browser has its own)."""
    patient: str | None = None
    clinician: str | None = None
    follow_up: str | None = None
    """A date (``YYYY-MM-DD``, printed in the leaflet's language) or free text such as "in 2 weeks"."""
    notes: tuple[str, ...] = ()
    """Notes for the patient; each is a paragraph, line breaks kept."""
    date: date | None = None
    """The date printed on the leaflet; see :func:`leaflet_date`."""
    fonts: tuple[Path, ...] = ()
    """Extra TrueType fonts for characters the layout's fonts lack (names in other scripts)."""
    tagged: bool = True
    """Write a tagged PDF (PDF/UA-1: structure tree, marked content, metadata); see docs/accessibility.md."""

    def default_filename(self) -> str:
        """``AUDIENCE-LANG-LAYOUT-PAPER.pdf``, or ``AUDIENCE-LANG.html`` for a web page."""
        if self.format == "html":
            return f"{self.audience}-{self.lang}.html"
        return f"{self.audience}-{self.lang}-{self.layout}-{self.paper}.pdf"

    def texts(self) -> list[tuple[str, str]]:
        """The free text the user typed, as ``(field, text)`` pairs (a note per pair)."""
        pairs = [("patient", self.patient), ("clinician", self.clinician), ("follow_up", self.follow_up)]
        return [(f, t) for f, t in pairs if t] + [("note", note) for note in self.notes]


class Catalog(Protocol):
    """What the catalog checks need: :class:`handouts.api.Handouts` is one."""

    def request_problems(self, request: BuildRequest) -> list[Problem]: ...


def parse_request(raw: Mapping[str, object], catalog: Catalog | None = None) -> BuildRequest:
    """A checked request from raw field values (see the module's table).

    ``catalog`` (a :class:`~handouts.api.Handouts`) adds the catalog checks;
    without it only the field checks run. Raises :class:`RequestError` with
    every problem, each keyed by its field; an unknown field name is a problem
    too (keyed by that name).
    """
    problems = [Problem.of(name, "unknown field; fields are: " + ", ".join(FIELDS)) for name in raw
                if name not in FIELDS]
    values: dict[str, Any] = {}
    for name in FIELDS:
        value, problem = _convert(name, raw.get(name))
        if problem:
            problems.append(Problem.of(name, problem))
        else:
            values[_ATTRIBUTE.get(name, name)] = value
    audience = values.pop("audience", None) or ""
    origin = ""
    if "clinic" in values and values["clinic"] is None:
        values["clinic"], origin = default_clinic()
    request = BuildRequest(audience=audience, **values)
    problems += field_problems(request)
    if catalog is not None:
        broken = {p.field for p in problems}
        for found in catalog.request_problems(request):
            if found.request_field == "clinic" and origin and not found.file:
                found = Problem.of("clinic", f"{found.message} (the default clinic, from {origin})")
            if found.field not in broken:
                problems.append(found)
    if problems:
        raise RequestError(_ordered(problems))
    return request


def _ordered(problems: list[Problem]) -> list[Problem]:
    rank = {name: i for i, name in enumerate(FIELDS)}
    return sorted(problems, key=lambda p: rank.get(p.field, len(FIELDS)))


def _convert(name: str, value: object) -> tuple[Any, str]:
    """``(typed value, "")`` or ``(None, problem)``; a value not given takes its default."""
    if name in REPEATABLE:
        items = value if isinstance(value, (list, tuple)) else [value]
        if any(item is not None and not isinstance(item, str) for item in items):  # never str() a structure
            return None, "expected text"
        texts = [item for item in items if isinstance(item, str) and item.strip()]
        if name == "note":
            return tuple(nfc(text) for text in texts), ""
        return tuple(Path(text.strip()) for text in texts), ""
    if value is None or (isinstance(value, str) and not value.strip()):
        if name == "clinic":
            return None, ""  # the site's default: parse_request asks default_clinic()
        return (True if name == "tagged" else DEFAULTS.get(name)), ""
    if name == "tagged":
        if isinstance(value, bool):
            return value, ""
        if not isinstance(value, (str, int)):
            return None, f"expected true or false, found {_brief(value)}"
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE, ""
        return None, f"expected true or false, found {_brief(value)}"
    if isinstance(value, (list, tuple)):
        return None, "expected a single value"
    if name == "date":
        if isinstance(value, date):
            return value, ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return None, f"expected YYYY-MM-DD, found {_brief(value)}"
        return real_date(str(value).strip())
    if not isinstance(value, str):
        return None, f"expected text, found {_brief(value)}"
    if name in MAX_CHARS:
        return nfc(value) if "\r" not in value else value, ""  # a CR in one-line text is reported as it is
    value = nfc(value).strip()
    return (value.lower() if name in IDS else value), ""


def _brief(value: object) -> str:
    from .load.yamlfile import brief

    return brief(value)


def real_date(text: str) -> tuple[date | None, str]:
    """``(date, "")`` for a real ``YYYY-MM-DD`` date (also with a midnight time, as spreadsheets export
    dates), else ``(None, what is wrong)``."""
    day, problem = read_date(text)
    if day is not None:
        return day, ""
    if problem.startswith(f"{text.strip()!r} is not a real date ("):
        return None, problem
    return None, f"expected YYYY-MM-DD, found {_brief(text)}"


def field_problems(request: BuildRequest) -> list[Problem]:
    """What is wrong with the request's fields on their own (nothing loaded), keyed by field."""
    problems = []
    for name, text in request.texts():
        limit = MAX_CHARS[name]
        if len(text) > limit:
            problems.append(Problem.of(name, f"{len(text)} characters; at most {limit} fit on a leaflet"))
        allowed = "\n\t\r" if name == "note" else ""  # CRLF and CR are line breaks (normalize.py)
        bad = next((ch for ch in text if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in allowed), None)
        if bad is not None:
            problems.append(Problem.of(name, f"contains the control character U+{ord(bad):04X}"))
    if len(request.notes) > MAX_NOTES:
        problems.append(Problem.of("note", f"{len(request.notes)} notes; at most {MAX_NOTES}"))
    if request.format not in FORMATS:
        problems.append(Problem.of("format", f"unknown format {_brief(request.format)}; choose one of: "
                                             f"{', '.join(FORMATS)}"))
    follow_up = (request.follow_up or "").strip()
    _, problem = read_date(follow_up)
    if problem and ISO_DATE_RE.fullmatch(follow_up):
        problems.append(Problem.of("follow_up", f"{request.follow_up!r} is not a real date "
                                                "(expected YYYY-MM-DD or text)"))
    elif problem:
        problems.append(Problem.of("follow_up", problem))
    return problems


def font_problems(fonts: Iterable[Path]) -> list[Problem]:
    """Fonts that are not existing ``.ttf`` files."""
    from .load.files import is_regular

    return [Problem.of("font", f"{_brief(str(font))[1:-1]}: expected an existing TrueType (.ttf) font file")
            for font in fonts if font.suffix.lower() != ".ttf" or not is_regular(font)]


CLINIC_VARIABLE = "HANDOUTS_CLINIC"
CONFIG_VARIABLE = "HANDOUTS_CONFIG"


def config_file() -> Path:
    """The site's config file: ``HANDOUTS_CONFIG`` if set, else ``handouts/config.yaml`` in the user's
    config folder (``%APPDATA%`` on Windows, ``$XDG_CONFIG_HOME`` or ``~/.config`` elsewhere)."""
    if os.environ.get(CONFIG_VARIABLE):
        return Path(os.environ[CONFIG_VARIABLE])
    base = os.environ.get("APPDATA") if os.name == "nt" else os.environ.get("XDG_CONFIG_HOME")
    return Path(base or Path.home() / ".config") / "handouts" / "config.yaml"


def default_clinic() -> tuple[str, str]:
    """``(clinic, where it came from)`` for a request that names no clinic.

    ``HANDOUTS_CLINIC`` (an id or a file path) wins; else ``clinic:`` in the config file (a path is
    read relative to the file); else the built-in demo (``("demo", "")``). Raises :class:`DataError`
    naming the config file if it is not a mapping with only a ``clinic`` text."""
    value = os.environ.get(CLINIC_VARIABLE, "").strip()
    if value:
        return value, CLINIC_VARIABLE
    path = config_file()
    try:
        stat = path.stat()
    except OSError:
        return DEFAULTS["clinic"], ""
    return _configured_clinic(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _configured_clinic(file: str, _mtime_ns: int, _size: int) -> tuple[str, str]:
    """The config file's clinic (read once while the file is unchanged: a batch asks for every row)."""
    from .load.yamlfile import display_path, load_mapping

    path = Path(file)
    doc = load_mapping(path)
    shown = display_path(path)
    unknown = [key for key in doc if key != "clinic"]
    if unknown:
        raise DataError(problems=[Problem(shown, doc.line_of(unknown[0]), unknown[0],
                                          "unknown setting; the config file has: clinic")])
    clinic = doc.get("clinic")
    if clinic is None:
        return DEFAULTS["clinic"], ""
    if not isinstance(clinic, str) or not clinic.strip():
        raise DataError(problems=[Problem(shown, doc.line_of("clinic"), "clinic",
                                          "expected a clinic id or the path of a clinic YAML file")])
    clinic = clinic.strip()
    relative = path.parent / clinic
    if not Path(clinic).is_absolute() and (relative.suffix in (".yaml", ".yml") or os.path.isfile(relative)):
        clinic = str(relative)
    return clinic, shown


EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
_EPOCH_RE = re.compile(r"\s*[0-9]{1,12}\s*")


def source_date() -> date | None:
    """The date ``SOURCE_DATE_EPOCH`` gives (``None`` if it is unset or empty).

    ReportLab reads the variable too, for every PDF, even when the printed date comes from elsewhere:
    so every front end checks it before rendering (:meth:`handouts.api.Handouts.render`, a batch at its
    start). Raises :class:`DataError` naming the variable unless it is whole seconds since 1970 that make
    a date before the year 10000."""
    raw = os.environ.get(EPOCH_VARIABLE)
    if raw is None or not raw.strip():
        return None
    if _EPOCH_RE.fullmatch(raw):
        try:
            return datetime.fromtimestamp(int(raw), tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass
    raise DataError(problems=[Problem.of(EPOCH_VARIABLE, f"expected seconds since 1970, found {_brief(raw)}")])


def leaflet_date(explicit: date | None = None) -> date:
    """The printed date: ``explicit``, else ``SOURCE_DATE_EPOCH``, else today (UTC).

    Raises :class:`DataError` naming the variable if ``SOURCE_DATE_EPOCH`` is not whole seconds
    (even with ``explicit``: ReportLab reads it too)."""
    epoch = source_date()
    if explicit is not None:
        return explicit
    return epoch or datetime.now(tz=timezone.utc).date()

