"""Issue 14: what staff type, paste and export prints exactly as meant, or is refused with one line.

One section per kind of input that used to change silently; each asserts the
right value in the PDF's text (pypdf, pdfplumber), in drawn positions or
pixels (pypdfium2), or the exact message. Where a field can come from a
batch manifest, the same case runs through a CSV and a YAML manifest too.
The refusals with exact messages are also named cases in ``tests/cases/``.
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2
import pytest
from PIL import Image, ImageDraw

from conftest import DAY, box_font
from handouts import BuildRequest, Handouts
from handouts.errors import DataError, HandoutsError, LayoutSpecError, RequestError
from handouts.load.clinic import load_clinic
from handouts.load.content import load_content
from handouts.load.layout_spec import load_spec
from handouts.load.yamlfile import load_yaml
from handouts.pdf.breaking import _address_break_points
from handouts.pdf.pages import fold_positions, panel_edges
from handouts.resources import BUILTIN_DATA, BUILTIN_FONTS, BUILTIN_LAYOUTS

NBSP, NNBSP, FIGSP, SHY = "\u00a0", "\u202f", "\u2007", "\u00ad"


def raw_text(pdf: bytes) -> str:
    """Page text as pypdf extracts it, no white space folded (a no-break space stays one)."""
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def batch(run, tmp_path: Path, name: str, text: str, *args: str):
    (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    return run("batch", name, "--out-dir", "out", "-j", "1", *args)


def built(tmp_path: Path, name: str) -> bytes:
    return (tmp_path / "out" / name).read_bytes()


# -- YAML implicit types: a text field gets the characters typed ---------------------------
TRICKY = {  # typed unquoted -> what YAML 1.1 would have made of it
    "0145670123": "octal 26701907", "+4930123456": "int without +", "030_1234_567": "int", "1e3": "float",
    "0x1F": "int 31", "10:30": "base-60 int 630", ".inf": "float", "2026-12-05": "date", "no": "False",
    "on": "True", "yes": "True", "off": "False", "TRUE": "True",
}


def test_the_yaml_reader_gives_every_scalar_as_typed(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("".join(f"k{i}: {value}\n" for i, value in enumerate(TRICKY)) + "list: [no, 0123]\n"
                    "empty:\ntilde: ~\nnull_: null\nno: key\n", encoding="utf-8")
    doc = load_yaml(path)
    assert [doc[f"k{i}"] for i in range(len(TRICKY))] == list(TRICKY)
    assert doc["list"] == ["no", "0123"] and doc["no"] == "key"  # a key too (a language code 'no')
    assert doc["empty"] is None and doc["tilde"] is None and doc["null_"] is None


def _clinic_file(tmp_path: Path, extra: str, name: str) -> Path:
    path = tmp_path / name
    base = {"name": "Clinic", "phone": '"(555) 010-2000"'}
    fields = dict(base)
    for line in extra.splitlines():
        key, _, value = line.partition(": ")
        fields[key] = value
    path.write_text("".join(f"{k}: {v}\n" for k, v in fields.items()), encoding="utf-8")
    return path


CLINIC_TEXT = ("name", "department", "phone", "after_hours_phone", "address", "approved_by")
CLINIC_CHECKED = ("emergency_number", "website", "logo", "color")


@pytest.mark.parametrize("value", ["0145670123", "2026-12-05", "no"], ids=["number-like", "date-like", "bool-like"])
def test_every_clinic_text_field_gets_the_characters_typed(app, tmp_path, value):
    for index, field in enumerate(CLINIC_TEXT + CLINIC_CHECKED + ("audience_phones",)):
        extra = f"{field}: {value}"
        if field == "approved_by":
            extra += "\napproved_on: 2026-10-01"
        if field == "audience_phones":
            extra = f"audience_phones: {{dialysis: {{label: {value}, phone: {value}}}}}"
        path = _clinic_file(tmp_path, extra, f"c{index}.yaml")
        try:
            clinic = load_clinic(app.content, str(path))
        except DataError as exc:  # a field with rules of its own: the message quotes exactly what was typed
            assert field in CLINIC_CHECKED, (field, str(exc))
            assert repr(value) in str(exc) or value in str(exc), (field, str(exc))
            continue
        got = clinic.audience_phones["dialysis"] if field == "audience_phones" else getattr(clinic, field)
        assert got == ((value, value) if field == "audience_phones" else value), field


def _overlay(tmp_path: Path, relative: str, edit) -> Path:
    """A data folder holding one built-in file, edited (``edit`` gets and returns the text)."""
    folder = tmp_path / f"data-{relative.replace('/', '-')}"
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(edit((BUILTIN_DATA / relative).read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def _set(text: str, pattern: str, value: str) -> str:
    """Replace the value of the first line matching ``pattern`` (a regex up to the value) with ``value``."""
    new, count = re.subn(rf"^({pattern}).*$", lambda m: m.group(1) + value, text, count=1, flags=re.M)
    if not count:  # a pattern over two lines
        new, count = re.subn(rf"({pattern})[^\n]*", lambda m: m.group(1) + value, text, count=1)
    assert count == 1, pattern
    return new


CONTENT_TEXT = [  # (file, line pattern up to the value, how to read the loaded value back)
    ("core.yaml", r"  version: ", lambda c: c.meta.version),
    ("core.yaml", r"      en: ", lambda c: c.core[0].text["en"]),
    ("sources.yaml", r"    publisher: ", lambda c: next(iter(c.sources.values())).publisher),
    ("sources.yaml", r"    title: ", lambda c: next(iter(c.sources.values())).title),
    ("audiences/general.yaml", r"  en: ", lambda c: c.audiences["general"].title["en"]),
    ("audiences/general.yaml", r"subtitle:\n  en: ", lambda c: c.audiences["general"].subtitle["en"]),
    ("languages/en.yaml", r"name: ", lambda c: c.languages["en"].name),
    ("languages/en.yaml", r"tag: ", lambda c: c.languages["en"].tag),
    ("languages/en.yaml", r"  for_you: ", lambda c: c.languages["en"].strings["for_you"]),
]


@pytest.mark.parametrize("value", ["0145670123", "2026-12-05", "no"], ids=["number-like", "date-like", "bool-like"])
def test_every_content_text_field_gets_the_characters_typed(tmp_path, value):
    for relative, pattern, read in CONTENT_TEXT:
        folder = _overlay(tmp_path, relative, lambda text, p=pattern: _set(text, p, value))
        content = load_content([folder, BUILTIN_DATA])
        assert read(content) == value, (relative, pattern)
    # a source's year and address are checked (issue 12): the message quotes exactly what was typed
    for pattern, message in [(r"    year: ", "year: expected a 4-digit year"),
                             (r"    url: ", "url: expected an https:// address of the original")]:
        folder = _overlay(tmp_path, "sources.yaml", lambda text, p=pattern: _set(text, p, value))
        with pytest.raises(DataError, match=f"{message}, found '{value}'$"):
            load_content([folder, BUILTIN_DATA])
    months = _overlay(tmp_path, "languages/en.yaml", lambda text: text.replace("January", value, 1))
    assert load_content([months, BUILTIN_DATA]).languages["en"].months[0] == value


@pytest.mark.parametrize("value", ["0145670123", "2026-12-05", "no"], ids=["number-like", "date-like", "bool-like"])
def test_layout_text_fields_get_the_characters_typed(tmp_path, value):
    folder = tmp_path / "handout"
    shutil.copytree(BUILTIN_LAYOUTS / "handout", folder)
    text = (folder / "layout.yaml").read_text(encoding="utf-8")
    text = _set(_set(text, r"name: ", value), r"description: ", value)
    (folder / "layout.yaml").write_text(text, encoding="utf-8")
    spec = load_spec("handout", folder, [BUILTIN_FONTS])
    assert (spec.name, spec.description) == (value, value)


def test_layout_numbers_and_switches_read_their_text(tmp_path):
    folder = tmp_path / "handout"
    shutil.copytree(BUILTIN_LAYOUTS / "handout", folder)
    path = folder / "layout.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "fold_marks: maybe\n", encoding="utf-8")
    with pytest.raises(LayoutSpecError) as caught:
        load_spec("handout", folder, [BUILTIN_FONTS])
    assert "fold_marks: expected true or false, found 'maybe'" in str(caught.value)


@pytest.mark.parametrize("value", ["0145670123", "2026-12-05", "no"], ids=["number-like", "date-like", "bool-like"])
def test_every_yaml_manifest_text_field_gets_the_characters_typed(app, tmp_path, value):
    from handouts.batch.manifest import read_manifest

    path = tmp_path / "m.yaml"
    path.write_text(f"defaults: {{date: 2026-11-21}}\njobs:\n  - {{audience: general, patient: {value}, "
                    f"clinician: {value}, note: {value}, follow_up: {value}, output: {value}}}\n", encoding="utf-8")
    [job] = read_manifest(path, app)
    assert job.ok, job.problems
    request = job.request
    assert (request.patient, request.clinician, request.notes, request.follow_up) == (value, value, (value,), value)
    assert job.output == f"{value}.pdf"


def test_clinic_phones_print_as_typed(render, tmp_path):
    clinic = _clinic_file(tmp_path, "phone: 0145670123\nafter_hours_phone: +4930123456\naddress: 030_1234_567\n"
                                    "emergency_number: 000", "c.yaml")
    text = raw_text(render("general", clinic=str(clinic)))
    assert "Phone: 0145670123" in text and "After hours: +4930123456" in text and "030_1234_567" in text
    assert "26701907" not in text and "Call 000" in text


# -- dates staff type ------------------------------------------------------------------------
DATE_PROBLEMS = {
    "12/05/2026": "'12/05/2026' is ambiguous: day/month gives 2026-05-12, month/day gives 2026-12-05; write the "
                  "date as YYYY-MM-DD",
    "25/12/2026": "'25/12/2026': write the date as YYYY-MM-DD (2026-12-25)",
    "5.12.26": "'5.12.26' is ambiguous: day/month gives 2026-12-05, month/day gives 2026-05-12; write the date as "
               "YYYY-MM-DD",
    "46361": "'46361' looks like a spreadsheet's date serial number (2026-12-05); format the cell as text or as a "
             "date written YYYY-MM-DD, e.g. 2026-12-05",
    "#######": "'#######' is what a spreadsheet shows when a column is too narrow; widen it and export again",
    "=TODAY()+14": "'=TODAY()+14' is a spreadsheet formula, not its value; export the values (or write YYYY-MM-DD, "
                   "e.g. 2026-12-05)",
    "2026-12-05 10:30": "'2026-12-05 10:30' has a time of day, which the leaflet would not print; write the date as "
                        "2026-12-05 and the time as text after it (e.g. '2026-12-05, 10:30')",
}


@pytest.mark.parametrize("typed", list(DATE_PROBLEMS))
def test_a_follow_up_that_is_not_an_iso_date_is_refused_with_the_fix(app, typed):
    with pytest.raises(RequestError) as caught:
        app.request({"audience": "general", "follow_up": typed})
    assert caught.value.by_field() == {"follow_up": [DATE_PROBLEMS[typed]]}


@pytest.mark.parametrize("typed", ["2026-12-05", "2026-12-05 00:00:00", "2026-12-05T00:00"])
def test_iso_dates_and_spreadsheet_midnights_print_in_the_leaflets_language(render, typed):
    assert "Próxima cita: 5 de diciembre de 2026" in raw_text(render("general", lang="es", layout="card",
                                                                     follow_up=typed))


def test_ambiguous_dates_in_csv_and_yaml_manifests(run, tmp_path):
    csv_text = "audience,follow_up,date,output\ngeneral,12/05/2026,2026-11-21,{row}\ngeneral,46361,2026-11-21,{row}\n" \
               "general,2026-12-05,12/05/2026,{row}\n"
    result = batch(run, tmp_path, "m.csv", csv_text)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == [
        f"Error: m.csv:2: follow_up: {DATE_PROBLEMS['12/05/2026']}",
        f"Error: m.csv:3: follow_up: {DATE_PROBLEMS['46361']}",
        "Error: m.csv:4: date: expected YYYY-MM-DD, found '12/05/2026'"]
    yaml_text = "defaults: {date: 2026-11-21}\njobs:\n  - {audience: general, follow_up: 12/05/2026}\n" \
                "  - {audience: general, follow_up: 2026-12-05, output: ok.pdf}\n"
    result = batch(run, tmp_path, "m.yaml", yaml_text)
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == [
        f"Error: m.yaml:3: follow_up: {DATE_PROBLEMS['12/05/2026']}"]
    assert "Next visit: December 5, 2026" in raw_text(built(tmp_path, "ok.pdf"))


# -- decomposed accents, line breaks from Windows ---------------------------------------------
DECOMPOSED = "Zoe\u0308 Nguyen\u0303"


def test_decomposed_accents_print_composed_from_every_front_end(run, render, tmp_path):
    direct = raw_text(render("general", layout="card", patient=DECOMPOSED))
    assert "Zoë Nguyeñ" in direct and "\u0308" not in direct and "\u0303" not in direct
    assert run("build", "general", "--layout", "card", "--patient", DECOMPOSED, "--date", "2026-11-21",
               "-o", "cli.pdf").exit_code == 0
    assert "Zoë Nguyeñ" in raw_text((tmp_path / "cli.pdf").read_bytes())
    assert batch(run, tmp_path, "m.csv", f"audience,layout,patient,date,output\ngeneral,card,{DECOMPOSED},"
                 "2026-11-21,csv.pdf\n").exit_code == 0
    assert batch(run, tmp_path, "m.yaml", f"jobs:\n  - {{audience: general, layout: card, patient: \"{DECOMPOSED}\", "
                 "date: 2026-11-21, output: yaml.pdf}\n").exit_code == 0
    for name in ("csv.pdf", "yaml.pdf"):
        assert "Zoë Nguyeñ" in raw_text(built(tmp_path, name)), name


def test_crlf_and_cr_are_line_breaks_in_notes_from_every_front_end(run, render, tmp_path):
    expected = render("general", notes=("line one\nline two", "three\nfour"))
    assert render("general", notes=("line one\r\nline two", "three\rfour")) == expected
    assert run("build", "general", "--note", "line one\r\nline two", "--note", "three\rfour", "--date", "2026-11-21",
               "-o", "cli.pdf").exit_code == 0
    assert (tmp_path / "cli.pdf").read_bytes() == expected
    result = batch(run, tmp_path, "m.csv", 'audience,note,note,date,output\r\ngeneral,"line one\r\nline two",'
                   '"three\rfour",2026-11-21,csv.pdf\r\n')
    assert result.exit_code == 0, result.stderr
    assert built(tmp_path, "csv.pdf") == expected
    assert batch(run, tmp_path, "m.yaml", 'jobs:\n  - {audience: general, note: ["line one\\r\\nline two", '
                 '"three\\rfour"], date: 2026-11-21, output: yaml.pdf}\n').exit_code == 0
    assert built(tmp_path, "yaml.pdf") == expected
    assert re.search(r"line one *\nline two", raw_text(expected))


# -- no-break spaces and soft hyphens ----------------------------------------------------------
NOTE_NBSP = f"Take 2{NBSP}000{NBSP}mg, 1{NNBSP}500{NNBSP}mg or 3{FIGSP}000{NBSP}ml."


def test_no_break_spaces_survive_into_the_pdf_text_and_the_web_page(render, app):
    text = raw_text(render("general", notes=(NOTE_NBSP,)))
    assert NOTE_NBSP in text
    page = app.render(BuildRequest(audience="general", format="html", notes=(NOTE_NBSP,), date=DAY)).data.decode()
    assert NOTE_NBSP in page


def _lines_of(pdf: bytes, page: int = 0) -> list[str]:
    """Each printed line of a page, from the characters' drawn positions (pdfplumber)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = doc.pages[page].extract_text_lines(return_chars=False, keep_blank_chars=True)
        return [line["text"] for line in words]


