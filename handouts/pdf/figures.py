"""Pictures in the story: ``<figure>``, ``<logo>``, ``<image>`` and ``<qr>``.

:class:`Pictures` finds a picture by name (a file in the layout folder
first, then the content's pictures) and checks each file once per
typesetter; :func:`picture_flowable` scales a checked PNG, JPEG or SVG file
into a box. :class:`Figures` makes the blocks: each drawing is a tagged
``Figure`` with its alternative text (none: decoration), and text in a
vector drawing is set in a font of the layout, so it is embedded.
"""

from __future__ import annotations

import copy
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.boxstuff import aspectRatioFix
from reportlab.platypus import Flowable, Image

from ..errors import DataError, LayoutSpecError
from ..load.files import is_regular
from ..load.layout_spec import LayoutSpec
from ..load.pictures import PICTURE_SUFFIXES, check_picture, file_version, print_copy, svg_drawing
from ..load.yamlfile import display_path
from ..render.markup import plain_text
from . import reuse
from .drawings import qr_code
from .fonts import LayoutFonts, describe_missing
from .styles import Styles
from .tagging import TaggedParagraph
from .text import markup
from .tree import TreeCursor


@dataclass(frozen=True)
class Assets:
    """Files the markup refers to by name: the clinic's logo and the content's pictures (name -> file)."""

    logo: Path | None = None
    pictures: Mapping[str, Path] = field(default_factory=dict)


def picture_flowable(path: Path, max_width: float, max_height: float) -> Flowable:
    """A checked picture file scaled to fit ``max_width`` x ``max_height`` points, proportions kept.

    An SVG becomes a vector ``Drawing`` (svglib; with caching on, a built-in picture's drawing made ahead
    of time: ``load/kept_drawings.py``); a PNG or JPEG an ``Image`` of its print copy, centred.
    """
    if path.suffix.lower() == ".svg":
        source = svg_drawing(path, kept=reuse.active())
        scale = min(max_width / source.width, max_height / source.height)
        group = Group(*source.contents, transform=(scale, 0, 0, scale, 0, 0))
        drawing = Drawing(source.width * scale, source.height * scale)
        drawing.add(group)
        return drawing
    image = _Picture(print_copy(path), width=max_width, height=max_height)
    image.hAlign = "CENTER"
    return image


class _Picture(Image):
    """A raster picture (PNG or JPEG bytes); with caching on, decoded and compressed once per process
    (:func:`reuse.image_xobject`) and only placed on the page here."""

    def __init__(self, data: bytes, width: float, height: float):
        self._entry = reuse.image(data) if reuse.active() else None
        if self._entry is not None:
            self._img = self._entry.reader  # read by Image.__init__ for its size
        super().__init__(io.BytesIO(data), width=width, height=height, kind="proportional")

    def draw(self) -> None:
        if self._entry is None or not reuse.active():
            super().draw()
            return
        # What Canvas.drawImage does for an image already in the document, without digesting its pixels
        # again to find its name (the name is kept with the image).
        canvas = self.canv
        reuse.register_image(canvas, self._entry, self._mask)
        xobject = self._entry.xobject(self._mask)
        reg_name = canvas._doc.getXObjectName(xobject.name)
        canvas._currentPageHasImages = 1
        x, y, width, height, _ = aspectRatioFix(False, "c", getattr(self, "_offs_x", 0), getattr(self, "_offs_y", 0),
                                                self.drawWidth, self.drawHeight, xobject.width, xobject.height, False)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(width, height)
        canvas._code.append(f"/{reg_name} Do")
        canvas.restoreState()
        canvas._formsinuse.append(xobject.name)


class Replayed(Flowable):
    """A vector drawing (a ``Drawing``) that, with caching on, is drawn once per process and ``key``:
    later leaflets get the same PDF operators (:func:`reuse.drawn`). ``key`` names everything that
    makes the drawing (what it shows, its size and its font)."""

    def __init__(self, inner: Flowable, key: tuple):
        super().__init__()
        self.inner, self.key = inner, key
        self.hAlign = getattr(inner, "hAlign", "LEFT")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # ReportLab's names
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def minWidth(self) -> float:  # ReportLab's name
        return self.inner.minWidth()

    def getSpaceBefore(self) -> float:  # ReportLab's name
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # ReportLab's name
        return self.inner.getSpaceAfter()

    def draw(self) -> None:
        reuse.drawn(self.canv, self.key, lambda: self.inner._drawOn(self.canv))


