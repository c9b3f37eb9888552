"""The floor: the general English handout drawn straight on a ReportLab canvas.

The same words as the project's leaflet (``general_en.json``), the same
embedded Atkinson Hyperlegible fonts, wrapped with ``simpleSplit`` into
lines and drawn with ``drawString``; boxes are plain rectangles; footer
"Page X of Y"; two Letter pages. The logo, QR code and the two stretch
pictures are drawn unless ``pictures=False`` (``--text-only``): the floor
proper is text only, the brief's "same text as pre-wrapped lines". No Platypus, no paragraph markup (bold runs inside a
sentence are set regular; headings are bold), no tables. This is about as
little work as a 2-page leaflet can cost in ReportLab.

:func:`layout` wraps the text and places every line (a list of pages of
drawing operations); :func:`draw` turns placed lines into PDF bytes;
:func:`build` does both. ``run.py`` times :func:`build` text only (the
floor), with the pictures, and :func:`draw` alone (lines wrapped once
beforehand).

    python benchmarks/floor_canvas.py out.pdf [--text-only]
"""

from __future__ import annotations

import html
import io
import json
import re
import sys
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The same page geometry, colours and content file as the Platypus baseline.
from baseline_platypus import (  # noqa: E402
    ACCENT, BOTTOM, CONTENT_FILE, FONTS, INK, LEFT, LOGO, MUTED, PAGE_H, PAGE_W, PICTURES, RIGHT, TIER_COLORS, TINT, TOP, WIDTH,
)

REGULAR, BOLD = "FloorAtkinson", "FloorAtkinson-Bold"
pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "AtkinsonHyperlegible-Regular.ttf")))
pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "AtkinsonHyperlegible-Bold.ttf")))


def _svg(name: str) -> Drawing:
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.ERROR)
    return svg2rlg(str(PICTURES / f"{name}.svg"))


SVGS = {name: _svg(name) for name in ("calf-stretch", "thigh-stretch")}
LOGO_IMAGE = ImageReader(str(LOGO))
_TAGS = re.compile(r"<[^>]+>")
_PICTURE_OPS = {"image", "qr", "drawing"}


def plain(markup: str) -> str:
    return html.unescape(_TAGS.sub("", markup))


class Pages:
    """A cursor over pages of drawing operations: ("text", font, size, color, x, y, s), ("rect", ...), ..."""

    def __init__(self):
        self.pages: list[list[tuple]] = [[]]
        self.y = PAGE_H - TOP

    @property
    def ops(self) -> list[tuple]:
        return self.pages[-1]

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.pages.append([])
            self.y = PAGE_H - TOP

    def lines(self, text: str, font: str, size: float, leading: float, x: float, width: float,
              color=INK, bullet: str | None = None, indent: float = 0.0, cites: str = "",
              space_after: float = 0.0, ops: list | None = None, y: float | None = None) -> float:
        """Wrap and place a paragraph; returns its height. Without ``ops``, flows on the current page."""
        wrapped = simpleSplit(text, font, size, width - indent)
        height = len(wrapped) * leading + space_after
        flowing = ops is None
        if flowing:  # no widow or orphan lines: keep 2 lines together
            self.need(min(2, len(wrapped)) * leading)
            ops, y = self.ops, self.y
        top = y
        for n, line in enumerate(wrapped):
            if flowing and top - leading * (n + 1) < BOTTOM:  # the paragraph continues on a new page
                self.need(PAGE_H)
                ops, top = self.ops, self.y + leading * n
                self.y = top
            baseline = top - leading * n - size
            if n == 0 and bullet:
                ops.append(("text", BOLD if bullet[0].isdigit() else font, size, color, x, baseline, bullet))
            ops.append(("text", font, size, color, x + indent, baseline, line))
            if n == len(wrapped) - 1 and cites:
                end = x + indent + stringWidth(line, font, size)
                ops.append(("text", font, size * 0.6, color, end, baseline + size * 0.45, cites))
        if flowing:
            self.y = top - height
        return height


