"""The layout family, read back from the PDFs: handout, large print, trifold brochure, pocket card.

Page sizes and counts, margins, type sizes and line spacing, panels and fold
marks, crop marks, viewer preferences, clinic logos and QR codes (decoded
with a real QR reader), names in other scripts, panels that overflow,
patient fields, brand colours and byte-for-byte reproducibility.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image, ImageDraw

from conftest import AUDIENCES, DAY, LANGUAGES, REPO, box_font, reader, text_of
from handouts import BuildRequest, Handouts
from handouts.cli import main

LAYOUTS = ["card", "handout", "large-print", "trifold"]
SHEETS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89), "4x6": (288.0, 432.0), "a6": (297.64, 419.53)}
CARD_ON_SHEET = {"letter": (288.0, 432.0), "a4": (297.64, 419.53)}  # 4 x 6 in, A6
HALF_INCH = 36.0
TOL = 0.01

DEMO_CLINIC = REPO / "data" / "clinics" / "demo.yaml"
DEMO_LOGO = REPO / "data" / "clinics" / "demo-logo.png"
DEMO_WEBSITE = "https://example.org/leg-cramps"
PHONES = {"en": ("Phone: (555) 010-2000", "After hours: (555) 010-2999"),
          "es": ("Teléfono: (555) 010-2000", "Fuera de horario: (555) 010-2999")}
SECTIONS = {  # relief, prevent, warning: the three inside panels of the trifold
    "en": ["What to do during a cramp", "How to prevent cramps", "When to get help"],
    "es": ["Qué hacer durante un calambre", "Cómo prevenir los calambres", "Cuándo buscar ayuda"],
}
TIERS = {  # emergency, same-day care, make an appointment (the demo clinic's emergency number is 911)
    "en": ["Call 911 or go to the emergency room now if you have:",
           "Get care today (call your clinic, or go to urgent care if it is closed) if you have:",
           "Make an appointment if you have:"],
    "es": ["Llame al 911 o vaya a la sala de emergencias ahora si tiene:",
           "Busque atención hoy (su clínica o, si está cerrada, atención urgente) si tiene:",
           "Pida una cita si tiene:"],
}
CARD_TITLE = {"en": "Leg cramps: when to get help", "es": "Calambres en las piernas: cuándo buscar ayuda"}
CAPTIONS = {"en": {"calf-stretch": "Calf stretch", "thigh-stretch": "Front-of-thigh stretch"},
            "es": {"calf-stretch": "Estirar la pantorrilla", "thigh-stretch": "Estirar el frente del muslo"}}
VIETNAMESE = "Nguyễn Thị Minh Khai"
NOTE = "Drink a glass of water with each meal, and keep a bottle by your bed for the night. " * 3
LONG_NOTE = ("Take your water pill in the morning, not at night, so that you do not have to get up to pass "
             "water. ") * 6


# -- helpers -----------------------------------------------------------------
def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def sheet_size(layout: str, paper: str) -> tuple[float, float]:
    width, height = SHEETS[paper]
    return (height, width) if layout == "trifold" else (width, height)


def card_piece(paper: str) -> tuple[float, float, float, float]:
    """x0, top, x1, bottom (pdfplumber coordinates) of the card on its sheet."""
    if paper not in CARD_ON_SHEET:
        return (0.0, 0.0, *SHEETS[paper])
    (sheet_w, sheet_h), (w, h) = SHEETS[paper], CARD_ON_SHEET[paper]
    return ((sheet_w - w) / 2, (sheet_h - h) / 2, (sheet_w + w) / 2, (sheet_h + h) / 2)


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text, whitespace folded."""
    return [" ".join((page.extract_text() or "").split()) for page in reader(pdf).pages]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def ink(page) -> list[dict]:
    """The characters of a pdfplumber page that put ink on paper."""
    return [c for c in page.chars if c["text"].strip()]


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """{BaseFont: embedded?} over every page's font resources."""
    fonts = {}
    for page in reader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "/FontDescriptor" in font:
                descriptor = font["/FontDescriptor"].get_object()
            else:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    return fonts


def image_sizes(page) -> list[tuple[int, int]]:
    """(width, height) in pixels of every image XObject a pypdf page draws, form XObjects included."""
    found: list[tuple[int, int]] = []

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else None
        if not resources or "/XObject" not in resources:
            return
        for ref in resources["/XObject"].get_object().values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found.append((int(obj["/Width"]), int(obj["/Height"])))
            elif obj.get("/Subtype") == "/Form" and "/Resources" in obj:
                walk(obj["/Resources"])

    walk(page.get("/Resources"))
    return found