def replayable(flowable: Flowable, key: tuple) -> Flowable:
    """``flowable`` as a :class:`Replayed` drawing if it is a vector drawing without text (text would name
    a font of one document), else as it is."""
    if not hasattr(flowable, "contents") or any(True for _ in _strings_in(flowable)):
        return flowable
    return Replayed(flowable, (*key, flowable.initialFontName, flowable.initialFontSize))


class Pictures:
    """The picture files one render may use: ``assets`` and the pictures of the layout folder.

    ``checked`` is the typesetter's set of files already checked; this adds to it.
    """

    def __init__(self, spec: LayoutSpec, assets: Assets, checked: set[Path]):
        self.spec, self.assets, self._checked = spec, assets, checked

    @property
    def logo(self) -> Path | None:
        """The clinic's logo file, if it has one."""
        return self.assets.logo

    def find(self, name: str, where: str) -> Path:
        """A picture by name: a file in the layout folder first, then the content's pictures.

        ``where`` names the element in messages. Raises :class:`LayoutSpecError` if there is no such
        picture or the file cannot be printed.
        """
        if re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
            for suffix in PICTURE_SUFFIXES:
                local = self.spec.folder / f"{name}{suffix}"
                if is_regular(local):
                    self.check(local, where)
                    return local
        if name in self.assets.pictures:
            path = self.assets.pictures[name]
            self.check(path, where)  # the loader skipped drawing it (svglib is slow to import)
            return path
        raise LayoutSpecError(f"{self.spec.template_path}: {where}: no picture {name!r} in the layout folder "
                              "or in the content's pictures/")

    def check(self, path: Path, where: str) -> None:
        """Raise :class:`LayoutSpecError` naming ``where`` if the picture file cannot be printed."""
        if path not in self._checked:
            problem = check_picture(path, kept=reuse.active())
            if problem:
                raise LayoutSpecError(f"{self.spec.template_path}: {where}: {problem}")
            self._checked.add(path)


def _strings_in(node: Any) -> Iterator[Any]:
    """The text strings (``reportlab.graphics.shapes.String``) anywhere in a drawing."""
    for child in getattr(node, "contents", ()):
        if hasattr(child, "contents"):
            yield from _strings_in(child)
        elif hasattr(child, "text") and hasattr(child, "fontName"):
            yield child