def layout(text: dict) -> list[list[tuple]]:
    """Wrap every text and place every line; returns the pages' drawing operations."""
    s, clinic = text["strings"], text["clinic"]
    p = Pages()

    # Title row: title and subtitle, QR code, logo.
    qr_size, logo_w, logo_h = 0.8 * inch, 1.9 * inch, 0.7 * inch
    p.ops.append(("qr", clinic["website"], PAGE_W - RIGHT - logo_w - 14 - qr_size, p.y - qr_size, qr_size))
    lw, lh = LOGO_IMAGE.getSize()
    scale = min(logo_w / lw, logo_h / lh)
    p.ops.append(("image", PAGE_W - RIGHT - lw * scale, p.y - (qr_size + lh * scale) / 2, lw * scale, lh * scale))
    y0 = p.y - 10
    p.y = y0
    p.lines(text["title"], BOLD, 26, 30, LEFT, WIDTH - 200, ACCENT, space_after=2)
    p.lines(text["subtitle"], REGULAR, 15, 18, LEFT, WIDTH - 200, MUTED)
    p.y = min(p.y, y0 + 10 - qr_size) - 4

    # Key messages (tinted box) beside the clinic card.
    card_w, gap, pad = 2.05 * inch, 10, 9
    box_w = WIDTH - card_w - gap
    start = len(p.ops)
    top = p.y
    y = top - pad
    y -= p.lines(s["main_message"], BOLD, 14, 18, LEFT + pad, box_w - 2 * pad, ACCENT, space_after=4, ops=p.ops, y=y)
    for n, item in enumerate(text["main"], 1):
        y -= p.lines(plain(item["text"]), REGULAR, 12.5, 15.5, LEFT + pad, box_w - 2 * pad, bullet=f"{n}.",
                     indent=20, cites=item["cites"], space_after=2, ops=p.ops, y=y)
    x = LEFT + box_w + gap + 7
    cy = top - 7
    cy -= p.lines(s["your_clinic"], BOLD, 10, 12, x, card_w - 14, ACCENT, space_after=2, ops=p.ops, y=cy)
    for line, font in ((clinic["name"], BOLD), (clinic["department"], REGULAR), (clinic["address"], REGULAR),
                       (f"{s['phone']}: {clinic['phone']}", REGULAR),
                       (f"{s['after_hours']}: {clinic['after_hours_phone']}", REGULAR),
                       (clinic["website_short"], REGULAR)):
        cy -= p.lines(line, font, 9, 11, x, card_w - 14, space_after=1.5, ops=p.ops, y=cy)
    height = max(top - y + pad, top - cy + 7)
    p.ops[start:start] = [("rect", LEFT, top - height, box_w, height, TINT, ACCENT, 1.5),
                          ("rect", LEFT + box_w + gap, top - height, card_w, height, None, ACCENT, 1)]
    p.y = top - height - 8

    def heading(title: str, keep: float = 60) -> None:
        p.need(6 + 18.5 + keep)
        if p.y < PAGE_H - TOP:  # no space before a heading at the top of a page
            p.y -= 6
        p.lines(title, BOLD, 15.5, 18.5, LEFT, WIDTH, ACCENT, space_after=3)

    heading(s["sections"]["about"])
    for item in text["about"]:
        p.lines(plain(item["text"]), REGULAR, 12, 14.4, LEFT, WIDTH, cites=item["cites"], space_after=3)

    heading(s["sections"]["relief"])
    pic_w = 1.5 * inch
    top = p.y
    for n, item in enumerate(text["relief"], 1):
        p.lines(plain(item["text"]), REGULAR, 12, 14.4, LEFT, WIDTH - pic_w - 14, bullet=f"{n}.", indent=19.2,
                cites=item["cites"], space_after=2)
    y = top
    for item in text["relief"]:
        if item["picture"]:
            source = SVGS[item["picture"]]
            scale = min(pic_w / source.width, 0.8 * inch / source.height)
            w, h = source.width * scale, source.height * scale
            p.ops.append(("drawing", item["picture"], scale, PAGE_W - RIGHT - pic_w / 2 - w / 2, y - h))
            y -= h + 2
            caption = s["pictures"][item["picture"]]
            p.ops.append(("text", REGULAR, 9, MUTED, PAGE_W - RIGHT - pic_w / 2 - stringWidth(caption, REGULAR, 9) / 2,
                          y - 9, caption))
            y -= 11 + 7
    p.y = min(p.y, y) - 6

    heading(s["sections"]["prevent"])
    for item in text["prevent"]:
        p.lines(plain(item["text"]), REGULAR, 12, 14.4, LEFT, WIDTH, bullet="\u2022", indent=13.8,
                cites=item["cites"], space_after=2)

    # Urgency tiers: tinted boxes with a colour bar; each box stays on one page.
    def tier_box(tier: dict, ops: list, top: float) -> float:
        edge, fill = TIER_COLORS[tier["id"]]
        pad, bar, icon = 7, 5, 18.75
        x = LEFT + bar + icon + 2 * pad
        w = WIDTH - bar - icon - 3 * pad
        start = len(ops)
        y = top - pad
        y -= p.lines(s["tiers"][tier["id"]], BOLD, 12.5, 16, x, w, space_after=4, ops=ops, y=y)
        for item in tier["signs"]:
            y -= p.lines(plain(item["text"]), REGULAR, 12, 14.4, x, w, bullet="\u2022", indent=13.8,
                         cites=item["cites"], space_after=2, ops=ops, y=y)
        if tier["id"] == "call-today":
            y -= p.lines(f"{s['clinic_phone']}: {clinic['phone']} \u00b7 {s['after_hours']}: "
                         f"{clinic['after_hours_phone']}", BOLD, 12, 14.4, x, w, ops=ops, y=y)
        height = top - y + pad
        ops[start:start] = [("rect", LEFT, top - height, WIDTH, height, fill, edge, 1),
                            ("rect", LEFT, top - height, bar, height, edge, None, 0),
                            ("icon", tier["id"], LEFT + bar + pad, top - pad - icon, icon, edge)]
        return height + 6

    scratch: list[tuple] = []
    first_tier = tier_box(text["tiers"][0], scratch, PAGE_H)
    heading(s["sections"]["warning"], keep=first_tier)
    for tier in text["tiers"]:
        p.need(tier_box(tier, [], PAGE_H))
        p.y -= tier_box(tier, p.ops, p.y)

    heading(s["sections"]["avoid"])
    for item in text["avoid"]:
        p.lines(plain(item["text"]), REGULAR, 12, 14.4, LEFT, WIDTH, bullet="\u2022", indent=13.8,
                cites=item["cites"], space_after=2)

    heading(s["sections"]["plan"])
    p.lines(s["plan_intro"], REGULAR, 10, 13, LEFT, WIDTH, MUTED, space_after=3)
    box = 12.6
    for check in text["plan_checks"]:
        p.need(14.4 + 8)
        p.ops.append(("rect", LEFT, p.y - 2 - box, box, box, None, INK, 1.2))
        p.y -= 2
        p.lines(plain(check), REGULAR, 12, 14.4, LEFT + box + 9.6, WIDTH - box - 9.6, space_after=5.4)
    for label in text["plan_fills"]:
        label = plain(label)
        p.y -= 4
        p.lines(label, REGULAR, 12, 14.4, LEFT, WIDTH)
        start = LEFT + stringWidth(label, REGULAR, 12) + 8
        p.ops.append(("line", start, p.y + 2, LEFT + WIDTH, p.y + 2, INK, 0.8))
        p.y -= 7

    refs = " ".join(f"{src['n']} {src['publisher']} ({src['year']}). {src['title']}. {src['site']}."
                    for src in text["sources"])
    p.lines(f"{s['sources']}. {s['sources_intro']} {s['disclaimer']} {refs} {s['printed']} {text['printed']}.",
            REGULAR, 8, 9.6, LEFT, WIDTH, MUTED)
    return p.pages


