"""Stage 4: lay out the parsed leaflet markup with ReportLab Platypus.

One :class:`Typesetter` serves one layout spec (with one clinic's brand
colour and any extra fonts): it registers the fonts and builds the paragraph
styles once, then turns any number of markup trees into PDF bytes.

The work is done by the modules beside this one: ``fonts.py`` and
``styles.py`` (the layout's fonts and styles, kept here between leaflets),
``blocks.py`` (the story: one builder per layout attempt, with ``text.py``,
``tree.py``, ``lists.py``, ``boxes.py`` and ``figures.py``), ``footer.py``,
``fitting.py`` (shrinking to fit) and ``pages.py`` (the document).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from ..errors import LayoutSpecError
from ..load.layout_spec import LayoutSpec
from .blocks import StoryBuilder
from .figures import Assets, Pictures
from .fitting import fit
from .fonts import LayoutFonts
from .pages import PdfInfo, column_boxes
from .styles import Styles
from .tree import TreeCursor

__all__ = ["Assets", "PdfInfo", "Typesetter"]

_NO_ASSETS = Assets()  # frozen: one default for every call is safe


class Typesetter:
    """Turns leaflet markup into PDF bytes for one layout spec (``spec``, with any brand colour applied).

    ``extra_fonts``: TrueType files given with ``--font``, tried after the layout's fallback fonts.
    Raises :class:`RequestError` (field ``font``) if one is not a usable font, and
    :class:`LayoutSpecError` if a font of the layout is not.
    """

    def __init__(self, spec: LayoutSpec, extra_fonts: tuple[Path, ...] = ()):
        self.spec = spec
        self.fonts = LayoutFonts(spec, extra_fonts)
        self.styles = Styles(spec, self.fonts)
        self._measure = Canvas(io.BytesIO())  # for measuring flowables; nothing is drawn on it
        self._checked_pictures: set[Path] = set()

    def missing_glyphs(self, text: str) -> list[str]:
        """Characters neither the body font nor a fallback can print (``api`` checks all text first)."""
        return self.fonts.missing(text, self.styles.body.fontName)

    def render(self, root: ET.Element, paper: str, info: PdfInfo, assets: Assets = _NO_ASSETS,
               tagged: bool = True) -> tuple[bytes, int]:
        """Typeset the markup ``root`` (a checked ``<leaflet>`` tree) on ``paper``, a paper name of the layout.

        Returns the PDF bytes and the page count. ``tagged``: write a tagged PDF (structure tree,
        marked content, PDF/UA-1 metadata; tagging.py). The cached typesetter itself is never
        changed: this leaflet's assets go to the story builders made for it (only the set of
        pictures already checked grows).

        Raises :class:`LayoutSpecError` (an unknown paper, or a template the layout cannot set),
        :class:`RenderError` (:class:`DoesNotFit` when a panel does not fit or a block is taller
        than a page; text no font prints) and :class:`DataError` (SVG text no font prints). A flowing
        layout that needs more than ``max_pages`` still renders: the caller checks the count.
        """
        if paper not in self.spec.papers:
            raise LayoutSpecError(f"layout {self.spec.id!r} has no paper {paper!r}; "
                                  f"choose one of: {', '.join(self.spec.papers)}")
        pictures = Pictures(self.spec, assets, self._checked_pictures)
        frame_height = min(box.height for box in column_boxes(self.spec, self.spec.papers[paper]))

        def attempt(scale: float) -> StoryBuilder:
            return StoryBuilder(self.styles.scaled(scale), self.fonts, TreeCursor(tagged), pictures, self._measure,
                                frame_height)

        return fit(self.spec, attempt, root, paper, info, self)
