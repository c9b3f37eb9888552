"""Blocks that hold other blocks: ``<box>``, ``<tier>`` and ``<row>``.

Each is a ReportLab table in the body font. A box (and a tier, a box with an
icon and a coloured bar) has one row per inner block, so it can break
between blocks; a row sets its cells side by side. The inner blocks come
from the story builder (``flow``), under the box's node in the structure
tree: a box or boxed cell is a ``Div``, a tier a ``Sect``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..errors import LayoutSpecError
from ..load.layout_spec import BoxStyle, parse_length
from ..render.markup import plain_text
from .drawings import TierIcon
from .styles import Styles
from .tree import TreeCursor

Flow = Callable[[ET.Element, float], list[Flowable]]
"""The flowables for the children of an element, in a width in points."""

_VALIGN = {"top": "TOP", "middle": "MIDDLE", "bottom": "BOTTOM"}


class Boxes:
    """Builds the box, tier and row blocks of one layout attempt; ``flow`` builds what is inside."""

    def __init__(self, styles: Styles, tree: TreeCursor, flow: Flow):
        self.styles, self.tree, self.flow = styles, tree, flow

    def box(self, elem: ET.Element, width: float) -> Flowable:
        """A ``<box>`` in its box style (``style``, default ``box``). Raises :class:`LayoutSpecError`."""
        with self.tree.under(self.tree.node("Div")):
            return self._boxed(elem, width, self.styles.box(elem.get("style", "box")))

    def tier(self, elem: ET.Element, width: float) -> Flowable:
        """A ``<tier level="...">``: a box with the level's icon beside its ``<h3>`` and a bar of its colour.

        A tier is never split across pages: if it does not fit in what is left of a page, it moves to
        the next one whole (a reader must see a warning sign with its heading, "call {emergency}..."),
        unless it is taller than a whole page (:class:`WholeBox`)."""
        level = elem.get("level", "visit")
        box = self.styles.box(elem.get("style") or f"tier-{level}")
        heading = next((child for child in elem if child.tag == "h3"), None)
        heading_style = self.styles.style(heading.get("style") if heading is not None else None, "h3")
        icon = TierIcon(level, heading_style.fontSize * 1.5, self.styles.hex(level))
        # A section with its heading; the icon and colour are decoration (the heading says the level).
        with self.tree.under(self.tree.node("Sect", title=plain_text(heading) if heading is not None else level)):
            return WholeBox([self._boxed(elem, width, box, lead=icon, bar_color=level)])

    def _boxed(self, elem: ET.Element, width: float, box: BoxStyle, lead: Flowable | None = None,
               bar_color: str | None = None) -> Flowable:
        """Content in a tinted, bordered box, one table row per block so it can break between blocks.

        Columns: an optional solid bar (``bar_width``), an optional lead cell
        (the tier icon), then the content. With a lead, the first row (the
        heading) repeats at the top of a continuation.
        """
        scale = self.styles.scale
        pad, bar = box.padding * scale, box.bar_width * scale
        lead_cell = lead.wrap(0, 0)[0] + 2 * pad if lead else 0.0
        widths = ([bar] if bar else []) + ([lead_cell] if lead else [])
        widths.append(width - sum(widths))
        content_col = len(widths) - 1
        blocks = self.flow(elem, widths[-1] - (pad if lead else 2 * pad))
        if not blocks:
            return Spacer(1, 0)
        rows = []
        for index, block in enumerate(blocks):
            prefix = ([""] if bar else []) + ([lead if index == 0 else ""] if lead else [])
            rows.append([*prefix, block])
        last = len(rows) - 1
        commands: list[tuple[Any, ...]] = [
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
        table.spaceAfter = box.space_after * scale
        return table

    def row(self, elem: ET.Element, width: float) -> Flowable:
        """A ``<row>``: cells side by side, ``widths="60%,*"`` (lengths, percentages, ``*`` shares the rest).

        A cell with ``box="name"`` gets that box style's background, border
        and padding; boxed cells in one row share the row's height.
        Raises :class:`LayoutSpecError` for widths that do not match the cells or are not lengths.
        """
        styles = self.styles
        cells = list(elem)
        gap = styles.length(elem, "gap", 12.0) * styles.scale
        widths = self._row_widths(elem, len(cells), width - gap * (len(cells) - 1))
        row: list[Any] = []
        col_widths: list[float] = []
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), _VALIGN[elem.get("valign", "top")]),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
        for index, (cell, w) in enumerate(zip(cells, widths)):
            col = len(row)
            pad = 0.0
            box_name, align = cell.get("box"), cell.get("align")
            if box_name:
                box = styles.box(box_name)
                pad = box.padding * styles.scale
                commands += [("LEFTPADDING", (col, 0), (col, 0), pad), ("RIGHTPADDING", (col, 0), (col, 0), pad),
                             ("TOPPADDING", (col, 0), (col, 0), pad), ("BOTTOMPADDING", (col, 0), (col, 0), pad)]
                if box.background:
                    commands.append(("BACKGROUND", (col, 0), (col, 0), styles.color(box.background)))
                if box.border and box.border_width:
                    commands.append(("BOX", (col, 0), (col, 0), box.border_width, styles.color(box.border)))
            if align == "center" or align == "right":
                commands.append(("ALIGN", (col, 0), (col, 0), align.upper()))
            with self.tree.under(self.tree.node("Div") if box_name else None):  # the row itself is only layout
                content = self.flow(cell, w - 2 * pad) or [Spacer(1, 0)]
            row.append(content)
            col_widths.append(w)
            if index < len(cells) - 1:
                row.append("")
                col_widths.append(gap)
        table = styles.table([row], col_widths, commands)
        table.spaceAfter = styles.length(elem, "space_after", 6.0) * styles.scale
        return table

    def _row_widths(self, elem: ET.Element, count: int, available: float) -> list[float]:
        """``count`` column widths in points that share ``available`` as ``widths=`` says."""
        template = self.styles.spec.template_path
        raw = [part.strip() for part in (elem.get("widths") or ",".join(["*"] * count)).split(",")]
        if len(raw) != count:
            raise LayoutSpecError(f"{template}: <row widths={elem.get('widths')!r}> needs "
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
                    raise LayoutSpecError(f"{template}: <row widths>: {part!r} is not a length, "
                                          "a percentage or *")
                fixed.append(value * self.styles.scale)
        rest = max(0.0, available - sum(w for w in fixed if w is not None))
        stars = fixed.count(None) or 1
        return [w if w is not None else rest / stars for w in fixed]


class WholeBox(KeepTogether):
    """ReportLab's ``KeepTogether`` for one box: where the box does not fit in what is left of the frame
    it moves to the next frame whole; a box taller than a whole frame breaks where it stands instead
    (moving it would only leave a page blank)."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if frame is not None and self._H > frame._height:  # the box itself then splits, row by row
            return [self.NullActionFlowable(), *self._content]
        return super().split(aW, aH)
