"""The library API: one :class:`Handouts` object runs the stages in order.

    load_content (load.py)      data folders -> validated Content        once per object
    select (select.py)          Content + audience + language -> Selection
    render_template (templating.py)  Selection + clinic + patient -> markup text
    parse_markup (markup.py)    markup text -> checked element tree
    Typesetter.render (typeset.py)   element tree -> PDF bytes           fonts/styles once per layout
    write_atomic (write.py)     PDF bytes -> file

``format="html"`` runs load, select and the template stage with the HTML
template (``html.py``: ``_html/leaflet.html.j2`` among the layouts) instead of
markup and typesetting, and writes one self-contained web page.

Content, layout specs, the Jinja environment and typesetters are loaded once
and cached on the object, so rendering many leaflets costs only the per-leaflet
stages.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cached_property
from pathlib import Path
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .errors import DataError, LayoutSpecError, OutputError, Problem, RenderError
from .layouts import LayoutSpec, find_layouts, load_spec
from .clinic import load_clinic
from .load import load_content
from .markup import parse_markup
from .model import SECTIONS, TIERS, Clinic, Content, flatten
from .schema import ISO_DATE_RE
from .resources import BUILTIN_DATA, BUILTIN_FONTS, BUILTIN_LAYOUTS, search_path
from .select import Selection, select
from .templating import make_environment, render_template
from .write import write_atomic

if TYPE_CHECKING:
    from .typeset import Typesetter

MAX_PATIENT_CHARS = 120
MAX_NOTE_CHARS = 600
MAX_NOTES = 10
MAX_FOLLOW_UP_CHARS = 80
FORMATS = ("pdf", "html")
"""What ``build`` writes: the layout as a PDF, or the accessible HTML twin (one web page)."""


@dataclass(frozen=True)
class BuildRequest:
    """What to build. Only ``audience`` is required."""

    audience: str
    lang: str = "en"
    layout: str = "handout"
    paper: str = "letter"
    clinic: str = "demo"
    """A clinic id from ``data/clinics/`` or the path of a clinic YAML file."""
    patient: str | None = None
    notes: tuple[str, ...] = ()
    """Notes for the patient; each is a paragraph, line breaks kept."""
    date: date | None = None
    """The date printed on the leaflet; see :func:`leaflet_date`."""
    clinician: str | None = None
    follow_up: str | None = None
    """A date (``YYYY-MM-DD``, printed in the leaflet's language) or free text such as "in 2 weeks"."""
    fonts: tuple[Path, ...] = ()
    """Extra TrueType fonts for characters the layout's fonts lack (names in other scripts)."""
    format: str = "pdf"
    """``pdf`` or ``html``. A web page has no paper and one design: for ``html``, ``layout`` and
    ``paper`` are checked as usual (so a manifest row is valid for both formats) but not used,
    and ``fonts`` are not needed (the browser has its own)."""
    tagged: bool = True
    """Write a tagged PDF (PDF/UA-1: structure tree, marked content, metadata); see docs/accessibility.md."""

    def default_filename(self) -> str:
        if self.format == "html":
            return f"{self.audience}-{self.lang}.html"
        return f"{self.audience}-{self.lang}-{self.layout}-{self.paper}.pdf"


@dataclass(frozen=True)
class Leaflet:
    """A rendered leaflet."""

    request: BuildRequest
    data: bytes
    """The file's bytes: the PDF, or the HTML page as UTF-8."""
    pages: int
    """Pages of the PDF; 0 for a web page."""

    @property
    def pdf(self) -> bytes:
        """The PDF's bytes (a ``pdf`` leaflet)."""
        if self.request.format != "pdf":
            raise ValueError(f"a {self.request.format} leaflet has no PDF; use .data")
        return self.data


def leaflet_date(explicit: date | None = None) -> date:
    """The printed date: ``explicit``, else ``SOURCE_DATE_EPOCH``, else today (UTC)."""
    if explicit is not None:
        return explicit
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise DataError(f"SOURCE_DATE_EPOCH: expected seconds since 1970, found {epoch!r}") from exc
    return datetime.now(tz=timezone.utc).date()


def _paragraphs(notes: tuple[str, ...]) -> list[str]:
    """Each note is a paragraph; a blank line inside a note starts another. Line breaks stay."""
    out = []
    for note in notes:
        for para in re.split(r"\n[ \t]*\n", note.replace("\r\n", "\n")):
            lines = [" ".join(line.split()) for line in para.strip().split("\n")]
            if any(lines):
                out.append("\n".join(line for line in lines if line))
    return out


def _follow_up(value: str | None, language) -> str:
    """A ``YYYY-MM-DD`` follow-up date in the leaflet's language; other text as given."""
    text = " ".join((value or "").split())
    if ISO_DATE_RE.fullmatch(text):
        return language.format_date(date.fromisoformat(text))
    return text


EMERGENCY_TOKEN = "{emergency}"
"""Written in content and language strings where the leaflet says which number to call in an emergency;
filled with the clinic's ``emergency_number``."""


def _filled(value: Any, emergency: str) -> Any:
    """``value`` (text, or nested mappings of text) with ``{emergency}`` replaced by the clinic's number."""
    if isinstance(value, str):
        return value.replace(EMERGENCY_TOKEN, emergency)
    if isinstance(value, Mapping):
        return {key: _filled(sub, emergency) for key, sub in value.items()}
    return value


def _short_url(url: str) -> str:
    """``https://www.example.org/leg-cramps/`` -> ``example.org/leg-cramps``, for printing under a QR code."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    return _site(url) + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def _site(url: str) -> str:
    """``https://www.example.org/a/b`` -> ``example.org``: short enough to print in a source list."""
    host = urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


class Handouts:
    """Builds leaflets from data folders and layout folders.

    ``data_dirs`` and ``layouts_dirs`` are searched first, in order; the
    built-in content and layouts come last.
    """

    def __init__(self, data_dirs: list[Path] | tuple[Path, ...] = (),
                 layouts_dirs: list[Path] | tuple[Path, ...] = ()):
        self.data_path = search_path(list(data_dirs), BUILTIN_DATA)
        self.layouts_path = search_path(list(layouts_dirs), BUILTIN_LAYOUTS)
        self._specs: dict[str, LayoutSpec] = {}
        self._typesetters: dict[tuple, Typesetter] = {}
        self._clinics: dict[str, Clinic] = {}
        self._selections: dict[tuple[str, str], Selection] = {}
        self._printable: set[tuple[str, str, str, str]] = set()

    # -- cached resources -------------------------------------------------
    @cached_property
    def content(self) -> Content:
        return load_content(self.data_path)

    @cached_property
    def layout_folders(self) -> dict[str, Path]:
        return find_layouts(self.layouts_path)

    @cached_property
    def _env(self):
        return make_environment(self.layouts_path)

    def layout(self, layout_id: str) -> LayoutSpec:
        if layout_id not in self._specs:
            if layout_id not in self.layout_folders:
                raise LayoutSpecError(f"unknown layout {layout_id!r}; choose one of: "
                                      f"{', '.join(sorted(self.layout_folders)) or 'none found'}")
            self._specs[layout_id] = load_spec(layout_id, self.layout_folders[layout_id], [BUILTIN_FONTS])
        return self._specs[layout_id]

    def clinic(self, ref: str) -> Clinic:
        if ref not in self._clinics:
            self._clinics[ref] = load_clinic(self.content, ref)
        return self._clinics[ref]

    def selection(self, audience: str, lang: str) -> Selection:
        """One audience's items in one language (assembled once per object)."""
        if (audience, lang) not in self._selections:
            self._selections[audience, lang] = select(self.content, audience, lang)
        return self._selections[audience, lang]

    def _typesetter(self, spec: LayoutSpec, clinic: Clinic, fonts: tuple[Path, ...] = ()) -> Typesetter:
        """One typesetter per layout, brand colour and set of extra fonts."""
        color = clinic.color if spec.brand else None  # a layout without brand: colours is the same for all
        key = (spec.id, color, fonts)
        if key not in self._typesetters:
            from .typeset import Typesetter  # ReportLab loads only when something renders

            self._typesetters[key] = Typesetter(spec.branded(color), fonts)
        return self._typesetters[key]

    # -- stages -----------------------------------------------------------
    def check_request(self, request: BuildRequest) -> tuple[Selection, LayoutSpec, Clinic]:
        """Validate a request against content and layouts before any rendering."""
        problems = []
        fields = [(request.patient or "", MAX_PATIENT_CHARS, "--patient"),
                  (request.clinician or "", MAX_PATIENT_CHARS, "--clinician"),
                  (request.follow_up or "", MAX_FOLLOW_UP_CHARS, "--follow-up")]
        fields += [(note, MAX_NOTE_CHARS, "--note") for note in request.notes]
        for text, limit, what in fields:
            if len(text) > limit:
                problems.append(f"{what}: {len(text)} characters; at most {limit} fit on a leaflet")
        if request.format not in FORMATS:
            problems.append(f"--format: unknown format {request.format!r}; choose one of: {', '.join(FORMATS)}")
        if len(request.notes) > MAX_NOTES:
            problems.append(f"--note: {len(request.notes)} notes; at most {MAX_NOTES}")
        for text, _, what in fields:
            allowed = "\n\t" if what == "--note" else ""
            bad = next((ch for ch in text if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in allowed), None)
            if bad is not None:
                problems.append(f"{what}: contains the control character U+{ord(bad):04X}")
        if request.follow_up and ISO_DATE_RE.fullmatch(request.follow_up.strip()):
            try:
                date.fromisoformat(request.follow_up.strip())
            except ValueError:
                problems.append(f"--follow-up: {request.follow_up!r} is not a real date (expected YYYY-MM-DD or text)")
        for font in request.fonts:
            if font.suffix.lower() != ".ttf" or not font.is_file():
                problems.append(f"--font: {font}: expected an existing TrueType (.ttf) font file")
        if problems:
            raise DataError("\n".join(problems))
        selection = self.selection(request.audience, request.lang)
        spec = self.layout(request.layout)
        if request.paper not in spec.papers:
            raise LayoutSpecError(f"unknown paper {request.paper!r} for layout {spec.id!r}; "
                                  f"choose one of: {', '.join(spec.papers)}")
        return selection, spec, self.clinic(request.clinic)

    def context(self, request: BuildRequest, selection: Selection, clinic: Clinic) -> dict[str, Any]:
        """The template context (documented in docs/layouts.md)."""
        language = selection.language
        lang = language.id
        numbers = {source.id: n for n, source in enumerate(selection.cited_sources(), start=1)}

        def item_view(item) -> dict[str, Any]:
            return {"id": item.id, "text": _filled(item.text[lang], clinic.emergency_number), "tier": item.tier, "kind": item.kind,
                    "cites": sorted(numbers[s] for s in item.sources), "picture": item.picture or ""}

        sections: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
        for item in selection.items:
            sections[item.section].append(item_view(item))
        tiers = [{"id": tier, "signs": [i for i in sections["warning"] if i["tier"] == tier]} for tier in TIERS]
        meta = selection.content.meta
        return {
            "leaflet": {
                "title": selection.audience.title[lang], "subtitle": selection.audience.subtitle[lang],
                "audience": selection.audience.id, "lang": lang, "layout": request.layout, "paper": request.paper,
                "date": language.format_date(leaflet_date(request.date)),
                "version": meta.version, "reviewed": language.format_date(meta.reviewed),
            },
            "sections": sections,
            "tiers": tiers,
            "t": _filled(language.strings, clinic.emergency_number),
            "clinic": {"name": clinic.name, "department": clinic.department, "phone": clinic.phone,
                       "after_hours_phone": clinic.after_hours_phone, "address": clinic.address,
                       "website": clinic.website, "website_short": _short_url(clinic.website),
                       "emergency_number": clinic.emergency_number,
                       "logo": clinic.logo is not None, "color": clinic.color or ""},
            "patient": {"name": (request.patient or "").strip(), "notes": _paragraphs(request.notes),
                        "clinician": (request.clinician or "").strip(),
                        "follow_up": _follow_up(request.follow_up, language)},
            "sources": [{"n": numbers[s.id], "id": s.id, "title": s.title, "publisher": s.publisher,
                         "year": s.year, "url": s.url, "site": _site(s.url)} for s in selection.cited_sources()],
        }

    def check_printable(self, request: BuildRequest, selection: Selection, spec: LayoutSpec, clinic: Clinic) -> None:
        """Every character of every text must be in the layout's fonts; report where it comes from."""
        from .fonts import describe_missing  # with ReportLab: only when rendering

        typesetter = self._typesetter(spec, clinic, request.fonts)
        lang = selection.language.id
        problems: list[Problem] = []

        def check(text: str, file: str, line: int | None, field: str) -> None:
            missing = typesetter.missing_glyphs(text)
            if missing:
                problems.append(Problem(file, line, field, describe_missing(missing)))

        content_key = (selection.audience.id, lang, spec.id, clinic.origin.file, request.fonts)
        if content_key not in self._printable:  # content does not change: check it once
            for item in selection.items:
                check(item.text[lang], item.origin.file, item.origin.line, f"{item.id}.text.{lang}")
            audience = selection.audience
            check(audience.title[lang], audience.origin.file, audience.title_line, f"title.{lang}")
            check(audience.subtitle[lang], audience.origin.file, audience.subtitle_line, f"subtitle.{lang}")
            for key, value in flatten(selection.language.strings):
                check(value, selection.language.origin.file, selection.language.strings_line, f"strings.{key}")
            for key in ("name", "department", "phone", "after_hours_phone", "address", "website"):
                check(getattr(clinic, key), clinic.origin.file, clinic.origin.line, key)
        for text, option in [(request.patient, "--patient"), (request.clinician, "--clinician"),
                             (request.follow_up, "--follow-up")] + [(n, "--note") for n in request.notes]:
            check(text or "", option, None, "")
        if problems:
            raise RenderError(problems=problems)
        self._printable.add(content_key)

    def render(self, request: BuildRequest) -> Leaflet:
        """Run every stage but the write; returns the PDF bytes (or the web page's, for ``html``)."""
        if request.format == "html":
            return self.render_html(request)
        selection, spec, clinic = self.check_request(request)
        self.check_printable(request, selection, spec, clinic)
        text = render_template(self._env, spec.template, self.context(request, selection, clinic))
        root = parse_markup(text, spec.template_path)
        from .fonts import invisible_removed
        from .typeset import Assets, BlockTooTall, PdfInfo

        info = PdfInfo(
            title=f"{selection.audience.title[request.lang]}",
            author=invisible_removed(clinic.name),
            subject=selection.audience.subtitle[request.lang],
            keywords=("muscle cramps", selection.audience.id, request.lang, spec.id),
            lang=selection.language.tag,
        )
        assets = Assets(logo=clinic.logo, pictures=selection.content.pictures)
        # Built-in content fits every layout (handouts check builds them all), so when the
        # patient's text is there, it is what did not fit: the message names its option.
        option = "--note" if request.notes else "--patient" if request.patient else ""
        typesetter = self._typesetter(spec, clinic, request.fonts)
        try:
            pdf, pages = typesetter.render(root, request.paper, info, assets, request.tagged)
        except BlockTooTall as exc:
            if not option:
                raise
            raise RenderError(f"{option}: makes one block of the leaflet taller than a whole {request.paper} "
                              "page; shorten it (each line break starts a new line)") from exc
        if spec.max_pages and pages > spec.max_pages:
            hint = "shorten the notes or choose another layout" if option else "shorten the content of this audience"
            prefix = f"{option}: " if option else ""
            raise RenderError(f"{prefix}layout {spec.id!r}: the {request.audience} leaflet in {request.lang!r} runs "
                              f"to {pages} pages on {request.paper}; this layout allows {spec.max_pages} ({hint})")
        return Leaflet(request, pdf, pages)

    def render_html(self, request: BuildRequest) -> Leaflet:
        """The accessible HTML twin: the same context through the HTML template (see ``html.py``)."""
        from .html import HTML_TEMPLATE, html_context

        selection, _spec, clinic = self.check_request(request)
        context = self.context(request, selection, clinic)
        context["html"] = html_context(selection, clinic)
        text = render_template(self._env, HTML_TEMPLATE, context)
        return Leaflet(request, (text.rstrip("\n") + "\n").encode("utf-8"), 0)

    def build(self, request: BuildRequest, output: Path | str | None = None, force: bool = False) -> Path:
        """Render and write atomically. ``output`` may be a file or an existing folder."""
        path = Path(output) if output is not None else Path(request.default_filename())
        if path.is_dir():
            path = path / request.default_filename()
        if not path.parent.is_dir():  # fail before the work, not after
            raise OutputError(f"{path}: the folder {path.parent} does not exist")
        if path.exists() and not force:
            raise OutputError(f"{path}: file exists; use --force to replace it")
        leaflet = self.render(request)
        return write_atomic(path, leaflet.data, force=force)

    def catalog(self) -> dict[str, Any]:
        """What can be built: audiences, languages, layouts, papers, clinics."""
        content = self.content
        audiences = sorted(content.audiences.values(), key=lambda a: (a.order, a.id))
        papers: list[str] = []
        for layout_id in sorted(self.layout_folders):
            for paper in self.layout(layout_id).papers:
                if paper not in papers:
                    papers.append(paper)
        return {
            "audiences": [{"id": a.id, "title": a.title.get("en") or next(iter(a.title.values()))}
                          for a in audiences],
            "languages": sorted(content.languages),
            "layouts": sorted(self.layout_folders),
            "papers": papers,
            "layout_details": [{"id": lid, "name": self.layout(lid).name,
                                "description": self.layout(lid).description,
                                "papers": list(self.layout(lid).papers)} for lid in sorted(self.layout_folders)],
            "clinics": sorted(content.clinic_files),
            "formats": list(FORMATS),
        }
