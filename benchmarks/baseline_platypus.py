"""The baseline: the general English handout written by hand with ReportLab Platypus.

Same content as ``handouts build general`` (Letter): the same words (read
from ``general_en.json``, which ``extract_content.py`` copies out of the
library), the same embedded Atkinson Hyperlegible TrueType fonts, title row
with QR code and clinic logo, the key-message box beside the clinic card,
headings, numbered and bulleted lists, the two stretch pictures (SVG via
svglib) beside the steps, the three urgency tiers as tables with their icons,
the checklist and fill-in line, the source list, and a footer with
"Page X of Y" (a canvas that holds its pages until save). Two Letter pages.

Written the way a competent developer would write it by hand: fonts
registered, styles created and SVG pictures converted once, at import; no
templating, no markup parsing, no glyph checks, no shrink-to-fit, no PDF
bookmarks. It does not import ``handouts``.

    python benchmarks/baseline_platypus.py out.pdf     # one leaflet (the cold-start measurement)

    from baseline_platypus import build, CONTENT
    pdf_bytes = build(CONTENT)
"""

from __future__ import annotations

import io
import json
import sys
from functools import partial
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FONTS = ROOT / "handouts" / "fonts"
LOGO = ROOT / "data" / "clinics" / "demo-logo.png"
PICTURES = ROOT / "data" / "pictures"
CONTENT_FILE = HERE / "general_en.json"

