"""The footer: a thin rule and up to three parts (``<left>``, ``<center>``, ``<right>``) below the text.

The ``<footer>`` markup is not part of the story: :func:`footer_drawer`
turns it into a function that ``pages.py`` calls for every page when the
document is saved, so ``<pageno>`` and ``<pagecount>`` are known.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.pdfgen.canvas import Canvas

from .fonts import LayoutFonts
from .pages import FooterDrawer
from .styles import Styles
from .tagging import TaggedParagraph
from .text import markup

_SHARES = {"left": (0.0, 0.44, TA_LEFT), "center": (0.44, 0.16, TA_CENTER), "right": (0.6, 0.4, TA_RIGHT)}
"""Part -> (start, share of the text width, alignment); a footer of one part has the whole width."""


def footer_drawer(styles: Styles, fonts: LayoutFonts, footer: ET.Element | None,
                  piece: tuple[float, float, float, float]) -> FooterDrawer | None:
    """What draws ``footer`` on a page of ``piece`` (x, y, width, height in points); None if there is none.

    The drawer takes the canvas, the page number and the page count. Raises :class:`LayoutSpecError`
    for an unknown style now, and :class:`RenderError` (text no font prints) when it draws.
    """
    if footer is None:
        return None
    _, right, bottom, left = styles.spec.margins
    x0, y0, piece_width, _ = piece
    width = piece_width - left - right
    rule = styles.color("muted")
    style = styles.style(footer.get("style"), "footer")
    shares = _SHARES
    parts = list(footer)
    if len(parts) == 1:
        shares = {tag: (0.0, 1.0, align) for tag, (_, _, align) in shares.items()}
    # One style per part, kept with the styles: reused paragraphs are keyed on their style object (reuse.py).
    part_styles = {part.tag: styles.aligned(style, f"footer-{part.tag}", shares[part.tag][2]) for part in parts}

    def draw(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        rule_y = y0 + bottom - style.leading * 0.6
        canvas.setStrokeColor(rule)
        canvas.setLineWidth(0.5)
        canvas.line(x0 + left, rule_y, x0 + left + width, rule_y)
        for part in parts:
            start, share, _ = shares[part.tag]
            part_style = part_styles[part.tag]
            # Untagged (no node): drawn as an artifact, as a plain Paragraph; parsed once per text with caching on.
            para = TaggedParagraph(markup(fonts, part, part_style, page, pages), part_style)
            _, h = para.wrap(width * share, bottom)
            para.drawOn(canvas, x0 + left + width * start, rule_y - style.leading * 0.35 - h)
        canvas.restoreState()

    return draw
