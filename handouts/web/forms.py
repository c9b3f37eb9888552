"""The form's contract: posted fields -> raw request fields, and problems -> messages beside fields.

The fields are named as the request fields (:mod:`handouts.request`):
``audience``, ``lang``, ``layout``, ``paper``, ``clinic``, ``format``,
``patient``, ``clinician``, ``follow_up`` and ``note`` (repeatable); a script
may also send ``date`` and ``tagged``. Besides them the page sends
``csrf_token``, ``ui`` (the page's language) and ``print`` (show the PDF in
the browser instead of downloading it). ``font`` is refused: it names files
on the server. The clinic must be one the form offers, so a posted value can
never make the server open a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from ..request import DEFAULTS, MAX_CHARS, MAX_NOTES
from .site import Site

FIELDS = ("audience", "lang", "layout", "paper", "clinic", "format", "patient", "clinician", "follow_up", "note",
          "date", "tagged")
"""Request fields the web accepts."""
CONTROLS = ("csrf_token", "ui", "print")
"""Fields of the page itself, never passed to the request."""
ON_FORM = ("audience", "patient", "lang", "layout", "paper", "clinic", "clinician", "follow_up", "note")
"""Fields with a control on the page, in page order: their problems show beside them."""
NOTE_BOXES = 3
"""Note boxes on a fresh form (a script adds more, up to MAX_NOTES)."""


@dataclass
class Problems:
    """Messages for the page: per form field, and the rest (no field on the form)."""

    by_field: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        if name in ON_FORM:
            self.by_field.setdefault(name, []).append(message)
        else:
            self.general.append(f"{name}: {message}" if name else message)

    def __bool__(self) -> bool:
        return bool(self.by_field or self.general)

    def summary(self) -> list[tuple[str, str]]:
        """``(field, message)`` in page order, the general ones first (field "")."""
        return [("", m) for m in self.general] + [(f, m) for f in ON_FORM for m in self.by_field.get(f, [])]

    def as_dict(self) -> dict[str, Any]:
        return {"fields": self.by_field, "general": self.general}


def raw_request(form: MultiDict, site: Site) -> tuple[dict[str, Any], Problems]:
    """The raw request fields of a posted form, and the problems found before the request checks
    (unknown clinic, fields the web does not take)."""
    problems = Problems()
    raw: dict[str, Any] = {}
    for name in form:
        if name in CONTROLS:
            continue
        if name == "font":
            problems.add("", "font: not accepted over the web (it names files on the server)")
            continue
        values = form.getlist(name)
        raw[name] = values if name == "note" or len(values) != 1 else values[0]
    clinic = raw.get("clinic")
    if clinic is None or clinic == "":
        raw["clinic"] = site.clinics[site.default_clinic]["ref"] if site.default_clinic else None
    elif isinstance(clinic, str) and clinic in site.clinics:
        raw["clinic"] = site.clinics[clinic]["ref"]
    else:
        problems.add("clinic", f"unknown clinic {clinic!r}; choose one of: {', '.join(site.clinics)}")
        del raw["clinic"]
    return raw, problems


def values_for_page(form: Mapping[str, Any] | None, site: Site, ui: str) -> dict[str, Any]:
    """What the form shows: the posted values as typed, or the defaults for a fresh form."""
    lang_ids = [lang["id"] for lang in site.languages]
    values: dict[str, Any] = {
        "audience": "", "patient": "", "clinician": "", "follow_up": "",
        "lang": ui if ui in lang_ids else DEFAULTS["lang"], "layout": DEFAULTS["layout"],
        "paper": DEFAULTS["paper"], "clinic": site.default_clinic, "notes": [],
    }
    if form is not None:
        getlist = getattr(form, "getlist", None)
        for name in ("audience", "patient", "clinician", "follow_up", "lang", "layout", "paper", "clinic"):
            value = form.get(name)
            if isinstance(value, str):
                values[name] = value
        notes = getlist("note") if getlist else form.get("note", [])
        values["notes"] = [n for n in notes if isinstance(n, str) and n.strip()]
    notes = values["notes"]
    blanks = max(0, min(MAX_NOTES, max(NOTE_BOXES, len(notes) + 1)) - len(notes))
    values["note_boxes"] = [*notes, *[""] * blanks]
    return values


LIMITS = {"max_chars": MAX_CHARS, "max_notes": MAX_NOTES}
