"""A layout's look at one scale: paragraph styles, box styles, colours, lengths, body-font tables.

The styles of ``layout.yaml`` become ReportLab ``ParagraphStyle`` objects
once per layout (:class:`Styles`); a layout that shrinks its text to fit
asks for a scaled copy (:meth:`Styles.scaled`), which scales every size,
leading, space and indent. All sizes are in points (1/72 in).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table, TableStyle

from ..errors import LayoutSpecError
from ..load.layout_spec import BoxStyle, LayoutSpec, Style, parse_length
from . import breaking, reuse
from .fonts import LayoutFonts

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


class Styles:
    """The paragraph styles of one layout at ``scale`` (1.0: the sizes ``layout.yaml`` gives).

    ``paragraphs`` maps each style name of ``layout.yaml`` to a ``ParagraphStyle``
    in the layout's fonts (``fonts``). Box styles, colours and lengths are read
    from the spec unscaled: the block builders multiply by ``scale`` where a size
    should shrink with the text.
    """

    def __init__(self, spec: LayoutSpec, fonts: LayoutFonts, scale: float = 1.0):
        self.spec, self.fonts, self.scale = spec, fonts, scale
        self.paragraphs = {name: self._paragraph_style(name, style) for name, style in spec.styles.items()}
        self._lists: dict[tuple[str, bool], ParagraphStyle] = {}
        self._scaled: dict[float, Styles] = {}
        self._aligned: dict[tuple[str, str, int], ParagraphStyle] = {}

    def _paragraph_style(self, name: str, style: Style) -> ParagraphStyle:
        s = self.scale
        font = self.fonts.face(style)
        return ParagraphStyle(
            name, fontName=font, fontSize=style.size * s, leading=style.leading * s,
            textColor=colors.HexColor(self.spec.color(style.color)), spaceBefore=style.space_before * s,
            spaceAfter=style.space_after * s, alignment=_ALIGN[style.align], leftIndent=style.indent * s,
            allowWidows=0, allowOrphans=0,
            bulletFontName=font, bulletFontSize=style.size * s, **breaking.STYLE,
        )

    def scaled(self, scale: float) -> Styles:
        """These styles with every size ``scale`` times what ``layout.yaml`` gives (self if it is the same)."""
        if scale == self.scale:
            return self
        if not reuse.active():
            return Styles(self.spec, self.fonts, scale)
        # Kept: reused paragraphs are keyed on their style objects (reuse.py), which never change once made.
        if scale not in self._scaled:
            self._scaled[scale] = Styles(self.spec, self.fonts, scale)
        return self._scaled[scale]

    @property
    def body(self) -> ParagraphStyle:
        """The ``body`` style: the default text, and the font of table cells and drawings."""
        return self.paragraphs["body"]

    def style(self, name: str | None, default: str) -> ParagraphStyle:
        """The style an element names (``style="..."``), else ``default``, else ``body``.

        Raises :class:`LayoutSpecError` if the template names a style ``layout.yaml`` lacks.
        """
        key = name or default
        if key not in self.paragraphs:
            if name is None and "body" in self.paragraphs:
                return self.body
            raise LayoutSpecError(f"{self.spec.folder / 'layout.yaml'}: the template uses style {key!r}, "
                                  f"which is not under styles: ({', '.join(sorted(self.paragraphs))})")
        return self.paragraphs[key]

    def kept_with_next(self, name: str) -> ParagraphStyle | None:
        """The style ``name`` if ``layout.yaml`` says a heading in it keeps with what follows, else None."""
        style = self.spec.styles.get(name)
        return self.paragraphs[name] if style and style.keep_with_next else None

    def list_style(self, base: ParagraphStyle, numbered: bool) -> ParagraphStyle:
        """``base`` indented for a bullet or a number (set in the bold face), made once per scale."""
        key = (base.name, numbered)
        if key not in self._lists:
            indent = base.fontSize * (1.6 if numbered else 1.15)
            self._lists[key] = ParagraphStyle(
                f"{base.name}-{'n' if numbered else 'b'}", parent=base, leftIndent=base.leftIndent + indent,
                bulletIndent=base.leftIndent,
                bulletFontName=self.fonts.bold_of(base.fontName) if numbered else base.fontName,
            )
        return self._lists[key]

    def aligned(self, base: ParagraphStyle, name: str, alignment: int) -> ParagraphStyle:
        """``base`` with another alignment, named ``name``, made once per scale (a footer's parts)."""
        key = (base.name, name, alignment)
        if key not in self._aligned:
            self._aligned[key] = ParagraphStyle(name, parent=base, alignment=alignment)
        return self._aligned[key]

    def box(self, name: str) -> BoxStyle:
        """The box style ``name`` (unscaled). Raises :class:`LayoutSpecError` if ``layout.yaml`` has none."""
        if name not in self.spec.boxes:
            raise LayoutSpecError(f"{self.spec.folder / 'layout.yaml'}: the template uses box style {name!r}, "
                                  f"which is not under boxes: ({', '.join(sorted(self.spec.boxes)) or 'none'})")
        return self.spec.boxes[name]

    def hex(self, name: str) -> str:
        """A colour of ``layout.yaml`` by name (``ink``, ``muted``...) as ``#rrggbb``; a ``#`` colour as it is."""
        return self.spec.color(name)

    def color(self, name: str) -> colors.Color:
        """:meth:`hex` as a ReportLab colour."""
        return colors.HexColor(self.spec.color(name))

    def length(self, elem: ET.Element, attr: str, default: float) -> float:
        """The length attribute ``attr`` of a template element in points, unscaled; ``default`` if absent.

        Raises :class:`LayoutSpecError` if it is not a length (``12``, ``0.5in``, ``12.7mm``) or below 0.
        """
        raw = elem.get(attr)
        if raw is None:
            return default
        value = parse_length(raw)
        if value is None or value < 0:
            raise LayoutSpecError(f"{self.spec.template_path}: <{elem.tag} {attr}={raw!r}> is not a length")
        return value

    def table(self, rows: list[list[Any]], col_widths: list[float], commands: list[tuple[Any, ...]],
              **kwargs: Any) -> Table:
        """A ReportLab table whose cells use the body font (ReportLab's default is base-14 Helvetica).

        ``col_widths`` in points; ``commands`` are ``TableStyle`` commands added after the font;
        ``kwargs`` go to ``Table`` (``hAlign`` defaults to ``LEFT``).
        """
        body = self.body
        table = Table(rows, colWidths=col_widths, hAlign=kwargs.pop("hAlign", "LEFT"), **kwargs)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize), *commands]))
        return table
