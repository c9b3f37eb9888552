"""Lists and the parts of a printed form: ``<list>``, ``<checklist>`` and ``<fill>``.

A list is one paragraph per item, so it can break between items; a check
list and a fill-in line are tables (a tick box or a line to write on beside
the text). In the structure tree a list is ``L`` > ``LI`` > ``Lbl`` +
``LBody``; a tick box and a line to write on are ``Form`` elements with the
attributes of a printed form field (PDF/UA).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from reportlab.platypus.flowables import BalancedColumns

from ..render.markup import plain_text, spoken_text
from .drawings import Checkbox, WriteOnLine
from .fonts import LayoutFonts
from .styles import Styles
from .tagging import TaggedDrawing, TaggedParagraph
from .text import markup
from .tree import TreeCursor

_PRINTED_CHECKBOX = {"O": "PrintField", "Role": "cb", "checked": "off"}
_PRINTED_TEXT_FIELD = {"O": "PrintField", "Role": "tv"}


class Lists:
    """Builds the list and form blocks of one layout attempt."""

    def __init__(self, styles: Styles, fonts: LayoutFonts, tree: TreeCursor):
        self.styles, self.fonts, self.tree = styles, fonts, tree

    def items(self, elem: ET.Element, width: float) -> list[Flowable]:
        """A ``<list>``: bulleted or numbered items, one paragraph each, so a list can break between items.

        ``columns="3"`` sets the items in three balanced columns; ``start`` is the first number.
        Raises :class:`LayoutSpecError` for an unknown style or a bad number.
        """
        base = self.styles.style(elem.get("style"), "list")
        numbered = elem.get("type", "bullet") == "number"
        columns = max(1, int(self.styles.length(elem, "columns", 1)))
        start = int(self.styles.length(elem, "start", 1))
        style = self.styles.list_style(base, numbered)
        listing = self.tree.node("L")
        paras = []
        for n, item in enumerate(elem, start=start):
            para = TaggedParagraph(markup(self.fonts, item, style), style,
                                   bulletText=f"{n}." if numbered else "\u2022")
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

    def checklist(self, elem: ET.Element, width: float) -> Flowable:
        """A ``<checklist>``: an empty tick box beside each item, ``width`` points wide in all."""
        style = self.styles.style(elem.get("style"), "list")
        size = style.fontSize * 1.05
        listing = self.tree.node("L")  # L > LI > Lbl (a printed check box: Form, role cb) + LBody
        rows = []
        for item in elem:
            para = TaggedParagraph(markup(self.fonts, item, style), style)
            box: Flowable = Checkbox(size, self.styles.hex("ink"))
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

    def fill(self, elem: ET.Element, width: float) -> Flowable:
        """A ``<fill>``: a label followed by a line to write on (plus ``lines`` - 1 full-width lines)."""
        style = self.styles.style(elem.get("style"), "body")
        group = self.tree.node("Div")  # the label, then the line to write on (Form, role tv)
        with self.tree.under(group):
            label = self.tree.tag(TaggedParagraph(markup(self.fonts, elem, style), style), "P")
        line: Flowable = WriteOnLine(self.styles.hex("ink"))
        if group is not None:
            line = TaggedDrawing(line, group.add("Form", attributes=_PRINTED_TEXT_FIELD))
        text_width = stringWidth(plain_text(elem), style.fontName, style.fontSize)
        label_width = min(width * 0.62, label.minWidth() + 6 + text_width)
        extra = max(0, int(self.styles.length(elem, "lines", 1)) - 1)
        rows: list[list[Any]] = [[label, line]] + [["", ""] for _ in range(extra)]
        rule = self.styles.color("ink")
        commands: list[tuple[Any, ...]] = [
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