class Figures:
    """Builds the picture blocks of one layout attempt, sized ``styles.scale`` times the template's lengths."""

    def __init__(self, styles: Styles, fonts: LayoutFonts, tree: TreeCursor, pictures: Pictures):
        self.styles, self.fonts, self.tree, self.pictures = styles, fonts, tree, pictures

    def figure(self, elem: ET.Element, width: float) -> Flowable:
        """A ``<figure>``: the picture with its caption below, centred, kept together, at most ``width`` wide.

        Raises :class:`LayoutSpecError` (no such picture, a size of 0) or :class:`DataError` (SVG text
        no font prints).
        """
        styles = self.styles
        path = self.pictures.find(elem.get("picture", ""), f"<figure picture={elem.get('picture')!r}>")
        fig_width = min(styles.length(elem, "width", width) * styles.scale, width)
        fig_height = styles.length(elem, "height", fig_width) * styles.scale
        if fig_width <= 0 or fig_height <= 0:
            raise LayoutSpecError(f"{styles.spec.template_path}: <figure picture={elem.get('picture')!r}> needs "
                                  "a width and height above 0")
        picture = self._own_font(picture_flowable(path, fig_width, fig_height), path)
        picture.hAlign = "CENTER"
        picture = replayable(picture, ("picture", str(path), file_version(path), fig_width, fig_height))
        rows: list[list[Any]] = [[self.tree.figure(picture, elem.get("alt", ""))]]
        style = styles.style(elem.get("style"), "caption")
        if plain_text(elem):
            rows.append([self.tree.tag(TaggedParagraph(markup(self.fonts, elem, style), style), "Caption")])
        # A one-column table keeps picture and caption together, also inside a <row> cell.
        table = styles.table(rows, [width], [
            ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * styles.scale),
        ])
        table.spaceAfter = style.spaceAfter
        return table

    def logo(self, elem: ET.Element, width: float) -> list[Flowable]:
        """The clinic's logo scaled into ``width`` x ``height`` points; nothing if the clinic has none."""
        if self.pictures.logo is None:
            return []
        styles = self.styles
        size = (min(styles.length(elem, "width", width), width) * styles.scale,
                styles.length(elem, "height", 0.75 * 72) * styles.scale)
        logo = self._own_font(picture_flowable(self.pictures.logo, *size), self.pictures.logo)
        logo.hAlign = elem.get("align", "left").upper()
        logo = replayable(logo, ("picture", str(self.pictures.logo), file_version(self.pictures.logo), *size))
        return [self.tree.figure(logo, elem.get("alt", "Logo"))]

    def image(self, elem: ET.Element, width: float) -> Flowable:
        """An ``<image>`` from the layout folder, at most ``width`` points wide, proportions kept.

        Raises :class:`LayoutSpecError` if ``src`` is not a file inside the layout folder.
        """
        styles, src = self.styles, elem.get("src", "")
        folder = styles.spec.folder
        path = (folder / src).resolve()
        if Path(src).is_absolute() or folder.resolve() not in path.parents or not is_regular(path):
            raise LayoutSpecError(f"{styles.spec.template_path}: <image src={src!r}> must name a file inside "
                                  "the layout folder")
        self.pictures.check(path, f"<image src={src!r}>")
        img_width = min(styles.length(elem, "width", width), width) * styles.scale
        image = Image(str(path), width=img_width, height=styles.length(elem, "height", img_width) * styles.scale,
                      kind="proportional")
        return self.tree.figure(image, elem.get("alt", ""))

    def qr(self, elem: ET.Element) -> Flowable:
        """A ``<qr>`` code ``size`` points square (default 72, unscaled).

        Raises :class:`LayoutSpecError` if the data is too long for a QR code.
        """
        try:
            drawing = self._own_font(qr_code(elem.get("data", ""), self.styles.length(elem, "size", 72.0)))
        except Exception as exc:  # ReportLab raises a bare Exception when the data is too long
            raise LayoutSpecError(f"{self.styles.spec.template_path}: <qr>: cannot make a QR code of "
                                  f"{len(elem.get('data', ''))} characters ({exc})") from exc
        drawing.hAlign = elem.get("align", "left").upper()
        drawing = replayable(drawing, ("qr", elem.get("data", ""), self.styles.length(elem, "size", 72.0)))
        return self.tree.figure(drawing, elem.get("alt", elem.get("data", "")))

    def _own_font(self, flowable: Flowable, source: Path | None = None) -> Flowable:
        """A vector drawing starts in base-14 Helvetica (unembedded) unless told otherwise.

        Text in an SVG (a logo's name, say) gets a font of this layout too: svglib gives
        it a base-14 or system font, which would not be embedded. A text no font of the
        layout can print is a :class:`DataError` naming the file.
        """
        if not hasattr(flowable, "contents"):  # not a reportlab.graphics Drawing
            return flowable
        body = self.styles.body
        flowable.initialFontName, flowable.initialFontSize = body.fontName, body.fontSize
        if not any(True for _ in _strings_in(flowable)):
            return flowable
        flowable = copy.deepcopy(flowable)  # the parsed SVG is cached and shared
        fallbacks = self.fonts.fallbacks
        for string in _strings_in(flowable):
            bold = "bold" in str(getattr(string, "fontName", "")).lower()
            font = fallbacks.font_for(string.text, self.fonts.bold_of(body.fontName) if bold else body.fontName, bold)
            if font is None:
                missing = fallbacks.missing(string.text, body.fontName) or list(string.text)
                raise DataError(f"{display_path(source) if source else 'a drawing'}: the text {string.text!r} in "
                                f"the SVG cannot be printed with this layout's fonts ({describe_missing(missing)}); "
                                "convert the text to paths in the SVG file")
            string.fontName = font
        return flowable
