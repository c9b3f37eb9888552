"""Load and check a clinic profile: who the leaflet is from.

A profile is a YAML file, built in (``data/clinics/<id>.yaml``) or passed
with ``--clinic FILE``. Its format is in README ("Your clinic"). Every
problem is collected, with file, line and field, before anything renders:
the logo must be a real PNG, JPEG or SVG of a sensible size, the website an
``http(s)`` address short enough for a QR code, and the brand colour
``#rrggbb``. A brand colour too light for text on white (under 4.5:1) is
replaced by the nearest darker shade that passes, and a notice says so.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .brand import TEXT_CONTRAST, contrast, readable_shade
from ..errors import DataError, Problem
from .model import Clinic, Content, Origin
from .files import MISSING, is_folder, regular_problem
from .pictures import check_picture
from .schema import COLOR_RE, Checker
from .yamlfile import Map, brief, display_path, load_mapping

TEXT_FIELDS = ("name", "department", "phone", "after_hours_phone", "emergency_number", "address", "website",
               "logo", "color", "approved_by")
FIELDS = (*TEXT_FIELDS, "approved_on", "audience_phones", "sample")
EMERGENCY_RE = re.compile(r"[0-9]{2,6}")
"""An emergency number as dialled: 2 to 6 digits (911, 112, 999, 000, 061)."""
MAX_FIELD_CHARS = {"name": 80, "department": 80, "phone": 40, "after_hours_phone": 40, "address": 200,
                   "website": 200, "approved_by": 80}


def load_clinic(content: Content, ref: str, kept: bool = True) -> Clinic:
    """Load a clinic by id (from the data folders) or by the path of a YAML file. ``kept``: an SVG logo
    is checked with its drawing made ahead of time, if it is a built-in one (``pictures.svg_drawing``)."""
    path = Path(ref)
    unusable = regular_problem(path)
    if ref in content.clinic_files and not (path.suffix in (".yaml", ".yml") and not unusable):
        path = Path(content.clinic_files[ref])
    elif unusable:
        known = ", ".join(sorted(content.clinic_files)) or "none"
        shown = brief(ref)[1:-1] if len(ref) > 60 else ref
        if unusable not in (MISSING, "not a regular file (it is a folder)"):
            raise DataError(f"{shown}: {unusable}; give the path of a clinic YAML file or a clinic id ({known})")
        if path.suffix.lower() in (".yaml", ".yml") or "/" in ref or "\\" in ref:
            raise DataError(f"{shown}: no such clinic file" + (" (it is a folder)" if is_folder(path) else "") +
                            f"; give the path of a clinic YAML file or a clinic id ({known})")
        raise DataError(f"unknown clinic {brief(ref)}: give a clinic id ({known}) or the path of a clinic YAML file")
    doc = load_mapping(path)
    problems: list[Problem] = []
    ck = Checker(display_path(path), problems)
    ck.unknown_keys(doc, set(FIELDS))
    values = {key: ck.get_str(doc, key, required=key in ("name", "phone")) or "" for key in TEXT_FIELDS}
    for key, limit in MAX_FIELD_CHARS.items():
        if len(values[key]) > limit:
            ck.fail(doc.line_of(key), key, f"{len(values[key])} characters; at most {limit} fit on a leaflet")
    for key in TEXT_FIELDS:  # every output format prints these: the same check for a PDF and a web page
        _no_controls(ck, doc.line_of(key), key, values[key])

    emergency = doc.get("emergency_number")  # text as typed: 000 stays 000 (yamlfile.py)
    if emergency is None:
        values["emergency_number"] = "911"
    elif not EMERGENCY_RE.fullmatch(values["emergency_number"]):
        ck.fail(doc.line_of("emergency_number"), "emergency_number",
                f"expected 2 to 6 digits as dialled, e.g. \"911\", \"112\" or \"000\"; found {brief(emergency)}")

    website = values["website"]
    if website:
        parts = urlsplit(website)
        if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in website):
            ck.fail(doc.line_of("website"), "website",
                    f"expected a web address starting with https:// or http://, found {brief(website)}")

    logo = None
    if len(values["logo"]) > 250:
        ck.fail(doc.line_of("logo"), "logo", f"{len(values['logo'])} characters; a file name is at most 250")
    elif values["logo"]:
        logo = (path.parent / values["logo"]).resolve()
        problem = check_picture(logo, kept=kept)
        if problem:  # say it with the path as written in the file
            problem = problem.replace(logo.name, values["logo"], 1) if problem.startswith(logo.name) else problem
            ck.fail(doc.line_of("logo"), "logo", f"{problem} (the path is relative to the clinic file)")
            logo = None

    color, notices = None, []
    if values["color"]:
        if not COLOR_RE.fullmatch(values["color"]):
            ck.fail(doc.line_of("color"), "color", f"expected a colour as '#rrggbb', found {brief(values['color'])}")
        else:
            color = values["color"].lower()
            shade = readable_shade(color)
            if shade != color:
                notices.append(f"{display_path(path)}: color {color} has only {contrast(color):.1f}:1 contrast "
                               f"on white paper (text needs {TEXT_CONTRAST}:1); using the darker shade {shade}")
                color = shade
    approved_on = ck.get_date(doc, "approved_on") if "approved_on" in doc else None
    if bool(values["approved_by"]) != (approved_on is not None) and not problems:
        ck.fail(doc.line, "approved_by" if not values["approved_by"] else "approved_on",
                "give approved_by and approved_on together (who approved the leaflets, and when)")
    sample = ck.get_bool(doc, "sample")
    phones = _audience_phones(ck, doc, content)
    if problems:
        raise DataError(problems=problems)
    return Clinic(path.stem, values["name"], values["phone"], Origin(ck.file, doc.line),
                  department=values["department"], after_hours_phone=values["after_hours_phone"],
                  address=values["address"], website=website, logo=logo, color=color, notices=tuple(notices),
                  emergency_number=values["emergency_number"] or "911", audience_phones=phones,
                  approved_by=values["approved_by"], approved_on=approved_on, sample=sample is True)


def _no_controls(ck: Checker, line: int, field: str, text: str) -> None:
    """A control character (C0, C1; tab and line breaks aside) prints nothing useful in a PDF and breaks a
    web page: refused, as in a request's text fields."""
    bad = next((ch for ch in text if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in "\t\n\r"), None)
    if bad is not None:
        ck.fail(line, field, f"contains the control character U+{ord(bad):04X}")


