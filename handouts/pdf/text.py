"""Leaflet text to ReportLab paragraph markup, in the layout's fonts.

ReportLab's paragraph parser reads its own little markup language, so the
text of the leaflet markup is escaped again here, whatever the template did;
our inline elements (``<b>``, ``<i>``, ``<sup>``, ``<br>``, ``<pageno>``,
``<pagecount>``) become ReportLab's, and a word the style's font cannot
print is set in a fallback font (:class:`~handouts.pdf.fonts.Fallbacks`).

Soft hyphens stay in the text (ReportLab breaks a line there, with a visible
hyphen) and no-break spaces never break (``breaking.py``). Right-to-left
letters (Hebrew, Arabic...) are refused: ReportLab 5.1 reorders and shapes
them only with ``rlbidi``, which is not on PyPI, so they would print in
reversed order (:func:`rtl_letters`).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

from reportlab.lib.styles import ParagraphStyle

from ..errors import MissingGlyphs, RenderError
from . import breaking  # noqa: F401 - installs the line-breaking rules
from .fonts import LayoutFonts, zero_width_removed

RTL_REFUSED = ("right-to-left text cannot be printed in a PDF yet (this version would print its letters in "
               "reverse order); build the web page instead (format html), or write it in Latin letters")

_INLINE_TAGS = {"b": "b", "i": "i", "sup": "super"}
"""Our inline elements and ReportLab's names for them (``<br>`` and the page numbers are not wrapped)."""


def markup(fonts: LayoutFonts, elem: ET.Element, style: ParagraphStyle, page: int = 0, pages: int = 0,
           bold: bool | None = None) -> str:
    """ReportLab paragraph markup for the text and inline children of ``elem`` (a checked markup element).

    Text is escaped and stripped of invisible format characters; ``<pageno>`` and ``<pagecount>``
    become ``page`` and ``pages`` (a footer's, drawn at save; 0 elsewhere). ``bold``: the text is
    bold already (None: if ``style``'s font is a bold face), so a fallback font is picked bold too.

    Raises :class:`RenderError` naming the text if no font of the layout can print a character of it.
    """
    if bold is None:
        bold = fonts.is_bold(style.fontName)
    parts = [_text(fonts, elem.text or "", style, bold)]
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
            inner = markup(fonts, child, style, page, pages, bold or tag == "b")
            parts.append(f"<{rl}>{inner}</{rl}>")
        parts.append(_text(fonts, child.tail or "", style, bold))
    return "".join(parts)


def rtl_letters(text: str) -> list[str]:
    """The right-to-left letters, marks and digits of ``text`` (Unicode bidi class R or AL), once each."""
    found: list[str] = []
    for ch in text:
        if ch > "\u058f" and ch not in found and unicodedata.bidirectional(ch) in ("R", "AL") \
                and unicodedata.category(ch)[0] in "LMN":
            found.append(ch)
    return found


_EDGE_SOFT_HYPHENS = re.compile(r"\u00ad+(?=\s|$)|(?<!\S)\u00ad+|(?<=\u00ad)\u00ad+")
"""Soft hyphens that are no break point inside a word: at a word's edge (ReportLab then lost the space
next to a word in a fallback font), or repeated."""


def _text(fonts: LayoutFonts, text: str, style: ParagraphStyle, bold: bool) -> str:
    text = zero_width_removed(text)  # the fonts have no glyph for them: they would print as boxes
    if "\u00ad" in text:
        text = _EDGE_SOFT_HYPHENS.sub("", text)
    if rtl_letters(text):
        snippet = " ".join(text.split())
        raise RenderError(f"in {snippet[:57] + '...' if len(snippet) > 60 else snippet!r}: {RTL_REFUSED}")
    try:
        return fonts.fallbacks.markup(text, style.fontName, bold)
    except MissingGlyphs as exc:
        snippet = " ".join(text.split())
        snippet = snippet if len(snippet) <= 60 else snippet[:57] + "..."
        raise RenderError(f"in {snippet!r}: {exc}") from exc
