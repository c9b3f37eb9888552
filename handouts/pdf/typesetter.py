"""Stage 4: lay out the parsed leaflet markup with ReportLab Platypus.

One :class:`Typesetter` serves one layout spec (with one clinic's brand
colour and any extra fonts): it registers the fonts and builds the paragraph
styles once, then turns any number of markup trees into PDF bytes. Text from
the markup is escaped again before ReportLab's own paragraph parser sees it;
every character is checked against the fonts, and a word the style's font
cannot print is set in a fallback font (``fonts.py``).

Panel layouts (trifold, card) are fitted before anything is drawn: each
panel's content must fit its frame. If it does not, all text shrinks in steps
of 5% down to the layout's ``min_font_size``; past that, the error names the
panel and how much did not fit. Page geometry and the document itself are in
``pages.py``; drawn flowables in ``drawings.py``; the story in ``blocks.py``.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, FrameBreak, Paragraph, Spacer
from reportlab.platypus.doctemplate import LayoutError

from ..errors import BlockTooTall, DoesNotFit, LayoutSpecError, RenderError, TooManyPages
from ..load.layout_spec import LayoutSpec
from .blocks import StoryBuilder
from .figures import Assets, Pictures
from .fonts import LayoutFonts
from .pages import Box, PdfInfo, build_pdf, column_boxes
from .styles import Styles
from .text import markup
from .tree import TreeCursor

__all__ = ["Assets", "PdfInfo", "Typesetter"]

_NO_ASSETS = Assets()  # frozen: one default for every call is safe
_SHRINK_STEP = 0.05


class Typesetter:
    """Turns leaflet markup into PDF bytes for one layout spec."""

    def __init__(self, spec: LayoutSpec, extra_fonts: tuple[Path, ...] = ()):
        self.spec = spec
        self.fonts = LayoutFonts(spec, extra_fonts)
        self.styles = Styles(spec, self.fonts)
        self._measure = Canvas(io.BytesIO())
        self._checked_pictures: set[Path] = set()

    def missing_glyphs(self, text: str) -> list[str]:
        """Characters neither the body font nor a fallback can print (``api`` checks all text first)."""
        return self.fonts.missing(text, self.styles.body.fontName)

    # -- pages ------------------------------------------------------------
    def _footer_drawer(self, builder: StoryBuilder, footer: ET.Element | None,
                       piece: tuple[float, float, float, float]):
        if footer is None:
            return None
        _, right, bottom, left = self.spec.margins
        x0, y0, piece_width, _ = piece
        width = piece_width - left - right
        rule = builder.styles.color("muted")
        style = builder.styles.style(footer.get("style"), "footer")
        shares = {"left": (0.0, 0.44, TA_LEFT), "center": (0.44, 0.16, TA_CENTER), "right": (0.6, 0.4, TA_RIGHT)}
        parts = list(footer)
        if len(parts) == 1:
            shares = {tag: (0.0, 1.0, align) for tag, (_, _, align) in shares.items()}

        def draw(canvas: Canvas, page: int, pages: int) -> None:
            canvas.saveState()
            rule_y = y0 + bottom - style.leading * 0.6
            canvas.setStrokeColor(rule)
            canvas.setLineWidth(0.5)
            canvas.line(x0 + left, rule_y, x0 + left + width, rule_y)
            for part in parts:
                start, share, align = shares[part.tag]
                part_style = ParagraphStyle(f"footer-{part.tag}", parent=style, alignment=align)
                para = Paragraph(markup(builder.fonts, part, part_style, page, pages), part_style)
                _, h = para.wrap(width * share, bottom)
                para.drawOn(canvas, x0 + left + width * start, rule_y - style.leading * 0.35 - h)
            canvas.restoreState()

        return draw

    def render(self, root: ET.Element, paper: str, info: PdfInfo, assets: Assets = _NO_ASSETS,
               tagged: bool = True) -> tuple[bytes, int]:
        """Typeset the markup; returns the PDF bytes and the page count.

        ``tagged``: write a tagged PDF (structure tree, marked content, PDF/UA-1 metadata; tagging.py).
        The cached typesetter itself is never changed: this leaflet's assets go to its story builders.
        """
        if paper not in self.spec.papers:
            raise LayoutSpecError(f"layout {self.spec.id!r} has no paper {paper!r}; "
                                  f"choose one of: {', '.join(self.spec.papers)}")
        pictures = Pictures(self.spec, assets, self._checked_pictures)

        def attempt(scale: float) -> StoryBuilder:
            return StoryBuilder(self.styles.scaled(scale), self.fonts, TreeCursor(tagged), pictures, self._measure)

        return self._render(attempt, root, paper, info)

    def _render(self, attempt, root: ET.Element, paper: str, info: PdfInfo) -> tuple[bytes, int]:
        sheet = self.spec.papers[paper]
        boxes = column_boxes(self.spec, sheet)
        self._check_top_level(root)
        if self.spec.panels:
            builder, story = self._fit_panels(attempt, root, boxes, paper)
            pdf, pages = self._build(builder, root, sheet, paper, info, story)
            if pages != len(self.spec.panels):  # the fit check should make this impossible
                raise RenderError(f"layout {self.spec.id!r}: the panels ran to {pages} pages on {paper}, "
                                  f"not {len(self.spec.panels)}")
            return pdf, pages
        # A flowing layout with max_pages: shrink evenly, down to min_font_size, to keep to it.
        # An attempt stops as soon as it needs one page too many; the last one runs to the end,
        # so the error can say how many pages it would take.
        scales = self._scales() if self.spec.max_pages else [1.0]
        for scale in scales:
            builder = attempt(scale)
            story = builder.flowables(root, boxes[0].width, top=True)
            last = scale == scales[-1]
            try:
                pdf, pages = self._build(builder, root, sheet, paper, info, story,
                                         None if last else self.spec.max_pages)
            except TooManyPages:
                continue
            break
        return pdf, pages

    def _scales(self) -> list[float]:
        """1.0, then 5% steps down to the layout's smallest body size (min_font_size)."""
        body = self.spec.styles["body"].size
        smallest = min(1.0, (self.spec.min_font_size or body) / body)
        scales = [1.0]
        while scales[-1] - _SHRINK_STEP > smallest + 1e-9:
            scales.append(round(scales[-1] - _SHRINK_STEP, 4))
        if scales[-1] > smallest:
            scales.append(smallest)
        return scales

    def _build(self, builder: StoryBuilder, root: ET.Element, sheet, paper: str, info: PdfInfo,
               story: list[Flowable], stop_after: int | None = None) -> tuple[bytes, int]:
        try:
            return build_pdf(self.spec, sheet, info, story,
                             self._footer_drawer(builder, root.find("footer"), sheet.piece),
                             builder.styles.body.fontName, builder.tree.tree, stop_after)
        except LayoutError as exc:  # ReportLab's message names internal objects: not for users
            raise BlockTooTall(f"layout {self.spec.id!r}: one block of the leaflet is taller than a whole "
                               f"{paper} page") from exc

    def _check_top_level(self, root: ET.Element) -> None:
        """Panel layouts put everything in <panel>s; flowing layouts have none."""
        for child in root:
            if self.spec.panels and child.tag not in ("panel", "footer"):
                raise LayoutSpecError(f"{self.spec.template_path}: layout {self.spec.id!r} has panels, so <{child.tag}> "
                                      "must be inside a <panel>")
            if not self.spec.panels and child.tag == "panel":
                raise LayoutSpecError(f"{self.spec.template_path}: <panel> needs panels: in layout.yaml")

    # -- panels -----------------------------------------------------------
    def _panel_elements(self, root: ET.Element) -> dict[str, ET.Element]:
        wanted = [p for page in self.spec.panels for p in page]
        found: dict[str, ET.Element] = {}
        for panel in root.iter("panel"):
            pid = panel.get("id", "")
            if pid not in wanted:
                raise LayoutSpecError(f"{self.spec.template_path}: <panel id={pid!r}> is not a panel of this layout; "
                                      f"layout.yaml lists: {', '.join(wanted)}")
            found[pid] = panel
        return found

    def _panel_stories(self, builder: StoryBuilder, panels: dict[str, ET.Element],
                       boxes: list[Box]) -> list[tuple[str, list[Flowable], float]]:
        """(panel id, flowables, overflow in points) for each panel in page order.

        In the structure tree each panel is a ``Div``, in the template's order: the
        template is written in reading order, layout.yaml places panels for folding.
        """
        nodes = {pid: builder.tree.node("Div") for pid in panels}
        out = []
        for page in self.spec.panels:
            for pid, box in zip(page, boxes):
                elem = panels.get(pid)
                with builder.tree.under(nodes.get(pid)):
                    flows = builder.flowables(elem, box.width) if elem is not None else []
                height = builder.height(flows, box.width) if flows else 0.0
                out.append((pid, flows, height - box.height))
        return out

    def _fit_panels(self, attempt, root: ET.Element, boxes: list[Box],
                    paper: str) -> tuple[StoryBuilder, list[Flowable]]:
        """Shrink all text evenly until every panel fits; fail naming the panel that does not."""
        panels = self._panel_elements(root)
        for scale in self._scales():
            builder = attempt(scale)
            stories = self._panel_stories(builder, panels, boxes)
            worst = max(stories, key=lambda s: s[2])
            if worst[2] <= 0.5:
                break
        else:
            pid, _, over = worst
            size = self.spec.styles["body"].size * builder.styles.scale
            raise DoesNotFit(
                f"layout {self.spec.id!r}: panel {pid!r} is {over / 72:.1f} in ({over:.0f} pt) too long for "
                f"{paper}, even with body text shrunk to the layout's smallest size ({size:.1f} pt); "
                "shorten the notes or choose the handout layout")
        story: list[Flowable] = []
        for index, (_, flows, _) in enumerate(stories):
            if index:
                story.append(FrameBreak())
            story.extend(flows or [Spacer(1, 0)])
        return builder, story
