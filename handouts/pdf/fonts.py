"""Register a layout's TrueType fonts with ReportLab, check glyph coverage, fall back.

Fonts are embedded (ReportLab subsets TrueType fonts automatically); the
base-14 fonts are never used for text, since they are not embedded and cover
only Latin-1. A character the font lacks would print as a black box without
any warning, so every character is checked. :class:`Fallbacks` sets a word
the main font cannot print in the first fallback font that can (the layout's
``fallback_fonts``, then fonts given with ``--font``); a character no font
has is an error that names it and says how to add a font. :class:`LayoutFonts`
holds one layout's families and fallbacks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, makeToUnicodeCMap

from ..errors import LayoutSpecError, MissingGlyphs, Problem, RequestError
from ..load.files import read_regular
from ..load.layout_spec import LayoutSpec, Style

_ZERO_WIDTH = "\u200b\u2060\ufeff"  # zero-width space, word joiner, BOM
_INVISIBLE = "\u00ad" + _ZERO_WIDTH  # and the soft hyphen
_IGNORABLE = {"\n", "\t", "\r", *_INVISIBLE}
_DROP_INVISIBLE = str.maketrans("", "", _INVISIBLE)
_DROP_ZERO_WIDTH = str.maketrans("", "", _ZERO_WIDTH)


def invisible_removed(text: str) -> str:
    """``text`` without the invisible format characters the fonts have no glyph for.

    Typeset, they would print as boxes (the soft hyphen also swallowed the
    space after it next to a fallback-font word); ReportLab does no
    hyphenation here, so nothing is lost.
    """
    return text.translate(_DROP_INVISIBLE)


def zero_width_removed(text: str) -> str:
    """``text`` without the zero-width characters; soft hyphens stay, for ReportLab's paragraph to break a
    line at (with a visible hyphen; they print nothing elsewhere)."""
    return text.translate(_DROP_ZERO_WIDTH)


_NBSP_PROXY = 0xF00A0
"""A private-use code that stands for U+00A0 inside a subset (see :meth:`_TTFont.splitString`)."""


class _TTFont(TTFont):
    """ReportLab's TrueType font, with a ToUnicode map that lists only the codes in use.

    ReportLab fills unused codes of a subset with character 0 and maps them to
    U+0000, which PDF/UA-1 forbids (a text extractor would read a NUL). It also
    draws a no-break space (U+00A0) as a plain space, so the PDF's text lost it:
    here it is drawn with its own code, whose ToUnicode entry says U+00A0.
    """

    def splitString(self, text, doc, encoding="utf-8"):  # ReportLab's name
        if "\xa0" in text:
            face = self.face
            if _NBSP_PROXY not in face.charToGlyph:  # the no-break space's glyph (ReportLab: the space's)
                face.charToGlyph[_NBSP_PROXY] = face.charToGlyph.get(0xA0, face.charToGlyph.get(0x20, 0))
                face.charWidths[_NBSP_PROXY] = face.charWidths.get(0xA0, face.charWidths.get(0x20, 0))
            text = text.replace("\xa0", chr(_NBSP_PROXY))
        return super().splitString(text, doc, encoding)

    def addObjects(self, doc) -> None:  # ReportLab's name
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = _to_unicode(base, subset)


def _to_unicode(base: str, subset: list[int]) -> str:
    """ReportLab's CMap for a subset, without the unused codes it maps to U+0000, and with
    characters above U+FFFF written as UTF-16 surrogate pairs (ReportLab writes ``<10300>``)."""
    cmap = makeToUnicodeCMap(base, subset).split("\n")
    start = next(i for i, line in enumerate(cmap) if line.endswith("beginbfchar"))
    end = cmap.index("endbfchar")
    pairs = [f"<{code:02X}> <{chr(0xA0 if value == _NBSP_PROXY else value).encode('utf-16-be').hex().upper()}>"
             for code, value in enumerate(subset) if value]
    return "\n".join([*cmap[:start], f"{len(pairs)} beginbfchar", *pairs, *cmap[end:]])


MAX_FONT_BYTES = 64 * 1024 * 1024
"""The largest font file read (a whole CJK font is about 20 MB)."""


@cache
def _register_file(path: Path) -> str:
    """Register one .ttf once per process; the name depends on the file's bytes."""
    data, problem = read_regular(path, MAX_FONT_BYTES)
    if data is None:
        raise LayoutSpecError(f"{path}: not a usable TrueType font: {problem}")
    name = f"{path.stem}-{hashlib.sha1(data).hexdigest()[:8]}"
    try:
        pdfmetrics.registerFont(_TTFont(name, str(path)))
    except Exception as exc:  # TTFError and friends: a file that is not a usable font
        raise LayoutSpecError(f"{path}: not a usable TrueType font: {exc}") from exc
    return name


def register_family(faces: Mapping[str, Path]) -> dict[str, str]:
    """Register the faces of one family; returns ``{face: ReportLab font name}``.

    Missing faces fall back to the regular face, so ``<b>`` always works.
    Raises :class:`LayoutSpecError` if a file is not a usable TrueType font.
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


def escape(text: str) -> str:
    """``&``, ``<``, ``>`` as entities for ReportLab's paragraph parser (xml.sax.saxutils costs
    20 ms of imports: it pulls in urllib.request and http.client)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


ADD_FONT_HINT = ("add a TrueType (.ttf) font that has it with --font FILE.ttf, "
                 "or list one under fallback_fonts in the layout's layout.yaml")


