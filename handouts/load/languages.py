"""Stage 1: the language files (``languages/<code>.yaml``): layout strings, month names, the date format.

Every language has the same keys as the built-in ``en.yaml``; a missing or extra key is a problem
naming the file and key.
"""

from __future__ import annotations

import string
from pathlib import Path

from ..errors import DataError, Problem
from .model import Language, Origin, flatten
from .schema import Checker
from .yamlfile import Map, display_path, kind_of, load_mapping, load_or_report


def _strings_are_text(ck: Checker, strings: Map, prefix: str) -> bool:
    """Every layout string is text (nested mappings group them); report each one that is not."""
    ok = True
    for key, value in strings.items():
        if isinstance(value, Map):
            ok = _strings_are_text(ck, value, f"{prefix}{key}.") and ok
        elif not isinstance(value, str):
            ck.fail(strings.line_of(key), f"{prefix}{key}", f"expected text, found a {kind_of(value)}")
            ok = False
    return ok


def _flat_keys(value: object) -> set[str]:
    return {key for key, _ in flatten(value)}


def load_language(path: Path, problems: list[Problem]) -> Language | None:
    doc = load_or_report(path, problems)
    if doc is None:
        return None
    ck = Checker(display_path(path), problems)
    ck.unknown_keys(doc, {"id", "name", "tag", "date_format", "months", "strings"})
    lid = ck.get_str(doc, "id")
    if lid is not None and lid != path.stem:
        ck.fail(doc.line_of("id"), "id", f"{lid!r} does not match the file name {path.stem!r}")
    name = ck.get_str(doc, "name")
    tag = ck.get_str(doc, "tag")
    date_format = ck.get_str(doc, "date_format")
    months = ck.get_str_list(doc, "months", required=True)
    if len(months) != 12:
        ck.fail(doc.line_of("months"), "months", f"expected 12 month names, found {len(months)}")
    strings = ck.get_map(doc, "strings")
    if strings is not None:
        _strings_are_text(ck, strings, "strings.")  # reported; the language still loads, so no knock-on errors
    if date_format:
        try:  # plain {day}, {month} and {year}: a format spec ({day:>999999999}) would allocate gigabytes
            fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(date_format) if name]
            if any(name not in ("day", "month", "year") or spec or conv for name, spec, conv in fields):
                raise ValueError(date_format)
            date_format.format(day=1, month="x", year=2000)
        except (KeyError, IndexError, ValueError):
            ck.fail(doc.line_of("date_format"), "date_format", "may use only {day}, {month} and {year}")
            date_format = "{day} {month} {year}"  # reported; the language still loads, so no knock-on errors
    if None in (lid, name, tag, date_format, strings) or len(months) != 12:
        return None
    return Language(lid, name, tag, date_format, tuple(months), strings, Origin(ck.file, doc.line),  # type: ignore[arg-type]
                    strings_line=doc.line_of("strings"))


def reference_keys(data_dirs: list[Path]) -> set[str] | None:
    """The string keys of the last (built-in) ``languages/en.yaml``: every language needs them."""
    for folder in reversed(data_dirs):
        path = folder / "languages" / "en.yaml"
        if path.is_file():
            try:
                strings = load_mapping(path).get("strings")
            except DataError:
                return None
            return _flat_keys(strings) if isinstance(strings, Map) else None
    return None


def check_language_parity(languages: dict[str, Language], reference: set[str] | None,
                           problems: list[Problem]) -> None:
    if reference is None:
        return
    for lang in languages.values():
        keys = _flat_keys(lang.strings)
        for key in sorted(reference - keys):
            problems.append(Problem(lang.origin.file, lang.strings_line, f"strings.{key}",
                                    "missing (every language needs the keys of the built-in en.yaml)"))
        for key in sorted(keys - reference):
            problems.append(Problem(lang.origin.file, lang.strings_line, f"strings.{key}",
                                    "unknown key (not in the built-in en.yaml)"))
