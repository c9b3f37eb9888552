"""The template context: what every layout template (PDF markup or HTML) is given.

:func:`leaflet_context` joins the three inputs of a leaflet: the selected
content (audience and language), the clinic, and the request's patient
fields. Its keys are documented in docs/layouts.md. Text stays plain text
here; the templates' autoescaping and the ``inline`` filter decide what
becomes markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ..dates import read_date
from ..load.model import SECTIONS, TIERS, Clinic, Item, Language
from ..normalize import collapse, collapse_lines, nfc
from ..request import BuildRequest, leaflet_date
from ..select import Selection

EMERGENCY_TOKEN = "{emergency}"
"""Written in content and language strings where the leaflet says which number to call in an emergency;
filled with the clinic's ``emergency_number``."""


def leaflet_context(request: BuildRequest, selection: Selection, clinic: Clinic) -> dict[str, Any]:
    """The template context for one leaflet (documented in docs/layouts.md)."""
    language = selection.language
    lang = language.id
    numbers = {source.id: n for n, source in enumerate(selection.cited_sources(), start=1)}

    def item_view(item) -> dict[str, Any]:
        return {"id": item.id, "text": filled(item.text[lang], clinic.emergency_number), "tier": item.tier,
                "kind": item.kind, "cites": sorted(numbers[s] for s in item.sources), "picture": item.picture or ""}

    sections: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
    for item in selection.items:
        sections[item.section].append(item_view(item))
    tiers = [{"id": tier, "signs": [i for i in sections["warning"] if i["tier"] == tier]} for tier in TIERS]
    meta = selection.content.meta
    same_day = clinic.audience_phones.get(selection.audience.id, ("", ""))
    return {
        "leaflet": {
            "title": selection.audience.title[lang], "subtitle": selection.audience.subtitle[lang],
            "audience": selection.audience.id, "lang": lang, "layout": request.layout, "paper": request.paper,
            "date": language.format_date(leaflet_date(request.date)),
            "version": meta.version, "reviewed": language.format_date(meta.reviewed),
        },
        "sections": sections,
        "tiers": tiers,
        "t": filled(language.strings, clinic.emergency_number),
        "clinic": {"name": clinic.name, "department": clinic.department, "phone": clinic.phone,
                   "after_hours_phone": clinic.after_hours_phone, "address": clinic.address,
                   "website": clinic.website, "website_short": short_url(clinic.website),
                   "emergency_number": clinic.emergency_number,
                   "same_day_label": same_day[0], "same_day_phone": same_day[1] or clinic.phone,
                   "approved_by": clinic.approved_by,
                   "approved_on": language.format_date(clinic.approved_on) if clinic.approved_on else "",
                   "sample": clinic.sample, "logo": clinic.logo is not None, "color": clinic.color or ""},
        "patient": {"name": collapse(nfc(request.patient or "")), "notes": paragraphs(request.notes),
                    "clinician": collapse(nfc(request.clinician or "")),
                    "follow_up": follow_up(request.follow_up, language)},
        "sources": [{"n": numbers[s.id], "id": s.id, "title": s.title, "publisher": s.publisher,
                     "year": s.year, "url": s.url, "site": site(s.url), "address": short_address(s.url)}
                    for s in selection.cited_sources()],
    }


def filled(value: Any, emergency: str) -> Any:
    """``value`` (text, or nested mappings of text) with ``{emergency}`` replaced by the clinic's number."""
    if isinstance(value, str):
        return value.replace(EMERGENCY_TOKEN, emergency)
    if isinstance(value, Mapping):
        return {key: filled(sub, emergency) for key, sub in value.items()}
    return value


def paragraphs(notes: tuple[str, ...]) -> list[str]:
    """Each note is a paragraph; a blank line inside a note starts another. Line breaks (LF, CRLF or CR)
    stay; runs of spaces collapse, but no-break spaces are kept (``handouts.normalize``)."""
    out = []
    for note in notes:
        for para in re.split(r"\n[ \t]*\n", nfc(note)):
            lines = collapse_lines(para)
            if any(lines):
                out.append("\n".join(line for line in lines if line))
    return out


def follow_up(value: str | None, language: Language) -> str:
    """A follow-up date (``YYYY-MM-DD``, see ``handouts.dates``) in the leaflet's language; other text as
    given."""
    text = collapse(nfc(value or ""))
    day, _ = read_date(text)
    return language.format_date(day) if day is not None else text


def short_url(url: str) -> str:
    """``https://www.example.org/leg-cramps/`` -> ``example.org/leg-cramps``, for printing under a QR code."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    return site(url) + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def short_address(url: str) -> str:
    """A source's stable address, short enough to print: ``doi:10.1002/...`` for a DOI, ``PMID 22341378`` for
    PubMed, else the host (without ``www.``) and path, e.g. ``nhs.uk/conditions/leg-cramps``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.strip("/")
    if host in ("doi.org", "dx.doi.org") and path:
        return f"doi:{path}"
    if host == "pubmed.ncbi.nlm.nih.gov" and path.isdigit():
        return f"PMID {path}"
    return host + (f"/{path}" if path else "") + (f"?{parts.query}" if parts.query else "")


def site(url: str) -> str:
    """``https://www.example.org/a/b`` -> ``example.org``: short enough to print in a source list."""
    host = urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


def item_in(block: str, selection: Selection, clinic: Clinic) -> Item | None:
    """The content item whose text a block of the leaflet holds (the longest, if it holds several; ``None``
    if none): a block too tall for a page is named by the item in it."""
    lang = selection.language.id
    words = " ".join(block.split())
    found = None
    for item in selection.items:
        text = " ".join(filled(item.text[lang], clinic.emergency_number).replace("**", "").split())[:200]
        if text and text in words and (found is None or len(item.text[lang]) > len(found.text[lang])):
            found = item
    return found
