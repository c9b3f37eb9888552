"""The story: one ReportLab flowable (or a few) per block of the leaflet markup.

A :class:`StoryBuilder` serves one layout attempt (one scale, one structure
tree). It sets headings and paragraphs itself and hands every other block to
the builder for its kind: :class:`~handouts.pdf.lists.Lists`,
:class:`~handouts.pdf.boxes.Boxes` (which call back for what is inside) and
:class:`~handouts.pdf.figures.Figures`. Every block gets its node in the
structure tree as it is built, in reading order.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer
from reportlab.platypus.flowables import _listWrapOn

from ..render.markup import plain_text
from .boxes import Boxes
from .figures import Figures, Pictures
from .fonts import LayoutFonts
from .lists import Lists
from .styles import Styles
from .tagging import TaggedParagraph
from .text import markup
from .tree import TreeCursor

Make = Callable[[ET.Element, float], list[Flowable]]
"""A block builder: an element and the width it has, in points, to its flowables."""

_ROLES = {"title": "H1", "h2": "H2", "h3": "H3", "subtitle": "P", "p": "P"}
"""Structure roles of the text blocks (tagging.py); lists, boxes and figures are tagged where they are built."""


class _Bookmarked(TaggedParagraph):
    """A heading paragraph that also adds an outline (bookmark) entry where it is drawn,
    so a heading inside a box or a row cell gets one too."""

    outline: tuple[str, int] | None = None

    def draw(self) -> None:
        super().draw()
        add = getattr(self.canv, "add_heading", None)
        if add and self.outline:
            _, top = self.canv.absolutePosition(0, self.height)
            add(*self.outline, top)


def _one(make: Callable[[ET.Element, float], Flowable]) -> Make:
    return lambda elem, width: [make(elem, width)]


class StoryBuilder:
    """Builds the flowables of one layout attempt.

    ``styles``: the paragraph styles at the attempt's scale; ``tree``: the attempt's
    structure tree; ``pictures``: the files this render may use; ``measure``: a
    canvas for measuring flowables (nothing is drawn on it).
    """

    def __init__(self, styles: Styles, fonts: LayoutFonts, tree: TreeCursor, pictures: Pictures,
                 measure: Canvas, frame_height: float = float("inf")):
        self.styles, self.fonts, self.tree, self._measure = styles, fonts, tree, measure
        self.frame_height = frame_height
        """The height of one text frame, points: a block kept whole that is taller cannot be kept whole."""
        lists = Lists(styles, fonts, tree)
        boxes = Boxes(styles, tree, self.flowables)
        figures = Figures(styles, fonts, tree, pictures)
        self._makers: dict[str, Make] = {
            "title": self._heading, "h2": self._heading,
            "subtitle": self._paragraph, "h3": self._paragraph, "p": self._paragraph,
            "list": lists.items, "checklist": _one(lists.checklist), "fill": _one(lists.fill),
            "box": _one(boxes.box), "tier": _one(boxes.tier), "row": _one(boxes.row),
            "figure": _one(figures.figure), "logo": figures.logo, "image": _one(figures.image),
            "qr": lambda elem, _width: [figures.qr(elem)],
            "spacer": lambda elem, _width: [Spacer(1, styles.length(elem, "height", 12.0) * styles.scale)],
            "pagebreak": lambda _elem, _width: [PageBreak()],
            "keep": lambda elem, width: [KeepTogether(self.flowables(elem, width, top=True))],
        }
        # Not here: <footer> is drawn on the canvas (footer.py); <panel>s are placed by fitting.py.

    def flowables(self, elem: ET.Element, width: float, top: bool = False) -> list[Flowable]:
        """Flowables for the children of ``elem``, set ``width`` points wide.

        At the top level, a heading whose style says ``keep_with_next``
        starts a new page unless there is room for it and for the start of
        what follows: the next block whole if it is short, else about five
        lines of it (enough for a box's heading row and first item).

        Raises :class:`LayoutSpecError` for what the template gets wrong (an unknown style, a bad
        length, a missing picture), :class:`RenderError` for text no font prints, :class:`DataError`
        for SVG text no font prints.
        """
        out: list[Flowable] = []
        pending: tuple[int, float] | None = None  # (index of a CondPageBreak, heading height)
        for child in elem:
            make = self._makers.get(child.tag)
            blocks = make(child, width) if make else []
            if pending is not None and blocks:
                index, heading = pending
                following = self.height(blocks[:1], width)
                if not isinstance(blocks[0], KeepTogether) or following > self.frame_height:
                    following = min(following, self.styles.body.leading * 5)  # it breaks: its start is enough
                out[index] = CondPageBreak(heading + following)
                pending = None
            if top and child.tag in ("title", "h2", "h3"):
                style = self.styles.kept_with_next(child.get("style") or child.tag)
                if style is not None:
                    pending = (len(out), style.spaceBefore + self.height(blocks, width))
                    out.append(CondPageBreak(0))
            out.extend(blocks)
        return out

    def height(self, flowables: list[Flowable], width: float) -> float:
        """The height in points of ``flowables`` stacked in ``width`` points (space between them included).
        A ``KeepTogether`` counts as its contents (its own ``wrap`` answers a huge height to force a split)."""
        return _listWrapOn(list(_unkept(flowables)), width, self._measure)[1]

    def _heading(self, elem: ET.Element, width: float) -> list[Flowable]:
        tag = elem.tag
        style = self.styles.style(elem.get("style"), tag)
        para = self.tree.tag(_Bookmarked(markup(self.fonts, elem, style), style), _ROLES[tag])
        para.outline = (elem.get("bookmark") or plain_text(elem), 0 if tag == "title" else 1)
        return [para]

    def _paragraph(self, elem: ET.Element, width: float) -> list[Flowable]:
        style = self.styles.style(elem.get("style"), elem.tag)
        return [self.tree.tag(TaggedParagraph(markup(self.fonts, elem, style), style), _ROLES.get(elem.tag, "P"),
                              source=elem)]


def _unkept(flowables: list[Flowable]) -> Iterator[Flowable]:
    """The flowables with every ``KeepTogether`` replaced by what it holds, for measuring."""
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            yield from _unkept(flowable._content)
        else:
            yield flowable
