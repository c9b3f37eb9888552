"""Stage 4: lay out the parsed leaflet markup with ReportLab Platypus.

One :class:`Typesetter` serves one layout spec: it registers the fonts and
builds the paragraph styles once, then turns any number of markup trees into
PDF bytes. Text from the markup is escaped again before ReportLab's own
paragraph parser sees it, and checked against the font so a missing glyph is
an error instead of a black box. The footer is drawn when the document is
saved, so it can say "Page X of Y" without a second layout pass.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, Image, KeepTogether, PageBreak,
    PageTemplate, Paragraph, Spacer, Table, TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import BalancedColumns

from . import __version__
from .errors import LayoutSpecError, RenderError
from .fonts import describe_missing, missing_glyphs, register_family
from .layouts import BoxStyle, LayoutSpec, Style, parse_length
from .markup import plain_text

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
_INLINE_TAGS = {"b": "b", "i": "i", "sup": "super"}


@dataclass(frozen=True)
class PdfInfo:
    """Document metadata written to the PDF's info dictionary and catalog."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str


class _Checkbox(Flowable):
    """An empty tick box the patient can mark with a pen."""

    def __init__(self, size: float, color: str):
        super().__init__()
        self.size, self.color = size, color

    def wrap(self, *_args: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.HexColor(self.color))
        self.canv.setLineWidth(1.2)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class _TierIcon(Flowable):
    """A shape per urgency tier, so tiers differ by more than colour."""

    def __init__(self, level: str, size: float, color: str, font: str):
        super().__init__()
        self.level, self.size, self.color, self.font = level, size, color, font

    def wrap(self, *_args: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.setFillColor(colors.HexColor(self.color))
        c.setStrokeColor(colors.HexColor(self.color))
        if self.level == "emergency":  # warning triangle with "!"
            path = c.beginPath()
            path.moveTo(s / 2, s)
            path.lineTo(s, s * 0.08)
            path.lineTo(0, s * 0.08)
            path.close()
            c.drawPath(path, stroke=0, fill=1)
            c.setFillColor(colors.white)
            c.setFont(self.font, s * 0.55)
            c.drawCentredString(s / 2, s * 0.2, "!")
        elif self.level == "call-today":  # clock face: call today
            c.circle(s / 2, s / 2, s / 2, stroke=0, fill=1)
            c.setStrokeColor(colors.white)
            c.setLineWidth(max(1.5, s * 0.08))
            c.setLineCap(1)
            c.line(s / 2, s / 2, s / 2, s * 0.82)
            c.line(s / 2, s / 2, s * 0.74, s * 0.42)
        else:  # calendar: book a visit
            c.roundRect(0, 0, s, s * 0.86, s * 0.1, stroke=0, fill=1)
            c.setFillColor(colors.white)
            c.rect(s * 0.12, s * 0.1, s * 0.76, s * 0.5, stroke=0, fill=1)
            c.setFillColor(colors.HexColor(self.color))
            for row in range(2):
                for col in range(3):
                    c.rect(s * (0.2 + col * 0.22), s * (0.16 + row * 0.22), s * 0.14, s * 0.12, stroke=0, fill=1)


class _Bookmarked(Paragraph):
    """A heading paragraph that also adds an outline (bookmark) entry."""

    outline: tuple[str, int] | None = None


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline:
            text, level = outline
            self._outlines = getattr(self, "_outlines", 0) + 1
            key = f"h{self._outlines}"
            top = self.frame._y + getattr(flowable, "height", 0) + flowable.getSpaceBefore()
            self.canv.defer_bookmark(key, top)  # bound to its page when the page is written
            self.canv.addOutlineEntry(text, key, level=level, closed=False)


class Typesetter:
    """Turns leaflet markup into PDF bytes for one layout spec."""

    def __init__(self, spec: LayoutSpec):
        self.spec = spec
        self.families = {name: register_family(faces) for name, faces in spec.fonts.items()}
        self.styles = {name: self._paragraph_style(name, style) for name, style in spec.styles.items()}
        self._list_styles: dict[tuple[str, bool], ParagraphStyle] = {}
        self.bold_fonts = {name: self.families[style.font]["bold"] for name, style in spec.styles.items()}

    # -- styles -----------------------------------------------------------
    def _font(self, style: Style) -> str:
        face = ("bold" if style.bold else "") + ("italic" if style.italic else "") or "regular"
        return self.families[style.font][face]

    def _paragraph_style(self, name: str, style: Style) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=self._font(style), fontSize=style.size, leading=style.leading,
            textColor=colors.HexColor(style.color), spaceBefore=style.space_before,
            spaceAfter=style.space_after, alignment=_ALIGN[style.align], leftIndent=style.indent,
            allowWidows=0, allowOrphans=0,
            bulletFontName=self._font(style), bulletFontSize=style.size,
        )

    def _style(self, name: str | None, default: str) -> ParagraphStyle:
        key = name or default
        if key not in self.styles:
            if name is None and "body" in self.styles:
                return self.styles["body"]
            raise LayoutSpecError(f"{self.spec.folder / 'layout.yaml'}: the template uses style {key!r}, "
                                  f"which is not under styles: ({', '.join(sorted(self.styles))})")
        return self.styles[key]

    def _box(self, name: str) -> BoxStyle:
        if name not in self.spec.boxes:
            raise LayoutSpecError(f"{self.spec.folder / 'layout.yaml'}: the template uses box style {name!r}, "
                                  f"which is not under boxes: ({', '.join(sorted(self.spec.boxes)) or 'none'})")
        return self.spec.boxes[name]

    # -- text -------------------------------------------------------------
    def _markup(self, elem: ET.Element, style: ParagraphStyle, page: int = 0, pages: int = 0) -> str:
        """ReportLab paragraph markup for an element: text escaped, our inline tags mapped."""
        self._check_glyphs(plain_text(elem), style.fontName)
        parts = [escape(elem.text or "")]
        for child in elem:
            tag = child.tag
            if tag == "br":
                parts.append("<br/>")
            elif tag == "pageno":
                parts.append(str(page))
            elif tag == "pagecount":
                parts.append(str(pages))
            else:
                rl = _INLINE_TAGS[tag]
                parts.append(f"<{rl}>{self._markup(child, style, page, pages)}</{rl}>")
            parts.append(escape(child.tail or ""))
        return "".join(parts)

    def missing_glyphs(self, text: str) -> list[str]:
        """Characters the body font cannot print (``api`` checks all text with this first)."""
        return missing_glyphs(text, self.styles["body"].fontName)

    @staticmethod
    def _check_glyphs(text: str, font_name: str) -> None:
        missing = missing_glyphs(text, font_name)
        if missing:
            snippet = text if len(text) <= 60 else text[:57] + "..."
            raise RenderError(f"in {snippet!r}: {describe_missing(missing)}")

    def _para(self, elem: ET.Element, default_style: str) -> Paragraph:
        style = self._style(elem.get("style"), default_style)
        return Paragraph(self._markup(elem, style), style)

    # -- blocks -----------------------------------------------------------
    def flowables(self, elem: ET.Element, width: float, top: bool = False) -> list[Flowable]:
        """Flowables for the children of ``elem``. At the top level, a heading whose style says
        ``keep_with_next`` starts a new page unless room for it and a few lines remains."""
        out: list[Flowable] = []
        for child in elem:
            if top and child.tag in ("title", "h2", "h3"):
                name = child.get("style") or child.tag
                if self.spec.styles.get(name) and self.spec.styles[name].keep_with_next:
                    style = self.styles[name]
                    out.append(CondPageBreak(style.spaceBefore + style.leading * 2 + self.styles["body"].leading * 3))
            out.extend(self._block(child, width))
        return out

    def _block(self, elem: ET.Element, width: float) -> list[Flowable]:
        tag = elem.tag
        if tag in ("title", "h2"):
            style = self._style(elem.get("style"), tag)
            para = _Bookmarked(self._markup(elem, style), style)
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
            return [self._boxed(elem, width, self._box(elem.get("style", "box")))]
        if tag == "tier":
            return [self._tier(elem, width)]
        if tag == "image":
            return [self._image(elem, width)]
        if tag == "qr":
            return [self._qr(elem)]
        if tag == "spacer":
            return [Spacer(1, self._length(elem, "height", 12.0))]
        if tag == "pagebreak":
            return [PageBreak()]
        if tag == "keep":
            return [KeepTogether(self.flowables(elem, width, top=True))]
        return []  # footer: drawn on the canvas, not in the story

    def _length(self, elem: ET.Element, attr: str, default: float) -> float:
        raw = elem.get(attr)
        if raw is None:
            return default
        value = parse_length(raw)
        if value is None or value < 0:
            raise LayoutSpecError(f"{self.spec.template}: <{elem.tag} {attr}={raw!r}> is not a length")
        return value

    def _list(self, elem: ET.Element, width: float) -> list[Flowable]:
        """Bulleted or numbered items, one paragraph each, so a list can break between items.

        ``columns="3"`` sets the items in three balanced columns.
        """
        base = self._style(elem.get("style"), "list")
        numbered = elem.get("type", "bullet") == "number"
        columns = max(1, int(self._length(elem, "columns", 1)))
        indent = base.fontSize * (1.6 if numbered else 1.15)
        key = (base.name, numbered)
        if key not in self._list_styles:
            self._list_styles[key] = ParagraphStyle(
                f"{base.name}-{'n' if numbered else 'b'}", parent=base, leftIndent=base.leftIndent + indent,
                bulletIndent=base.leftIndent, bulletFontName=self.bold_fonts[base.name] if numbered else base.fontName,
            )
        style = self._list_styles[key]
        paras = [Paragraph(self._markup(item, style), style,
                           bulletText=f"{n}." if numbered else "\u2022") for n, item in enumerate(elem, start=1)]
        if columns == 1 or len(paras) < 2:
            return paras
        # ReportLab balances the columns and can break them across pages.
        return [BalancedColumns(paras, nCols=columns, innerPadding=base.fontSize, leftPadding=0, rightPadding=0,
                                topPadding=0, bottomPadding=0, needed=base.leading * 3, name=f"{base.name}-columns")]

    def _table(self, rows: list, col_widths: list[float], commands: list[tuple], **kwargs) -> Table:
        """A table whose cells use the body font (ReportLab's default is base-14 Helvetica)."""
        body = self.styles["body"]
        table = Table(rows, colWidths=col_widths, hAlign="LEFT", **kwargs)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize), *commands]))
        return table

    def _checklist(self, elem: ET.Element, width: float) -> Flowable:
        style = self._style(elem.get("style"), "list")
        size = style.fontSize * 1.05
        rows = [[_Checkbox(size, self.spec.color("ink")), Paragraph(self._markup(item, style), style)]
                for item in elem]
        gutter = size + style.fontSize * 0.8
        return self._table(rows, [gutter, width - gutter], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), style.fontSize * 0.45),
        ])

    def _fill(self, elem: ET.Element, width: float) -> Flowable:
        """A label followed by a line to write on (plus extra full-width lines)."""
        style = self._style(elem.get("style"), "body")
        label = Paragraph(self._markup(elem, style), style)
        label_width = min(width * 0.62, label.minWidth() + 6 + _text_width(plain_text(elem), style))
        extra = max(0, int(self._length(elem, "lines", 1)) - 1)
        rows = [[label, ""]] + [["", ""] for _ in range(extra)]
        rule = colors.HexColor(self.spec.color("ink"))
        commands = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LINEBELOW", (1, 0), (1, 0), 0.8, rule),
        ]
        if extra:
            commands.append(("LINEBELOW", (0, 1), (1, -1), 0.8, rule))
            commands.append(("SPAN", (0, 1), (1, 1)))
        table = self._table(rows, [label_width, width - label_width], commands,
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
        pad, bar = box.padding, box.bar_width
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
                         ("BACKGROUND", (0, 0), (0, -1), colors.HexColor(bar_color or box.border or "#000000"))]
        if box.background:
            commands.append(("BACKGROUND", (1 if bar else 0, 0), (-1, -1), colors.HexColor(box.background)))
        if box.border and box.border_width:
            commands.append(("BOX", (0, 0), (-1, -1), box.border_width, colors.HexColor(box.border)))
        table = self._table(rows, widths, commands, repeatRows=1 if lead and len(rows) > 2 else 0)
        table.spaceAfter = box.space_after
        return table

    def _tier(self, elem: ET.Element, width: float) -> Flowable:
        level = elem.get("level", "visit")
        box = self._box(elem.get("style") or f"tier-{level}")
        color = self.spec.color(level)
        heading_style = self._style(None, "h3")
        icon = _TierIcon(level, heading_style.fontSize * 1.5, color, self.bold_fonts["h3"] if "h3" in self.bold_fonts else heading_style.fontName)
        return self._boxed(elem, width, box, lead=icon, bar_color=color)

    def _image(self, elem: ET.Element, width: float) -> Flowable:
        src = elem.get("src", "")
        path = (self.spec.folder / src).resolve()
        if Path(src).is_absolute() or self.spec.folder.resolve() not in path.parents or not path.is_file():
            raise LayoutSpecError(f"{self.spec.template}: <image src={src!r}> must name a file inside the layout folder")
        img_width = min(self._length(elem, "width", width), width)
        image = Image(str(path), width=img_width, height=self._length(elem, "height", img_width), kind="proportional")
        return image

    def _qr(self, elem: ET.Element) -> Flowable:
        size = self._length(elem, "size", 72.0)
        widget = QrCodeWidget(elem.get("data", ""), barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
        drawing.add(widget)
        return drawing

    # -- pages ------------------------------------------------------------
    def _footer_drawer(self, footer: ET.Element | None, paper: tuple[float, float]):
        top, right, bottom, left = self.spec.margins
        width = paper[0] - left - right
        rule = colors.HexColor(self.spec.color("muted"))

        def draw(canvas: Canvas, page: int, pages: int) -> None:
            if footer is None:
                return
            style = self._style(footer.get("style"), "footer")
            canvas.saveState()
            baseline = bottom * 0.45
            canvas.setStrokeColor(rule)
            canvas.setLineWidth(0.5)
            canvas.line(left, bottom * 0.72, left + width, bottom * 0.72)
            shares = {"left": (0.0, 0.44, TA_LEFT), "center": (0.44, 0.16, TA_CENTER), "right": (0.6, 0.4, TA_RIGHT)}
            for part in footer:
                start, share, align = shares[part.tag]
                part_style = ParagraphStyle(f"footer-{part.tag}", parent=style, alignment=align)
                para = Paragraph(self._markup(part, part_style, page, pages), part_style)
                _, h = para.wrap(width * share, bottom)
                para.drawOn(canvas, left + width * start, baseline - h + style.leading)
            canvas.restoreState()

        return draw

    def render(self, root: ET.Element, paper: str, info: PdfInfo) -> tuple[bytes, int]:
        """Typeset the markup; returns the PDF bytes and the page count."""
        if paper not in self.spec.papers:
            raise LayoutSpecError(f"layout {self.spec.id!r} has no paper {paper!r}; "
                                  f"choose one of: {', '.join(self.spec.papers)}")
        size = self.spec.papers[paper]
        top, right, bottom, left = self.spec.margins
        frame_width = size[0] - left - right
        columns, gap = self.spec.columns, self.spec.column_gap
        col_width = (frame_width - gap * (columns - 1)) / columns
        frames = [Frame(left + i * (col_width + gap), bottom, col_width, size[1] - top - bottom,
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"col{i}")
                  for i in range(columns)]
        body_font = self.styles["body"].fontName
        buffer = io.BytesIO()
        doc = _Doc(
            buffer, pagesize=size, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
            title=info.title, author=info.author, subject=info.subject, keywords=list(info.keywords),
            creator=f"handouts {__version__}", lang=info.lang, invariant=1, displayDocTitle=1,
            initialFontName=body_font,
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=frames)])
        story = self.flowables(root, col_width, top=True)
        canvas_class = _deferred_canvas(self._footer_drawer(root.find("footer"), size))
        try:
            doc.build(story, canvasmaker=canvas_class)
        except LayoutError as exc:
            raise RenderError(f"layout {self.spec.id!r}: a block of content is too large for one "
                              f"{paper} page ({_first_words(exc)})") from exc
        return buffer.getvalue(), doc.page


def _deferred_canvas(draw_footer):
    """A canvas class that holds pages until save, then draws footers with the page total."""

    class _Canvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict] = []
            self._page_bookmarks: list[tuple[str, float]] = []

        def defer_bookmark(self, key: str, top: float) -> None:
            self._page_bookmarks.append((key, top))

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._held_pages.append(dict(self.__dict__))
            self._page_bookmarks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for state in self._held_pages:
                self.__dict__.update(state)
                for key, top in state["_page_bookmarks"]:
                    Canvas.bookmarkPage(self, key, fit="FitH", top=top)
                draw_footer(self, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return _Canvas


def _text_width(text: str, style: ParagraphStyle) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, style.fontName, style.fontSize)


def _first_words(exc: LayoutError) -> str:
    text = " ".join(str(exc).split())
    return text[:120] + ("..." if len(text) > 120 else "")


