"""Text as it enters: one form for every character, one kind of line break, spaces that keep their kind.

Every way text comes in (a YAML file, a CSV cell, a command-line option, a web
form) passes through these functions, so the same characters typed anywhere
print the same:

- **NFC**: a letter typed as a base letter plus a combining accent (macOS and
  some EHR exports write "Zoe" + U+0308) becomes the one composed character
  ("Zoë"), which is what the fonts draw as one glyph;
- **line breaks**: CRLF (Windows) and a lone CR (old Mac exports) become LF;
- **spaces**: runs of ordinary spaces and tabs collapse to one space, but the
  no-break spaces (U+00A0, U+202F narrow, U+2007 figure) are kept as typed:
  ``2 000 mg`` must never break between the number and its unit (Python's
  ``str.split()`` would treat them as ordinary spaces).
"""

from __future__ import annotations

import re
import unicodedata

NO_BREAK_SPACES = "\u00a0\u202f\u2007"
"""No-break space, narrow no-break space, figure space: kept as typed, never a line break."""
SOFT_HYPHEN = "\u00ad"
"""An invisible break point: a line may break there, and then shows a hyphen."""

_BREAKING_SPACE = re.compile(r"[^\S\n\u00a0\u202f\u2007]+")
"""Whitespace that is not a line feed or a no-break space."""
_LINE_BREAK = re.compile(r"\r\n?")


def nfc(text: str) -> str:
    """``text`` in Unicode normalisation form C (composed), with CRLF and CR as LF."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return unix_lines(text)


def unix_lines(text: str) -> str:
    """CRLF and CR as LF (other separators, such as U+2028, are left to the checks that refuse them)."""
    return _LINE_BREAK.sub("\n", text) if "\r" in text else text


def collapse(text: str) -> str:
    """One line: runs of breaking whitespace (line breaks too) as one space, ends stripped; no-break
    spaces kept."""
    return _BREAKING_SPACE.sub(" ", text.replace("\n", " ")).strip()


def collapse_lines(text: str) -> list[str]:
    """Each line of ``text`` collapsed (:func:`collapse`); empty lines kept as ``""``."""
    return [collapse(line) for line in unix_lines(text).split("\n")]