def _icon(c: Canvas, level: str, x: float, y: float, s: float, color) -> None:
    c.saveState()
    c.translate(x, y)
    c.setFillColor(color)
    if level == "emergency":
        path = c.beginPath()
        path.moveTo(s / 2, s)
        path.lineTo(s, s * 0.08)
        path.lineTo(0, s * 0.08)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
    elif level == "call-today":
        c.circle(s / 2, s / 2, s / 2, stroke=0, fill=1)
    else:
        c.roundRect(0, 0, s, s * 0.86, s * 0.1, stroke=0, fill=1)
    c.restoreState()


def draw(pages: list[list[tuple]], text: dict, pictures: bool = True) -> bytes:
    """Placed lines -> PDF bytes, with the footer on every page.

    ``pictures=False`` leaves out the logo, the QR code and the stretch
    pictures (their places stay empty): text, boxes and rules only.
    """
    s, clinic = text["strings"], text["clinic"]
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=letter, invariant=1, initialFontName=REGULAR, lang=text["lang"])
    c.setTitle(text["title"])
    c.setAuthor(clinic["name"])
    total = len(pages)
    left = f"{clinic['name']} \u00b7 {clinic['phone']}"
    right = f"{s['version']} {text['version']} \u00b7 {s['reviewed']} {text['reviewed']}"
    for number, ops in enumerate(pages, 1):
        font = None
        for op in ops:
            kind = op[0]
            if not pictures and kind in _PICTURE_OPS:
                continue
            if kind == "text":
                _, f, size, color, x, y, string = op
                if (f, size) != font:
                    c.setFont(f, size)
                    font = (f, size)
                c.setFillColor(color)
                c.drawString(x, y, string)
            elif kind == "rect":
                _, x, y, w, h, fill, stroke, width = op
                if fill is not None:
                    c.setFillColor(fill)
                if stroke is not None:
                    c.setStrokeColor(stroke)
                    c.setLineWidth(width)
                c.rect(x, y, w, h, stroke=int(stroke is not None), fill=int(fill is not None))
            elif kind == "line":
                _, x1, y1, x2, y2, color, width = op
                c.setStrokeColor(color)
                c.setLineWidth(width)
                c.line(x1, y1, x2, y2)
            elif kind == "image":
                _, x, y, w, h = op
                c.drawImage(str(LOGO), x, y, w, h)
            elif kind == "qr":
                _, data, x, y, size = op
                widget = QrCodeWidget(data, barLevel="M")
                x0, y0, x1, y1 = widget.getBounds()
                d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0],
                            initialFontName=REGULAR)
                d.add(widget)
                renderPDF.draw(d, c, x, y)
            elif kind == "drawing":
                _, name, scale, x, y = op
                source = SVGS[name]
                d = Drawing(source.width * scale, source.height * scale, initialFontName=REGULAR)
                d.add(Group(*source.contents, transform=(scale, 0, 0, scale, 0, 0)))
                renderPDF.draw(d, c, x, y)
            elif kind == "icon":
                _icon(c, *op[1:])
        c.setStrokeColor(MUTED)
        c.setLineWidth(0.5)
        rule_y = BOTTOM - 6.6
        c.line(LEFT, rule_y, PAGE_W - RIGHT, rule_y)
        c.setFont(REGULAR, 9)
        c.setFillColor(MUTED)
        c.drawString(LEFT, rule_y - 12.85, left)
        c.drawCentredString(LEFT + WIDTH * 0.52, rule_y - 12.85, s["page_x_of_y"].format(page=number, pages=total))
        c.drawRightString(PAGE_W - RIGHT, rule_y - 12.85, right)
        c.showPage()
    c.save()
    return buffer.getvalue()


def build(text: dict | None = None, pictures: bool = True) -> bytes:
    text = text if text is not None else CONTENT
    return draw(layout(text), text, pictures)


CONTENT = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--text-only"]
    if len(args) != 1:
        sys.exit("usage: python benchmarks/floor_canvas.py OUT.pdf [--text-only]")
    Path(args[0]).write_bytes(build(CONTENT, pictures="--text-only" not in sys.argv))