def qr_codes(pdf: bytes, dpi: int = 200) -> list[list[str]]:
    """The QR codes a real decoder reads on each page, rendered at ``dpi``."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        out = []
        for index in range(len(doc)):
            image = doc[index].render(scale=dpi / 72).to_pil()
            out.append([r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode])
        return out
    finally:
        doc.close()


def write_clinic(folder: Path, logo: Path | None = DEMO_LOGO, **fields: str) -> Path:
    """A copy of the demo clinic in ``folder`` (not a sample: a clinic's own profile), its logo copied
    beside it, ``fields`` replaced (YAML text)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for line in DEMO_CLINIC.read_text(encoding="utf-8").splitlines():
        key = line.split(":", 1)[0]
        if key == "sample":
            continue
        if key == "logo" and logo is not None:
            shutil.copyfile(logo, folder / logo.name)
            line = f"logo: {logo.name}"
        elif key in fields:
            line = f"{key}: {fields.pop(key)}"
        lines.append(line)
    lines += [f"{key}: {value}" for key, value in fields.items()]
    path = folder / "clinic.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def line_of(path: Path, key: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(f"{key}:"))


@pytest.fixture(scope="session")
def papers(app) -> dict[str, list[str]]:
    return {layout["id"]: layout["papers"] for layout in app.catalog()["layout_details"]}


@pytest.fixture(scope="session")
def han_font(tmp_path_factory) -> Path:
    """A tiny TrueType font (glyf outlines) whose only glyphs are boxes for 王, 小 and 明."""
    return box_font(tmp_path_factory.mktemp("fonts") / "TinyHan.ttf", "王小明", "Tiny Han Test")


# -- the catalogue -------------------------------------------------------------
def test_list_json_gives_each_layout_its_papers(papers):
    data = json.loads(cli("list", "--json").stdout)
    assert {layout["id"]: layout["papers"] for layout in data["layout_details"]} == {
        "card": ["letter", "a4", "4x6", "a6"],
        "handout": ["letter", "a4"],
        "large-print": ["letter", "a4"],
        "trifold": ["letter", "a4"],
    } == papers
    assert data["papers"] == ["letter", "a4", "4x6", "a6"]


# -- every audience x language x layout x paper ---------------------------------
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_audience_language_and_paper_renders(render, papers, layout):
    for paper in papers[layout]:
        for audience in AUDIENCES:
            for lang in LANGUAGES:
                where = f"{audience}/{lang}/{layout}/{paper}"
                pdf = render(audience, lang=lang, layout=layout, paper=paper)
                pages = reader(pdf).pages
                sizes = {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in pages}
                assert sizes == {sheet_size(layout, paper)}, where
                if layout == "handout":
                    assert 1 <= len(pages) <= 2, where
                elif layout == "large-print":
                    handout_pages = len(reader(render(audience, lang=lang, paper=paper)).pages)
                    assert len(pages) > handout_pages, f"{where}: 18 pt text on no more pages than the handout"
                else:
                    assert len(pages) == 2, where
                text = " ".join(pages_text(pdf))
                assert "\u25a0" not in text, where
                if layout == "card":
                    assert CARD_TITLE[lang] in text and TIERS[lang][0] in text and TIERS[lang][1] in text, where
                    assert TIERS[lang][2] not in text, where  # "book a visit" is not on the card
                else:
                    for heading in SECTIONS[lang] + TIERS[lang]:
                        assert heading in text, f"{where}: {heading!r} missing"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_leaflet_pages_is_the_pdf_page_count(app, layout):
    leaflet = app.render(BuildRequest(audience="dialysis", lang="es", layout=layout, date=DAY))
    assert leaflet.pages == len(reader(leaflet.pdf).pages)


@pytest.mark.parametrize("layout", ["handout", "large-print", "trifold"])
def test_stretch_pictures_have_their_captions_where_the_data_has_them(app, render, layout):
    for audience in AUDIENCES:
        for lang in LANGUAGES:
            pictured = {item.picture for item in app.selection(audience, lang).items if item.picture}
            text = text_of(render(audience, lang=lang, layout=layout))
            for picture, caption in CAPTIONS[lang].items():
                assert (caption in text) == (picture in pictured), f"{audience}/{lang}/{layout}: {caption!r}"
    assert not any(caption in text_of(render("general", layout="card")) for caption in CAPTIONS["en"].values())


# -- margins -------------------------------------------------------------------
@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_character_within_half_an_inch_of_the_edge(render, papers, layout):
    requests = [dict(audience=a, lang=lang, paper=paper) for paper in papers[layout]
                for a in ("general", "pregnancy") for lang in LANGUAGES]
    # names in a fallback font; notes that make the text shrink
    requests.append(dict(audience="general", lang="es", paper="letter", patient=VIETNAMESE, clinician="Dra. Ruiz",
                         notes=(NOTE,) if layout == "handout" else (NOTE,) * 3, follow_up="2026-12-05"))
    for request in requests:
        audience = request.pop("audience")
        pdf = render(audience, layout=layout, **request)
        where = f"{audience}/{layout}/{request}"
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            for page in doc.pages:
                chars = ink(page)
                assert chars
                if layout == "card":  # inside the card itself, not just the sheet
                    x0, top, x1, bottom = card_piece(request["paper"])
                else:
                    x0, top, x1, bottom = 0.0, 0.0, page.width, page.height
                for c in chars:
                    room = min(c["x0"] - x0, x1 - c["x1"], c["top"] - top, bottom - c["bottom"])
                    assert room >= HALF_INCH - TOL, (
                        f"{where} page {page.page_number}: {c['text']!r} at x={c['x0']:.1f}, "
                        f"top={c['top']:.1f} is {room:.1f} pt from the edge")


def test_superscript_on_the_first_line_of_a_page_stays_out_of_the_margin(render):
    pdf = render("medicines", notes=(NOTE,))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[1]
        highest = min(ink(page), key=lambda c: c["top"])
        assert highest["top"] >= HALF_INCH - TOL, (
            f"{highest['text']!r} ({highest['size']:.1f} pt) at top={highest['top']:.2f}")


# -- large print ---------------------------------------------------------------
LARGE_PRINT = [
    *[dict(audience=a, lang=lang) for a in ("general", "pregnancy", "dialysis", "cirrhosis") for lang in LANGUAGES],
    dict(audience="older-adults", lang="es", paper="a4"),
    dict(audience="general", lang="en", patient=VIETNAMESE, notes=("Bring this leaflet\nto your next visit.",),
         clinician="Dr Ана Петрова", follow_up="2026-12-05"),
]


@pytest.mark.parametrize("request_", LARGE_PRINT, ids=lambda r: "-".join(str(v) for v in r.values())[:60])
def test_large_print_is_18_pt_everywhere_with_no_italic_and_1_4_line_spacing(render, request_):
    request_ = dict(request_)
    pdf = render(request_.pop("audience"), layout="large-print", **request_)
    measured = 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            small = [(c["text"], round(c["size"], 2)) for c in page.chars if c["size"] < 18 - TOL]
            assert not small, f"page {page.page_number}: characters under 18 pt: {small[:10]}"
            italic = {c["fontname"] for c in page.chars if re.search("italic|oblique", c["fontname"], re.IGNORECASE)}
            assert not italic, f"page {page.page_number}: italic faces {italic}"
            # baselines of lines set wholly in 18 pt; a single column, so consecutive ones are neighbours
            sizes_on = defaultdict(set)
            for c in ink(page):
                sizes_on[round(page.height - c["matrix"][5], 1)].add(round(c["size"], 2))
            baselines = sorted(y for y, sizes in sizes_on.items() if sizes == {18.0})
            for upper, lower in pairwise(baselines):
                step = lower - upper
                assert step >= 1.4 * 18 - TOL, f"page {page.page_number}: 18 pt lines {step:.1f} pt apart"
                measured += 1
    assert measured > 50  # the check above measured real paragraphs
    assert not any("Italic" in name for name in embedded_fonts(pdf))
    if "patient" in request_:
        text = nfc(text_of(pdf))
        assert VIETNAMESE in text and "Dr Ана Петрова" in text
        assert any("NotoSans" in name for name in embedded_fonts(pdf))


def test_large_print_spec_promises_what_the_pdfs_show(app):
    spec = app.layout("large-print")
    assert spec.max_pages is None and spec.columns == 1
    for name, style in spec.styles.items():
        assert style.size >= 18, name
        assert style.leading >= 1.4 * style.size - TOL, name
        assert not style.italic, name
    assert all("italic" not in face for faces in spec.fonts.values() for face in faces)


# -- trifold ---------------------------------------------------------------------
@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_trifold_outside_and_inside(app, render, paper, lang):
    pdf = render("pregnancy", lang=lang, layout="trifold", paper=paper)
    outside, inside = pages_text(pdf)
    title = app.selection("pregnancy", lang).audience.title[lang]
    for needle in (title, "Riverside Family Clinic", "example.org/leg-cramps", *PHONES[lang]):
        assert needle in outside, needle
    for heading in SECTIONS[lang]:
        assert heading in inside and heading not in outside, heading
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page1, page2 = doc.pages
        third = page1.width / 3
        # the front cover is the right-hand panel of the outside: the title (largest text) is there
        biggest = max(c["size"] for c in page1.chars)
        assert all(c["x0"] >= 2 * third for c in page1.chars if c["size"] == biggest)
        # the clinic's phone is on the back panel, the middle of the outside
        (phone,) = page1.search(re.escape(PHONES[lang][0]))
        assert third < phone["x0"] < 2 * third
        # inside, left to right: relief, prevention, warning signs
        for panel, heading in enumerate(SECTIONS[lang]):
            (found,) = page2.search(re.escape(heading))
            assert panel * third < found["x0"] < (panel + 1) * third, heading


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_trifold_prints_duplex_on_the_short_edge_at_full_size(render, paper):
    prefs = reader(render("general", layout="trifold", paper=paper)).trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/Duplex"] == "/DuplexFlipShortEdge"
    assert prefs["/PrintScaling"] == "/None"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_trifold_fold_marks_sit_in_the_margins_and_text_keeps_clear_of_the_folds(render, paper):
    pdf = render("athletes", lang="es", layout="trifold", paper=paper)
    spec = Handouts().layout("trifold")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            width, height = page.width, page.height
            # the fold-in panel is fold_in narrower (issue 14): page 1's first panel, page 2's last
            f = spec.fold_in
            folds = [width / 3 - 2 * f / 3, 2 * width / 3 - f / 3] if page.page_number == 1 else \
                [width / 3 + f / 3, 2 * width / 3 + 2 * f / 3]
            vertical = [g for g in page.lines + page.curves if abs(g["x1"] - g["x0"]) < 0.1]
            for fold in folds:
                marks = [g for g in vertical if abs(g["x0"] - fold) < 0.1]
                top = [g for g in marks if g["bottom"] <= HALF_INCH]
                bottom = [g for g in marks if g["top"] >= height - HALF_INCH]
                assert len(top) == 1 and len(bottom) == 1, f"page {page.page_number}: fold at {fold:.1f}"
                assert top[0]["top"] >= 0 and bottom[0]["bottom"] <= height
                assert len(marks) == 2, "a fold mark runs into the text area"
                # 0.3 in of white paper on each side of the fold
                for c in ink(page):
                    assert c["x1"] <= fold - 21.6 + TOL or c["x0"] >= fold + 21.6 - TOL, (
                        f"page {page.page_number}: {c['text']!r} at x={c['x0']:.1f} is near the fold")


def test_trifold_shrinks_every_panel_evenly_when_notes_overfill_the_flap(render):
    def body_size(page) -> float:
        return Counter(round(c["size"], 2) for c in ink(page)).most_common(1)[0][0]

    with pdfplumber.open(io.BytesIO(render("general", layout="trifold"))) as doc:
        assert body_size(doc.pages[1]) == 10.5
    pdf = render("general", layout="trifold", notes=(NOTE,) * 3)
    assert NOTE.strip() in text_of(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        outside, inside = doc.pages
        notes = outside.search("Drink")  # one word: where the lines break depends on how much the content shrank
        assert len(notes) == 9  # three notes, each says it three times
        note_sizes = {round(c["size"], 2) for match in notes for c in match["chars"]}
        assert all(match["x1"] < outside.width / 3 for match in notes)  # on the flap
        inside_body = body_size(inside)
    assert 8.5 - TOL <= inside_body < 10.5  # the inside holds no notes, yet shrank too
    assert all(abs(size - inside_body) <= 0.02 for size in note_sizes), (note_sizes, inside_body)


def test_handout_shrinks_to_11_pt_before_it_gives_up(render):
    pdf = render("general", notes=(NOTE,) * 2)
    assert len(reader(pdf).pages) == 2
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        sizes = Counter(round(c["size"], 1) for page in doc.pages for c in ink(page))
    body = sizes.most_common(1)[0][0]
    assert 11 - TOL <= body < 12


# -- card ------------------------------------------------------------------------
@pytest.mark.parametrize("paper", ["letter", "a4", "4x6", "a6"])
def test_card_front_and_back(render, paper):
    pdf = render("general", layout="card", paper=paper)
    front, back = pages_text(pdf)
    assert front.startswith(CARD_TITLE["en"])
    assert "Name:" in front and TIERS["en"][0] in front
    assert TIERS["en"][0] not in back and TIERS["en"][1] not in front
    for needle in (TIERS["en"][1], "Riverside Family Clinic", *PHONES["en"]):
        assert needle in back and needle not in front, needle
    prefs = reader(pdf).trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/Duplex"] == "/DuplexFlipLongEdge" and prefs["/PrintScaling"] == "/None"
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        (label,) = page.search("Name:")
        write_on = [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.1 and ln["x0"] >= label["x1"]
                    and abs(ln["top"] - label["bottom"]) < 6 and ln["x1"] - ln["x0"] >= 72]
        assert write_on, "no line to write the name on"


def test_card_in_spanish(render):
    front, back = pages_text(render("pregnancy", lang="es", layout="card", paper="a6"))
    assert front.startswith(CARD_TITLE["es"]) and "Nombre:" in front and TIERS["es"][0] in front
    assert TIERS["es"][1] in back and all(phone in back for phone in PHONES["es"])


def test_card_prints_the_patient_name(render):
    pdf = render("general", layout="card", patient="Maria Lopez")
    front, back = pages_text(pdf)
    assert "Name: Maria Lopez" in front and "Maria Lopez" not in back
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        (label,) = doc.pages[0].search("Name:")
        assert not [ln for ln in doc.pages[0].lines if abs(ln["top"] - label["bottom"]) < 6
                    and ln["x0"] >= label["x1"]], "a write-in line although the name is printed"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_card_on_a_sheet_has_crop_marks_outside_the_card(render, paper):
    x0, top, x1, bottom = card_piece(paper)
    with pdfplumber.open(io.BytesIO(render("general", layout="card", paper=paper))) as doc:
        for page in doc.pages:
            outside = [ln for ln in page.lines if ln["x1"] <= x0 + TOL or ln["x0"] >= x1 - TOL
                       or ln["bottom"] <= top + TOL or ln["top"] >= bottom - TOL]
            assert len(outside) == 8, outside  # two at each corner
            for ln in outside:
                horizontal = abs(ln["top"] - ln["bottom"]) < 0.1
                if horizontal:  # on the line of a top or bottom edge, beside the card
                    assert min(abs(ln["top"] - top), abs(ln["top"] - bottom)) < 0.1
                    assert ln["x1"] <= x0 - 6 + TOL or ln["x0"] >= x1 + 6 - TOL
                else:  # on the line of a left or right edge, above or below the card
                    assert min(abs(ln["x0"] - x0), abs(ln["x0"] - x1)) < 0.1
                    assert ln["bottom"] <= top - 6 + TOL or ln["top"] >= bottom + 6 - TOL


@pytest.mark.parametrize("paper", ["4x6", "a6"])
def test_card_stock_has_no_crop_marks(render, paper):
    with pdfplumber.open(io.BytesIO(render("general", layout="card", paper=paper))) as doc:
        for page in doc.pages:
            near_edge = [g for g in page.lines if min(g["x0"], g["top"], page.width - g["x1"],
                                                      page.height - g["bottom"]) < HALF_INCH - 1]
            assert not near_edge


def test_flowing_layouts_ask_for_no_duplex(render):
    for layout in ("handout", "large-print"):
        prefs = reader(render("general", layout=layout)).trailer["/Root"]["/ViewerPreferences"]
        assert "/Duplex" not in prefs and "/PrintScaling" not in prefs


# -- clinic logo and QR code (acceptance 4) --------------------------------------
@pytest.fixture
def png_logo(tmp_path) -> Path:
    path = tmp_path / "assets" / "clinic-logo.png"
    path.parent.mkdir()
    image = Image.new("RGB", (300, 100), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((6, 6, 94, 94), fill=(11, 85, 99))
    draw.rectangle((110, 35, 290, 65), fill=(11, 85, 99))
    image.save(path)
    return path


def test_trifold_with_a_png_logo_and_a_website(tmp_path, png_logo):
    clinic = write_clinic(tmp_path / "clinic", logo=png_logo, website="https://clinic.example.org/cramps")
    result = cli("build", "pregnancy", "--layout", "trifold", "--clinic", str(clinic), "-o", "t.pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    pdf = (tmp_path / "t.pdf").read_bytes()
    outside, inside = reader(pdf).pages
    assert (300, 100) in image_sizes(outside)  # the logo, at its own pixel size
    assert image_sizes(inside) == []
    assert qr_codes(pdf) == [["https://clinic.example.org/cramps"], []]
    # the address may wrap in the narrow panel (how far depends on the content); it is printed whole
    assert "clinic.example.org/cramps" in pages_text(pdf)[0].replace(" ", "")


def test_trifold_with_an_svg_logo_draws_it_as_vectors(tmp_path):
    svg = tmp_path / "svg-logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">\n'
                   '<rect x="5" y="5" width="90" height="90" rx="14" fill="#12ab34"/>\n'
                   '<path d="M110,35 L290,35 L290,65 L110,65 Z" fill="#12ab34"/>\n</svg>\n', encoding="utf-8")
    clinic = write_clinic(tmp_path / "clinic", logo=svg, website="https://clinic.example.org/cramps")
    result = cli("build", "pregnancy", "--layout", "trifold", "--clinic", str(clinic), "-o", "t.pdf")
    assert result.exit_code == 0, result.stderr
    pdf = (tmp_path / "t.pdf").read_bytes()
    assert image_sizes(reader(pdf).pages[0]) == []  # vector, not a picture of the logo
    assert qr_codes(pdf) == [["https://clinic.example.org/cramps"], []]
    green = (0x12 / 255, 0xAB / 255, 0x34 / 255)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        shapes = [g for g in page.rects + page.curves if g.get("fill") and g.get("non_stroking_color")
                  and len(g["non_stroking_color"]) == 3
                  and all(abs(a - b) < 0.01 for a, b in zip(g["non_stroking_color"], green))]
        assert shapes, "the SVG logo's shapes are not on the outside page"
        assert all(g["x0"] >= 2 * page.width / 3 and g["bottom"] <= page.height / 3 for g in shapes)  # top of cover


@pytest.mark.parametrize("layout", ["handout", "large-print", "trifold"])
def test_demo_clinic_qr_code_decodes_to_its_website(render, layout):
    pdf = render("general", layout=layout)
    found = [code for page in qr_codes(pdf) for code in page]
    assert found == [DEMO_WEBSITE]
    assert (900, 300) in [size for page in reader(pdf).pages for size in image_sizes(page)]  # demo-logo.png


def test_clinic_without_website_or_logo_prints_no_qr_code(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    text = "".join(line for line in DEMO_CLINIC.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith(("website:", "logo:", "sample:")))
    (folder / "clinic.yaml").write_text(text, encoding="utf-8")
    result = cli("build", "general", "--layout", "trifold", "--clinic", "c/clinic.yaml", "-o", "t.pdf")
    assert result.exit_code == 0, result.stderr
    pdf = (tmp_path / "t.pdf").read_bytes()
    assert qr_codes(pdf) == [[], []]
    assert all(image_sizes(page) == [] for page in reader(pdf).pages)
    assert "Scan to visit our website" not in text_of(pdf) and "Riverside Family Clinic" in text_of(pdf)


SVG_RULE = "(no scripts, entities, embedded images or links)"
SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="90" height="30">'


def _big_png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(4 * 1024 * 1024))


def _jpeg_named_png(path: Path) -> None:
    Image.new("RGB", (300, 100), "white").save(path, format="JPEG")


def _tiny_png(path: Path) -> None:
    Image.new("RGB", (10, 40), "white").save(path)


@pytest.mark.parametrize("name, make, problem", [
    ("logo.svg", SVG_HEAD + '<!DOCTYPE svg [<!ENTITY x "y">]><rect width="9" height="9"/></svg>',
     f"logo.svg: SVG pictures must be self-contained drawings; found '<!DOCTYPE' {SVG_RULE}"),
    ("logo.svg", SVG_HEAD + '<image href="https://example.org/a.png" width="9" height="9"/></svg>',
     f"logo.svg: SVG pictures must be self-contained drawings; found '<image' {SVG_RULE}"),
    ("logo.svg", SVG_HEAD + '<a xlink:href="https://example.org/"><rect width="9" height="9"/></a></svg>',
     f"logo.svg: SVG pictures must be self-contained drawings; found 'href=\"' {SVG_RULE}"),
    ("logo.svg", SVG_HEAD + '<rect width="9" height="9"></svg>', None),  # not well-formed
    ("logo.gif", "GIF89a", "logo.gif: expected a .png, .jpg or .svg file"),
    ("logo.png", _big_png, "logo.png: 4096 KB; a PNG picture may be at most 4 MB"),
    ("logo.png", _jpeg_named_png, "logo.png: the file is a JPEG image, not PNG; fix the file name or the file"),
    ("logo.png", _tiny_png, "logo.png: 10x40 pixels; each side must be 16 to 6000 pixels"),
])
def test_clinic_logo_problems_name_the_file_line_and_field(tmp_path, name, make, problem):
    folder = tmp_path / "c"
    clinic = write_clinic(folder)
    logo = folder / name
    make(logo) if callable(make) else logo.write_text(make, encoding="utf-8")
    clinic.write_text(clinic.read_text().replace("logo: demo-logo.png", f"logo: {name}"), encoding="utf-8")
    result = cli("build", "general", "--clinic", "c/clinic.yaml", "-o", "out.pdf")
    assert result.exit_code == 2
    prefix = f"Error: c/clinic.yaml:{line_of(clinic, 'logo')}: logo: "
    if problem is None:
        assert result.stderr.startswith(prefix + f"{name}: not a well-formed SVG file (")
    else:
        assert result.stderr == prefix + problem + " (the path is relative to the clinic file)\n"
    assert not (tmp_path / "out.pdf").exists()


def test_svg_logo_may_use_internal_references(tmp_path):
    folder = tmp_path / "c"
    clinic = write_clinic(folder)
    (folder / "logo.svg").write_text(
        SVG_HEAD + '<defs><rect id="r" width="20" height="20" fill="#12ab34"/></defs>'
        '<use href="#r" x="0"/><use xlink:href="#r" x="40"/></svg>', encoding="utf-8")
    clinic.write_text(clinic.read_text().replace("logo: demo-logo.png", "logo: logo.svg"), encoding="utf-8")
    result = cli("build", "general", "--clinic", "c/clinic.yaml", "-o", "out.pdf")
    assert result.exit_code == 0, result.stderr


# -- names in other scripts (acceptance 5) ---------------------------------------
@pytest.mark.parametrize("layout", LAYOUTS)
def test_vietnamese_name_prints_exactly_in_a_fallback_font(tmp_path, layout):
    result = cli("build", "general", "--layout", layout, "--patient", VIETNAMESE, "-o", "v.pdf")
    assert result.exit_code == 0, result.stderr
    pdf = (tmp_path / "v.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        plumbed = " ".join(page.extract_text() or "" for page in doc.pages)
    for text in (text_of(pdf), plumbed):  # pypdf and pdfminer both read it back
        text = nfc(" ".join(text.split()))
        assert VIETNAMESE in text
        assert "\u25a0" not in text and "\ufffd" not in text
    fonts = embedded_fonts(pdf)
    noto = [name for name in fonts if "NotoSans" in name]
    assert noto and all(fonts[name] for name in noto), fonts


@pytest.mark.parametrize("layout", LAYOUTS)
def test_chinese_name_without_a_font_fails_naming_the_character(tmp_path, layout):
    result = cli("build", "general", "--layout", layout, "--patient", "王小明", "-o", "c.pdf")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --patient: cannot print '王' (U+738B), '小' (U+5C0F), '明' (U+660E): no font of this layout "
        "has it; add a TrueType (.ttf) font that has it with --font FILE.ttf, or list one under fallback_fonts "
        "in the layout's layout.yaml\n")
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_chinese_name_with_a_font_given_prints_and_embeds_it(tmp_path, han_font, layout):
    result = cli("build", "general", "--layout", layout, "--patient", "王小明", "--font", str(han_font),
                 "-o", "c.pdf")
    assert result.exit_code == 0, result.stderr
    pdf = (tmp_path / "c.pdf").read_bytes()
    assert "王小明" in text_of(pdf)
    fonts = embedded_fonts(pdf)
    tiny = [name for name in fonts if "TinyHanTest" in name]
    assert tiny and all(fonts[name] for name in tiny), fonts


def test_font_option_must_be_an_existing_ttf(tmp_path):
    (tmp_path / "font.otf").write_bytes(b"OTTO")
    result = cli("build", "general", "--patient", "王小明", "--font", "font.otf", "-o", "c.pdf")
    assert (result.exit_code, result.stderr) == (
        2, "Error: --font: font.otf: expected an existing TrueType (.ttf) font file\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["font.otf"]


# -- content that cannot fit -----------------------------------------------------
def test_overfull_trifold_flap_fails_naming_the_panel(tmp_path):
    notes = [arg for _ in range(10) for arg in ("--note", LONG_NOTE[:550])]
    assert len(LONG_NOTE[:550]) == 550
    result = cli("build", "general", "--layout", "trifold", *notes, "-o", "t.pdf")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    match = re.fullmatch(r"Error: --note: layout 'trifold': panel 'flap' is (\d+\.\d) in \((\d+) pt\) too long for letter, "
                         r"even with body text shrunk to the layout's smallest size \(8\.5 pt\); "
                         r"shorten the notes or choose the handout layout", lines[0])
    assert match, lines[0]
    inches, points = float(match[1]), int(match[2])
    assert points > 72 and abs(inches - points / 72) <= 0.06
    assert list(tmp_path.iterdir()) == []


def test_overfull_handout_fails_with_the_page_count(tmp_path):
    notes = [arg for _ in range(10) for arg in ("--note", LONG_NOTE[:550])]
    result = cli("build", "general", *notes, "-o", "h.pdf")
    assert result.exit_code == 2
    match = re.fullmatch(r"Error: --note: layout 'handout': with the notes, the general leaflet in 'en' runs to (\d+) "
                         r"pages on letter; "
                         r"this layout allows 2 \(shorten the notes or choose another layout\)\n", result.stderr)
    assert match and int(match[1]) > 2, result.stderr
    assert list(tmp_path.iterdir()) == []
    result = cli("build", "general", *["--note", NOTE] * 4, "-o", "h.pdf")  # about 1,000 characters: fits
    assert result.exit_code == 0 and len(reader((tmp_path / "h.pdf").read_bytes()).pages) == 2
    result = cli("build", "general", *["--note", NOTE] * 5, "-o", "h2.pdf")  # just over, even at 11 pt
    assert result.exit_code == 2 and "runs to 3 pages on letter; this layout allows 2" in result.stderr
    assert not (tmp_path / "h2.pdf").exists()


# -- patient fields --------------------------------------------------------------
@pytest.mark.parametrize("layout", ["handout", "large-print", "trifold"])
def test_clinician_follow_up_date_in_spanish_and_a_two_line_note(render, layout):
    pdf = render("general", lang="es", layout=layout, clinician="Dra. Ana Ruiz", follow_up="2026-12-05",
                 notes=("Traiga esta hoja\ny su lista de medicinas",))
    text = text_of(pdf)
    assert "Para usted" in text
    assert "Su profesional de salud: Dra. Ana Ruiz" in text
    assert "Próxima cita: 5 de diciembre de 2026" in text and "2026-12-05" not in text
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        first = [m for page in doc.pages for m in page.search("Traiga esta hoja")]
        second = [m for page in doc.pages for m in page.search("y su lista de medicinas")]
    assert len(first) == len(second) == 1
    (first,), (second,) = first, second
    assert abs(first["x0"] - second["x0"]) < 0.5  # the line break is kept: same left edge, next line
    assert 0 < second["top"] - first["top"] < 2.5 * (first["bottom"] - first["top"])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_follow_up_text_prints_as_given(render, layout):
    text = text_of(render("general", layout=layout, follow_up="in 2 weeks"))
    assert "Next visit: in 2 weeks" in text


def test_follow_up_must_be_a_real_date_when_it_looks_like_one(tmp_path):
    result = cli("build", "general", "--follow-up", "2026-02-30", "-o", "f.pdf")
    assert (result.exit_code, result.stderr) == (
        2, "Error: --follow-up: '2026-02-30' is not a real date (expected YYYY-MM-DD or text)\n")
    assert list(tmp_path.iterdir()) == []


# -- brand colour ------------------------------------------------------------------
def _contrast_on_white(color: str) -> float:
    def channel(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(color[i:i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_light_brand_colour_is_darkened_with_a_note(tmp_path):
    clinic = write_clinic(tmp_path / "c", color='"#ffd166"')
    result = cli("build", "general", "--clinic", str(clinic), "-o", "b.pdf")
    assert result.exit_code == 0, result.stderr
    notes = result.stderr.splitlines()
    assert len(notes) == 1 and notes[0].startswith("Note: "), notes
    match = re.fullmatch(r"Note: c/clinic\.yaml: color #ffd166 has only 1\.4:1 contrast on white paper "
                         r"\(text needs 4\.5:1\); using the darker shade (#[0-9a-f]{6})", notes[0])
    assert match, notes[0]
    shade = match[1]
    assert shade == "#8d7338"
    assert _contrast_on_white(shade) >= 4.5 and _contrast_on_white("#ffd166") < 4.5
    assert all(int(shade[i:i + 2], 16) <= int("ffd166"[i - 1:i + 1], 16) for i in (1, 3, 5))  # darker, same hue
    rgb = tuple(int(shade[i:i + 2], 16) for i in (1, 3, 5))
    with pdfplumber.open(tmp_path / "b.pdf") as doc:
        page = doc.pages[0]
        title = [c for c in page.chars if c["size"] == max(ch["size"] for ch in page.chars)]
        colours = {tuple(round(v * 255) for v in c["non_stroking_color"]) for c in title}
    assert colours == {rgb}  # the title is printed in the darker shade


def test_brand_colour_must_be_rrggbb(tmp_path):
    clinic = write_clinic(tmp_path / "c", color='"#12345"')
    result = cli("build", "general", "--clinic", str(clinic), "-o", "b.pdf")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: c/clinic.yaml:{line_of(clinic, 'color')}: color: expected a colour as "
                             "'#rrggbb', found '#12345'\n")
    assert not (tmp_path / "b.pdf").exists()


# -- reproducible bytes ------------------------------------------------------------
@pytest.mark.parametrize("layout", ["trifold", "card"])
def test_same_request_in_fresh_objects_gives_identical_bytes(layout):
    request = BuildRequest(audience="older-adults", lang="es", layout=layout, patient=VIETNAMESE, notes=("Nota",),
                           follow_up="2026-12-05", date=DAY)
    first, second = Handouts().render(request).pdf, Handouts().render(request).pdf
    assert first == second
    if layout == "trifold":
        assert (900, 300) in image_sizes(reader(first).pages[0])  # the demo clinic's PNG logo is in it
