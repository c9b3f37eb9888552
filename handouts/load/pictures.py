"""Pictures: clinic logos and the stretch illustrations, PNG, JPEG or SVG.

:func:`check_picture` validates a file before anything renders (a real
image of a sensible size, an SVG with no scripts, entities or outside
references) and returns the problem as text. :func:`svg_drawing` parses an SVG
file into a vector drawing (svglib) and :func:`print_copy` makes a raster
picture small enough to print; ``pdf/figures.py`` scales them into the page.
Nothing is fetched from the network.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Any

from .files import regular_problem

KINDS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}
PICTURE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
"""The order in which a picture's name is looked up."""
MAX_RASTER_BYTES = 4 * 1024 * 1024
MAX_SVG_BYTES = 512 * 1024
MAX_PIXELS = 6000
MIN_PIXELS = 16
MAX_PRINT_PIXELS = 1000
_SVG_REFUSED = re.compile(r"<!doctype|<!entity|<script|<image|<foreignobject|\bhref\s*=\s*[\"'](?!#)"
                          r"|url\(\s*[\"']?(?!#)|@import", re.IGNORECASE)


def check_picture(path: Path, draw: bool = True, kept: bool = True) -> str | None:
    """What is wrong with this picture file, or ``None`` if it can be printed.

    ``draw=False`` skips converting an SVG with svglib (which imports
    ReportLab), for checks that must stay fast, such as loading content;
    ``kept``: as for :func:`svg_drawing` (False when caching is off).
    """
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        return f"{path.name}: expected a .png, .jpg or .svg file"
    problem = regular_problem(path)
    if problem:  # a FIFO or a device would block or never end: refused before anything reads it
        return f"{path.name}: {problem}"
    size = path.stat().st_size
    if kind == "SVG":
        if size > MAX_SVG_BYTES:
            return f"{path.name}: {size // 1024} KB; an SVG picture may be at most {MAX_SVG_BYTES // 1024} KB"
        return _check_svg(path, draw, kept)
    if size > MAX_RASTER_BYTES:
        return f"{path.name}: {size // 1024} KB; a {kind} picture may be at most {MAX_RASTER_BYTES // 1024 // 1024} MB"
    return _check_raster(path, kind)


def _check_raster(path: Path, kind: str) -> str | None:
    from PIL import Image, UnidentifiedImageError

    bomb_limit = Image.MAX_IMAGE_PIXELS
    try:
        # Read the header with Pillow's own bomb check off: our pixel limit (checked before
        # anything is decoded) is far lower, and gives the clearer message.
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(path) as image:
            found = image.format
            width, height = image.size
            if not (MIN_PIXELS <= width <= MAX_PIXELS and MIN_PIXELS <= height <= MAX_PIXELS):
                return f"{path.name}: {width}x{height} pixels; each side must be {MIN_PIXELS} to {MAX_PIXELS} pixels"
            if getattr(image, "n_frames", 1) > 1:
                return (f"{path.name}: an animated image ({image.n_frames} frames) would print only its first "
                        "frame; save one still image")
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        detail = " ".join(str(exc).replace(str(path), path.name).split())
        detail = detail if len(detail) <= 80 else detail[:77] + "..."
        return f"{path.name}: not a readable {kind} image ({detail})"
    finally:
        Image.MAX_IMAGE_PIXELS = bomb_limit
    if found != kind:
        return f"{path.name}: the file is a {found or 'unknown'} image, not {kind}; fix the file name or the file"
    return None


def _check_svg(path: Path, draw: bool, kept: bool) -> str | None:
    text = path.read_text(encoding="utf-8", errors="replace")
    refused = _SVG_REFUSED.search(text)
    if refused:
        return (f"{path.name}: SVG pictures must be self-contained drawings; "
                f"found {refused.group(0).strip()!r} (no scripts, entities, embedded images or links)")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return f"{path.name}: not a well-formed SVG file ({exc})"
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return f"{path.name}: not an SVG file (the root element is <{root.tag.rsplit('}', 1)[-1]}>)"
    if not root.get("viewBox") and not (_positive(root.get("width")) and _positive(root.get("height"))):
        return f"{path.name}: the SVG has no drawable size (set width and height, or viewBox)"
    if not draw:
        return None
    try:
        drawing = svg_drawing(path, kept)
    except Exception as exc:  # svglib has no error type of its own; any failure means it cannot be drawn
        return f"{path.name}: svglib cannot draw this SVG ({type(exc).__name__}: {' '.join(str(exc).split())[:60]})"
    if drawing is None or drawing.width <= 0 or drawing.height <= 0:
        return f"{path.name}: the SVG has no drawable size (set width, height or viewBox)"
    return None


