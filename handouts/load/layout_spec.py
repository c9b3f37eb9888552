"""Find layout folders and read their ``layout.yaml`` spec.

A layout is a folder holding ``layout.yaml`` (page sizes per paper, margins,
columns, fonts, colours, paragraph styles, box styles) and the Jinja2
template it names. ``docs/layouts.md`` documents both. Layout folders are
looked up in the ``--layouts-dir`` folders first, then the built-ins.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from collections.abc import Iterable, Mapping

from ..errors import LayoutSpecError, Problem
from .files import is_regular
from .schema import COLOR_RE, NUMBER_RE, Checker
from .yamlfile import Map, brief, display_path, load_mapping

_UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54}
_LENGTH_RE = re.compile(r"^\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*(pt|in|mm|cm)?\s*$")
FONT_FACES = ("regular", "bold", "italic", "bolditalic")
STYLE_FIELDS = {"font", "size", "leading", "color", "bold", "italic", "space_before", "space_after",
                "align", "indent", "keep_with_next"}
BOX_FIELDS = {"background", "border", "border_width", "padding", "bar_width", "space_after"}
PATIENT_FIELDS = ("patient", "clinician", "follow_up", "note")
"""The request fields a layout's "For you" area may print (``does_not_print`` names those it leaves out)."""
DUPLEX = {"simplex": "Simplex", "flip-long-edge": "DuplexFlipLongEdge", "flip-short-edge": "DuplexFlipShortEdge"}


MAX_LENGTH = 14400.0
"""The longest length anywhere (a page, a margin, a size), in points: 200 in, the largest page a PDF may have."""
MAX_FONT_SIZE = 500.0
MAX_COLUMNS = 20
MAX_PAGES = 1000


def _points(value: object) -> float | None:
    """``12``, ``"0.5in"``, ``"12.7mm"`` -> points, of any size (``nan``, ``inf`` and huge included); ``None``
    if not a length."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            return float(value)
        if not isinstance(value, str):
            return None
        match = _LENGTH_RE.match(value)
        if not match:
            return None
        return float(match.group(1)) * _UNITS[match.group(2) or "pt"]
    except (OverflowError, ValueError):  # an integer too large for a float
        return math.inf


def parse_length(value: object) -> float | None:
    """``12``, ``"0.5in"``, ``"12.7mm"`` -> points; ``None`` if not a length, or not a finite one of at most
    :data:`MAX_LENGTH` either way."""
    points = _points(value)
    if points is None or not math.isfinite(points) or abs(points) > MAX_LENGTH:
        return None
    return points


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float
    color: str
    bold: bool = False
    italic: bool = False
    space_before: float = 0.0
    space_after: float = 0.0
    align: str = "left"
    indent: float = 0.0
    keep_with_next: bool = False


@dataclass(frozen=True)
class BoxStyle:
    background: str | None
    border: str | None
    border_width: float
    padding: float
    bar_width: float
    space_after: float


@dataclass(frozen=True)
class Paper:
    """A sheet, and optionally a smaller piece (a card) centred on it with crop marks."""

    width: float
    height: float
    trim: tuple[float, float] | None = None

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)

    @property
    def piece(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the printed piece: the trim box, or the whole sheet."""
        if self.trim is None:
            return (0.0, 0.0, self.width, self.height)
        w, h = self.trim
        return ((self.width - w) / 2, (self.height - h) / 2, w, h)


@dataclass(frozen=True)
class LayoutSpec:
    id: str
    folder: Path
    name: str
    description: str
    template: str
    """Template name as the Jinja loader sees it: ``<layout id>/<file>``."""
    papers: Mapping[str, Paper]
    margins: tuple[float, float, float, float]
    """top, right, bottom, left in points, measured from the edges of the piece."""
    columns: int
    column_gap: float
    max_pages: int | None
    fonts: Mapping[str, Mapping[str, Path]]
    colors: Mapping[str, str]
    styles: Mapping[str, Style]
    boxes: Mapping[str, BoxStyle]
    fallback_fonts: tuple[str, ...] = ()
    """Font families tried, in order, for characters the style's own font lacks."""
    panels: tuple[tuple[str, ...], ...] = ()
    """Fixed-size layouts: panel ids per page, left to right. Empty: text flows from page to page."""
    min_font_size: float | None = None
    """Panel layouts may shrink all text until the body style reaches this size."""
    fold_marks: bool = False
    duplex: str | None = None
    brand: Mapping[str, float] = None  # type: ignore[assignment]
    """Colour name -> strength (0-1) of the clinic's brand colour over white."""
    does_not_print: tuple[str, ...] = ()
    """Patient fields the template leaves out (the card: ``note``, ``clinician``); the command says so."""
    fold_in: float = 0.0
    """Letter fold: how much narrower (points) the panel that folds in is (page 1's first, page 2's last)."""

    def unprinted(self, given: Iterable[str]) -> list[str]:
        """The fields among ``given`` (request field names) that this layout does not print, in its order."""
        given = set(given)
        return [name for name in self.does_not_print if name in given]

    def color(self, name: str) -> str:
        return self.colors.get(name, name)

    @property
    def template_path(self) -> str:
        """The template file as error messages show it (a user's layout is told from a built-in one)."""
        return display_path(self.folder / self.template.split("/", 1)[1])

    def branded(self, brand_color: str | None) -> LayoutSpec:
        """This spec with the clinic's brand colour put into the colours named under ``brand:``."""
        from .brand import tint

        if not brand_color or not self.brand:
            return self
        colors = dict(self.colors)
        for name, strength in self.brand.items():
            colors[name] = tint(brand_color, strength)
        return replace(self, colors=colors)