@pytest.mark.parametrize("space", [NBSP, NNBSP, FIGSP], ids=["U+00A0", "U+202F", "U+2007"])
def test_a_no_break_space_never_breaks_a_line(render, space):
    for width in range(60, 75):  # the number lands at the end of a line for some padding
        note = "x" * width + " " + "word " * 12 + f"2{space}000{space}mg"
        lines = _lines_of(render("general", notes=(note,)))
        assert not any(line.rstrip().endswith("2") for line in lines if "word" in line), (width, lines)
        assert any(f"2{space}000{space}mg" in line or "2 000 mg" in line for line in lines), lines


def test_soft_hyphens_are_break_points_with_a_visible_hyphen_and_lose_nothing(render):
    word = SHY.join(["Super", "cali", "fragi", "listic", "expi", "ali", "docious"] * 4)  # wider than the box
    lines = _lines_of(render("general", notes=(word,)))
    start = next(i for i, line in enumerate(lines) if line.startswith("Super"))
    first, second = lines[start], lines[start + 1]
    assert first.endswith("-") and word.replace(SHY, "") == first[:-1] + second, (first, second)
    assert SHY not in first + second
    assert first[:-1].endswith(("Super", "cali", "fragi", "listic", "expi", "ali", "docious"))


def test_a_soft_hyphen_that_is_not_needed_prints_nothing(render):
    assert "Ibu profen" not in raw_text(render("general", notes=(f"Ibu{SHY}profen helps.",)))
    assert "Ibuprofen helps." in raw_text(render("general", notes=(f"Ibu{SHY}profen helps.",)))


