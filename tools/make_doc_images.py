"""Render the pictures of each layout used in README and docs (docs/images/).

Developer tool: needs poppler's ``pdftoppm`` and Pillow. Builds each sample
with the demo clinic and a fixed date, renders the pages, and sets them side
by side on a light grey background.

    python tools/make_doc_images.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts import BuildRequest, Handouts  # noqa: E402

OUT = ROOT / "docs" / "images"
DAY = date(2026, 11, 21)
SAMPLES = [
    # file name, request, pages to show, dpi
    ("handout-pregnancy-letter.png", BuildRequest(audience="pregnancy", date=DAY), [1, 2], 60),
    ("handout-general-patient-letter.png",
     BuildRequest(audience="general", date=DAY, patient="Nguyễn Thị Minh Khai", clinician="Dr. Ana Ruiz",
                  follow_up="2026-12-05", notes=("Stretch your calves before bed.",)), [1], 80),
    ("large-print-older-adults-letter.png", BuildRequest(audience="older-adults", layout="large-print", date=DAY),
     [1, 2, 3], 45),
    ("trifold-general-letter.png", BuildRequest(audience="general", layout="trifold", date=DAY), [1, 2], 55),
    ("trifold-dialysis-es-a4.png", BuildRequest(audience="dialysis", lang="es", layout="trifold", paper="a4", date=DAY),
     [2], 70),
    ("card-pregnancy-4x6.png", BuildRequest(audience="pregnancy", layout="card", paper="4x6", patient="Maria Lopez",
                                            date=DAY), [1, 2], 90),
]


def render(app: Handouts, request: BuildRequest, pages: list[int], dpi: int, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "leaflet.pdf"
        pdf.write_bytes(app.render(request).pdf)
        images = []
        for page in pages:
            stem = Path(tmp) / f"p{page}"
            subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
                            "-singlefile", str(pdf), str(stem)], check=True)
            images.append(ImageOps.expand(Image.open(f"{stem}.png").convert("RGB"), border=1, fill="#b0b0b0"))
    gap = 24
    width = sum(i.width for i in images) + gap * (len(images) + 1)
    height = max(i.height for i in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), "#e9ecef")
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    sheet.save(target, optimize=True)
    print(f"{target.relative_to(ROOT)}: {sheet.width}x{sheet.height}, {target.stat().st_size // 1024} KB")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = Handouts()
    for name, request, pages, dpi in SAMPLES:
        render(app, request, pages, dpi, OUT / name)


if __name__ == "__main__":
    main()
