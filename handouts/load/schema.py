"""Small field checkers that collect problems instead of stopping at the first.

A :class:`Checker` is bound to one file. Each ``get_*`` method reads one field
of a :class:`~handouts.yamlfile.Map`, records a :class:`Problem` with the
field's line when the value is missing or of the wrong kind, and returns a
usable value (or ``None``) so checking can go on.

The YAML reader gives every scalar as the text typed (``yamlfile.py``), so a
text field gets exactly those characters, and the fields that are numbers,
dates or true/false convert the text here, each saying what it accepts.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..errors import Problem
from ..normalize import collapse
from .yamlfile import Map, Seq, brief, kind_of

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
COLOR_RE = re.compile(r"#[0-9a-fA-F]{6}")
"""A colour as ``#rrggbb``."""
INT_RE = re.compile(r"[+-]?[0-9]+")
NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
TRUE, FALSE = ("true", "yes", "on"), ("false", "no", "off")
"""How a true/false field may be written (any case)."""


class Checker:
    """Collects problems for one file."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def fail(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field, message))

    def unknown_keys(self, m: Map, allowed: set[str], prefix: str = "") -> None:
        for key in m:
            if key not in allowed:
                self.fail(m.line_of(key), prefix + key, f"unknown field; expected one of {', '.join(sorted(allowed))}")

    def _get(self, m: Map, key: str, prefix: str, required: bool) -> Any:
        if key not in m or m[key] is None:
            if required:
                self.fail(m.line, prefix + key, "required field is missing")
            return None
        return m[key]

    def get_str(self, m: Map, key: str, prefix: str = "", required: bool = True) -> str | None:
        value = self._get(m, key, prefix, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(m.line_of(key), prefix + key, f"expected text, found a {kind_of(value)}")
            return None
        value = str(value).strip()
        if not value and required:
            self.fail(m.line_of(key), prefix + key, "must not be empty")
            return None
        return value

    def get_id(self, m: Map, key: str, prefix: str = "", pattern: re.Pattern[str] = ID_RE) -> str | None:
        value = self.get_str(m, key, prefix)
        if value is not None and not pattern.match(value):
            hint = ("lower-case letters and digits joined by '-'" if pattern is ID_RE
                    else "letters, digits, '.', '_' or '-'")
            self.fail(m.line_of(key), prefix + key, f"{value!r} is not a valid id ({hint})")
            return None
        return value

    def get_int(self, m: Map, key: str, prefix: str = "", required: bool = True) -> int | None:
        """A whole number written in decimal digits (``12``, ``-3``); ``None`` if missing or not one."""
        value = self._get(m, key, prefix, required)
        if value is None:
            return None
        if isinstance(value, str) and INT_RE.fullmatch(value.strip()):
            return int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(m.line_of(key), prefix + key, f"expected a whole number, found {brief(value)}")
            return None
        return value

    def get_number(self, m: Map, key: str, prefix: str = "", required: bool = True) -> float | None:
        """A decimal number (``12``, ``0.5``, ``-1.25``); ``None`` if missing or not one."""
        value = self._get(m, key, prefix, required)
        if value is None:
            return None
        if isinstance(value, str) and NUMBER_RE.fullmatch(value.strip()):
            return float(value.strip())
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(m.line_of(key), prefix + key, f"expected a number, found {value!r}")
            return None
        return float(value)

    def get_bool(self, m: Map, key: str, prefix: str = "", default: bool = False) -> bool:
        """``true`` or ``false`` (also yes/no, on/off, any case); ``default`` if missing or not one."""
        value = self._get(m, key, prefix, False)
        if value is None:
            return default
        text = str(value).strip().lower()
        if isinstance(value, bool) or text in TRUE or text in FALSE:
            return value if isinstance(value, bool) else text in TRUE
        self.fail(m.line_of(key), prefix + key, f"expected true or false, found {value!r}")
        return default

    def get_date(self, m: Map, key: str, prefix: str = "") -> date | None:
        """A real date written ``YYYY-MM-DD``; ``None`` if missing or not one."""
        value = self._get(m, key, prefix, True)
        if value is None:
            return None
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            self.fail(m.line_of(key), prefix + key, f"expected a date YYYY-MM-DD, found {brief(value)}")
            return None

    def get_map(self, m: Map, key: str, prefix: str = "", required: bool = True) -> Map | None:
        value = self._get(m, key, prefix, required)
        if value is None:
            return None
        if not isinstance(value, Map):
            self.fail(m.line_of(key), prefix + key, f"expected a mapping, found a {kind_of(value)}")
            return None
        return value

    def get_list(self, m: Map, key: str, prefix: str = "", required: bool = False) -> Seq:
        value = self._get(m, key, prefix, required)
        if value is None:
            empty = Seq()
            empty.line, empty.item_lines = m.line_of(key), []
            return empty
        if not isinstance(value, Seq):
            self.fail(m.line_of(key), prefix + key, f"expected a list, found a {kind_of(value)}")
            empty = Seq()
            empty.line, empty.item_lines = m.line_of(key), []
            return empty
        return value

    def get_str_list(self, m: Map, key: str, prefix: str = "", required: bool = False) -> list[str]:
        seq = self.get_list(m, key, prefix, required)
        out = []
        for i, value in enumerate(seq):
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                out.append(str(value).strip())
            else:
                self.fail(seq.line_of(i), f"{prefix}{key}[{i}]", f"expected text, found {brief(value)}")
        if required and not out and not any(p.field == prefix + key for p in self.problems):
            self.fail(m.line_of(key), prefix + key, "must list at least one entry")
        return out

    def get_choice(self, m: Map, key: str, choices: list[str], prefix: str = "",
                   required: bool = True, default: str | None = None) -> str | None:
        value = self.get_str(m, key, prefix, required)
        if value is None:
            return default
        if value not in choices:
            self.fail(m.line_of(key), prefix + key, f"{value!r} is not one of: {', '.join(choices)}")
            return None
        return value

    def get_translations(self, m: Map, key: str, prefix: str = "") -> dict[str, str]:
        """A mapping from language code to non-empty text."""
        value = self.get_map(m, key, prefix)
        if value is None:
            return {}
        out: dict[str, str] = {}
        for lang, text in value.items():
            if isinstance(text, str) and text.strip():
                out[lang] = collapse(text)
            else:
                found = "empty text" if isinstance(text, str) or text is None else f"a {kind_of(text)}"
                self.fail(value.line_of(lang), f"{prefix}{key}.{lang}", f"expected non-empty text, found {found}")
                out[lang] = ""  # reported here; later checks must not call it a missing translation
        if not value:
            self.fail(m.line_of(key), prefix + key, "must give the text in at least one language")
        return out
