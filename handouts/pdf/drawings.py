"""Small drawn flowables and page marks: tick boxes, tier icons, QR codes, fold and crop marks.

Everything here is vector drawing with ReportLab; nothing is an image file.
"""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from functools import lru_cache

from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable


class Checkbox(Flowable):
    """An empty tick box the patient can mark with a pen: ``size`` points square, outlined in ``color``
    (``#rrggbb``)."""

    def __init__(self, size: float, color: str):
        super().__init__()
        self.size, self.color = size, color

    def wrap(self, *_args: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.HexColor(self.color))
        self.canv.setLineWidth(1.2)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class WriteOnLine(Flowable):
    """A line to write on, as wide as the space it is given; drawn at its bottom edge.

    ``color``: ``#rrggbb``; ``width``: the line's thickness in points.
    """

    def __init__(self, color: str, width: float = 0.8):
        super().__init__()
        self.color, self.line_width = color, width

    def wrap(self, availWidth: float, *_args: float) -> tuple[float, float]:  # ReportLab's name
        self.width = availWidth
        return availWidth, 0.0

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.HexColor(self.color))
        self.canv.setLineWidth(self.line_width)
        self.canv.line(0, 0, self.width, 0)


class TierIcon(Flowable):
    """A shape per urgency tier, so tiers differ by more than colour: ``size`` points square, in ``color``.

    ``level``: ``emergency`` (a warning triangle), ``call-today`` (a clock), else a calendar (``visit``).
    """

    def __init__(self, level: str, size: float, color: str):
        super().__init__()
        self.level, self.size, self.color = level, size, color

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
            c.setFillColor(colors.white)  # "!" drawn as shapes: no text, so no font size to measure
            bar = s * 0.11
            c.roundRect(s / 2 - bar / 2, s * 0.36, bar, s * 0.36, bar / 2, stroke=0, fill=1)
            c.circle(s / 2, s * 0.24, bar * 0.62, stroke=0, fill=1)
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


@lru_cache(maxsize=64)
def _qr_shapes(data: str) -> tuple[Group, tuple[float, float, float, float]]:
    """The QR code's squares, encoded once: the widget would encode it again at every draw (and
    ``widget.getBounds()`` draws it once more to measure it)."""
    shapes = QrCodeWidget(data, barLevel="M").draw()
    return shapes, shapes.getBounds()


def qr_code(data: str, size: float) -> Drawing:
    """A QR code (error correction level M) ``size`` points square, quiet zone included.

    ReportLab raises a bare ``Exception`` if ``data`` is too long for a QR code.
    """
    shapes, (x0, y0, x1, y1) = _qr_shapes(data)
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(shapes)
    return drawing


MARK_COLOR = "#8a8a8a"


def fold_marks(canvas: Canvas, xs: list[float], height: float, margin: float) -> None:
    """Short ticks at the top and bottom edges where the sheet is folded, inside the margin only."""
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(MARK_COLOR))
    canvas.setLineWidth(0.5)
    canvas.setDash(2, 2)
    for x in xs:  # from 0.15 in inside the edge (home printers cannot print closer) to 60% of the margin
        canvas.line(x, height - 10.8, x, height - margin * 0.6)
        canvas.line(x, 10.8, x, margin * 0.6)
    canvas.restoreState()


SAMPLE_COLOR = "#b3261e"


def sample_mark(canvas: Canvas, piece: tuple[float, float, float, float], text: str, font: str) -> None:
    """``text`` (e.g. "Sample - not for patients") large and faint across the middle of ``piece`` (x, y,
    width, height in points: the page, or the card on its sheet), so a leaflet made with the demo clinic
    can never pass for a real one. Horizontal, so every text extractor reads it; 80% of the width at
    most, and at most 48 pt."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    x, y, width, height = piece
    label = text.upper()
    size = min(48.0, 0.8 * width / max(1.0, stringWidth(label, font, 1)))
    label_width = stringWidth(label, font, size)
    cx, cy = x + width / 2, y + height / 2
    canvas.saveState()
    canvas.setFillColor(colors.HexColor(SAMPLE_COLOR))
    canvas.setStrokeColor(colors.HexColor(SAMPLE_COLOR))
    canvas.setFillAlpha(0.22)
    canvas.setStrokeAlpha(0.35)
    canvas.setLineWidth(max(1.0, size / 16))
    pad = size * 0.35
    canvas.roundRect(cx - label_width / 2 - pad, cy - size * 0.5 - pad / 2, label_width + 2 * pad,
                     size + pad, radius=pad / 2, stroke=1, fill=0)
    canvas.setFont(font, size)
    canvas.drawCentredString(cx, cy - size * 0.35, label)
    canvas.restoreState()


def crop_marks(canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
    """Corner marks outside a piece to be cut from the sheet (a card), with a gap so none shows after cutting."""
    gap, length = 6.0, 14.0
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(MARK_COLOR))
    canvas.setLineWidth(0.5)
    for cx, dx in ((x, -1), (x + width, 1)):
        for cy, dy in ((y, -1), (y + height, 1)):
            canvas.line(cx + dx * gap, cy, cx + dx * (gap + length), cy)
            canvas.line(cx, cy + dy * gap, cx, cy + dy * (gap + length))
    canvas.restoreState()
