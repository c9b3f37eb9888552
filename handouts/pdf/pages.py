"""Page geometry and the PDF document: frames, footers, marks, metadata.

Two kinds of layout share this code. A *flowing* layout (``handout``,
``large-print``) has text columns and content runs from page to page. A
*panel* layout (``trifold``, ``card``) cuts each page into fixed panels;
``fitting.py`` makes each panel's content fit its own frame first, then the
story jumps from panel to panel with frame breaks.

Footers, fold marks and crop marks are drawn when the document is saved, by
a canvas that holds its pages until then, so a footer can say "Page X of Y"
without a second layout pass.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from .. import __version__
from . import reuse
from ..errors import TooManyPages
from .drawings import crop_marks, fold_marks, sample_mark
from ..load.layout_spec import LayoutSpec, Paper
from .tagging import StructureTree, TaggingCanvas

FooterDrawer = Callable[[Canvas, int, int], None]


@dataclass(frozen=True)
class PdfInfo:
    """Document metadata written to the PDF's info dictionary and catalog."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str
    sample_mark: str = ""
    """Printed across every page when the clinic is a sample (the built-in demo): "Sample - not for patients"."""


@dataclass(frozen=True)
class Box:
    """A text frame on the page: lower-left corner, width and height in points."""

    x: float
    y: float
    width: float
    height: float


def column_boxes(spec: LayoutSpec, paper: Paper, page: int = 0) -> list[Box]:
    """The text frames of one page (``page`` counts from 0), left to right.

    Flowing layouts: ``columns`` equal columns inside the margins. Panel
    layouts: the piece is cut into panels at the folds (:func:`panel_edges`);
    each panel's text keeps the margin from the outer edges and half of
    ``column_gap`` from each fold.
    """
    x0, y0, width, height = paper.piece
    top, right, bottom, left = spec.margins
    n, gap = spec.columns, spec.column_gap
    y, h = y0 + bottom, height - top - bottom
    if not spec.panels:
        col = (width - left - right - gap * (n - 1)) / n
        return [Box(x0 + left + i * (col + gap), y, col, h) for i in range(n)]
    edges = panel_edges(spec, paper, page)
    boxes = []
    for i in range(n):
        start = edges[i] + (left if i == 0 else gap / 2)
        end = edges[i + 1] - (right if i == n - 1 else gap / 2)
        boxes.append(Box(start, y, end - start, h))
    return boxes


def panel_edges(spec: LayoutSpec, paper: Paper, page: int = 0) -> list[float]:
    """The x positions in points of a panel layout's panel edges on ``page`` (from 0): the piece's left
    edge, each fold, its right edge.

    Equal panels, except in a letter fold with ``fold_in``: the panel that folds in is that much
    narrower, so the brochure closes flat (the first panel of page 1, the outside flap, and so the
    last of page 2, its back when printed duplex, flipped on the short edge); the other two share
    the rest equally.
    """
    x0, _, width, _ = paper.piece
    n = spec.columns
    if not spec.fold_in:
        return [x0 + width * i / n for i in range(n + 1)]
    widths = [(width + spec.fold_in) / n] * n
    widths[0 if page % 2 == 0 else n - 1] -= spec.fold_in
    edges = [x0]
    for panel in widths:
        edges.append(edges[-1] + panel)
    return edges


def fold_positions(spec: LayoutSpec, paper: Paper, page: int = 0) -> list[float]:
    """The x positions in points where a panel layout's sheet is folded on ``page`` (from 0); none for a
    flowing layout."""
    return panel_edges(spec, paper, page)[1:-1] if spec.panels else []


class _Doc(BaseDocTemplate):
    viewer_preferences: dict[str, str] = {}  # noqa: RUF012 - set per instance
    stop_after: int | None = None

    def handle_pageBegin(self) -> None:  # ReportLab's name
        if self.stop_after is not None and self.page >= self.stop_after:
            raise TooManyPages(self.page + 1)
        super().handle_pageBegin()

    def beforeDocument(self) -> None:  # ReportLab's name
        for key, value in self.viewer_preferences.items():
            self.canv.setViewerPreference(key, value)


