"""Pictures and layouts that a clinic or a layout author gets wrong: exit 2 with one clear line, never a crash.

Found in review: a decompression-bomb PNG logo, an SVG picture without a size,
an unchecked picture in a layout folder, impossible columns or margins, and a
fallback font set in bold inside plain text when the body family has no bold.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pypdf
from click.testing import CliRunner

from conftest import REPO
from handouts.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def png_header_only(path: Path, width: int, height: int) -> None:
    """A PNG that claims width x height pixels: enough for Pillow to refuse it as a bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) +
                     chunk(b"IEND", b""))


def test_a_decompression_bomb_logo_is_refused(tmp_path):
    png_header_only(tmp_path / "bomb.png", 60000, 60000)
    clinic = (REPO / "data" / "clinics" / "demo.yaml").read_text().replace("demo-logo.png", "bomb.png")
    (tmp_path / "clinic.yaml").write_text(clinic)
    result = run("build", "general", "--clinic", str(tmp_path / "clinic.yaml"), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and ": logo: bomb.png: 60000x60000 pixels; each side must be 16 to 6000 pixels" in lines[0]
    assert not (tmp_path / "x.pdf").exists()


def test_a_content_picture_without_a_size_is_a_data_error(tmp_path):
    pictures = tmp_path / "data" / "pictures"
    pictures.mkdir(parents=True)
    (pictures / "calf-stretch.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="5"/></svg>')
    result = run("build", "general", "--data-dir", str(tmp_path / "data"), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2, result.output
    assert "relief-stretch-calf.picture: calf-stretch.svg: the SVG has no drawable size" in result.stderr
    assert "Traceback" not in result.output


def copy_handout(tmp_path: Path) -> Path:
    layouts = tmp_path / "layouts"
    shutil.copytree(REPO / "layouts" / "handout", layouts / "handout")
    return layouts


def test_a_bad_picture_in_a_layout_folder_names_the_template(tmp_path):
    layouts = copy_handout(tmp_path)
    (layouts / "handout" / "calf-stretch.png").write_text("not a picture")
    result = run("build", "general", "--layouts-dir", str(layouts), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: layouts/handout/leaflet.xml.j2: <figure picture='calf-stretch'>: "
                                    "calf-stretch.png: not a readable PNG image")


def test_impossible_columns_and_margins_are_spec_errors(tmp_path):
    layouts = copy_handout(tmp_path)
    spec = layouts / "handout" / "layout.yaml"
    text = spec.read_text().replace("columns: 1", "columns: -2")
    text = text.replace("margins: {top: 0.55in, right: 0.55in, bottom: 0.86in, left: 0.55in}",
                        "margins: {top: 6in, right: 0.55in, bottom: 5in, left: 0.55in}")
    spec.write_text(text)
    result = run("build", "general", "--layouts-dir", str(layouts), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert any("layout.yaml" in line and "columns: must be 1 or more, found -2" in line for line in lines)
    assert any("margins: leave less than 1 in for text on paper 'letter'" in line for line in lines)


def test_fallback_text_stays_regular_when_the_body_family_has_no_bold(tmp_path):
    layouts = copy_handout(tmp_path)
    spec = layouts / "handout" / "layout.yaml"
    text = spec.read_text()
    for face in ("bold", "italic", "bolditalic"):
        text = text.replace(f"    {face}: AtkinsonHyperlegible-", f"    # {face}: AtkinsonHyperlegible-")
    spec.write_text(text)
    out = tmp_path / "x.pdf"
    result = run("build", "general", "--layouts-dir", str(layouts), "--note", "Ωμέγα", "-o", str(out))
    assert result.exit_code == 0, result.output
    fonts = set()
    for page in pypdf.PdfReader(out).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert "NotoSans-Regular" in fonts and "NotoSans-Bold" not in fonts, fonts
