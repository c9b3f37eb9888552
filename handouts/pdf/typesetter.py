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
``pages.py``; drawn flowables in ``drawings.py``.
"""

from __future__ import annotations

import copy
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak, Flowable, FrameBreak, KeepTogether, PageBreak, Paragraph, Spacer,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import BalancedColumns, _listWrapOn

from .drawings import Checkbox, TierIcon, WriteOnLine
from ..errors import BlockTooTall, DoesNotFit, LayoutSpecError, RenderError, TooManyPages
from .fonts import LayoutFonts
from ..load.layout_spec import BoxStyle, LayoutSpec, parse_length
from ..render.markup import plain_text, spoken_text
from .pages import Box, PdfInfo, build_pdf, column_boxes
from .figures import Assets, Figures, Pictures
from .styles import Styles
from .tagging import StructureTree, TaggedDrawing, TaggedParagraph
from .text import markup
from .tree import TreeCursor

__all__ = ["Assets", "PdfInfo", "Typesetter"]

_NO_ASSETS = Assets()  # frozen: one default for every call is safe
_VALIGN = {"top": "TOP", "middle": "MIDDLE", "bottom": "BOTTOM"}
_SHRINK_STEP = 0.05
_PRINTED_CHECKBOX = {"O": "PrintField", "Role": "cb", "checked": "off"}
_PRINTED_TEXT_FIELD = {"O": "PrintField", "Role": "tv"}
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


class Typesetter:
    """Turns leaflet markup into PDF bytes for one layout spec."""

    def __init__(self, spec: LayoutSpec, extra_fonts: tuple[Path, ...] = ()):
        self.spec = spec
        self.fonts = LayoutFonts(spec, extra_fonts)
        self.styles = Styles(spec, self.fonts)
        self._measure = Canvas(io.BytesIO())
        self._checked_pictures: set[Path] = set()
        self.assets = _NO_ASSETS
        self.tree = TreeCursor(tagged=False)
        self._figures = self._figure_builder()

    def _figure_builder(self) -> Figures:
        return Figures(self.styles, self.fonts, self.tree, Pictures(self.spec, self.assets, self._checked_pictures))

    def scaled(self, scale: float) -> Typesetter:
        """A copy that sets every style, padding and picture ``scale`` times its size."""
        if scale == self.styles.scale:
            return self
        other = copy.copy(self)
        other.styles = self.styles.scaled(scale)
        return other

    def _start_tree(self, tagged: bool) -> StructureTree | None:
        """A new structure tree for one layout attempt; blocks built from now on go into it."""
        self.tree = TreeCursor(tagged)
        self._figures = self._figure_builder()
        return self.tree.tree

    def missing_glyphs(self, text: str) -> list[str]:
        """Characters neither the body font nor a fallback can print (``api`` checks all text first)."""
        return self.fonts.missing(text, self.styles.body.fontName)

    def _para(self, elem: ET.Element, default_style: str) -> Paragraph:
        style = self.styles.style(elem.get("style"), default_style)
        return self.tree.tag(TaggedParagraph(markup(self.fonts, elem, style), style), _ROLES.get(elem.tag, "P"),
                             source=elem)

    # -- blocks -----------------------------------------------------------
    def flowables(self, elem: ET.Element, width: float, top: bool = False) -> list[Flowable]:
        """Flowables for the children of ``elem``.

        At the top level, a heading whose style says ``keep_with_next``
        starts a new page unless there is room for it and for the start of
        what follows: the next block whole if it is short, else about five
        lines of it (enough for a box's heading row and first item).
        """
        out: list[Flowable] = []
        pending: tuple[int, float] | None = None  # (index of a CondPageBreak, heading height)
        for child in elem:
            blocks = self._block(child, width)
            if pending is not None and blocks:
                index, heading = pending
                following = _listWrapOn(blocks[:1], width, self._measure)[1]
                if not isinstance(blocks[0], KeepTogether):  # it can break: its start is enough
                    following = min(following, self.styles.body.leading * 5)
                out[index] = CondPageBreak(heading + following)
                pending = None
            if top and child.tag in ("title", "h2", "h3"):
                style = self.styles.kept_with_next(child.get("style") or child.tag)
                if style is not None:
                    pending = (len(out), style.spaceBefore + _listWrapOn(blocks, width, self._measure)[1])
                    out.append(CondPageBreak(0))
            out.extend(blocks)
        return out

    def _block(self, elem: ET.Element, width: float) -> list[Flowable]:
        tag = elem.tag
        if tag in ("title", "h2"):
            style = self.styles.style(elem.get("style"), tag)
            para = self.tree.tag(_Bookmarked(markup(self.fonts, elem, style), style), _ROLES[tag])
            para.outline = (elem.get("bookmark") or plain_text(elem), 0 if tag == "title" else 1)
            return [para]
        if tag in ("subtitle", "h3", "p"):
            return [self._para(elem, tag)]
        if tag == "list":
            return self._list(elem, width)
        if tag == "checklist":
            return [self._checklist(elem, width)]
        if tag == "fill":
            return [self._fill(elem, width)]
        if tag == "box":
            with self.tree.under(self.tree.node("Div")):
                return [self._boxed(elem, width, self.styles.box(elem.get("style", "box")))]
        if tag == "tier":
            return [self._tier(elem, width)]
        if tag == "row":
            return [self._row(elem, width)]
        if tag == "figure":
            return [self._figures.figure(elem, width)]
        if tag == "logo":
            return self._figures.logo(elem, width)
        if tag == "image":
            return [self._figures.image(elem, width)]
        if tag == "qr":
            return [self._figures.qr(elem)]
        if tag == "spacer":
            return [Spacer(1, self.styles.length(elem, "height", 12.0) * self.styles.scale)]
        if tag == "pagebreak":
            return [PageBreak()]
        if tag == "keep":
            return [KeepTogether(self.flowables(elem, width, top=True))]
        return []  # footer: drawn on the canvas, not in the story; panels: placed by render()

    def _list(self, elem: ET.Element, width: float) -> list[Flowable]:
        """Bulleted or numbered items, one paragraph each, so a list can break between items.

        ``columns="3"`` sets the items in three balanced columns; ``start`` is the first number.
        """
        base = self.styles.style(elem.get("style"), "list")
        numbered = elem.get("type", "bullet") == "number"
        columns = max(1, int(self.styles.length(elem, "columns", 1)))
        start = int(self.styles.length(elem, "start", 1))
        style = self.styles.list_style(base, numbered)
        listing = self.tree.node("L")
        paras = []
        for n, item in enumerate(elem, start=start):
            para = TaggedParagraph(markup(self.fonts, item, style), style, bulletText=f"{n}." if numbered else "\u2022")
            if listing is not None:  # L > LI > Lbl (the bullet or number) + LBody (the text)
                entry = listing.add("LI")
                para.label, para.node = entry.add("Lbl"), entry.add("LBody")
                para.node.actual_text = spoken_text(item)
            paras.append(para)
        if columns == 1 or len(paras) < 2:
            return paras
        # ReportLab balances the columns and can break them across pages.
        return [BalancedColumns(paras, nCols=columns, innerPadding=base.fontSize, leftPadding=0, rightPadding=0,
                                topPadding=0, bottomPadding=0, needed=base.leading * 3, name=f"{base.name}-columns")]

    def _checklist(self, elem: ET.Element, width: float) -> Flowable:
        style = self.styles.style(elem.get("style"), "list")
        size = style.fontSize * 1.05
        listing = self.tree.node("L")  # L > LI > Lbl (a printed check box: Form, role cb) + LBody
        rows = []
        for item in elem:
            para = TaggedParagraph(markup(self.fonts, item, style), style)
            box: Flowable = Checkbox(size, self.spec.color("ink"))
            if listing is not None:
                entry = listing.add("LI")
                box = TaggedDrawing(box, entry.add("Lbl").add("Form", attributes=_PRINTED_CHECKBOX))
                para.node = entry.add("LBody")
            rows.append([box, para])
        gutter = size + style.fontSize * 0.8
        return self.styles.table(rows, [gutter, width - gutter], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), style.fontSize * 0.45),
        ])

    def _fill(self, elem: ET.Element, width: float) -> Flowable:
        """A label followed by a line to write on (plus extra full-width lines)."""
        style = self.styles.style(elem.get("style"), "body")
        group = self.tree.node("Div")  # the label, then the line to write on (Form, role tv)
        with self.tree.under(group):
            label = self.tree.tag(TaggedParagraph(markup(self.fonts, elem, style), style), "P")
        line: Flowable = WriteOnLine(self.spec.color("ink"))
        if group is not None:
            line = TaggedDrawing(line, group.add("Form", attributes=_PRINTED_TEXT_FIELD))
        text_width = stringWidth(plain_text(elem), style.fontName, style.fontSize)
        label_width = min(width * 0.62, label.minWidth() + 6 + text_width)
        extra = max(0, int(self.styles.length(elem, "lines", 1)) - 1)
        rows = [[label, line]] + [["", ""] for _ in range(extra)]
        rule = self.styles.color("ink")
        commands = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (1, 0), (1, 0), 0),  # the line sits on the row's bottom edge
        ]
        if extra:
            commands.append(("LINEBELOW", (0, 1), (1, -1), 0.8, rule))
            commands.append(("SPAN", (0, 1), (1, 1)))
        table = self.styles.table(rows, [label_width, width - label_width], commands,
                            rowHeights=[None] + [style.leading * 1.6] * extra)
        table.spaceAfter = style.spaceAfter + 4
        return table

    def _boxed(self, elem: ET.Element, width: float, box: BoxStyle, lead: Flowable | None = None,
               bar_color: str | None = None) -> Flowable:
        """Content in a tinted, bordered box, one table row per block so it can break between blocks.

        Columns: an optional solid bar (``bar_width``), an optional lead cell
        (the tier icon), then the content. With a lead, the first row (the
        heading) repeats at the top of a continuation.
        """
        pad, bar = box.padding * self.styles.scale, box.bar_width * self.styles.scale
        lead_cell = lead.wrap(0, 0)[0] + 2 * pad if lead else 0.0
        widths = ([bar] if bar else []) + ([lead_cell] if lead else [])
        widths.append(width - sum(widths))
        content_col = len(widths) - 1
        blocks = self.flowables(elem, widths[-1] - (pad if lead else 2 * pad))
        if not blocks:
            return Spacer(1, 0)
        rows = []
        for index, block in enumerate(blocks):
            prefix = ([""] if bar else []) + ([lead if index == 0 else ""] if lead else [])
            rows.append(prefix + [block])
        last = len(rows) - 1
        commands: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, last), (-1, last), pad),
        ]
        for index, block in enumerate(blocks[:-1]):
            commands.append(("BOTTOMPADDING", (0, index), (-1, index), block.getSpaceAfter()))
        if lead:
            commands.append(("LEFTPADDING", (content_col, 0), (content_col, -1), 0))
        if bar:
            commands += [("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 0),
                         ("BACKGROUND", (0, 0), (0, -1), self.styles.color(bar_color or box.border or "#000000"))]
        if box.background:
            commands.append(("BACKGROUND", (1 if bar else 0, 0), (-1, -1), self.styles.color(box.background)))
        if box.border and box.border_width:
            commands.append(("BOX", (0, 0), (-1, -1), box.border_width, self.styles.color(box.border)))
        table = self.styles.table(rows, widths, commands, repeatRows=1 if lead and len(rows) > 2 else 0)
        table.spaceAfter = box.space_after * self.styles.scale
        return table

    def _tier(self, elem: ET.Element, width: float) -> Flowable:
        level = elem.get("level", "visit")
        box = self.styles.box(elem.get("style") or f"tier-{level}")
        heading = next((child for child in elem if child.tag == "h3"), None)
        heading_style = self.styles.style(heading.get("style") if heading is not None else None, "h3")
        icon = TierIcon(level, heading_style.fontSize * 1.5, self.spec.color(level))
        # A section with its heading; the icon and colour are decoration (the heading says the level).
        with self.tree.under(self.tree.node("Sect", title=plain_text(heading) if heading is not None else level)):
            return self._boxed(elem, width, box, lead=icon, bar_color=level)

    def _row(self, elem: ET.Element, width: float) -> Flowable:
        """Cells side by side: ``widths="60%,*"`` (lengths, percentages, ``*`` shares the rest).

        A cell with ``box="name"`` gets that box style's background, border
        and padding; boxed cells in one row share the row's height.
        """
        cells = list(elem)
        gap = self.styles.length(elem, "gap", 12.0) * self.styles.scale
        widths = self._row_widths(elem, len(cells), width - gap * (len(cells) - 1))
        row: list = []
        col_widths: list[float] = []
        commands: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), _VALIGN[elem.get("valign", "top")]),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
        contents = []
        for index, (cell, w) in enumerate(zip(cells, widths)):
            col = len(row)
            pad = 0.0
            if cell.get("box"):
                box = self.styles.box(cell.get("box"))
                pad = box.padding * self.styles.scale
                commands += [("LEFTPADDING", (col, 0), (col, 0), pad), ("RIGHTPADDING", (col, 0), (col, 0), pad),
                             ("TOPPADDING", (col, 0), (col, 0), pad), ("BOTTOMPADDING", (col, 0), (col, 0), pad)]
                if box.background:
                    commands.append(("BACKGROUND", (col, 0), (col, 0), self.styles.color(box.background)))
                if box.border and box.border_width:
                    commands.append(("BOX", (col, 0), (col, 0), box.border_width, self.styles.color(box.border)))
            if cell.get("align") in ("center", "right"):
                commands.append(("ALIGN", (col, 0), (col, 0), cell.get("align").upper()))
            with self.tree.under(self.tree.node("Div") if cell.get("box") else None):  # the row itself is only layout
                content = self.flowables(cell, w - 2 * pad) or [Spacer(1, 0)]
            contents.append(content)
            row.append(content)
            col_widths.append(w)
            if index < len(cells) - 1:
                row.append("")
                col_widths.append(gap)
        table = self.styles.table([row], col_widths, commands)
        table.spaceAfter = self.styles.length(elem, "space_after", 6.0) * self.styles.scale
        return table

    def _row_widths(self, elem: ET.Element, count: int, available: float) -> list[float]:
        raw = [part.strip() for part in (elem.get("widths") or ",".join(["*"] * count)).split(",")]
        if len(raw) != count:
            raise LayoutSpecError(f"{self.spec.template_path}: <row widths={elem.get('widths')!r}> needs "
                                  f"{count} widths, one per <cell>")
        fixed: list[float | None] = []
        for part in raw:
            if part == "*":
                fixed.append(None)
            elif part.endswith("%") and re.fullmatch(r"\d+(\.\d+)?%", part):
                fixed.append(available * float(part[:-1]) / 100)
            else:
                value = parse_length(part)
                if value is None:
                    raise LayoutSpecError(f"{self.spec.template_path}: <row widths>: {part!r} is not a length, "
                                          "a percentage or *")
                fixed.append(value * self.styles.scale)
        rest = max(0.0, available - sum(w for w in fixed if w is not None))
        stars = fixed.count(None) or 1
        return [w if w is not None else rest / stars for w in fixed]

    # -- pages ------------------------------------------------------------
    def _footer_drawer(self, footer: ET.Element | None, piece: tuple[float, float, float, float]):
        if footer is None:
            return None
        _, right, bottom, left = self.spec.margins
        x0, y0, piece_width, _ = piece
        width = piece_width - left - right
        rule = self.styles.color("muted")
        style = self.styles.style(footer.get("style"), "footer")
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
                para = Paragraph(markup(self.fonts, part, part_style, page, pages), part_style)
                _, h = para.wrap(width * share, bottom)
                para.drawOn(canvas, x0 + left + width * start, rule_y - style.leading * 0.35 - h)
            canvas.restoreState()

        return draw

    def render(self, root: ET.Element, paper: str, info: PdfInfo, assets: Assets = _NO_ASSETS,
               tagged: bool = True) -> tuple[bytes, int]:
        """Typeset the markup; returns the PDF bytes and the page count.

        ``tagged``: write a tagged PDF (structure tree, marked content, PDF/UA-1 metadata; tagging.py).
        The cached typesetter itself is never changed: this leaflet's assets go on a shallow copy.
        """
        if paper not in self.spec.papers:
            raise LayoutSpecError(f"layout {self.spec.id!r} has no paper {paper!r}; "
                                  f"choose one of: {', '.join(self.spec.papers)}")
        job = copy.copy(self)
        job.assets = assets
        return job._render(root, paper, info, tagged)

    def _render(self, root: ET.Element, paper: str, info: PdfInfo, tagged: bool) -> tuple[bytes, int]:
        sheet = self.spec.papers[paper]
        boxes = column_boxes(self.spec, sheet)
        self._check_top_level(root)
        if self.spec.panels:
            typesetter, story, tree = self._fit_panels(root, boxes, paper, tagged)
            pdf, pages = typesetter._build(root, sheet, paper, info, story, tree)
            if pages != len(self.spec.panels):  # the fit check should make this impossible
                raise RenderError(f"layout {self.spec.id!r}: the panels ran to {pages} pages on {paper}, "
                                  f"not {len(self.spec.panels)}")
            return pdf, pages
        # A flowing layout with max_pages: shrink evenly, down to min_font_size, to keep to it.
        # An attempt stops as soon as it needs one page too many; the last one runs to the end,
        # so the error can say how many pages it would take.
        scales = self._scales() if self.spec.max_pages else [1.0]
        for scale in scales:
            typesetter = self.scaled(scale)
            tree = typesetter._start_tree(tagged)
            story = typesetter.flowables(root, boxes[0].width, top=True)
            last = scale == scales[-1]
            try:
                pdf, pages = typesetter._build(root, sheet, paper, info, story, tree,
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

    def _build(self, root: ET.Element, sheet, paper: str, info: PdfInfo, story: list[Flowable],
               tree: StructureTree | None, stop_after: int | None = None) -> tuple[bytes, int]:
        try:
            return build_pdf(self.spec, sheet, info, story, self._footer_drawer(root.find("footer"), sheet.piece),
                             self.styles.body.fontName, tree, stop_after)
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

    def _panel_stories(self, panels: dict[str, ET.Element], boxes: list[Box],
                       tree: StructureTree | None) -> list[tuple[str, list[Flowable], float]]:
        """(panel id, flowables, overflow in points) for each panel in page order.

        In the structure tree each panel is a ``Div``, in the template's order: the
        template is written in reading order, layout.yaml places panels for folding.
        """
        nodes = {pid: self.tree.node("Div") for pid in panels}
        out = []
        for page in self.spec.panels:
            for pid, box in zip(page, boxes):
                elem = panels.get(pid)
                with self.tree.under(nodes.get(pid)):
                    flows = self.flowables(elem, box.width) if elem is not None else []
                height = _listWrapOn(flows, box.width, self._measure)[1] if flows else 0.0
                out.append((pid, flows, height - box.height))
        return out

    def _fit_panels(self, root: ET.Element, boxes: list[Box], paper: str,
                    tagged: bool) -> tuple[Typesetter, list[Flowable], StructureTree | None]:
        """Shrink all text evenly until every panel fits; fail naming the panel that does not."""
        panels = self._panel_elements(root)
        for scale in self._scales():
            typesetter = self.scaled(scale)
            tree = typesetter._start_tree(tagged)
            stories = typesetter._panel_stories(panels, boxes, tree)
            worst = max(stories, key=lambda s: s[2])
            if worst[2] <= 0.5:
                break
        else:
            pid, _, over = worst
            size = self.spec.styles["body"].size * typesetter.styles.scale
            raise DoesNotFit(
                f"layout {self.spec.id!r}: panel {pid!r} is {over / 72:.1f} in ({over:.0f} pt) too long for "
                f"{paper}, even with body text shrunk to the layout's smallest size ({size:.1f} pt); "
                "shorten the notes or choose the handout layout")
        story: list[Flowable] = []
        for index, (_, flows, _) in enumerate(stories):
            if index:
                story.append(FrameBreak())
            story.extend(flows or [Spacer(1, 0)])
        return typesetter, story, tree