def escape(text: str) -> str:
    """Plain text for a Paragraph (xml.sax.saxutils.escape would cost ~20 ms of start-up: it imports urllib)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


PAGE_W, PAGE_H = letter
TOP, RIGHT, BOTTOM, LEFT = 0.55 * inch, 0.55 * inch, 0.86 * inch, 0.55 * inch
WIDTH = PAGE_W - LEFT - RIGHT

INK, MUTED = colors.HexColor("#1a1a1a"), colors.HexColor("#4a4a4a")
ACCENT, TINT = colors.HexColor("#0b5563"), colors.HexColor("#e9f0f1")  # the demo clinic's brand colour
TIER_COLORS = {"emergency": (colors.HexColor("#a4161a"), colors.HexColor("#fcebeb")),
               "call-today": (colors.HexColor("#8a4a00"), colors.HexColor("#fdf2e3")),
               "visit": (colors.HexColor("#25602b"), colors.HexColor("#eaf4eb"))}

# -- fonts, once ----------------------------------------------------------------
REGULAR, BOLD, ITALIC, BOLDITALIC = "Atkinson", "Atkinson-Bold", "Atkinson-Italic", "Atkinson-BoldItalic"
for _name, _file in ((REGULAR, "Regular"), (BOLD, "Bold"), (ITALIC, "Italic"), (BOLDITALIC, "BoldItalic")):
    pdfmetrics.registerFont(TTFont(_name, str(FONTS / f"AtkinsonHyperlegible-{_file}.ttf")))
pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLDITALIC)


# -- styles, once ---------------------------------------------------------------
def _style(name, size, leading, color=INK, bold=False, before=0, after=0, **kw):
    font = BOLD if bold else REGULAR
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, textColor=color,
                          spaceBefore=before, spaceAfter=after, allowWidows=0, allowOrphans=0,
                          bulletFontName=font, bulletFontSize=size, **kw)


BODY = _style("body", 12, 14.4, after=3)
LIST = _style("list", 12, 14.4, after=2)
TITLE = _style("title", 26, 30, ACCENT, bold=True, after=2)
SUBTITLE = _style("subtitle", 15, 18, MUTED)
H2 = _style("h2", 15.5, 18.5, ACCENT, bold=True, before=6, after=3, keepWithNext=1)
H3 = _style("h3", 12.5, 16, bold=True, after=4)
BOX_TITLE = _style("box-title", 14, 18, ACCENT, bold=True, after=4)
MAIN = _style("main", 12.5, 15.5, after=2)
SMALL = _style("small", 10, 13, MUTED, after=3)
SOURCE = _style("source", 8, 9.6, MUTED, after=1)
CAPTION = _style("caption", 9, 11, MUTED, after=4, alignment=TA_CENTER)
CONTACT = _style("contact", 9, 11, after=1.5)
CONTACT_TITLE = _style("contact-title", 10, 12, ACCENT, bold=True, after=2)
NUMBERED = {s.name: ParagraphStyle(f"{s.name}-n", parent=s, leftIndent=s.fontSize * 1.6, bulletFontName=BOLD)
            for s in (LIST, MAIN)}
BULLETED = ParagraphStyle("list-b", parent=LIST, leftIndent=LIST.fontSize * 1.15)


# -- pictures, converted once ------------------------------------------------------
def _svg(name: str) -> Drawing:
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.ERROR)
    return svg2rlg(str(PICTURES / f"{name}.svg"))


SVGS = {name: _svg(name) for name in ("calf-stretch", "thigh-stretch")}


def _scaled(source: Drawing, max_w: float, max_h: float) -> Drawing:
    scale = min(max_w / source.width, max_h / source.height)
    drawing = Drawing(source.width * scale, source.height * scale, initialFontName=REGULAR)
    drawing.add(Group(*source.contents, transform=(scale, 0, 0, scale, 0, 0)))
    drawing.hAlign = "CENTER"
    return drawing


def _qr(data: str, size: float) -> Drawing:
    widget = QrCodeWidget(data, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0],
                      initialFontName=REGULAR)
    drawing.add(widget)
    return drawing


# -- small drawn flowables --------------------------------------------------------
class Checkbox(Flowable):
    def __init__(self, size: float):
        super().__init__()
        self.size = size

    def wrap(self, *_):
        return self.size, self.size

    def draw(self):
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(1.2)
        self.canv.rect(0, 0, self.size, self.size)


class TierIcon(Flowable):
    """Triangle with "!", clock, calendar: the tiers differ by shape, not only colour."""

    def __init__(self, level: str, size: float, color):
        super().__init__()
        self.level, self.size, self.color = level, size, color

    def wrap(self, *_):
        return self.size, self.size

    def draw(self):
        c, s = self.canv, self.size
        c.setFillColor(self.color)
        if self.level == "emergency":
            p = c.beginPath()
            p.moveTo(s / 2, s)
            p.lineTo(s, s * 0.08)
            p.lineTo(0, s * 0.08)
            p.close()
            c.drawPath(p, stroke=0, fill=1)
            c.setFillColor(colors.white)
            bar = s * 0.11
            c.roundRect(s / 2 - bar / 2, s * 0.36, bar, s * 0.36, bar / 2, stroke=0, fill=1)
            c.circle(s / 2, s * 0.24, bar * 0.62, stroke=0, fill=1)
        elif self.level == "call-today":
            c.circle(s / 2, s / 2, s / 2, stroke=0, fill=1)
            c.setStrokeColor(colors.white)
            c.setLineWidth(max(1.5, s * 0.08))
            c.setLineCap(1)
            c.line(s / 2, s / 2, s / 2, s * 0.82)
            c.line(s / 2, s / 2, s * 0.74, s * 0.42)
        else:
            c.roundRect(0, 0, s, s * 0.86, s * 0.1, stroke=0, fill=1)
            c.setFillColor(colors.white)
            c.rect(s * 0.12, s * 0.1, s * 0.76, s * 0.5, stroke=0, fill=1)
            c.setFillColor(self.color)
            for row in range(2):
                for col in range(3):
                    c.rect(s * (0.2 + col * 0.22), s * (0.16 + row * 0.22), s * 0.14, s * 0.12, stroke=0, fill=1)


# -- page furniture -----------------------------------------------------------------
class FooterCanvas(Canvas):
    """Holds the pages until save, then draws each footer with the page total ("Page X of Y")."""

    def __init__(self, *args, footer=("", "Page {page} of {pages}", ""), **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer = footer

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_footer(self, total: int) -> None:
        left, center, right = self._footer
        rule_y = BOTTOM - 11 * 0.6
        text_y = rule_y - 11 * 0.35 - 9
        self.saveState()
        self.setStrokeColor(MUTED)
        self.setLineWidth(0.5)
        self.line(LEFT, rule_y, PAGE_W - RIGHT, rule_y)
        self.setFillColor(MUTED)
        self.setFont(REGULAR, 9)
        self.drawString(LEFT, text_y, left)
        self.drawCentredString(LEFT + WIDTH * 0.52, text_y, center.format(page=self._pageNumber, pages=total))
        self.drawRightString(PAGE_W - RIGHT, text_y, right)
        self.restoreState()


def _table(rows, widths, *commands, **kwargs) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT", **kwargs)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 12), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               *commands]))
    return table


def _no_padding(cols="(0, 0), (-1, -1)"):
    return [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]


def _item(item: dict) -> str:
    return f"{item['text']}<super>{item['cites']}</super>" if item.get("cites") else item["text"]


def _numbered(items: list[dict], style=LIST) -> list[Paragraph]:
    numbered = NUMBERED[style.name]
    return [Paragraph(_item(item), numbered, bulletText=f"{n}.") for n, item in enumerate(items, 1)]


def _bulleted(items: list[dict]) -> list[Paragraph]:
    return [Paragraph(_item(item), BULLETED, bulletText="\u2022") for item in items]


# -- the leaflet ----------------------------------------------------------------------
def story(text: dict) -> list[Flowable]:
    s, clinic = text["strings"], text["clinic"]
    out: list[Flowable] = []

    # Title row: title and subtitle | QR code | logo.
    qr_w, logo_w, gap = 0.8 * inch, 1.9 * inch, 14
    logo = Image(str(LOGO), width=logo_w, height=0.7 * inch, kind="proportional")
    logo.hAlign = "RIGHT"
    header = _table([[[Paragraph(escape(text["title"]), TITLE), Paragraph(escape(text["subtitle"]), SUBTITLE)],
                      _qr(clinic["website"], qr_w), logo]],
                    [WIDTH - qr_w - logo_w - 2 * gap, qr_w + gap, logo_w + gap],
                    *_no_padding(), ("LEFTPADDING", (1, 0), (2, 0), gap), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("ALIGN", (2, 0), (2, 0), "RIGHT"))
    header.spaceAfter = 4
    out.append(header)

    # Key messages beside the clinic card.
    card_w, gap = 2.05 * inch, 10
    main = [Paragraph(escape(s["main_message"]), BOX_TITLE), *_numbered(text["main"], MAIN)]
    card = [Paragraph(escape(s["your_clinic"]), CONTACT_TITLE),
            Paragraph(f"<b>{escape(clinic['name'])}</b><br/>{escape(clinic['department'])}", CONTACT),
            Paragraph(escape(clinic["address"]), CONTACT),
            Paragraph(f"<b>{escape(s['phone'])}:</b> {escape(clinic['phone'])}", CONTACT),
            Paragraph(f"<b>{escape(s['after_hours'])}:</b> {escape(clinic['after_hours_phone'])}", CONTACT),
            Paragraph(escape(clinic["website_short"]), CONTACT)]
    row = _table([[main, "", card]], [WIDTH - card_w - gap, gap, card_w],
                 *_no_padding(),
                 ("LEFTPADDING", (0, 0), (0, 0), 9), ("RIGHTPADDING", (0, 0), (0, 0), 9),
                 ("TOPPADDING", (0, 0), (0, 0), 9), ("BOTTOMPADDING", (0, 0), (0, 0), 9),
                 ("BACKGROUND", (0, 0), (0, 0), TINT), ("BOX", (0, 0), (0, 0), 1.5, ACCENT),
                 ("LEFTPADDING", (2, 0), (2, 0), 7), ("RIGHTPADDING", (2, 0), (2, 0), 7),
                 ("TOPPADDING", (2, 0), (2, 0), 7), ("BOTTOMPADDING", (2, 0), (2, 0), 7),
                 ("BOX", (2, 0), (2, 0), 1, ACCENT))
    row.spaceAfter = 8
    out.append(row)

    sections = s["sections"]
    out.append(Paragraph(escape(sections["about"]), H2))
    out += [Paragraph(_item(item), BODY) for item in text["about"]]

    # Relief steps with the stretch pictures beside them.
    out.append(Paragraph(escape(sections["relief"]), H2))
    pic_w, gap = 1.5 * inch, 14
    figures = []
    for item in text["relief"]:
        if item["picture"]:
            figures += [_scaled(SVGS[item["picture"]], pic_w, 0.8 * inch),
                        Paragraph(escape(s["pictures"][item["picture"]]), CAPTION)]
    relief = _table([[_numbered(text["relief"]), figures]], [WIDTH - pic_w, pic_w],
                    *_no_padding(), ("LEFTPADDING", (1, 0), (1, 0), gap), ("ALIGN", (1, 0), (1, 0), "CENTER"))
    relief.spaceAfter = 6
    out.append(relief)

    out.append(Paragraph(escape(sections["prevent"]), H2))
    out += _bulleted(text["prevent"])

    # The three urgency tiers: colour bar | icon | heading and signs.
    out.append(Paragraph(escape(sections["warning"]), H2))
    pad, bar = 7, 5
    for tier in text["tiers"]:
        edge, fill = TIER_COLORS[tier["id"]]
        icon = TierIcon(tier["id"], H3.fontSize * 1.5, edge)
        cell = [Paragraph(escape(s["tiers"][tier["id"]]), H3), *_bulleted(tier["signs"])]
        if tier["id"] == "call-today":
            cell.append(Paragraph(f"<b>{escape(s['clinic_phone'])}:</b> {escape(clinic['phone'])} \u00b7 "
                                  f"<b>{escape(s['after_hours'])}:</b> {escape(clinic['after_hours_phone'])}",
                                  BODY))
        icon_w = icon.size + 2 * pad
        box = _table([["", icon, cell]], [bar, icon_w, WIDTH - bar - icon_w],
                     ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                     ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                     ("LEFTPADDING", (0, 0), (0, 0), 0), ("RIGHTPADDING", (0, 0), (0, 0), 0),
                     ("LEFTPADDING", (2, 0), (2, 0), 0),
                     ("BACKGROUND", (0, 0), (0, 0), edge), ("BACKGROUND", (1, 0), (-1, -1), fill),
                     ("BOX", (0, 0), (-1, -1), 1, edge))
        box.spaceAfter = 6
        out.append(box)

    out.append(Paragraph(escape(sections["avoid"]), H2))
    out += _bulleted(text["avoid"])

    # My plan: tick boxes and a line to write on.
    out.append(Paragraph(escape(sections["plan"]), H2))
    out.append(Paragraph(escape(s["plan_intro"]), SMALL))
    size = LIST.fontSize * 1.05
    gutter = size + LIST.fontSize * 0.8
    checks = _table([[Checkbox(size), Paragraph(t, LIST)] for t in text["plan_checks"]], [gutter, WIDTH - gutter],
                    *_no_padding(), ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), LIST.fontSize * 0.45))
    checks.spaceAfter = 6
    out.append(checks)
    for label in text["plan_fills"]:
        para = Paragraph(label, BODY)
        label_w = min(WIDTH * 0.62, pdfmetrics.stringWidth(label, REGULAR, 12) + 8)
        fill = _table([[para, ""]], [label_w, WIDTH - label_w], *_no_padding(),
                      ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 4),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LINEBELOW", (1, 0), (1, 0), 0.8, INK))
        fill.spaceAfter = 7
        out.append(fill)

    # Sources, one run-in paragraph.
    refs = " ".join(f"<b>{src['n']}</b> {escape(src['publisher'])} ({escape(str(src['year']))}). "
                    f"{escape(src['title'])}. {escape(src['site'])}." for src in text["sources"])
    out.append(Paragraph(f"<b>{escape(s['sources'])}.</b> {escape(s['sources_intro'])} {escape(s['disclaimer'])} "
                         f"{refs} {escape(s['printed'])} {escape(text['printed'])}.", SOURCE))
    return out


def build(text: dict | None = None) -> bytes:
    """The leaflet as PDF bytes (two Letter pages)."""
    text = text if text is not None else CONTENT
    s, clinic = text["strings"], text["clinic"]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=letter, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                          bottomMargin=BOTTOM, title=text["title"], author=clinic["name"], subject=text["subtitle"],
                          keywords=["muscle cramps", "general", "en", "handout"], creator="baseline_platypus",
                          lang=text["lang"], invariant=1, initialFontName=REGULAR)
    doc.addPageTemplates([PageTemplate("page", [Frame(LEFT, BOTTOM, WIDTH, PAGE_H - TOP - BOTTOM, leftPadding=0,
                                                      rightPadding=0, topPadding=0, bottomPadding=0)])])
    footer = (f"{clinic['name']} \u00b7 {clinic['phone']}",
              s["page_x_of_y"],
              f"{s['version']} {text['version']} \u00b7 {s['reviewed']} {text['reviewed']}")
    doc.build(story(text), canvasmaker=partial(FooterCanvas, footer=footer))
    return buffer.getvalue()


def load(path: Path = CONTENT_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


CONTENT = load()

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/baseline_platypus.py OUT.pdf")
    Path(sys.argv[1]).write_bytes(build(CONTENT))
