"""The structure tree's dictionaries and arrays, written with ReportLab's bytes at a fraction of the cost.

A tagged leaflet has about 150 structure elements; ReportLab's general
formatting of them (``pdfdoc.format``: a dispatch and a name conversion per
key and value) was 15% of a warm leaflet. :class:`FastDict` and
:class:`FastArray` write the kinds a structure tree holds (names, whole
numbers, references, each other) directly and hand anything else to
``pdfdoc.format``; ``tagging.py`` uses them when caching is on (``reuse.py``),
so the uncached path is ReportLab's own and ``tests/test_reuse.py`` compares
the two.
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, pdfdocEnc
from reportlab.pdfbase.pdfdoc import format as format_pdf

__all__ = ["FastArray", "FastDict"]

_KEYS: dict[str, bytes] = {}


def _plain(value: object, document: Any) -> bytes:
    """``value`` as ReportLab's ``pdfdoc.format`` writes it, without its general dispatch for the kinds a
    structure tree holds: names (text), whole numbers, references and the containers below."""
    if isinstance(value, str):
        return pdfdocEnc(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value).encode("ascii")  # what fp_str gives for a whole number
    if isinstance(value, (FastDict, FastArray)):
        return value.format(document)
    if isinstance(value, PDFObjectReference):
        number, version = document.idToObjectNumberAndVersion[value.name]
        return pdfdocEnc(f"{number} {version} R")
    return format_pdf(value, document)


class FastDict(PDFDictionary):
    """A ``PDFDictionary`` of the structure tree, written with the same bytes at a fraction of the cost
    (ReportLab's general formatting was 15% of a warm leaflet). Used when caching is on (reuse.py)."""

    def format(self, document, IND=b"\n "):  # ReportLab's names
        if rl_config.pdfMultiLine:  # ReportLab's other layout of dictionaries: its own code
            return super().format(document, IND)
        entries = self.dict
        items = []
        for key in sorted(entries):
            name = _KEYS.get(key)
            if name is None:
                name = _KEYS[key] = format_pdf(PDFName(key), document)
            items.append(name + b" " + _plain(entries[key], document))
        for i in reversed(range(6, len(items), 6)):  # ReportLab breaks the line every 6 entries
            items.insert(i, b"\n ")
        return b"<<\n" + b" ".join(items) + b"\n>>"


class FastArray(PDFArray):
    """A ``PDFArray`` of the structure tree, written as ReportLab writes it (see :class:`FastDict`)."""

    def format(self, document, IND=b"\n "):  # ReportLab's names
        if rl_config.pdfMultiLine:
            return super().format(document, IND)
        items = [_plain(e, document) for e in self.sequence]
        for i in reversed(range(10, len(items), 10)):  # ReportLab breaks the line every 10 items
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"