def test_no_break_space_and_soft_hyphen_through_csv_and_yaml_manifests(run, render, tmp_path):
    expected = render("general", notes=(NOTE_NBSP, f"Ibu{SHY}profen"))
    assert batch(run, tmp_path, "m.csv", f"audience,note1,note2,date,output\ngeneral,\"{NOTE_NBSP}\",Ibu{SHY}profen,"
                 "2026-11-21,csv.pdf\n").exit_code == 0
    assert built(tmp_path, "csv.pdf") == expected
    assert batch(run, tmp_path, "m.yaml", f"jobs:\n  - {{audience: general, note: [\"{NOTE_NBSP}\", \"Ibu{SHY}profen\"],"
                 " date: 2026-11-21, output: yaml.pdf}\n").exit_code == 0
    assert built(tmp_path, "yaml.pdf") == expected


# -- right-to-left scripts ---------------------------------------------------------------------
RTL_MESSAGE = ("right-to-left text cannot be printed in a PDF yet (this version would print its letters in reverse "
               "order); build the web page instead (format html), or write it in Latin letters")


@pytest.mark.parametrize("name", ["שלום כהן", "محمد علي", "Ana שלום"])
def test_right_to_left_names_are_refused_even_with_a_font_that_has_them(tmp_path, name):
    font = box_font(tmp_path / "rtl.ttf", "".join(sorted(set(name) - {" "})), f"RTL Boxes {sum(map(ord, name))}")
    app = Handouts()
    with pytest.raises(RequestError) as caught:
        app.render(BuildRequest(audience="general", patient=name, fonts=(font,), date=DAY))
    assert caught.value.by_field() == {"patient": [RTL_MESSAGE]}
    page = app.render(BuildRequest(audience="general", patient=name, format="html", date=DAY)).data.decode()
    assert f"<bdi>{name}</bdi>" in page


