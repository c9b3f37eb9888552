"""The HTML twin: what the web page needs beyond the PDF's template context.

``format="html"`` renders ``_html/leaflet.html.j2`` (a folder among the
layouts, so a ``--layouts-dir`` can replace it; it is not a layout itself)
with the same sandboxed, autoescaping environment and the same context as
the PDF templates, plus ``html``:

- ``lang``: the language's BCP 47 tag, for ``<html lang>``;
- ``logo``: the clinic's logo as a ``data:`` URI, or ``""``;
- ``pictures``: picture name -> ``data:`` URI.

Pictures are embedded, never linked, so the page is one self-contained file
that makes no requests. They were checked when loaded (``pictures.py``: an
SVG has no scripts, entities or outside references); a large PNG or JPEG
goes in as the same at-most-1000-pixel copy the PDF uses.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..load.model import Clinic
from ..load.pictures import file_version, print_copy
from ..select import Selection

HTML_TEMPLATE = "_html/leaflet.html.j2"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def data_uri(path: Path) -> str:
    """A checked picture file as a ``data:`` URI, made once per process and version of the file (its
    modification time and size, as the PDF's print copy: a logo replaced while a server runs is read again)."""
    return _data_uri(path, file_version(path))


@lru_cache(maxsize=64)
def _data_uri(path: Path, _version: tuple[int, int]) -> str:
    if path.suffix.lower() == ".svg":
        mime, data = "image/svg+xml", path.read_bytes()
    else:
        data = print_copy(path)  # the file itself, or a PNG if it had to be made smaller
        mime = "image/png" if data.startswith(_PNG_MAGIC) else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def html_context(selection: Selection, clinic: Clinic) -> dict[str, Any]:
    """The ``html`` entry of the template context (module docstring)."""
    used = sorted({item.picture for item in selection.items if item.picture})
    pictures = selection.content.pictures
    return {
        "lang": selection.language.tag,
        "logo": data_uri(clinic.logo) if clinic.logo else "",
        "pictures": {name: data_uri(pictures[name]) for name in used},
    }
