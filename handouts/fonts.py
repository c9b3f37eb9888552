"""Register a layout's TrueType fonts with ReportLab and check glyph coverage.

Fonts are embedded (ReportLab subsets TrueType fonts automatically); the
base-14 fonts are never used for text, since they are not embedded and cover
only Latin-1. A character the font lacks would print as a black box without
any warning, so :func:`missing_glyphs` lets the typesetter refuse such text.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from collections.abc import Mapping

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .errors import LayoutSpecError

_IGNORABLE = {"\n", "\t", "\r", "\u00ad", "\u200b", "\u2060", "\ufeff"}


@cache
def _register_file(path: Path) -> str:
    """Register one .ttf once per process; the name depends on the file's bytes."""
    data = path.read_bytes()
    name = f"{path.stem}-{hashlib.sha1(data).hexdigest()[:8]}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except Exception as exc:  # TTFError and friends: a file that is not a usable font
        raise LayoutSpecError(f"{path}: not a usable TrueType font: {exc}") from exc
    return name


def register_family(faces: Mapping[str, Path]) -> dict[str, str]:
    """Register the faces of one family; returns ``{face: ReportLab font name}``.

    Missing faces fall back to the regular face, so ``<b>`` always works.
    """
    names = {face: _register_file(path) for face, path in faces.items()}
    regular = names.get("regular") or next(iter(names.values()))
    full = {face: names.get(face, names.get("bold" if "bold" in face else "regular", regular))
            for face in ("regular", "bold", "italic", "bolditalic")}
    addMapping(full["regular"], 0, 0, full["regular"])
    addMapping(full["regular"], 1, 0, full["bold"])
    addMapping(full["regular"], 0, 1, full["italic"])
    addMapping(full["regular"], 1, 1, full["bolditalic"])
    return full


@cache
def _charmap(font_name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def missing_glyphs(text: str, font_name: str) -> list[str]:
    """Characters of ``text`` that ``font_name`` cannot draw, in order, once each."""
    covered = _charmap(font_name)
    missing: list[str] = []
    for ch in text:
        if ch in _IGNORABLE or ch in missing:
            continue
        if ord(ch) not in covered and ch != " ":
            missing.append(ch)
    return missing


def describe_missing(missing: list[str]) -> str:
    """``cannot print 'X' (U+0058): ...`` for the first few missing characters."""
    chars = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing[:5])
    return f"cannot print {chars}: the layout's font has no glyph for it"