def describe_missing(missing: list[str]) -> str:
    """``cannot print 'X' (U+0058): ...`` for the first few missing characters."""
    chars = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing[:5])
    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    return f"cannot print {chars}{more}: no font of this layout has it; {ADD_FONT_HINT}"


def _covers(font_name: str, text: str) -> bool:
    covered = _charmap(font_name)
    return all(ord(ch) in covered or ch == " " or ch in _IGNORABLE for ch in text)


_WORDS = re.compile(r"(\s+)")


class LazyFamily(Mapping[str, str]):
    """A font family registered with ReportLab the first time one of its faces is asked for.

    Fallback fonts are needed only for names and notes in other scripts, so
    most leaflets never load them (Noto Sans takes a few milliseconds a face).
    """

    def __init__(self, faces: Mapping[str, Path]):
        self._faces = faces
        self._names: dict[str, str] | None = None

    def _family(self) -> dict[str, str]:
        if self._names is None:
            self._names = register_family(self._faces)
        return self._names

    def __getitem__(self, face: str) -> str:
        return self._family()[face]

    def __iter__(self):
        return iter(self._family())

    def __len__(self) -> int:
        return len(self._family())


class Fallbacks:
    """The fallback families (``{face: font name}``) tried after a style's own font."""

    def __init__(self, families: Sequence[Mapping[str, str]]):
        self.families = list(families)

    def missing(self, text: str, font_name: str) -> list[str]:
        """Characters neither ``font_name`` nor any fallback can print."""
        lacking = missing_glyphs(text, font_name)
        if not lacking:  # the usual case: no fallback font is even loaded
            return []
        names = [f["regular"] for f in self.families] + [f["bold"] for f in self.families]
        return [ch for ch in lacking if not any(_covers(n, ch) for n in names)]

    def font_for(self, text: str, font_name: str, bold: bool) -> str | None:
        """``font_name`` if it prints all of ``text``, else the first fallback face that does, else None."""
        if _covers(font_name, text):
            return font_name
        face = "bold" if bold else "regular"
        return next((f[face] for f in self.families if _covers(f[face], text)), None)

    def markup(self, text: str, font_name: str, bold: bool) -> str:
        """``text`` escaped for a ReportLab paragraph, words the font lacks wrapped in ``<font>``.

        A whole word switches font, so a name such as "Nguyễn" is set in one
        typeface, not three. Raises :class:`MissingGlyphs` if no font has a character.
        """
        if _covers(font_name, text):
            return escape(text)
        face = "bold" if bold else "regular"
        out: list[str] = []
        for token in _WORDS.split(text):
            if not token or _covers(font_name, token):
                out.append(escape(token))
                continue
            whole = self.font_for(token, font_name, bold)
            if whole:
                out.append(f'<font name="{whole}">{escape(token)}</font>')
                continue
            for ch in token:  # mixed scripts in one word: character by character
                if _covers(font_name, ch):
                    out.append(escape(ch))
                    continue
                name = next((f[face] for f in self.families if _covers(f[face], ch)), None)
                if name is None:
                    missing = self.missing(text, font_name)
                    raise MissingGlyphs(missing, describe_missing(missing))
                out.append(f'<font name="{name}">{escape(ch)}</font>')
        return "".join(out)


class LayoutFonts:
    """The fonts of one layout: its families registered with ReportLab, and what to fall back on.

    ``families`` maps each family the styles use to ``{face: ReportLab font name}``;
    ``fallbacks`` tries the layout's ``fallback_fonts`` (registered when first needed),
    then ``extra_fonts`` (``--font`` files, registered now, so a broken file is reported
    even if no character needs it).

    Raises :class:`RequestError` (field ``font``) if an extra font is not a usable TrueType
    font, and :class:`LayoutSpecError` if a font of the layout is not.
    """

    def __init__(self, spec: LayoutSpec, extra_fonts: tuple[Path, ...] = ()):
        in_styles = {style.font for style in spec.styles.values()}
        self.families = {name: register_family(faces) for name, faces in spec.fonts.items() if name in in_styles}
        try:
            extra = [register_family({"regular": path}) for path in extra_fonts]
        except LayoutSpecError as exc:
            raise RequestError([Problem.of("font", str(exc))]) from exc
        layout: list[Mapping[str, str]] = [self.families.get(name) or LazyFamily(spec.fonts[name])
                                           for name in spec.fallback_fonts]
        self.fallbacks = Fallbacks([*layout, *extra])
        # Faces that are really bold (a family without a bold face maps "bold" to its regular face).
        self._bold = {f[face] for f in self.families.values() for face in ("bold", "bolditalic")} - {
            f[face] for f in self.families.values() for face in ("regular", "italic")}

    def face(self, style: Style) -> str:
        """The ReportLab font name for ``style``: its family's regular, bold, italic or bold italic face."""
        face = ("bold" if style.bold else "") + ("italic" if style.italic else "") or "regular"
        return self.families[style.font][face]

    def bold_of(self, font_name: str) -> str:
        """The bold face of the family ``font_name`` belongs to (itself if the family has none)."""
        return next((f["bold"] for f in self.families.values() if font_name in f.values()), font_name)

    def is_bold(self, font_name: str) -> bool:
        """Whether ``font_name`` is a really bold face of one of the layout's families."""
        return font_name in self._bold

    def missing(self, text: str, font_name: str) -> list[str]:
        """Characters of ``text`` neither ``font_name`` nor any fallback can print, in order, once each."""
        return self.fallbacks.missing(text, font_name)
