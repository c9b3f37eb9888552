"""What the web form offers, loaded once at start from a worker: audiences, languages, layouts, clinics."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ServeError
from ..request import DEFAULTS


@dataclass
class Site:
    """The form's choices as plain data (see :func:`handouts.web.tasks.catalog`), and the site's settings."""

    audiences: list[dict[str, Any]]
    """``{"id", "title": {lang: text}, "subtitle": {lang: text}}``, in the content's order."""
    languages: list[dict[str, Any]]
    """``{"id", "name", "tag"}``: the leaflet languages."""
    layouts: list[dict[str, Any]]
    """``{"id", "name", "description", "papers", "duplex"}``."""
    clinics: dict[str, dict[str, Any]]
    """What the clinic field may hold -> ``{"ref": the clinic id or file, "name": its name}``."""
    default_clinic: str
    """The clinic preselected (``--clinic``, else ``demo``): a key of :attr:`clinics`."""
    notices: list[str] = field(default_factory=list)
    """Lines to print at start (clinics left out, brand colours darkened)."""

    @property
    def papers(self) -> list[str]:
        """Every paper of any layout, in layout order."""
        seen: list[str] = []
        for layout in self.layouts:
            seen += [p for p in layout["papers"] if p not in seen]
        return seen

    def layout(self, layout_id: str) -> dict[str, Any] | None:
        return next((layout for layout in self.layouts if layout["id"] == layout_id), None)

    def clinic_refs(self) -> dict[str, str]:
        """Field value -> clinic id or file, for the request."""
        return {value: clinic["ref"] for value, clinic in self.clinics.items()}

    def audience_title(self, audience_id: str, lang: str) -> str:
        for audience in self.audiences:
            if audience["id"] == audience_id:
                return audience["title"].get(lang) or audience["title"].get("en") or audience_id
        return audience_id


LAYOUT_ORDER = ("handout", "large-print", "trifold", "card")
"""The built-in layouts in the order the form lists them; others follow by id."""


def make_site(catalog: dict[str, Any], clinic_arg: str | None) -> Site:
    """The site from a worker's catalog. ``clinic_arg`` is ``--clinic`` (an id, or a file resolved to an
    absolute path). Raises :class:`ServeError` if that clinic is broken or unknown."""
    wanted = clinic_arg or DEFAULTS["clinic"]
    clinics: dict[str, dict[str, Any]] = {}
    notices: list[str] = []
    default = ""
    ids = [c["ref"] for c in catalog["clinics"] if not Path(c["ref"]).suffix]
    for clinic in catalog["clinics"]:
        ref = clinic["ref"]
        if clinic["problems"]:
            if ref == wanted:
                raise ServeError(f"--clinic: {clinic['problems'][0]}")
            notices.append(f"the clinic {ref!r} is not offered: {clinic['problems'][0]}")
            continue
        value = ref
        if Path(ref).suffix in (".yaml", ".yml") and Path(ref).is_file():
            value = Path(ref).stem or "clinic"
            while value in ids or value in clinics:
                value += "-site"
        clinics[value] = {"ref": ref, "name": clinic["name"], "sample": clinic.get("sample", False)}
        notices += [f"clinic {clinic['name']!r}: {notice}" for notice in clinic.get("notices", [])]
        if ref == wanted:
            default = value
    if not default:
        if clinic_arg:
            raise ServeError(f"--clinic: unknown clinic {clinic_arg!r}: give a clinic id "
                             f"({', '.join(ids) or 'none'}) or the path of a clinic YAML file")
        default = next(iter(clinics), "")
    names = [c["name"] for c in clinics.values()]
    for value, clinic in clinics.items():
        clinic["label"] = clinic["name"] if names.count(clinic["name"]) == 1 else f"{clinic['name']} ({value})"
        if clinic["sample"]:  # the demo: its leaflets say "Sample - not for patients" on every page
            clinic["label"] += " (sample)"
    layouts = sorted(catalog["layouts"], key=lambda layout: (
        LAYOUT_ORDER.index(layout["id"]) if layout["id"] in LAYOUT_ORDER else len(LAYOUT_ORDER), layout["id"]))
    return Site(catalog["audiences"], catalog["languages"], layouts, clinics, default, notices)