def _positive(value: str | None) -> bool:
    match = re.match(r"\s*([0-9.]+)", value or "")
    try:
        return match is not None and float(match.group(1)) > 0
    except ValueError:
        return False


def file_version(path: Path) -> tuple[int, int]:
    """What tells one version of a file from the next: its modification time (ns) and size."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def svg_drawing(path: Path, kept: bool = True) -> Any:
    """The SVG file parsed into a ReportLab ``Drawing`` (svglib), once per process and version of the file;
    shared, so copy to change it. ``kept``: a built-in picture's drawing made ahead of time is used if it
    matches the file exactly (:mod:`.kept_drawings`); it is the drawing svglib would make.

    Call only on a file whose text :func:`check_picture` accepted. svglib may raise anything on a file
    it cannot draw, and returns None for one it cannot parse.
    """
    return _svg_drawing(path, file_version(path), kept)


@lru_cache(maxsize=64)
def _svg_drawing(path: Path, _version: tuple[int, int], kept: bool) -> Any:
    if kept:
        from .kept_drawings import kept_drawing

        drawing = kept_drawing(path.read_bytes())
        if drawing is not None:
            return drawing
    return convert_svg(path)


def convert_svg(path: Path) -> Any:
    """svglib's drawing of the SVG file, made now (svglib may raise anything; None if it cannot parse)."""
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.ERROR)
    return svg2rlg(str(path), resolve_entities=False, external_reference_root=str(path.parent))


ORIENTATION = 0x0112
"""The EXIF tag that says how a viewer turns a photo (phones and scanners write it instead of turning the pixels)."""
PLAIN_MODES = {"JPEG": ("RGB", "L"), "PNG": ("RGB", "RGBA", "L", "LA", "P", "1")}
"""Pixel formats ReportLab embeds as a viewer shows them; any other is converted first."""


def needs_conversion(image: Any) -> bool:
    """Whether ReportLab would print ``image`` (open, not decoded) otherwise than a viewer shows it: turned
    by an EXIF orientation, or a pixel format such as 16-bit grey (its greys would print white) or CMYK."""
    kind = image.format or ""
    return image.getexif().get(ORIENTATION, 1) not in (0, 1) or image.mode not in PLAIN_MODES.get(kind, ())


def viewer_copy(image: Any) -> Any:
    """``image`` as an image viewer shows it: turned upright by its EXIF orientation, 16-bit grey as 8-bit
    (the top byte), CMYK as RGB, other formats as RGB or RGBA."""
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode.startswith("I"):  # 16-bit grey (I;16, I;16B, I): keep the greys, not just the top byte's clip
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    return image


def print_copy(path: Path) -> bytes:
    """The picture as an image viewer shows it, at most MAX_PRINT_PIXELS on its long side: made once per
    process and version of the file.

    ReportLab decodes and compresses an image again for every PDF; a 6000-pixel
    logo cost almost a second a leaflet. 1000 pixels across a 2.6 in logo box
    is still over 350 dpi. A photo turned by its EXIF orientation is turned
    upright, and pixel formats ReportLab would print wrong (16-bit grey, CMYK)
    are converted (:func:`viewer_copy`). The HTML twin embeds the same copy.
    """
    return _print_copy(path, file_version(path))


@lru_cache(maxsize=64)
def _print_copy(path: Path, _version: tuple[int, int]) -> bytes:
    from PIL import Image as PILImage

    with PILImage.open(path) as image:
        if max(image.size) <= MAX_PRINT_PIXELS and not needs_conversion(image):
            return path.read_bytes()  # as it is (and ReportLab embeds JPEG data unchanged)
        image.load()
        image = viewer_copy(image)
        if max(image.size) > MAX_PRINT_PIXELS:
            image.thumbnail((MAX_PRINT_PIXELS, MAX_PRINT_PIXELS), PILImage.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        return out.getvalue()
