"""The library API: one :class:`Handouts` object runs the stages in order.

    request.py                  raw field values -> checked BuildRequest      (the request boundary)
    load/ (content.py)          data folders -> validated Content             once per object
    select.py                   Content + audience + language -> Selection
    render/ (context, templating)  Selection + clinic + request -> markup text
    render/markup.py            markup text -> checked element tree
    pdf/ (Typesetter.render)    element tree -> PDF bytes                     fonts/styles once per layout
    write.py                    bytes -> file, atomically

``format="html"`` runs the template stage with the HTML template (``render/html.py``) instead of
markup and typesetting, and writes one self-contained web page.

Content, layout specs, clinics, the Jinja environment and typesetters are loaded once and cached on the
object, so rendering many leaflets costs only the per-leaflet stages. A ``Handouts`` is not thread-safe:
use one per thread or process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    BlockTooTall, DoesNotFit, HandoutsError, LayoutSpecError, Problem, RenderError, RequestError,
)
from .load.clinic import load_clinic
from .load.content import load_content
from .load.layout_spec import LayoutSpec, find_layouts, load_spec
from .load.model import Clinic, Content, flatten
from .load.yamlfile import brief
from .pdf.reuse import cache_default, caching  # no ReportLab: reuse.py imports it only when used
from .render.context import item_in, leaflet_context
from .render.markup import parse_markup
from .render.templating import make_environment, render_template
from .load.files import is_folder
from .normalize import nfc
from .request import FORMATS, BuildRequest, field_problems, font_problems, parse_request, source_date
from .resources import BUILTIN_DATA, BUILTIN_FONTS, BUILTIN_LAYOUTS, search_path
from .select import Selection, select
from .write import check_target, write_atomic

if TYPE_CHECKING:
    from .pdf.typesetter import PdfInfo, Typesetter

__all__ = ["FORMATS", "BuildRequest", "Handouts", "Leaflet"]

_PATIENT_FIELDS = ("note", "patient", "clinician", "follow_up")
"""The request fields a layout prints in its patient area, in the order an overflow is blamed on them."""


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
        """The PDF's bytes (a ``pdf`` leaflet). Raises ``ValueError`` for a web page."""
        if self.request.format != "pdf":
            raise ValueError(f"a {self.request.format} leaflet has no PDF; use .data")
        return self.data


