"""``handouts review``: the packet a patient-education committee reads and signs for one audience.

For one audience in one language it lists every item the leaflet prints, in
print order and grouped by section, each with its id, its words as printed
(with the clinic's emergency number), its urgency tier and the source the
tier rests on, and the numbers of its sources; then what the audience changes
in the shared core (items dropped, replaced or added, with the reason the
content records), the tags it forbids, the reading score against its target,
every cited source in full (publisher, title, year, address) and lines to sign.

The packet is data like a leaflet: the template ``_review/review.xml.j2``
(PDF, through the same markup and typesetter) or ``_review/review.html.j2``
(``--format html``) among the layouts, so a ``--layouts-dir`` can replace it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .check import GATES, TARGETS
from .load.model import Audience, Clinic, Item
from .readability import SUPPORTED, score
from .render.context import filled
from .select import Selection

if TYPE_CHECKING:
    from .api import Handouts

REVIEW_FOLDER = "_review"
REVIEW_PDF_TEMPLATE = f"{REVIEW_FOLDER}/review.xml.j2"
REVIEW_HTML_TEMPLATE = f"{REVIEW_FOLDER}/review.html.j2"
SECTION_NAMES = {"main": "main_message"}
"""Sections whose heading is another layout string than ``sections.<id>``."""


def review_context(app: Handouts, selection: Selection, clinic: Clinic, today: date) -> dict[str, Any]:
    """The review template's context (``review``, plus ``t`` and ``clinic`` as for a leaflet)."""
    lang = selection.language.id
    strings = filled(selection.language.strings, clinic.emergency_number)
    numbers = {source.id: n for n, source in enumerate(selection.cited_sources(), start=1)}
    audience = selection.audience
    replaced = {item.id for item in audience.replace}
    added = {placed.item.id for placed in audience.add}
    core = {item.id: item for item in selection.content.core}

    def text(item: Item) -> str:
        return filled(item.text.get(lang, ""), clinic.emergency_number)

    def view(item: Item) -> dict[str, Any]:
        triage_source = getattr(item, "triage_source", None)
        return {
            "id": item.id, "text": text(item), "tier": item.tier or "",
            "tier_label": strings["tiers"][item.tier]["label"] if item.tier else "",
            "triage_source": numbers.get(triage_source, 0) if triage_source else 0,
            "triage_says": getattr(item, "triage_says", None) or "",
            "cites": sorted(numbers[s] for s in item.sources),
            "origin": "replaced" if item.id in replaced else "added" if item.id in added else "core",
            "why": audience_reason(audience, item.id), "tags": sorted(item.tags),
        }

    sections = []
    for section in ("main", "about", "relief", "prevent", "warning", "avoid", "plan"):
        items = [view(item) for item in selection.items if item.section == section]
        key = SECTION_NAMES.get(section)
        heading = strings[key] if key else strings["sections"][section]
        sections.append({"id": section, "heading": heading, "items": items})

    reading = None
    if lang.split("-")[0] in SUPPORTED:
        result = score([item.text[lang] for item in selection.items], lang)
        measure, target = TARGETS.get(lang, TARGETS["en"])
        _, gate = GATES.get(lang, GATES["en"])
        meets = result.value <= target if measure == "grade" else result.value >= target
        reading = {"measure": result.measure, "value": result.value, "kind": measure, "target": target,
                   "gate": gate, "meets": meets, "words": result.words, "sentences": result.sentences}

    changes = {
        "dropped": [{"id": i, "section": core[i].section, "text": text(core[i]), "why": audience_reason(audience, i)}
                    for i in audience.drop if i in core],
        "replaced": [{"id": item.id, "core_text": text(core[item.id]), "text": text(item),
                      "why": audience_reason(audience, item.id)} for item in audience.replace if item.id in core],
        "added": [{"id": placed.item.id, "section": placed.item.section,
                   "why": audience_reason(audience, placed.item.id)} for placed in audience.add],
    }
    meta = selection.content.meta
    language = selection.language
    return {
        "review": {
            "audience": {"id": audience.id, "title": audience.title[lang], "subtitle": audience.subtitle[lang],
                         "file": audience.origin.file},
            "lang": lang, "language": language.name, "tag": language.tag,
            "version": meta.version, "reviewed": meta.reviewed.isoformat(), "generated": today.isoformat(),
            "sections": sections, "item_count": sum(len(s["items"]) for s in sections),
            "changes": changes, "forbid": sorted(audience.forbid), "reading": reading,
            "sources": [{"n": numbers[s.id], "id": s.id, "publisher": s.publisher, "title": s.title,
                         "year": s.year, "url": s.url} for s in selection.cited_sources()],
        },
        "t": strings,
        "clinic": {"name": clinic.name, "emergency_number": clinic.emergency_number, "sample": clinic.sample,
                   "approved_by": clinic.approved_by,
                   "approved_on": clinic.approved_on.isoformat() if clinic.approved_on else ""},
    }


def audience_reason(audience: Audience, item_id: str) -> str:
    """Why the audience drops, replaces or adds ``item_id``, as its file records it (``why:``; "" if not)."""
    return audience.reasons.get(item_id, "")


def review_filename(audience: str, lang: str, fmt: str) -> str:
    """``review-AUDIENCE-LANG.pdf`` (or ``.html``)."""
    return f"review-{audience}-{lang}.{fmt}"


def render_review(app: Handouts, raw: dict[str, Any], fmt: str = "pdf", paper: str = "letter",
                  today: date | None = None) -> bytes:
    """The review packet's bytes: a PDF (``fmt="pdf"``, on ``paper``: letter or a4) or one web page.

    ``raw`` holds request fields (``audience``, ``lang``, ``clinic``), checked like a leaflet's.
    Raises :class:`~handouts.errors.RequestError` keyed by field (``format`` and ``paper`` too)."""
    from .errors import Problem, RequestError
    from .request import leaflet_date

    problems = []
    if fmt not in ("pdf", "html"):
        problems.append(Problem.of("format", f"unknown format {fmt!r}; choose one of: pdf, html"))
    spec = app.special_layout(REVIEW_FOLDER)
    if paper not in spec.papers:
        problems.append(Problem.of("paper", f"unknown paper {paper!r} for the review packet; choose one of: "
                                            f"{', '.join(spec.papers)}"))
    try:
        request = app.request({"audience": raw.get("audience"), "lang": raw.get("lang"), "clinic": raw.get("clinic")})
    except RequestError as exc:
        problems = exc.problems + problems
    if problems:
        raise RequestError(problems)
    selection, _, clinic = app.resolve(request)
    context = review_context(app, selection, clinic, today or leaflet_date())
    if fmt == "html":
        text = app.render_text(REVIEW_HTML_TEMPLATE, context)
        return (text.rstrip("\n") + "\n").encode("utf-8")
    from .pdf.typesetter import PdfInfo

    info = PdfInfo(title=f"Review packet: {selection.audience.title[request.lang]} ({request.lang})",
                   author=clinic.name, subject=f"Patient-education review of the {request.audience} leaflet",
                   keywords=("review packet", request.audience, request.lang), lang="en-US")
    pdf, _ = app.typeset(spec, REVIEW_PDF_TEMPLATE, context, paper, info)
    return pdf
