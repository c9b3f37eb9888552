"""Make the vendored fallback fonts: static Noto Sans Regular and Bold.

Atkinson Hyperlegible (the body font) covers Latin and Spanish but not
Vietnamese, Greek or Cyrillic. Names and notes in those scripts are set in
Noto Sans instead. Noto Sans is published as a variable font, and ReportLab
uses only the default instance of a variable font, so this script cuts two
static instances (weight 400 and 700, normal width) and keeps only the
Latin, Vietnamese, Greek and Cyrillic characters to keep the files small.

Source: the ``fontpkg-noto-sans`` wheel from PyPI (Noto Sans 2.015, OFL-1.1,
github.com/notofonts/latin-greek-cyrillic). Developer tool only; it needs
fontTools (``pip install fonttools fontpkg-noto-sans``).

    python tools/make_fallback_fonts.py
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from fontTools.varLib.instancer import instantiateVariableFont

OUT = Path(__file__).resolve().parent.parent / "handouts" / "fonts"

RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x024F),  # Basic Latin, Latin-1, Latin Extended-A/B
    (0x0250, 0x02FF), (0x0300, 0x036F),  # IPA, spacing modifiers, combining marks
    (0x0370, 0x03FF), (0x1F00, 0x1FFF),  # Greek and Coptic, Greek Extended
    (0x0400, 0x052F),                    # Cyrillic and Cyrillic Supplement
    (0x1E00, 0x1EFF),                    # Latin Extended Additional (Vietnamese)
    (0x2000, 0x206F), (0x20A0, 0x20CF),  # punctuation, currency
    (0x2100, 0x214F), (0x2190, 0x21FF),  # letterlike symbols, arrows
    (0x2C60, 0x2C7F), (0xA720, 0xA7FF),  # Latin Extended-C/D
]


def main() -> None:
    package = files("fontpkg_noto_sans")
    source = package / "files" / "NotoSans[wdth,wght].ttf"
    unicodes = [cp for lo, hi in RANGES for cp in range(lo, hi + 1)]
    for weight, face in ((400, "Regular"), (700, "Bold")):
        font = TTFont(str(source))
        static = instantiateVariableFont(font, {"wght": weight, "wdth": 100}, updateFontNames=True)
        options = Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(static)
        target = OUT / f"NotoSans-{face}.ttf"
        static.save(str(target))
        print(f"{target}: {target.stat().st_size // 1024} KB")
    shutil.copyfile(str(package / "LICENSE"), OUT / "OFL-NotoSans.txt")


if __name__ == "__main__":
    main()