class Handouts:
    """Builds leaflets from data folders and layout folders.

    ``data_dirs`` and ``layouts_dirs`` are searched first, in order; the built-in content and layouts come
    last. ``cache``: reuse what does not change between leaflets of this process (``pdf/reuse.py``: parsed
    paragraphs, line breaks, images, drawings; the bytes are the same either way). Default: on, unless the
    environment variable ``HANDOUTS_CACHE`` is ``0`` (or ``off``, ``no``, ``false``).
    """

    def __init__(self, data_dirs: list[Path] | tuple[Path, ...] = (),
                 layouts_dirs: list[Path] | tuple[Path, ...] = (), cache: bool | None = None):
        self.cache = cache_default() if cache is None else cache
        self.data_path = search_path(list(data_dirs), BUILTIN_DATA)
        self.layouts_path = search_path(list(layouts_dirs), BUILTIN_LAYOUTS)
        self._specs: dict[str, LayoutSpec] = {}
        self._typesetters: dict[tuple, Typesetter] = {}
        self._clinics: dict[str, Clinic | HandoutsError] = {}
        self._selections: dict[tuple[str, str], Selection] = {}
        self._printable: set[tuple] = set()

    # -- cached resources -------------------------------------------------
    @cached_property
    def content(self) -> Content:
        """All content, loaded and validated once. Raises :class:`DataError` with every problem."""
        return load_content(self.data_path)

    @cached_property
    def layout_folders(self) -> dict[str, Path]:
        return find_layouts(self.layouts_path)

    @cached_property
    def _env(self):
        return make_environment(self.layouts_path, precompiled=self.cache)

    def layout(self, layout_id: str) -> LayoutSpec:
        """A layout's spec. Raises :class:`RequestError` (field ``layout``) for an unknown id and
        :class:`LayoutSpecError` for a broken spec."""
        if layout_id not in self._specs:
            if layout_id not in self.layout_folders:
                raise RequestError([Problem.of("layout", f"unknown layout {brief(layout_id)}; choose one of: "
                                                         f"{', '.join(sorted(self.layout_folders)) or 'none found'}")])
            self._specs[layout_id] = load_spec(layout_id, self.layout_folders[layout_id], [BUILTIN_FONTS])
        return self._specs[layout_id]

    def clinic(self, ref: str) -> Clinic:
        """A clinic by id or file path (loaded once; a broken one fails the same way every time).
        Raises :class:`DataError` naming the file, line and field."""
        if ref not in self._clinics:
            try:
                self._clinics[ref] = load_clinic(self.content, ref, kept=self.cache)
            except HandoutsError as exc:
                self._clinics[ref] = exc
        found = self._clinics[ref]
        if isinstance(found, HandoutsError):
            raise found
        return found

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
            from .pdf.typesetter import Typesetter  # ReportLab loads only when something renders

            source_date()  # ReportLab reads SOURCE_DATE_EPOCH for every canvas: checked first
            self._typesetters[key] = Typesetter(spec.branded(color), fonts)
        return self._typesetters[key]

    # -- the request boundary ---------------------------------------------
    def request(self, raw: Mapping[str, object]) -> BuildRequest:
        """A checked request from raw field values (:func:`handouts.request.parse_request` with this
        object's content, layouts and clinics). Raises :class:`RequestError`, every problem keyed by field."""
        return parse_request(raw, self)

    def request_problems(self, request: BuildRequest) -> list[Problem]:
        """The catalog checks, keyed by field: audience, language, layout, paper, clinic and fonts
        exist; for a PDF, every character of the patient's text is in the layout's fonts.

        Raises :class:`DataError` if the content itself is broken (not a fault of the request)."""
        problems: list[Problem] = []
        content = self.content
        audiences = sorted(content.audiences, key=lambda a: (content.audiences[a].order, a))
        if not request.audience:
            problems.append(Problem.of("audience", f"required; choose one of: {', '.join(audiences)}"))
        elif request.audience not in content.audiences:
            problems.append(Problem.of("audience", f"unknown audience {brief(request.audience)}; choose one of: "
                                                   f"{', '.join(audiences)}"))
        if request.lang not in content.languages:
            problems.append(Problem.of("lang", f"unknown language {brief(request.lang)}; choose one of: "
                                               f"{', '.join(sorted(content.languages))}"))
        spec = None
        try:
            spec = self.layout(request.layout)
        except RequestError as exc:
            problems += exc.problems
        if spec is not None and request.paper not in spec.papers:
            problems.append(Problem.of("paper", f"unknown paper {brief(request.paper)} for layout {spec.id!r}; "
                                                f"choose one of: {', '.join(spec.papers)}"))
        clinic = None
        try:
            clinic = self.clinic(request.clinic)
        except HandoutsError as exc:
            problems += [replace(p, subject="clinic") for p in exc.problems] or [Problem.of("clinic", str(exc))]
        fonts = font_problems(request.fonts)
        problems += fonts
        if not problems and request.format == "pdf" and spec is not None and clinic is not None:
            problems += self._printable_problems(request, self.selection(request.audience, request.lang),
                                                 spec, clinic)
        return problems

    def resolve(self, request: BuildRequest) -> tuple[Selection, LayoutSpec, Clinic]:
        """The request's content, layout spec and clinic, after every check.
        Raises :class:`RequestError` with every problem, keyed by field."""
        problems = field_problems(request) or self.request_problems(request)
        if problems:
            raise RequestError(problems)
        return self.selection(request.audience, request.lang), self.layout(request.layout), self.clinic(request.clinic)

    def _printable_problems(self, request: BuildRequest, selection: Selection, spec: LayoutSpec,
                            clinic: Clinic) -> list[Problem]:
        """Every character of every text must be in the layout's fonts. Problems in the patient's text are
        keyed by its field; a character the content or clinic file lacks raises :class:`RenderError` (its file)."""
        from .pdf.fonts import describe_missing  # with ReportLab: only when rendering
        from .pdf.text import RTL_REFUSED, rtl_letters

        try:
            typesetter = self._typesetter(spec, clinic, request.fonts)
        except RequestError as exc:  # a font file that is not a usable font
            return exc.problems
        lang = selection.language.id
        content_key = (selection.audience.id, lang, spec.id, clinic.origin.file, request.fonts)
        if content_key not in self._printable:  # content does not change: check it once
            in_files: list[Problem] = []

            def check(text: str, file: str, line: int | None, field: str) -> None:
                missing = typesetter.missing_glyphs(text)
                if missing:
                    in_files.append(Problem(file, line, field, describe_missing(missing)))

            for item in selection.items:
                check(item.text[lang], item.origin.file, item.origin.line, f"{item.id}.text.{lang}")
            audience = selection.audience
            check(audience.title[lang], audience.origin.file, audience.title_line, f"title.{lang}")
            check(audience.subtitle[lang], audience.origin.file, audience.subtitle_line, f"subtitle.{lang}")
            for key, value in flatten(selection.language.strings):
                check(value, selection.language.origin.file, selection.language.strings_line, f"strings.{key}")
            for key in ("name", "department", "phone", "after_hours_phone", "address", "website"):
                check(getattr(clinic, key), clinic.origin.file, clinic.origin.line, key)
            if in_files:
                raise RenderError(problems=in_files)
            self._printable.add(content_key)
        problems = []
        for field, text in request.texts():
            missing = typesetter.missing_glyphs(nfc(text))  # what prints: composed (render/context.py)
            if missing or rtl_letters(text):
                problems.append(Problem.of(field, describe_missing(missing) if missing else RTL_REFUSED))
        return problems

    # -- stages -----------------------------------------------------------
    def render(self, request: BuildRequest) -> Leaflet:
        """Run every stage but the write; returns the PDF bytes (or the web page's, for ``html``).

        Raises :class:`RequestError` (bad fields), :class:`RenderError` (does not fit: keyed by the
        patient field that made it overflow, if one did), :class:`LayoutSpecError` or :class:`DataError`
        (content, a clinic file, or ``SOURCE_DATE_EPOCH``)."""
        source_date()  # the environment, checked before anything reads it
        selection, spec, clinic = self.resolve(request)
        context = leaflet_context(request, selection, clinic)
        if request.format == "html":
            from .render.html import HTML_TEMPLATE, html_context

            context["html"] = html_context(selection, clinic)
            text = render_template(self._env, HTML_TEMPLATE, context)
            return Leaflet(request, (text.rstrip("\n") + "\n").encode("utf-8"), 0)
        try:
            pdf, pages = self._typeset(request, selection, spec, clinic, context)
        except RenderError as exc:
            item = item_in(exc.text, selection, clinic) if isinstance(exc, BlockTooTall) else None
            if item is not None:  # a content item too tall for a page: name its file, line and item
                raise BlockTooTall(problems=[Problem(
                    item.origin.file, item.origin.line, f"{item.id}.text.{request.lang}",
                    f"{len(item.text[request.lang]):,} characters make one block taller than a whole "
                    f"{request.paper} page in layout {spec.id!r}; shorten the item")]) from exc
            field = self._blame(request, exc)
            if not field or not isinstance(exc, DoesNotFit):
                raise
            raise RenderError(problems=[Problem.of(field, self._overflow_message(request, spec, exc, field))]) from exc
        return Leaflet(request, pdf, pages)

    def special_layout(self, name: str) -> LayoutSpec:
        """A layout that is not a leaflet layout, such as ``_review`` (the review packet); a
        ``--layouts-dir`` may replace it. Raises :class:`LayoutSpecError` if none is found."""
        if name not in self._specs:
            folders = find_layouts(self.layouts_path, prefix=name)
            if name not in folders:
                raise LayoutSpecError(f"no {name}/layout.yaml among the layouts")
            self._specs[name] = load_spec(name, folders[name], [BUILTIN_FONTS])
        return self._specs[name]

    def typeset(self, spec: LayoutSpec, template: str, context: dict[str, Any], paper: str, info: PdfInfo,
                tagged: bool = True) -> tuple[bytes, int]:
        """Render ``template`` (a name among the layouts) with ``context``, parse its markup and typeset
        it with ``spec`` (not branded, no extra fonts): the PDF bytes and page count."""
        from .pdf.typesetter import Typesetter

        source_date()  # ReportLab reads SOURCE_DATE_EPOCH: checked first
        root = parse_markup(self.render_text(template, context), str(spec.folder / Path(template).name))
        key = (spec.id, None, ())
        if key not in self._typesetters:
            self._typesetters[key] = Typesetter(spec)
        return self._typesetters[key].render(root, paper, info, tagged=tagged)

    def render_text(self, template: str, context: dict[str, Any]) -> str:
        """Render one template among the layouts (the sandboxed, autoescaping environment)."""
        return render_template(self._env, template, context)

    def _typeset(self, request: BuildRequest, selection: Selection, spec: LayoutSpec, clinic: Clinic,
                 context: dict[str, Any]) -> tuple[bytes, int]:
        """Template, markup and typesetting: the PDF bytes and page count. Raises :class:`RenderError`
        (:class:`DoesNotFit` when it does not fit the layout)."""
        from .pdf.fonts import invisible_removed
        from .pdf.typesetter import Assets, PdfInfo

        root = parse_markup(render_template(self._env, spec.template, context), spec.template_path)
        info = PdfInfo(
            title=f"{selection.audience.title[request.lang]}",
            author=invisible_removed(clinic.name),
            subject=selection.audience.subtitle[request.lang],
            keywords=("muscle cramps", selection.audience.id, request.lang, spec.id),
            lang=selection.language.tag,
            sample_mark=str(context["t"].get("sample_mark", "")) if clinic.sample else "",
        )
        assets = Assets(logo=clinic.logo, pictures=selection.content.pictures)
        with caching(self.cache, (*(text for _, text in request.texts()), *context["patient"].values())):
            pdf, pages = self._typesetter(spec, clinic, request.fonts).render(root, request.paper, info, assets,
                                                                               request.tagged)
        if spec.max_pages and pages > spec.max_pages:
            error = DoesNotFit(f"layout {spec.id!r}: the {request.audience} leaflet in {request.lang!r} runs to "
                                f"{pages} pages on {request.paper}; this layout allows {spec.max_pages} "
                                "(shorten the content of this audience)")
            error.pages = pages
            raise error
        return pdf, pages

    def _blame(self, request: BuildRequest, error: RenderError) -> str:
        """The patient field whose text made the leaflet too long: the first one (notes first) without
        which it fits. "" if the leaflet does not fit even without the patient's text (the content or
        layout is at fault) or if ``error`` is not about fitting."""
        if not isinstance(error, DoesNotFit):
            return ""
        present = [f for f in _PATIENT_FIELDS if any(name == f for name, _ in request.texts())]
        without: dict[str, dict[str, Any]] = {"note": {"notes": ()}, "patient": {"patient": None},
                                              "clinician": {"clinician": None}, "follow_up": {"follow_up": None}}
        for field in present:
            if self._fits(replace(request, **without[field], tagged=False)):
                return field
        if len(present) > 1:
            bare = replace(request, notes=(), patient=None, clinician=None, follow_up=None, tagged=False)
            if self._fits(bare):
                return present[0]
        return ""

    def _fits(self, request: BuildRequest) -> bool:
        selection, spec, clinic = self.resolve(request)
        try:
            self._typeset(request, selection, spec, clinic, leaflet_context(request, selection, clinic))
        except RenderError:
            return False
        return True

    @staticmethod
    def _overflow_message(request: BuildRequest, spec: LayoutSpec, error: DoesNotFit, field: str) -> str:
        what = {"note": "the notes", "patient": "the name", "clinician": "the clinician's name",
                "follow_up": "the follow-up"}[field]
        if isinstance(error, BlockTooTall):
            return (f"makes one block of the leaflet taller than a whole {request.paper} page; shorten it "
                    "(each line break starts a new line)")
        if not error.pages:  # a panel of a fixed-size layout: the message names it
            return str(error)
        return (f"layout {spec.id!r}: with {what}, the {request.audience} leaflet in {request.lang!r} runs to "
                f"{error.pages} pages on {request.paper}; this layout allows {spec.max_pages} (shorten "
                f"{what} or choose another layout)")

    def build(self, request: BuildRequest, output: Path | str | None = None, force: bool = False) -> Path:
        """Render and write atomically; returns the path written. ``output`` may be a file or an
        existing folder (default: :meth:`BuildRequest.default_filename` in the current folder).
        Raises :class:`OutputError` before rendering if the folder is missing or the file exists
        and ``force`` is off, and whatever :meth:`render` raises."""
        path = self.output_path(request, output)
        check_target(path, force)  # fail before the work, not after
        leaflet = self.render(request)
        return write_atomic(path, leaflet.data, force=force)

    @staticmethod
    def output_path(request: BuildRequest, output: Path | str | None = None) -> Path:
        """Where :meth:`build` writes: ``output`` (a folder gets the default file name) or the default."""
        path = Path(output) if output is not None else Path(request.default_filename())
        return path / request.default_filename() if is_folder(path) else path

    def catalog(self) -> dict[str, Any]:
        """What can be built: audiences, languages, layouts, papers, clinics, formats."""
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


