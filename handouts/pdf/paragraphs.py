"""Paragraphs whose parse and line breaks are reused between leaflets (``reuse.py``).

:class:`ReusedParagraph` is ReportLab's ``Paragraph``; with caching on, one
made from the same markup, style object and bullet as an earlier one takes
that one's fragments instead of parsing again, and its line breaking at the
same widths takes a copy of the earlier result. A paragraph with the
patient's text is never kept. Split parts (made from fragments) are not
reused.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, _InjectedFrag, _SplitFrag

from . import reuse

__all__ = ["ReusedParagraph"]

_BREAK_ATTRS = ("_width_max", "_splitLongWordCount", "_hyphenations", "height")
"""What ReportLab's ``Paragraph.breakLines`` sets on the paragraph besides returning the lines."""


def _clone(obj: Any) -> Any:
    """A shallow copy of a ReportLab bag (``ParaLines``, ``FragLine``, a fragment): ``copy.copy`` is slower."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


def _copy_lines(lines: ParaLines) -> ParaLines:
    """Broken lines that drawing may change (``_space_line_ends`` replaces a line, or a word of one) without
    changing the original. The fragments stay shared: splitting copies them first (``_split_blParaHard``
    adds a space to one)."""
    out = _clone(lines)
    if lines.kind == 0:
        out.lines = list(lines.lines)
    else:
        out.lines = []
        for line in lines.lines:
            line = _clone(line)
            line.words = list(line.words)
            out.lines.append(line)
    return out


class ReusedParagraph(Paragraph):
    """ReportLab's paragraph, parsed and broken into lines once per text, style and width (with caching on)."""

    frags: list[Any]  # ReportLab's: the parsed fragments, then the words its last break left
    _reuse_key: tuple | None = None
    """(markup, style, bullet text) when this paragraph's parse and line breaks may be reused (reuse.py)."""

    def __init__(self, text, style=None, bulletText=None, frags=None, **kwargs):  # ReportLab's names
        key = (text, style, bulletText) if frags is None and not kwargs and reuse.active() else None
        kept = reuse.parsed.get(key) if key is not None else None
        if kept is not None:  # parsed before: the same text, style object and bullet give the same fragments
            cleaned, parsed_style, parsed_frags, bullet, self._source = kept
            self.caseSensitive, self.encoding = 1, "utf8"
            self._setup(cleaned, parsed_style, bullet, list(parsed_frags), None)
            self._reuse_key = key
            return
        super().__init__(text, style, bulletText, frags, **kwargs)
        # The text with its spaces, read before wrapping turns the fragments into lines.
        self._source = " ".join("".join(" " if getattr(f, "lineBreak", False) else str(getattr(f, "text", "") or "")
                                        for f in self.frags).split())
        if key is not None and not reuse.private(self._source):  # the patient's text is never kept
            reuse.parsed.put(key, (self.text, self.style, tuple(self.frags), self.bulletText, self._source))
            self._reuse_key = key

    def breakLines(self, width):  # ReportLab's name
        """ReportLab's line breaking, or a copy of its result for the same paragraph and widths.

        ReportLab's breaking leaves its words in ``self.frags`` (the next break of this paragraph starts
        from them); that is kept and given back too. If it split a word (a soft hyphen, a web address,
        a word wider than the line), the words it leaves hold the pieces, and a later break of this
        paragraph differs from a fresh one's: such a break is not kept, and this paragraph reuses
        nothing from then on."""
        if self._reuse_key is None or not reuse.active():
            return super().breakLines(width)
        key = (self._reuse_key, tuple(width))
        kept = reuse.broken.get(key)
        if kept is None:
            lines = super().breakLines(width)
            if getattr(self, "_hyphenations", 0) or getattr(self, "_splitLongWordCount", 0) or any(
                    isinstance(word, (_SplitFrag, _InjectedFrag)) for word in self.frags):
                self._reuse_key = None
                return lines
            reuse.broken.put(key, (_copy_lines(lines), {a: getattr(self, a) for a in _BREAK_ATTRS if hasattr(self, a)},
                                   tuple(self.frags)))
            return lines
        lines, attributes, words = kept
        for name, value in attributes.items():
            setattr(self, name, value)
        self.frags = list(words)
        return _copy_lines(lines)

    def _get_split_blParaFunc(self):  # ReportLab's name: how split() takes lines start:stop as fragments
        split_lines = super()._get_split_blParaFunc()
        if self._reuse_key is None:
            return split_lines

        def own_fragments(lines: ParaLines, start: int, stop: int) -> Any:
            if lines.kind == 1:  # reused lines share their fragments with the cache: copy them before a change
                for line in lines.lines[start:stop]:
                    line.words = [_clone(word) for word in line.words]
            return split_lines(lines, start, stop)

        return own_fragments
