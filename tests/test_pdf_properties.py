"""Properties of the PDF file itself: fonts, metadata, outline, bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from conftest import REPO, reader
from handouts import BuildRequest, Handouts


def _fonts(pdf):
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            yield font.get_object()


def test_fonts_are_embedded_truetype_never_base14(render):
    fonts = list(_fonts(reader(render("pregnancy"))))
    assert fonts
    for font in fonts:
        base = str(font["/BaseFont"])
        assert "Helvetica" not in base and "Times" not in base
        assert "AtkinsonHyperlegible" in base
        assert "+" in base  # subset tag: the font is embedded as a subset
        descriptor = font["/FontDescriptor"].get_object() if "/FontDescriptor" in font else \
            font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor


def test_metadata_language_and_title_display(render):
    pdf = reader(render("pregnancy"))
    info = pdf.metadata
    assert info.title == "Leg cramps in pregnancy"
    assert info.author == "Riverside Family Clinic"
    assert info.subject.startswith("For people who are pregnant")
    assert "pregnancy" in info["/Keywords"] and "muscle cramps" in info["/Keywords"]
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True


def test_one_bookmark_per_section_pointing_at_its_page(render):
    pdf = reader(render("general"))
    top = pdf.outline
    assert top[0].title == "Muscle cramps"
    sections = [(entry.title, pdf.get_destination_page_number(entry) + 1) for entry in top[1]]
    assert [title for title, _ in sections] == [
        "3 things to remember", "What is a muscle cramp?", "What to do during a cramp", "How to prevent cramps",
        "When to get help", "What not to do", "My plan"]
    pages = [page for _, page in sections]
    assert pages == sorted(pages) and pages[-1] == 2  # not every entry on page 1


def test_same_inputs_give_identical_bytes_in_one_process():
    request = BuildRequest(audience="dialysis", patient="Ana", notes=("Note",), date=date(2026, 1, 2))
    assert Handouts().render(request).pdf == Handouts().render(request).pdf


def test_same_inputs_give_identical_bytes_across_processes(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1767312000"}
        subprocess.run([sys.executable, str(REPO / "cli.py"), "build", "athletes", "-o", str(out)],
                       check=True, env=env, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_different_date_gives_different_bytes(render):
    assert render("general") != render("general", date=date(2027, 1, 1))


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_body_text_is_at_least_12_pt(render, paper):
    sizes = set()

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.add(round(font_size * tm[0], 1))

    for page in reader(render("general", paper=paper)).pages:
        page.extract_text(visitor_text=visitor)
    body = [size for size in sizes if size >= 12]
    assert body and max(sizes) >= 26  # title
    assert 12.0 in sizes
