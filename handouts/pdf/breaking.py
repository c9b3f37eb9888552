"""Where ReportLab may break a line: the Unicode rules it lacks, for no-break spaces and web addresses.

ReportLab 5.1's paragraph breaks words at every character of its white-space
list, which includes the narrow no-break space (U+202F) and the figure space
(U+2007), and at U+00A0 too when a text has none of the others (Python's
``str.split()``). ``2 000 mg`` typed with any of them could break between the
number and its unit. :func:`_split` is ReportLab's own word splitter without
those three, installed in its paragraph module once (Unicode line-breaking
class GL: they glue, never break). They are drawn with their own glyphs, so
the PDF's text keeps them.

A web address wider than its line was cut at any letter ("…/le" "g-cramps").
ReportLab splits an address only when it has a scheme (``https://``) and only
at ``/``. :func:`_address_break_points` replaces its finder: an address with or
without a scheme (``example.org/leg-cramps``) breaks after a ``/`` or before a
``.`` or ``-``, never inside a word (unless a piece with no such place is
itself wider than the line), and no hyphen is added. After other words on a
line, an address none of whose places fits the rest of the line starts the
next line whole (ReportLab would cut it after any letter that fits, "… m"
"ayoclinic.org/…"). Paragraph styles
ask for it with ``uriWasteReduce=1`` (:data:`STYLE`): an address that fits on a
line of its own moves there whole; only one wider than a line is broken.

Soft hyphens (U+00AD) are ReportLab's own: a line may break there, with a
visible hyphen; otherwise they print nothing.

Both replacements are checked by ``tests/test_real_input.py`` against the
installed ReportLab (pinned ``<6``).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from reportlab.platypus import paragraph

STYLE = {"uriWasteReduce": 1}
"""Paragraph style settings for :func:`_address_break_points`: split an address only if it does not fit a line."""

_NO_BREAK = "\u00a0\u202f\u2007"
_BREAKING = "".join(ch for ch in paragraph._wsc if ch not in _NO_BREAK)
_split_words = re.compile(f"[{re.escape(_BREAKING)}]+").split


def _split(text: str | bytes, delim: str | bytes | None = None) -> list[str]:
    """ReportLab's ``paragraph.split``, except that no-break spaces never split a word. As there, a text
    with U+00A0 keeps the empty words at its ends and any other drops them (``str.split()``), so text
    without no-break spaces breaks exactly as before."""
    if isinstance(text, bytes):
        text = text.decode("utf8")
    if isinstance(delim, bytes):
        delim = delim.decode("utf8")
    if delim is not None:
        return text.split(delim)
    words = _split_words(text)
    return words if "\xa0" in text else [word for word in words if word]


_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?::[0-9]+)?(?:[/?#]\S*)?",
                      re.IGNORECASE)
_POINTS = re.compile(r"(?<=/)(?=[^/])|(?<=[^/.\-])(?=[.\-][^.\-])")
"""After a ``/`` (not between two), before a ``.`` or ``-`` (not at the start, not before another)."""


def _address_break_points(uri: str | bytes) -> list[tuple[str, str]] | None:
    """The ways to break a web address, as ReportLab's ``_uri_split_pairs`` returns them: after a ``/`` or
    before a ``.`` or ``-``, longest first part first; then, on a line of its own only, after any
    character (a piece with no such place wider than the line must never run off the page). On a line
    that holds other words, an address whose places do not fit moves to the next line
    (:func:`_pair_or_next_line`). ``None`` if ``uri`` is not an
    address (ReportLab then tries its other rules). An address is a host with a path or scheme, or
    the rest of one already broken (it contains ``/`` or starts with ``.`` or ``-``)."""
    if isinstance(uri, bytes):
        uri = uri.decode("utf8")
    host = _ADDRESS.fullmatch(uri) and ("/" in uri or "://" in uri)
    if (not host and not ("/" in uri or uri.startswith((".", "-")))) or any(ch.isspace() for ch in uri):
        return None
    scheme_end = uri.find("://") + 3 if "://" in uri else 0
    cuts = [m.start() for m in _POINTS.finditer(uri) if m.start() > scheme_end]
    last_resort = [i for i in range(len(uri) - 1, scheme_end, -1) if i not in cuts] if _line.fresh else []
    return [(uri[:i], uri[i:]) for i in [*reversed(cuts), *last_resort]]


class _Line(threading.local):
    fresh = True
    """Whether the address being broken starts its line (set by :func:`_pair_or_next_line`)."""


_line = _Line()
_reportlab_pair = paragraph._hyGenPair


def _pair_or_next_line(hyphenator: Any, s: Any, ww: float, newWidth: float, maxWidth: float,
                       *rest: Any) -> tuple | None:
    """ReportLab's ``_hyGenPair`` (how to split one word at the end of a line), except for a web address
    after other words on a line: if none of its places fits the rest of the line, the whole address
    starts the next line (an empty first part ends this one), where it breaks again. ReportLab would cut
    it after any letter that fits ("… m" "ayoclinic.org/…")."""
    _line.fresh = newWidth - ww <= 0
    try:
        pair = _reportlab_pair(hyphenator, s, ww, newWidth, maxWidth, *rest)
    finally:
        _line.fresh = True
    if pair is None and newWidth - ww > 0 and ww > maxWidth and _address_break_points(s) is not None:
        return "", 0, 0, ww, "", s
    return pair


def install() -> None:
    """Put both rules into ReportLab's paragraph module (idempotent)."""
    paragraph.split = _split
    paragraph._uri_split_pairs = _address_break_points
    paragraph._hyGenPair = _pair_or_next_line


install()