def _audience_phones(ck: Checker, doc: Map, content: Content) -> dict[str, tuple[str, str]]:
    """``audience_phones: {dialysis: {label: Dialysis unit, phone: "(555) 010-3000"}}`` -> audience -> (label,
    phone): the number the same-day tier of that audience's leaflets prints instead of the main one."""
    phones: dict[str, tuple[str, str]] = {}
    table = ck.get_map(doc, "audience_phones", required=False)
    for audience, entry in (table or {}).items():
        where = f"audience_phones.{audience}"
        line = table.line_of(audience) if table is not None else doc.line
        if audience not in content.audiences:
            ck.fail(line, where, f"unknown audience {audience!r}; audiences are: {', '.join(content.audiences)}")
            continue
        if not isinstance(entry, Map):
            ck.fail(line, where, "expected a mapping with label and phone")
            continue
        ck.unknown_keys(entry, {"label", "phone"}, where + ".")
        phone = ck.get_str(entry, "phone", where + ".") or ""
        label = ck.get_str(entry, "label", where + ".", required=False) or ""
        for key, text, limit in (("phone", phone, 40), ("label", label, 60)):
            if len(text) > limit:
                ck.fail(entry.line_of(key), f"{where}.{key}", f"{len(text)} characters; at most {limit} fit")
            _no_controls(ck, entry.line_of(key), f"{where}.{key}", text)
        phones[audience] = (label, phone)
    return phones