def test_right_to_left_text_in_a_clinic_file_is_refused_not_printed_reversed(tmp_path):
    font = box_font(tmp_path / "rtl.ttf", "שלום", "RTL Boxes")
    clinic = _clinic_file(tmp_path, "name: שלום", "c.yaml")
    with pytest.raises(HandoutsError) as caught:
        Handouts().render(BuildRequest(audience="general", clinic=str(clinic), fonts=(font,), date=DAY))
    assert RTL_MESSAGE in str(caught.value)


def test_right_to_left_in_csv_and_yaml_manifests(run, tmp_path):
    font = box_font(tmp_path / "rtl.ttf", "שלום", "RTL Boxes")
    result = batch(run, tmp_path, "m.csv", "audience,patient\ngeneral,שלום\n", "--font", str(font))
    assert f"Error: m.csv:2: patient: {RTL_MESSAGE}" in result.stderr.splitlines()
    result = batch(run, tmp_path, "m.yaml", "jobs:\n  - {audience: general, patient: שלום}\n", "--font", str(font))
    assert f"Error: m.yaml:2: patient: {RTL_MESSAGE}" in result.stderr.splitlines()


# -- pictures from phones and scanners ---------------------------------------------------------
def _upright() -> Image.Image:
    image = Image.new("RGB", (200, 100), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 40, 40], fill="red")          # top left, as a viewer shows it
    draw.rectangle([160, 60, 199, 99], fill="blue")     # bottom right
    return image


