"""What the layout stage keeps between leaflets of one process, and the one switch that turns it off.

Leaflets of one audience, language, layout and clinic differ only in the
patient's fields, so most of the work of one is the work of the last. These
caches keep the results of pure steps, each keyed on every input of that step:

- **paragraphs parsed** (``parsed``): ReportLab's paragraph parser turns
  paragraph markup into fragments. Key: the markup text (fonts, fallback
  fonts and escapes are in it), the style object, the bullet text.
- **lines broken** (``broken``): a paragraph's line breaking at a width,
  with the words ReportLab leaves in the paragraph for its next break.
  Key: the paragraph's parse key and the line widths. A break that split a
  word (soft hyphen, web address, overlong word) is not kept, and that
  paragraph reuses nothing more: ReportLab's next break of it starts from
  the pieces (``paragraphs.py``).
- **images** (:func:`image`): a raster picture decoded once, and
  compressed into its PDF image object once. Key: the image's bytes (as
  SHA-256); then its mask and the stream encoding (``rl_config.useA85``).
- **drawings** (:func:`drawn`): the PDF operators of a vector drawing (a QR
  code, an SVG picture) drawn at the origin. Key: what was drawn (the QR
  code's data, the picture file) and its size and font; a drawing is kept
  only if drawing it changed nothing but the page's operators.

Styles objects used in keys are kept alive by the key (no reuse of ``id``)
and never change once made (:class:`~handouts.pdf.styles.Styles` caches its
scaled copies for this). Text of the patient (:func:`private`) is never
kept: a paragraph with it is parsed and broken afresh, like everything when
caching is off. Every cache is bounded (least recently used first out), so
memory stays flat over any number of leaflets.

Also kept: layout outcomes (``layouts``, ``fitted``: see ``fitting.py``) and
ReportLab's formatting of numbers while a document is built
(:func:`remembered_numbers`).

Caching is on only inside :func:`caching` (``Handouts(cache=...)`` or the
``HANDOUTS_CACHE`` environment variable; ``HANDOUTS_CACHE=0`` turns it off).
Off, every leaflet is made from scratch (the same switch turns off the
built-in templates' code and pictures' drawings made ahead of time:
``render/precompiled.py``, ``load/kept_drawings.py``); ``tests/test_reuse.py``
checks the bytes are the same both ways. Everything lives in the process's memory, never
on disk. Like a ``Handouts`` object, the caches are not made for threads that
render at once: the batch and the web page render in worker processes.
"""

from __future__ import annotations

import copy
import hashlib
import os
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

CACHE_VARIABLE = "HANDOUTS_CACHE"
_OFF = {"0", "off", "no", "false"}


def cache_default() -> bool:
    """Caching is on unless ``HANDOUTS_CACHE`` says ``0``, ``off``, ``no`` or ``false``."""
    return os.environ.get(CACHE_VARIABLE, "").strip().lower() not in _OFF


@dataclass(frozen=True)
class _State:
    on: bool = False
    private: tuple[str, ...] = ()


_STATE: ContextVar[_State | None] = ContextVar("handouts_reuse", default=None)
_NONE = _State()