def find_layouts(search_path: list[Path], prefix: str = "") -> dict[str, Path]:
    """``{layout id: folder}`` over the search path; earlier folders win. Folders whose name starts
    with ``_`` are not leaflet layouts (``_review``: the review packet; ``_html``, ``_common``)."""
    found: dict[str, Path] = {}
    for root in search_path:
        if not root.is_dir():
            continue
        for spec in sorted(root.glob("*/layout.yaml")):
            if spec.parent.name.startswith("_") == bool(prefix) and spec.parent.name.startswith(prefix):
                found.setdefault(spec.parent.name, spec.parent)
    return found


def _length(ck: Checker, m: Map, key: str, prefix: str, default: float | None = None,
            minimum: float = 0.0, maximum: float = MAX_LENGTH) -> float | None:
    if key not in m:
        if default is None:
            ck.fail(m.line, prefix + key, "required field is missing")
        return default
    value = _points(m[key])
    if value is None or math.isnan(value):
        ck.fail(m.line_of(key), prefix + key,
                f"expected a length such as 12, '0.5in' or '12mm', found {brief(m[key])}")
        return default
    if value < minimum:
        ck.fail(m.line_of(key), prefix + key, f"must be at least {minimum:g} pt, found {value:g}")
        return default
    if value > maximum:
        inches = f" ({maximum / 72:g} in)" if maximum == MAX_LENGTH else ""
        ck.fail(m.line_of(key), prefix + key, f"must be at most {maximum:g} pt{inches}, found {brief(m[key])}")
        return default
    return value


def _color(ck: Checker, m: Map, key: str, prefix: str, colors: Mapping[str, str]) -> str | None:
    """A colour name from ``colors:`` (kept as a name, so branding can change it) or ``#rrggbb``."""
    value = ck.get_str(m, key, prefix, required=False)
    if value is None:
        return None
    if value in colors or COLOR_RE.fullmatch(value):
        return value
    ck.fail(m.line_of(key), prefix + key, f"expected a colour name from colors: or '#rrggbb', found {value!r}")
    return None