def build_pdf(spec: LayoutSpec, paper: Paper, info: PdfInfo, story: list[Flowable],
              draw_footer: FooterDrawer | None, body_font: str, tree: StructureTree | None = None,
              stop_after: int | None = None) -> tuple[bytes, int]:
    """Lay the story out on the layout's pages; returns the PDF bytes and the page count.

    With a structure ``tree`` (whose nodes the story's flowables carry) the PDF is tagged.

    Raises ReportLab's ``LayoutError`` if a flowable is too big for its frame,
    and :class:`TooManyPages` if the story needs more than ``stop_after`` pages.
    """
    page_boxes = [column_boxes(spec, paper, page) for page in range(len(spec.panels) if spec.fold_in else 1)]

    def frames(boxes: list[Box]) -> list[Frame]:
        return [Frame(b.x, b.y, b.width, b.height, leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0, id=f"col{i}") for i, b in enumerate(boxes)]
    top, right, bottom, left = spec.margins
    buffer = io.BytesIO()
    doc = _Doc(
        buffer, pagesize=paper.size, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=info.title, author=info.author, subject=info.subject, keywords=list(info.keywords),
        creator=f"handouts {__version__}", lang=info.lang, invariant=1, displayDocTitle=1,
        initialFontName=body_font,
    )
    prefs = {}
    if spec.duplex:
        prefs["Duplex"] = spec.duplex
    if spec.panels or paper.trim:  # folds and cut lines only line up at 100%
        prefs["PrintScaling"] = "None"
    doc.viewer_preferences = prefs
    doc.stop_after = stop_after
    if len(page_boxes) == 1:
        doc.addPageTemplates([PageTemplate(id="page", frames=frames(page_boxes[0]))])
    else:  # panels that differ from page to page (a letter fold's narrower fold-in panel)
        doc.addPageTemplates([PageTemplate(id=f"page{n}", frames=frames(boxes),
                                           autoNextPageTemplate=f"page{n + 1}" if n + 1 < len(page_boxes) else None)
                              for n, boxes in enumerate(page_boxes)])

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        if draw_footer is not None:
            draw_footer(canvas, page, pages)
        if spec.fold_marks and spec.panels:
            fold_marks(canvas, fold_positions(spec, paper, page - 1), paper.height,
                       min(spec.margins[0], spec.margins[2]))
        if paper.trim:
            crop_marks(canvas, *paper.piece)
        if info.sample_mark:  # on each panel of a folded or cut layout, so every face shows it
            boxes = page_boxes[min(page - 1, len(page_boxes) - 1)]
            for piece in ([(b.x, b.y, b.width, b.height) for b in boxes] if spec.panels else [paper.piece]):
                sample_mark(canvas, piece, info.sample_mark, body_font)

    # Streams are compressed but not ASCII85-encoded: the encoder is pure Python
    # unless rl_accel is installed, and it cost a third of the render time (the
    # logo's image data, every page's content); binary streams are also smaller.
    # Set for this document only, so other ReportLab code in the process is unaffected.
    a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        with reuse.remembered_numbers():
            doc.build(story, canvasmaker=_deferred_canvas(decorate, tree, info))
    finally:
        rl_config.useA85 = a85
    return buffer.getvalue(), doc.page


class _DryFrame(Frame):
    """A frame that places flowables without drawing them (:func:`fits`)."""

    def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:  # ReportLab's names
        object.__setattr__(flowable, "drawOn", _draw_nothing)  # this story is thrown away afterwards
        return super()._add(flowable, canv, trySplit)

    add = _add


def _draw_nothing(*_args: object, **_kwargs: object) -> None:
    return None


class _DryCanvas(Canvas):
    def save(self) -> None:  # ReportLab's name: nothing is written
        return None


def fits(spec: LayoutSpec, paper: Paper, story: list[Flowable], body_font: str, max_pages: int) -> bool:
    """Whether ``story`` fits on ``max_pages`` pages: the same layout as :func:`build_pdf` (where each
    flowable goes depends only on its ``wrap`` and ``split``), without drawing anything or writing a PDF.
    The story is used up. Raises ReportLab's ``LayoutError`` as :func:`build_pdf` does."""
    boxes = column_boxes(spec, paper)
    frames = [_DryFrame(b.x, b.y, b.width, b.height, leftPadding=0, rightPadding=0, topPadding=0,
                        bottomPadding=0, id=f"col{i}") for i, b in enumerate(boxes)]
    top, right, bottom, left = spec.margins
    doc = _Doc(io.BytesIO(), pagesize=paper.size, leftMargin=left, rightMargin=right, topMargin=top,
               bottomMargin=bottom, invariant=1, initialFontName=body_font)
    doc.stop_after = max_pages
    doc.addPageTemplates([PageTemplate(id="page", frames=frames)])
    try:
        doc.build(story, canvasmaker=_DryCanvas)
    except TooManyPages:
        return False
    return doc.page <= max_pages


def _deferred_canvas(decorate: FooterDrawer, tree: StructureTree | None, info: PdfInfo):
    """A canvas class that holds pages until save, then draws footers and marks with the page total.

    Footers and marks are drawn as artifacts of a tagged PDF; the structure tree is written last.
    """

    class _Canvas(TaggingCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict] = []
            self._page_bookmarks: list[tuple[str, float]] = []
            self._outline_level, self._outline_count = -1, 0

        def add_heading(self, text: str, level: int, top: float) -> None:
            """An outline entry for a heading drawn at ``top`` on this page (bound when the page is written)."""
            level = min(level, self._outline_level + 1)  # no jumps: ReportLab refuses them
            self._outline_level = level
            self._outline_count += 1
            key = f"h{self._outline_count}"
            self._page_bookmarks.append((key, top))
            self.addOutlineEntry(text, key, level=level, closed=False)

        def showPage(self) -> None:  # ReportLab's name
            self._held_pages.append(dict(self.__dict__))
            self._page_bookmarks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for state in self._held_pages:
                self.__dict__.update(state)
                for key, top in state["_page_bookmarks"]:
                    Canvas.bookmarkPage(self, key, fit="FitH", top=top)
                decorate(self, self._pageNumber, total)
                self.close_page()
                Canvas.showPage(self)
            self._code.clear()  # the page Canvas.showPage began: save() would write it as a blank page
            if tree is not None:
                tree.write(self, info.title, info.lang, total)
            Canvas.save(self)

    _Canvas.tree = tree
    return _Canvas
