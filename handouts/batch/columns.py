"""A CSV manifest's header as spreadsheets and EHR exports write it: names, aliases, the separator.

The manifest reader only maps columns to request fields; the values are read
(case, dates, line breaks) at the request boundary, like every front end's.

- **Names** are read in any case, with ``_``, ``-`` or spaces alike, and a
  trailing ``:`` ignored: ``Follow-up Date``, ``follow_up`` and ``FOLLOW UP``
  are one column. :data:`ALIASES` lists the other names each field answers to
  (``Language``, ``Patient Name``, ``Notes``...; README, "Batch").
- **Notes**: ``note`` may appear more than once, and ``note1``, ``note 2``...
  are notes too; each non-empty cell is one note, in column order.
- **Unknown columns** are all reported at once, each with the nearest known name.
- **Separator**: a first line ``sep=;`` (Excel's) says it, and is not a row;
  otherwise the header row decides: whichever of comma, semicolon or tab it
  holds most (outside quotes). European Excel writes semicolons.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from ..errors import Problem

ALIASES: dict[str, tuple[str, ...]] = {
    "audience": ("audience", "leaflet"),
    "lang": ("lang", "language", "language code"),
    "layout": ("layout",),
    "paper": ("paper", "paper size"),
    "clinic": ("clinic",),
    "format": ("format",),
    "patient": ("patient", "patient name", "name"),
    "clinician": ("clinician", "clinician name", "doctor", "provider"),
    "follow_up": ("follow up", "follow up date", "followup", "next visit"),
    "note": ("note", "notes"),
    "date": ("date", "print date"),
    "tagged": ("tagged",),
    "output": ("output", "output file", "file name"),
}
"""Each manifest field and the header names it answers to (as :func:`header_key` writes them)."""
_BY_NAME = {name: field for field, names in ALIASES.items() for name in names}
_NUMBERED_NOTE = re.compile(r"notes? ?[0-9]{1,2}")
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
_SEP_LINE = re.compile(r"\ufeff?sep=(.)\s*", re.IGNORECASE)


def header_key(name: str) -> str:
    """How a header cell is compared: NFC, lower case, ``_`` and ``-`` as spaces, spaces collapsed, no
    trailing ``:``."""
    text = unicodedata.normalize("NFC", name).casefold().replace("_", " ").replace("-", " ")
    return " ".join(text.split()).rstrip(":").strip()


def field_of(name: str) -> str | None:
    """The manifest field a header cell names, or ``None``."""
    key = header_key(name)
    return "note" if _NUMBERED_NOTE.fullmatch(key) else _BY_NAME.get(key)


SIMILAR = 0.6
"""How alike (difflib's ratio, 0 to 1) a known name must be to be suggested: 'Langauge' -> 'language'
(0.88) is; 'phone' -> 'provider' (0.46) is not."""


def nearest(name: str, known: list[str] | None = None) -> str | None:
    """The known name closest to ``name`` if one is alike enough (:data:`SIMILAR`), else ``None``."""
    choices = known if known is not None else list(_BY_NAME)
    return next(iter(difflib.get_close_matches(header_key(name), choices, n=1, cutoff=SIMILAR)), None)


def _unknown(name: str) -> str:
    guess = nearest(name)
    return f"unknown column {name!r}" + (f" (did you mean {guess!r}?)" if guess else "")


def map_header(header: list[str], shown: str) -> tuple[list[str | None], list[Problem]]:
    """The field of each column (``None`` for an empty one) and every problem with the header: unknown
    columns (each with the nearest known name, if one is alike), a field given by two columns (notes may repeat)."""
    fields = [field_of(name) if name.strip() else None for name in header]
    if not any(fields):  # data where the header should be
        found = ", ".join(repr(name) for name in header if name.strip())
        return fields, [Problem(shown, 1, "", f"the first row must name the columns ({', '.join(ALIASES)}); "
                                             f"found {found}")]
    unknown = [name for name, field in zip(header, fields) if field is None and name.strip()]
    problems = [Problem(shown, 1, "", _unknown(name) +
                        (f"; columns are: {', '.join(ALIASES)} (and the other names in README, 'Batch')"
                         if name is unknown[-1] else "")) for name in unknown]
    seen: dict[str, str] = {}
    for name, field in zip(header, fields):
        if field is None or field == "note":
            continue
        if field in seen:
            twice = header_key(name) == header_key(seen[field])
            problems.append(Problem(shown, 1, "", f"the column {header_key(name)!r} appears twice" if twice else
                                    f"the columns {seen[field]!r} and {name!r} both give {field}; keep one"))
        seen.setdefault(field, name)
    return fields, problems


def separator(first_line: str) -> tuple[str, bool]:
    """``(separator, whether the first line is Excel's "sep=" line)``: see the module's docstring."""
    declared = _SEP_LINE.fullmatch(first_line.rstrip("\r\n"))
    if declared:
        return declared.group(1), True
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda sep: counts[sep])  # ties: comma first
    return (best if counts[best] else ","), False