def load_spec(layout_id: str, folder: Path, font_dirs: list[Path]) -> LayoutSpec:
    """Read and check ``folder/layout.yaml``. Raises :class:`LayoutSpecError` listing every problem."""
    path = folder / "layout.yaml"
    problems: list[Problem] = []
    try:
        doc = load_mapping(path)
    except Exception as exc:  # DataError from the YAML reader: same message, layout's error type
        raise LayoutSpecError(str(exc)) from exc
    ck = Checker(display_path(path), problems)
    ck.unknown_keys(doc, {"name", "description", "template", "papers", "margins", "columns", "column_gap",
                          "max_pages", "fonts", "colors", "styles", "boxes", "fallback_fonts", "panels",
                          "min_font_size", "fold_marks", "duplex", "brand", "does_not_print", "fold_in"})
    name = ck.get_str(doc, "name") or layout_id
    description = ck.get_str(doc, "description", required=False) or ""
    template = ck.get_str(doc, "template")
    if template and not is_regular(folder / template):
        ck.fail(doc.line_of("template"), "template", f"no file {brief(template)} in {display_path(folder)}")

    papers: dict[str, Paper] = {}
    papers_map = ck.get_map(doc, "papers") or Map()
    for paper, size in papers_map.items():
        if not isinstance(size, Map):
            ck.fail(papers_map.line_of(paper), f"papers.{paper}", "expected a mapping with width and height")
            continue
        ck.unknown_keys(size, {"width", "height", "trim"}, f"papers.{paper}.")
        width = _length(ck, size, "width", f"papers.{paper}.", minimum=72)
        height = _length(ck, size, "height", f"papers.{paper}.", minimum=72)
        trim = None
        trim_map = ck.get_map(size, "trim", f"papers.{paper}.", required=False)
        if trim_map is not None:
            tw = _length(ck, trim_map, "width", f"papers.{paper}.trim.", minimum=72)
            th = _length(ck, trim_map, "height", f"papers.{paper}.trim.", minimum=72)
            if tw and th and width and height and (tw > width or th > height):
                ck.fail(trim_map.line, f"papers.{paper}.trim", "the trimmed piece must fit on the sheet")
            elif tw and th:
                trim = (tw, th)
        if width and height:
            papers[paper] = Paper(width, height, trim)

    margins_map = ck.get_map(doc, "margins") or Map()
    margins = tuple(_length(ck, margins_map, side, "margins.") or 0.0 for side in ("top", "right", "bottom", "left"))
    columns = ck.get_int(doc, "columns", required=False) or 1
    if not 1 <= columns <= MAX_COLUMNS:
        ck.fail(doc.line_of("columns"), "columns", f"must be 1 to {MAX_COLUMNS}, found {brief(columns)}"
                if columns >= 1 else f"must be 1 or more, found {columns}")
        columns = 1
    column_gap = _length(ck, doc, "column_gap", "", default=18.0) or 0.0
    max_pages = ck.get_int(doc, "max_pages", required=False)
    if max_pages is not None and not 1 <= max_pages <= MAX_PAGES:
        ck.fail(doc.line_of("max_pages"), "max_pages", f"must be 1 to {MAX_PAGES}, found {brief(max_pages)}")
        max_pages = None
    panels: list[tuple[str, ...]] = []
    for index, page in enumerate(ck.get_list(doc, "panels")):
        if not isinstance(page, list) or not page or not all(isinstance(p, str) for p in page):
            ck.fail(doc.line_of("panels"), f"panels[{index}]", "expected a list of panel ids, left to right")
            continue
        panels.append(tuple(page))
    if panels:
        ids = [p for page in panels for p in page]
        if len(set(ids)) != len(ids):
            ck.fail(doc.line_of("panels"), "panels", "each panel id may appear only once")
        if any(len(page) != len(panels[0]) for page in panels):
            ck.fail(doc.line_of("panels"), "panels", "every page needs the same number of panels")
        if "columns" in doc and columns != len(panels[0]):
            ck.fail(doc.line_of("columns"), "columns", f"must match the {len(panels[0])} panels per page")
        columns = len(panels[0])
    min_font_size = _length(ck, doc, "min_font_size", "", default=0.0, minimum=6, maximum=MAX_FONT_SIZE) or None
    fold_marks = ck.get_bool(doc, "fold_marks")
    duplex = ck.get_choice(doc, "duplex", list(DUPLEX), required=False)

    colors: dict[str, str] = {}
    colors_map = ck.get_map(doc, "colors", required=False) or Map()
    for cname, value in colors_map.items():
        if isinstance(value, str) and COLOR_RE.fullmatch(value):
            colors[cname] = value
        else:
            ck.fail(colors_map.line_of(cname), f"colors.{cname}", f"expected '#rrggbb', found {value!r}")

    fonts: dict[str, dict[str, Path]] = {}
    fonts_map = ck.get_map(doc, "fonts") or Map()
    for family, faces in fonts_map.items():
        if not isinstance(faces, Map):
            ck.fail(fonts_map.line_of(family), f"fonts.{family}",
                    "expected a mapping of regular/bold/italic/bolditalic to .ttf files")
            continue
        ck.unknown_keys(faces, set(FONT_FACES), f"fonts.{family}.")
        resolved: dict[str, Path] = {}
        for face in FONT_FACES:
            filename = ck.get_str(faces, face, f"fonts.{family}.", required=face == "regular")
            if filename is None:
                continue
            hit = next((d / filename for d in [folder, *font_dirs] if is_regular(d / filename)), None)
            if hit is None:
                ck.fail(faces.line_of(face), f"fonts.{family}.{face}",
                        f"font file {brief(filename)} not found in the layout folder or the built-in fonts")
            else:
                resolved[face] = hit
        fonts[family] = resolved
    fallback_fonts = tuple(ck.get_str_list(doc, "fallback_fonts"))
    for family in fallback_fonts:
        if family not in fonts_map:
            ck.fail(doc.line_of("fallback_fonts"), "fallback_fonts", f"{family!r} is not a family under fonts:")

    styles: dict[str, Style] = {}
    styles_map = ck.get_map(doc, "styles") or Map()
    for sname, sm in styles_map.items():
        prefix = f"styles.{sname}."
        if not isinstance(sm, Map):
            ck.fail(styles_map.line_of(sname), prefix.rstrip("."), "expected a mapping")
            continue
        ck.unknown_keys(sm, STYLE_FIELDS, prefix)
        font = ck.get_str(sm, "font", prefix)
        if font and font not in fonts_map:
            ck.fail(sm.line_of("font"), prefix + "font", f"{font!r} is not a family under fonts:")
        size = _length(ck, sm, "size", prefix, minimum=4, maximum=MAX_FONT_SIZE)
        leading = _length(ck, sm, "leading", prefix, default=(size or 12) * 1.3)
        align = ck.get_choice(sm, "align", ["left", "center", "right"], prefix, required=False, default="left")
        styles[sname] = Style(
            font=font or "", size=size or 12, leading=leading or 12,
            color=_color(ck, sm, "color", prefix, colors) or "#000000",
            bold=ck.get_bool(sm, "bold", prefix), italic=ck.get_bool(sm, "italic", prefix),
            space_before=_length(ck, sm, "space_before", prefix, default=0.0) or 0.0,
            space_after=_length(ck, sm, "space_after", prefix, default=0.0) or 0.0,
            align=align or "left", indent=_length(ck, sm, "indent", prefix, default=0.0) or 0.0,
            keep_with_next=ck.get_bool(sm, "keep_with_next", prefix),
        )
    for required_style in ("body",):
        if required_style not in styles:
            ck.fail(styles_map.line, f"styles.{required_style}", "required style is missing")

    boxes: dict[str, BoxStyle] = {}
    boxes_map = ck.get_map(doc, "boxes", required=False) or Map()
    for bname, bm in boxes_map.items():
        prefix = f"boxes.{bname}."
        if not isinstance(bm, Map):
            ck.fail(boxes_map.line_of(bname), prefix.rstrip("."), "expected a mapping")
            continue
        ck.unknown_keys(bm, BOX_FIELDS, prefix)
        boxes[bname] = BoxStyle(
            background=_color(ck, bm, "background", prefix, colors),
            border=_color(ck, bm, "border", prefix, colors),
            border_width=_length(ck, bm, "border_width", prefix, default=1.0) or 0.0,
            padding=_length(ck, bm, "padding", prefix, default=8.0) or 0.0,
            bar_width=_length(ck, bm, "bar_width", prefix, default=0.0) or 0.0,
            space_after=_length(ck, bm, "space_after", prefix, default=8.0) or 0.0,
        )

    for paper_id, paper in papers.items():  # the text area must be a real area on every paper
        _, _, piece_w, piece_h = paper.piece
        if margins[1] + margins[3] > piece_w - 72 or margins[0] + margins[2] > piece_h - 72:
            ck.fail(doc.line_of("margins"), "margins", f"leave less than 1 in for text on paper {paper_id!r}")

    brand: dict[str, float] = {}
    brand_map = ck.get_map(doc, "brand", required=False) or Map()
    for cname, raw in brand_map.items():
        number = NUMBER_RE.fullmatch(str(raw).strip()) if not isinstance(raw, (bool, Map, list)) else None
        strength = float(number.group(0)) if number else None
        if cname not in colors:
            ck.fail(brand_map.line_of(cname), f"brand.{cname}", "not a colour under colors:")
        elif strength is None or not 0 < strength <= 100:
            ck.fail(brand_map.line_of(cname), f"brand.{cname}",
                    f"expected a strength from 1 to 100 (%), found {brief(raw)}")
        else:
            brand[cname] = strength / 100

    does_not_print = tuple(ck.get_str_list(doc, "does_not_print"))
    for name in does_not_print:
        if name not in PATIENT_FIELDS:
            ck.fail(doc.line_of("does_not_print"), "does_not_print",
                    f"{name!r} is not a patient field ({', '.join(PATIENT_FIELDS)})")
    fold_in = _length(ck, doc, "fold_in", "", default=0.0) or 0.0
    if fold_in and (len(panels) != 2 or columns != 3):
        ck.fail(doc.line_of("fold_in"), "fold_in", "only a letter fold (two pages of three panels) has a fold-in panel")
    if problems:
        raise LayoutSpecError(problems=problems)
    return replace(LayoutSpec(layout_id, folder, name, description, f"{layout_id}/{template}", papers,
                      margins, columns, column_gap, max_pages, fonts, colors, styles, boxes,  # type: ignore[arg-type]
                      fallback_fonts, tuple(panels), min_font_size, fold_marks, duplex and DUPLEX[duplex], brand),
                   does_not_print=does_not_print, fold_in=fold_in)
