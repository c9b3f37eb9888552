"""What the web workers run (see :mod:`handouts.web.pool`): the request boundary, rendering and previews.

Every task takes the worker's :class:`State` first and returns plain data
(bytes, strings, lists, :class:`~handouts.batch.manifest.Job`), never an
exception for the input's faults: a bad request comes back as problems, each
``(request field, message)``, the field ``""`` when no field caused it.
Everything stays in memory; nothing is written to disk.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..api import Handouts
from ..batch.manifest import Job, read_csv_stream
from ..errors import HandoutsError
from ..request import BuildRequest

PREVIEW_SCALE = 1.0
"""Preview pixels per PDF point: a Letter page is 612 x 792 pixels (72 per inch)."""
PNG_LEVEL = 1
"""zlib level of the preview PNGs: the fastest."""
PNG_COLOURS = 256
"""Colours of the preview PNGs (a palette made per page): the PNG encodes in a third of the time of full
colour, at a third of the size (about 50 KB a Letter page), and looks the same at this size."""

Problems = list[tuple[str, str]]


@dataclass
class State:
    app: Handouts


def init(data_dirs: list[str], layouts_dirs: list[str]) -> State:
    """Load and check the content once, and warm ReportLab and pdfium with one preview.

    Raises :class:`HandoutsError` if the content or layouts are broken."""
    app = Handouts([Path(d) for d in data_dirs], [Path(d) for d in layouts_dirs])
    app.content  # noqa: B018 - load and validate once per worker
    state = State(app)
    first = next(iter(sorted(app.content.audiences, key=lambda a: (app.content.audiences[a].order, a))))
    preview(state, {"audience": first})
    return state


def problems_of(exc: HandoutsError) -> Problems:
    """``(request field, message)`` per problem: a file's problem keeps its file and line in the message."""
    if not exc.problems:
        return [("", line) for line in exc.lines]
    return [(p.request_field, str(p) if p.file else p.message) for p in exc.problems]


def leaflet(state: State, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The leaflet file for raw field values: ``{"ok": True, "data", "filename", "format", "pages"}``
    or ``{"ok": False, "problems"}``."""
    try:
        request = state.app.request(raw)
        made = state.app.render(request)
    except HandoutsError as exc:
        return {"ok": False, "problems": problems_of(exc)}
    return {"ok": True, "data": made.data, "filename": request.default_filename(), "format": request.format,
            "pages": made.pages}


def preview(state: State, raw: Mapping[str, Any]) -> dict[str, Any]:
    """PNG images of the PDF's pages: ``{"ok": True, "pages": [(png, width, height)], "layout"}`` or
    ``{"ok": False, "problems"}``. Always the PDF (whatever ``format`` says), untagged: the tags
    change nothing on the page and cost time."""
    fields = dict(raw)
    fields["format"] = "pdf"
    try:
        request = replace(state.app.request(fields), tagged=False)
        made = state.app.render(request)
    except HandoutsError as exc:
        return {"ok": False, "problems": problems_of(exc)}
    return {"ok": True, "pages": rasterize(made.data), "layout": request.layout, "paper": request.paper}


def rasterize(pdf: bytes, scale: float = PREVIEW_SCALE) -> list[tuple[bytes, int, int]]:
    """Each page of ``pdf`` as ``(PNG bytes, width, height)`` in pixels, rendered by pdfium."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=scale, may_draw_forms=False).to_pil()
            image = image.quantize(PNG_COLOURS, method=Image.Quantize.FASTOCTREE)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", compress_level=PNG_LEVEL)
            pages.append((buffer.getvalue(), image.width, image.height))
            page.close()
    finally:
        document.close()
    return pages


def check_csv(state: State, text: str, name: str, clinics: Mapping[str, str], default_clinic: str) -> dict:
    """A CSV manifest checked row by row (:func:`~handouts.batch.manifest.read_csv_stream`):
    ``{"ok": True, "jobs": [Job]}`` or ``{"ok": False, "problems"}`` when it is unusable as a whole."""
    try:
        jobs: list[Job] = read_csv_stream(io.StringIO(text, newline=""), name, state.app, clinics, default_clinic)
    except HandoutsError as exc:
        return {"ok": False, "problems": problems_of(exc)}
    return {"ok": True, "jobs": jobs}


def render_job(state: State, request: BuildRequest) -> dict[str, Any]:
    """One batch leaflet: ``{"ok": True, "data", "pages"}`` or ``{"ok": False, "error"}``."""
    try:
        made = state.app.render(request)
    except HandoutsError as exc:
        return {"ok": False, "error": "; ".join(exc.lines)}
    return {"ok": True, "data": made.data, "pages": made.pages}


def catalog(state: State, site_clinic: str | None) -> dict[str, Any]:
    """What the form offers, as plain data: audiences (titles and subtitles per language), languages,
    layouts (name, description, papers, duplex), and the clinics (every clinic id of the data folders,
    plus ``site_clinic`` if it is a file), each ``{"ref", "name", "problems"}``."""
    app = state.app
    content = app.content
    audiences = [{"id": a.id, "title": dict(a.title), "subtitle": dict(a.subtitle)}
                 for a in sorted(content.audiences.values(), key=lambda a: (a.order, a.id))]
    languages = [{"id": lang.id, "name": lang.name, "tag": lang.tag}
                 for lang in sorted(content.languages.values(), key=lambda lang: lang.id)]
    layouts = []
    for layout_id in sorted(app.layout_folders):
        spec = app.layout(layout_id)
        layouts.append({"id": spec.id, "name": spec.name, "description": spec.description,
                        "papers": list(spec.papers), "duplex": spec.duplex or ""})
    refs = sorted(content.clinic_files)
    if site_clinic and site_clinic not in content.clinic_files:
        refs.append(site_clinic)
    clinics: list[dict[str, Any]] = []
    for ref in refs:
        try:
            clinic = app.clinic(ref)
        except HandoutsError as exc:
            clinics.append({"ref": ref, "name": "", "problems": exc.lines})
            continue
        clinics.append({"ref": ref, "name": clinic.name, "problems": [], "notices": list(clinic.notices),
                        "sample": clinic.sample})
    return {"audiences": audiences, "languages": languages, "layouts": layouts, "clinics": clinics}
