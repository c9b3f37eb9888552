"""Regenerate data/clinics/demo-logo.svg and demo-logo.png (the fictional demo clinic's logo).

Developers only; the package never needs this at run time. The logo is a teal
rounded square holding a white plus over two river waves, with the wordmark
"Riverside" (Atkinson Hyperlegible Bold, dark slate) over "Family Clinic"
(Atkinson Hyperlegible Regular, teal) to its right.

How it is made:

1. The glyph outlines of the wordmark are read from the fonts shipped in
   handouts/fonts/ with fontTools (pair kerning from the fonts' GPOS table is
   applied) and written as plain SVG ``<path>`` elements, so the SVG holds no
   ``<text>`` and renders the same everywhere, whatever fonts are installed.
2. The SVG's viewBox is the drawing's bounding box plus a small margin,
   widened to exactly 3:1.
3. The PNG is the SVG drawn the way the product draws SVGs (svglib ->
   ReportLab PDF), rasterised with poppler's ``pdftoppm`` to 900 px wide, and
   saved as an RGB PNG on white (no alpha, so it prints the same whether or
   not the PDF writer honours transparency).

Run from the repository root (needs fontTools, svglib, Pillow and
poppler-utils, none of which the package depends on):

    pip install fonttools svglib pillow   # plus: apt-get install poppler-utils
    python tools/make_demo_logo.py
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "handouts" / "fonts"
OUT_SVG = ROOT / "data" / "clinics" / "demo-logo.svg"
OUT_PNG = ROOT / "data" / "clinics" / "demo-logo.png"

TEAL = "#0b5563"
SLATE = "#1f2d3d"
WHITE = "#ffffff"
PNG_WIDTH = 900  # pixels
MARGIN = 4  # viewBox units around the drawing


def _kerning(font: TTFont) -> dict[tuple[str, str], int]:
    """Pair kerning (first XAdvance) from the GPOS PairPos lookups, formats 1 and 2."""
    pairs: dict[tuple[str, str], int] = {}
    if "GPOS" not in font:
        return pairs
    order = font.getGlyphOrder()
    for lookup in font["GPOS"].table.LookupList.Lookup:
        subtables = lookup.SubTable
        if lookup.LookupType == 9:  # extension: unwrap
            subtables = [st.ExtSubTable for st in subtables]
        for st in subtables:
            if getattr(st, "LookupType", 2) != 2 or not hasattr(st, "Coverage"):
                continue
            firsts = st.Coverage.glyphs
            if st.Format == 1:
                for first, pset in zip(firsts, st.PairSet):
                    for rec in pset.PairValueRecord:
                        x = getattr(rec.Value1, "XAdvance", 0) if rec.Value1 else 0
                        if x:
                            pairs.setdefault((first, rec.SecondGlyph), x)
            elif st.Format == 2:
                c1, c2 = st.ClassDef1.classDefs, st.ClassDef2.classDefs
                seconds: dict[int, list[str]] = {}
                for g in order:
                    seconds.setdefault(c2.get(g, 0), []).append(g)
                for first in firsts:
                    row = st.Class1Record[c1.get(first, 0)].Class2Record
                    for cls, rec in enumerate(row):
                        x = getattr(rec.Value1, "XAdvance", 0) if rec.Value1 else 0
                        if x:
                            for second in seconds.get(cls, []):
                                pairs.setdefault((first, second), x)
    return pairs


class Face:
    def __init__(self, path: Path) -> None:
        self.font = TTFont(path)
        self.glyphs = self.font.getGlyphSet()
        self.cmap = self.font.getBestCmap()
        self.upm = self.font["head"].unitsPerEm
        self.kern = _kerning(self.font)

    def path(self, text: str, x: float, baseline: float, size: float) -> tuple[str, tuple[float, ...]]:
        """SVG path data for ``text`` with its baseline at (x, baseline); returns (d, bbox)."""
        scale = size / self.upm
        svg_pen = SVGPathPen(self.glyphs, ntos=lambda v: f"{v:.2f}".rstrip("0").rstrip("."))
        bounds = BoundsPen(self.glyphs)
        pen_x = 0.0
        names = [self.cmap[ord(ch)] for ch in text]
        for i, name in enumerate(names):
            matrix = (scale, 0, 0, -scale, x + pen_x * scale, baseline)
            self.glyphs[name].draw(TransformPen(svg_pen, matrix))
            self.glyphs[name].draw(TransformPen(bounds, matrix))
            pen_x += self.glyphs[name].width
            if i + 1 < len(names):
                pen_x += self.kern.get((name, names[i + 1]), 0)
        return svg_pen.getCommands(), bounds.bounds


def _drawing(bold: Face, regular: Face, ox: float, oy: float) -> tuple[list[str], tuple[float, ...]]:
    """The logo's elements with the mark's top-left corner at (ox, oy), and their bounding box."""
    # The mark: a teal rounded square holding a white plus over two river waves.
    side = 76.0
    cx = ox + side / 2
    arm, bar = 14.5, 10.5  # plus: half-length and thickness
    py = oy + 27.5

    def wave(y: float, amp: float) -> str:
        x0, x1 = ox + 15, ox + side - 15
        q = (x1 - x0) / 4
        return (f"M{x0:g},{y:g} C{x0 + q / 2:g},{y - amp:g} {x0 + q * 1.5:g},{y - amp:g} {x0 + 2 * q:g},{y:g} "
                f"C{x0 + q * 2.5:g},{y + amp:g} {x0 + q * 3.5:g},{y + amp:g} {x1:g},{y:g}")

    waves = " ".join(wave(oy + dy, 5.5) for dy in (55.5, 66.5))
    elements = [
        f'<rect x="{ox:g}" y="{oy:g}" width="{side:g}" height="{side:g}" rx="18" ry="18" fill="{TEAL}"/>',
        f'<rect x="{cx - arm:g}" y="{py - bar / 2:g}" width="{2 * arm:g}" height="{bar:g}" rx="2" ry="2" fill="{WHITE}"/>',
        f'<rect x="{cx - bar / 2:g}" y="{py - arm:g}" width="{bar:g}" height="{2 * arm:g}" rx="2" ry="2" fill="{WHITE}"/>',
        f'<path d="{waves}" fill="none" stroke="{WHITE}" stroke-width="5.2" stroke-linecap="round" stroke-linejoin="round"/>',
    ]

    # The wordmark to the right of the mark: the tallest letters of "Riverside"
    # level with the mark's top, the baseline of "Family Clinic" a little above
    # its bottom (the descender of the "y" hangs below it).
    tx = ox + side + 13
    big, small = 43.0, 25.5
    _, probe = bold.path("Riverside", 0, 0, big)
    d1, b1 = bold.path("Riverside", tx, oy - probe[1], big)
    d2, b2 = regular.path("Family Clinic", tx + 1, oy + side - 7.5, small)
    elements += [f'<path d="{d1}" fill="{SLATE}"/>', f'<path d="{d2}" fill="{TEAL}"/>']
    bbox = (min(ox, b1[0], b2[0]), min(oy, b1[1], b2[1]),
            max(ox + side, b1[2], b2[2]), max(oy + side, b1[3], b2[3]))
    return elements, bbox


def build_svg() -> str:
    bold = Face(FONTS / "AtkinsonHyperlegible-Bold.ttf")
    regular = Face(FONTS / "AtkinsonHyperlegible-Regular.ttf")
    _, (x0, y0, x1, y1) = _drawing(bold, regular, 0, 0)
    w, h = x1 - x0 + 2 * MARGIN, y1 - y0 + 2 * MARGIN
    pad_x, pad_y = (3 * h - w) / 2, 0.0
    if pad_x < 0:  # wider than 3:1: pad top and bottom instead
        pad_x, pad_y = 0.0, (w / 3 - h) / 2
    w, h = round(w + 2 * pad_x, 2), round(h + 2 * pad_y, 2)
    elements, _ = _drawing(bold, regular, round(MARGIN + pad_x - x0, 2), round(MARGIN + pad_y - y0, 2))
    body = "\n".join(elements)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:g}" height="{h:g}" viewBox="0 0 {w:g} {h:g}">\n'
        "<!-- Riverside Family Clinic: demo logo. Generated by tools/make_demo_logo.py; "
        "the wordmark is Atkinson Hyperlegible (SIL OFL) converted to outlines. -->\n"
        f"{body}\n</svg>\n"
    )


def render_png(svg_path: Path, png_path: Path) -> None:
    from PIL import Image
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(str(svg_path))
    dpi = PNG_WIDTH / (drawing.width / 72)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "logo.pdf"
        renderPDF.drawToFile(drawing, str(pdf))
        subprocess.run(["pdftoppm", "-r", f"{dpi:.4f}", "-png", "-singlefile", str(pdf), str(Path(tmp) / "logo")],
                       check=True)
        image = Image.open(Path(tmp) / "logo.png").convert("RGB")
        image = image.resize((PNG_WIDTH, round(PNG_WIDTH * drawing.height / drawing.width)), Image.LANCZOS)
        image.save(png_path, optimize=True)


def main() -> None:
    OUT_SVG.write_text(build_svg(), encoding="utf-8")
    render_png(OUT_SVG, OUT_PNG)
    print(f"wrote {OUT_SVG.relative_to(ROOT)} and {OUT_PNG.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