def _with_orientation(path: Path, fmt: str) -> Path:
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90 degrees clockwise to show": the pixels are stored turned the other way
    _upright().transpose(Image.Transpose.ROTATE_90).save(path, fmt, exif=exif.tobytes())
    return path


def _drawn(path: Path) -> Image.Image:
    """The picture as the PDF draws it, into a 200 x 200 pt box (pypdfium2), cropped to the picture."""
    from reportlab.pdfgen.canvas import Canvas

    from handouts.pdf.figures import picture_flowable

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 200))
    flowable = picture_flowable(path, 200, 200)
    width, height = flowable.wrap(200, 200)
    flowable.drawOn(canvas, 0, 200 - height)
    canvas.showPage()
    canvas.save()
    image = pypdfium2.PdfDocument(buffer.getvalue())[0].render(scale=1).to_pil().convert("RGB")
    return image.crop((0, 0, round(width), round(height)))


def _is_upright(image: Image.Image) -> bool:
    width, height = image.size
    top_left = image.getpixel((width // 10, height // 10))
    bottom_right = image.getpixel((width - width // 10, height - height // 10))
    return width > height and top_left[0] > 200 > top_left[2] and bottom_right[2] > 200 > bottom_right[0]


@pytest.mark.parametrize("fmt, suffix", [("JPEG", ".jpg"), ("PNG", ".png")])
def test_a_photo_turned_by_exif_prints_upright_in_the_pdf_and_the_web_page(tmp_path, fmt, suffix):
    from handouts.render.html import data_uri

    path = _with_orientation(tmp_path / f"logo{suffix}", fmt)
    assert _is_upright(_drawn(path))
    embedded = Image.open(io.BytesIO(base64.b64decode(data_uri(path).split(",", 1)[1]))).convert("RGB")
    assert _is_upright(embedded) and embedded.getexif().get(0x0112, 1) == 1


def test_a_16_bit_grey_png_keeps_its_greys(tmp_path):
    path = tmp_path / "grey16.png"
    grey = Image.new("I;16", (256, 64))
    grey.putdata([x * 256 for _ in range(64) for x in range(256)])  # black to white, left to right
    grey.save(path)
    drawn = _drawn(path).convert("L")
    width, height = drawn.size
    left, middle, right = (drawn.getpixel((x, height // 2)) for x in (width // 20, width // 2, width - width // 20))
    assert left < 30 and 100 < middle < 160 and right > 225, (left, middle, right)


def test_a_cmyk_jpeg_prints_its_colours(tmp_path):
    path = tmp_path / "cmyk.jpg"
    _upright().convert("CMYK").save(path, "JPEG", quality=95)
    assert _is_upright(_drawn(path))


def test_an_exif_turned_logo_prints_upright_in_a_leaflet(render, tmp_path):
    _with_orientation(tmp_path / "logo.jpg", "JPEG")
    clinic = _clinic_file(tmp_path, "logo: logo.jpg", "c.yaml")
    pdf = render("general", clinic=str(clinic))
    images = [img for img in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images]
    assert any(img.image.size == (200, 100) for img in images), [img.image.size for img in images]


# -- spreadsheets as staff export them ----------------------------------------------------------
def test_header_aliases_and_values_in_any_case(run, render, tmp_path):
    text = ("\ufeffAudience,Language,Layout,Paper Size,Patient Name,Doctor,Follow-up Date,Notes,Note 2,note3,"
            "Print Date,File Name\nPregnancy,EN,Handout,Letter,Ana Ruiz,Dr. Lee,2026-12-05,One,Two,Three,"
            "2026-11-21,ana.pdf\n")
    result = batch(run, tmp_path, "m.csv", text)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert built(tmp_path, "ana.pdf") == render("pregnancy", patient="Ana Ruiz", clinician="Dr. Lee",
                                                follow_up="2026-12-05", notes=("One", "Two", "Three"))


@pytest.mark.parametrize("first_line", ["sep=;\r\n", ""], ids=["sep-line", "header-decides"])
def test_semicolon_separated_files_are_read(run, render, tmp_path, first_line):
    text = first_line + "audience;lang;patient;note;date;output\r\ngeneral;es;Ana Ruiz;\"Una, dos\";2026-11-21;a.pdf\r\n"
    result = batch(run, tmp_path, "m.csv", text)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert built(tmp_path, "a.pdf") == render("general", lang="es", patient="Ana Ruiz", notes=("Una, dos",))


def test_a_row_with_more_cells_names_the_separator(run, tmp_path):
    result = batch(run, tmp_path, "m.csv", "audience;patient\ngeneral;Ana;Ruiz\n")
    assert "Error: m.csv:3: 1 more cell(s) than the header has columns (cells are semicolon-separated, as the " \
           "header row is)" in result.stderr.replace("m.csv:2", "m.csv:3")


def test_every_unknown_column_is_reported_at_once_with_the_nearest_name(run, tmp_path):
    result = batch(run, tmp_path, "m.csv", "audience,Langauge,Pateint Name,Folow up\ngeneral,en,Ana,x\n")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: m.csv:1: unknown column 'Langauge' (did you mean 'language'?)"
    assert lines[1] == "Error: m.csv:1: unknown column 'Pateint Name' (did you mean 'patient name'?)"
    assert lines[2].startswith("Error: m.csv:1: unknown column 'Folow up' (did you mean 'follow up'?); columns are: ")
    assert len(lines) == 3


def test_a_collision_message_names_a_placeholder_that_separates_the_rows(run, tmp_path):
    text = ("audience,lang,patient,date,output\ngeneral,en,Ana,2026-11-21,{patient}.pdf\n"
            "pregnancy,en,Ana,2026-11-21,{patient}.pdf\ngeneral,en,Ana,2026-11-21,x/{audience}.pdf\n"
            "general,es,ana,2026-11-21,x/{audience}-{patient}.pdf\ngeneral,es,ANA,2026-11-21,x/{audience}-{patient}.pdf\n")
    result = batch(run, tmp_path, "m.csv", text)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert errors == [
        "Error: m.csv:3: output: 'Ana.pdf' is also the output of row 2; give each row its own output "
        "(e.g. with {audience} in it)",
        "Error: m.csv:6: output: 'x/general-ANA.pdf' is also the output of row 5; give each row its own output "
        "(e.g. with {row} in it)"]
    # row 4 (x/general.pdf) and row 5 (x/general-ana.pdf) differ: no collision


# -- CLI and output details -----------------------------------------------------------------------
def test_the_output_name_and_the_format_agree(run, tmp_path):
    assert run("build", "general", "-o", "page.html").exit_code == 0
    assert (tmp_path / "page.html").read_bytes().startswith(b"<!DOCTYPE html>")
    result = run("build", "general", "--format", "html", "-o", "page.pdf")
    assert (result.exit_code, result.stderr) == (2, "Error: -o: 'page.pdf' ends in '.pdf' but the format is html; "
                                                    "end the name in .html, or ask for pdf\n")
    result = run("build", "general", "-o", "page.txt")
    assert result.exit_code == 2 and "ends in '.txt'" in result.stderr
    assert not (tmp_path / "page.pdf").exists() and not (tmp_path / "page.txt").exists()
    assert batch(run, tmp_path, "m.csv", "audience,output\ngeneral,web.html\n").exit_code == 0
    assert built(tmp_path, "web.html").startswith(b"<!DOCTYPE html>")


def test_a_bad_clinic_and_an_existing_output_are_reported_together(run, tmp_path):
    (tmp_path / "old.pdf").write_bytes(b"%PDF")
    result = run("build", "general", "--clinic", "missing.yaml", "-o", "old.pdf")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: --clinic: missing.yaml: no such clinic file; give the path of a clinic YAML file or a clinic id "
        "(demo)",
        "Error: old.pdf: file exists; use --force to replace it"]


def test_the_command_says_what_a_layout_does_not_print(run, tmp_path):
    result = run("build", "general", "--layout", "card", "--note", "Fluid: 1 litre", "--clinician", "Dr. Lee",
                 "--patient", "Ana", "-o", "card.pdf")
    assert result.exit_code == 0
    assert "Note: the card layout does not print --note, --clinician (README, 'Layouts'); the handout and the " \
           "other layouts do" in result.stderr.splitlines()
    result = batch(run, tmp_path, "m.csv", "audience,layout,note,output\ngeneral,card,x,a.pdf\ngeneral,card,y,b.pdf\n"
                                           "general,handout,z,c.pdf\n")
    assert "Note: m.csv: the card layout does not print note: row(s) 2, 3 (README, 'Layouts')" in \
        result.stderr.splitlines()


@pytest.mark.parametrize("layout", ["card", "handout", "large-print", "trifold"])
def test_does_not_print_is_true_for_each_layout(app, layout):
    fields = {"patient": "Pat Marker", "clinician": "Clin Marker", "follow_up": "Follow Marker",
              "notes": ("Note Marker",)}
    text = raw_text(app.render(BuildRequest(audience="general", layout=layout, date=DAY, **fields)).pdf)
    spec = app.layout(layout)
    for field, marker in (("patient", "Pat Marker"), ("clinician", "Clin Marker"), ("follow_up", "Follow Marker"),
                          ("note", "Note Marker")):
        assert (marker in text) == (field not in spec.does_not_print), (layout, field)


def test_web_addresses_break_only_at_slashes_dots_and_hyphens(render, tmp_path):
    url = "https://example.org/leg-cramps/very-long-path-segment/another-segment-that-is-quite-long/cramps-and-more"
    clinic = _clinic_file(tmp_path, f"website: {url}", "c.yaml")
    lines = [line.strip() for line in raw_text(render("general", clinic=str(clinic))).splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("example.org/"))
    pieces = []
    for line in lines[start:]:
        pieces.append(line)
        if "".join(pieces) == url.removeprefix("https://"):
            break
    assert "".join(pieces) == url.removeprefix("https://") and len(pieces) > 1, lines[start:start + 5]
    for head, tail in zip(pieces, pieces[1:]):
        assert head.endswith("/") or tail.startswith((".", "-")), (head, tail)


ADDRESS = ("mayoclinic.org/diseases-conditions/muscle-cramp/diagnosis-treatment/drc-20350825/night-leg-cramps-"
           "and-stretches")  # wider than the notes box


@pytest.mark.parametrize("letters", range(1, 80, 3))
def test_an_address_after_other_words_never_loses_a_letter_to_the_line_before(render, letters):
    """Where the rest of a line has no room up to a ``/``, ``.`` or ``-`` of the address, the whole address
    starts the next line (it used to leave "m" there: "... treatment. m" "ayoclinic.org/...")."""
    note = "Read this page: " + "again" * (letters // 5) + "x" * (letters % 5) + " " + ADDRESS
    lines = [line.strip() for line in raw_text(render("general", notes=(note,))).splitlines()]
    start = next(i for i, line in enumerate(lines) if "mayoclinic" in line or line.startswith("ayoclinic"))
    first = lines[start][lines[start].index("mayoclinic"):] if "mayoclinic" in lines[start] else lines[start]
    assert first.startswith("mayoclinic"), (lines[start - 1], lines[start])
    pieces = [first]
    for line in lines[start + 1:]:
        if "".join(pieces) == ADDRESS:
            break
        pieces.append(line)
    assert "".join(pieces) == ADDRESS and len(pieces) > 1, lines[start:start + 4]
    for head, tail in zip(pieces, pieces[1:]):
        assert head.endswith("/") or tail.startswith((".", "-")), (head, tail)


def test_address_break_points():
    assert _address_break_points("example.org/leg-cramps")[:3] == [
        ("example.org/leg", "-cramps"), ("example.org/", "leg-cramps"), ("example", ".org/leg-cramps")]
    assert _address_break_points("longword") is None and _address_break_points("and or") is None


def test_the_trifold_fold_in_panel_is_narrower(app):
    spec = app.layout("trifold")
    assert spec.fold_in == pytest.approx(72 * 3 / 32)
    for paper in ("letter", "a4"):
        sheet = spec.papers[paper]
        outside, inside = (panel_edges(spec, sheet, page) for page in (0, 1))
        widths = [[b - a for a, b in zip(edges, edges[1:])] for edges in (outside, inside)]
        assert widths[0][0] == pytest.approx(widths[0][1] - spec.fold_in) == pytest.approx(widths[1][2])
        assert widths[0][1] == pytest.approx(widths[0][2]) == pytest.approx(widths[1][0])
        # duplex, flipped on the short edge: each fold of the inside is behind a fold of the outside
        assert [sheet.width - x for x in reversed(fold_positions(spec, sheet, 1))] == \
            pytest.approx(fold_positions(spec, sheet, 0))
    pdf = app.render(BuildRequest(audience="general", layout="trifold", date=DAY)).pdf
    with pdfplumber.open(io.BytesIO(pdf)) as doc:  # the fold marks are drawn where the folds are
        for page, edges in enumerate((panel_edges(spec, spec.papers["letter"], 0),
                                      panel_edges(spec, spec.papers["letter"], 1))):
            xs = sorted({round(line["x0"], 1) for line in doc.pages[page].lines
                         if line["x0"] == line["x1"] and line["bottom"] < 36})  # in the top margin
            assert xs == [round(x, 1) for x in edges[1:-1]], (page, xs)


def test_byte_identical_reruns_of_the_new_paths(app, tmp_path):
    _with_orientation(tmp_path / "logo.jpg", "JPEG")
    clinic = _clinic_file(tmp_path, "logo: logo.jpg\nphone: 0145670123", "c.yaml")
    request = BuildRequest(audience="general", layout="trifold", clinic=str(clinic), notes=(NOTE_NBSP,),
                           patient=DECOMPOSED, date=DAY)
    assert Handouts().render(request).pdf == Handouts().render(request).pdf


def test_manifest_json_summary_lists_what_layouts_do_not_print(run, tmp_path):
    result = batch(run, tmp_path, "m.csv", "audience,layout,clinician\ngeneral,card,Dr. Lee\n", "--json")
    summary = json.loads(result.stdout)
    assert summary["unprinted"] == ["the card layout does not print clinician: row(s) 2 (README, 'Layouts')"]


def test_the_config_file_keeps_the_text_typed(tmp_path, monkeypatch):
    from handouts.request import default_clinic

    config = tmp_path / "config.yaml"
    config.write_text("clinic: 0145670123\n", encoding="utf-8")  # YAML 1.1 alone: the octal number 26701907
    monkeypatch.delenv("HANDOUTS_CLINIC")
    monkeypatch.setenv("HANDOUTS_CONFIG", str(config))
    assert default_clinic()[0] == "0145670123"