def _texts(value: Any) -> Iterator[str]:
    """Every string in ``value``: a string, or lists, tuples and mappings of them (other values are skipped)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)


@contextmanager
def caching(on: bool, private: Iterable[Any] = ()) -> Iterator[None]:
    """Caches in use (``on``) for the leaflet rendered inside; ``private``: the patient's texts (strings, or
    lists, tuples and mappings of them, as typed and as the template context has them), never kept."""
    tokens = tuple(sorted({" ".join(line.split()) for text in _texts(tuple(private))
                           for line in text.split("\n")} - {""}))
    reset = _STATE.set(_State(on, tokens))
    try:
        yield
    finally:
        _STATE.reset(reset)


def active() -> bool:
    """Whether caches may be used now."""
    return (_STATE.get() or _NONE).on


def private(text: str) -> bool:
    """Whether ``text`` (a paragraph's plain text) holds any of the patient's text, or is part of it."""
    flat = " ".join(text.split())
    return any(token in flat or (flat and flat in token) for token in (_STATE.get() or _NONE).private)


class Bounded:
    """A dict that forgets the least recently used entry past ``size`` entries."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self.hits = 0
        """How many times :meth:`get` found its key (tests: the caches are really used)."""

    def get(self, key: Hashable) -> Any:
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
            self.hits += 1
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.size:
            self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        self._data.clear()


parsed = Bounded(12_000)
"""(markup, style, bullet text) -> (cleaned text, style, fragments, bullet text) of a parsed paragraph."""
broken = Bounded(24_000)
"""(parse key, line widths) -> (lines, attributes breakLines set, words it left in ``frags``) of a paragraph."""
fitted = Bounded(1024)
"""(layout, paper, title, language, keywords) -> the text sizes (scales) at which the last such leaflet fitted
its pages: a hint, never an answer. fitting.py builds such a size at once; any other it first lays out
without drawing, which decides the same way."""
layouts = Bounded(4096)
"""(typesetter, layout, paper, title, language, keywords, scale, digest of the blocks, geometry of the
patient's blocks) -> whether the story fits its pages (fitting.py: what decides a layout)."""
_images = Bounded(32)
_drawings = Bounded(256)
_NOT_KEPT = object()


def clear() -> None:
    """Forget everything (tests)."""
    for cache in (parsed, broken, fitted, layouts, _images, _drawings):
        cache.clear()
    _NUMBERS.clear()


# -- images -------------------------------------------------------------------------------
class ImageEntry:
    """A raster image decoded once (``reader``) and its PDF image objects, compressed once each
    (:meth:`xobject`, per mask and stream encoding)."""

    def __init__(self, data: bytes):
        import io

        from reportlab.lib.utils import ImageReader

        self.reader = ImageReader(io.BytesIO(data))
        self._xobjects: dict[tuple[str, int], Any] = {}

    def xobject(self, mask: Any) -> Any:
        """The image object as ``Canvas.drawImage`` would make it now (``rl_config.useA85`` is read when it
        is made: ``pages.py`` turns it off while a document is built)."""
        from reportlab import rl_config

        key = (repr(mask), rl_config.useA85)
        if key not in self._xobjects:
            from reportlab.pdfbase import pdfdoc
            from reportlab.pdfgen.canvas import _digester

            reader = self.reader
            raw = reader.getRGBData()  # the name, as Canvas.drawImage makes it
            smask = reader._dataA
            mdata: Any = smask.getRGBData() if mask == "auto" and smask else str(mask)
            name = _digester(raw + (mdata.encode("utf8") if isinstance(mdata, str) else mdata))
            xobject = pdfdoc.PDFImageXObject(name, reader, mask=mask)
            xobject.name = name
            self._xobjects[key] = xobject
        return self._xobjects[key]


def image(data: bytes) -> ImageEntry:
    """The image of a PNG or JPEG file's ``data``, decoded once per process (key: the bytes' SHA-256)."""
    key = hashlib.sha256(data).hexdigest()
    entry = _images.get(key)
    if entry is None:
        entry = ImageEntry(data)
        _images.put(key, entry)
    return entry


def register_image(canvas: Any, entry: ImageEntry, mask: Any) -> None:
    """Put a copy of ``entry``'s image object into ``canvas``'s document, as ``Canvas.drawImage`` would on
    first use (it then finds it there and only draws it)."""
    from reportlab.pdfbase import pdfdoc

    made = entry.xobject(mask)
    doc = canvas._doc
    reg_name = doc.getXObjectName(made.name)
    if doc.idToObject.get(reg_name) is not None:
        return
    xobject = copy.copy(made)
    canvas._setXObjects(xobject)
    doc.Reference(xobject, reg_name)
    doc.addForm(made.name, xobject)
    smask = getattr(made, "_smask", None)
    if smask:
        smask = copy.copy(smask)
        m_reg_name = doc.getXObjectName(smask.name)
        if doc.idToObject.get(m_reg_name) is None:
            canvas._setXObjects(smask)
            xobject.smask = doc.Reference(smask, m_reg_name)
        else:
            xobject.smask = pdfdoc.PDFObjectReference(m_reg_name)
        del xobject._smask


# -- drawings -----------------------------------------------------------------------------
def _doc_state(canvas: Any) -> tuple:
    """What drawing could change besides the page's operators (fonts, graphics states, objects, forms)."""
    doc = canvas._doc
    gstate = getattr(canvas, "_extgstate", None)
    return (len(doc.idToObject), len(getattr(doc, "fontMapping", {})), len(getattr(doc, "delayedFonts", [])),
            dict(getattr(gstate, "_d", {})), len(getattr(gstate, "_c", {})), len(canvas._formsinuse),
            len(getattr(canvas, "_annotationrefs", [])), canvas._fontname, canvas._fontsize)


def drawn(canvas: Any, key: Hashable, draw: Any) -> None:
    """Call ``draw()`` (which draws on ``canvas`` at the origin), or append the operators it gave the last
    time for ``key``.

    Operators are kept only if they name no resource (no ``/``: no font, image, graphics state or
    pattern, whose names belong to one document) and drawing changed nothing else on the canvas or in
    its document; otherwise the drawing is drawn afresh every time."""
    if not active():
        draw()
        return
    lines = _drawings.get(key)
    if lines is not None and lines is not _NOT_KEPT:
        canvas._code.extend(lines)
        return
    before, start = _doc_state(canvas), len(canvas._code)
    draw()
    if lines is None:
        new = tuple(canvas._code[start:])
        plain = _doc_state(canvas) == before and not any("/" in line for line in new)
        _drawings.put(key, new if plain else _NOT_KEPT)


# -- numbers ------------------------------------------------------------------------------
_NUMBERS: dict[tuple, str] = {}
_NUMBERS_MAX = 50_000
_NUMBER_MODULES = ("reportlab.pdfgen.canvas", "reportlab.pdfgen.textobject", "reportlab.pdfgen.pathobject",
                   "reportlab.pdfbase.pdfdoc", "reportlab.pdfbase.ttfonts", "reportlab.lib.colors",
                   "reportlab.platypus.flowables", "reportlab.platypus.tables")


def _remembered_fp_str(*numbers: Any) -> str:
    """ReportLab's ``fp_str`` (numbers as PDF writes them: a pure function), remembered: the same
    coordinates, sizes and colours come back in every leaflet, and its pure-Python form is slow."""
    from reportlab.lib.rl_accel import fp_str

    try:
        text = _NUMBERS.get(numbers)
    except TypeError:  # a list: not kept
        return fp_str(*numbers)
    if text is None:
        text = fp_str(*numbers)
        if len(_NUMBERS) < _NUMBERS_MAX:  # bounded: what comes first is what comes back
            _NUMBERS[numbers] = text
    return text


@contextmanager
def remembered_numbers() -> Iterator[None]:
    """While a document is built (``pages.py``), with caching on, ReportLab's modules format numbers
    through :func:`_remembered_fp_str`; afterwards they have their own ``fp_str`` again. Numbers equal as
    keys (1 and 1.0, 0.0 and -0.0) give the same text, so the bytes are the same."""
    if not active():
        yield
        return
    import sys

    from reportlab.lib.rl_accel import fp_str

    modules = [sys.modules[name] for name in _NUMBER_MODULES if name in sys.modules]
    swapped = [module for module in modules if getattr(module, "fp_str", None) is fp_str]
    for module in swapped:
        module.fp_str = _remembered_fp_str  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in swapped:
            module.fp_str = fp_str  # type: ignore[attr-defined]
