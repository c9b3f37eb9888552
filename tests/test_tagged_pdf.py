"""Tagged PDF (PDF/UA-1): an independent checker, the structure tree read back, artifacts, --no-tags.

The checker is page-validation (https://pypi.org/project/page-validation/), a
Rust PDF/A and PDF/UA-1 validator that passes the veraPDF test corpus; its
PDF/UA-1 profile runs about 100 machine-checkable rules. What no machine can
judge (alt-text quality, reading order as a person hears it) is the human
review in docs/accessibility.md.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import page
import pytest
from conftest import AUDIENCES, DAY, LANGUAGES, REPO, box_font, reader
from pdftags import folded, read_tags
from test_layouts import write_clinic

from handouts import BuildRequest, Handouts
from handouts.render.context import leaflet_context

LAYOUT_PAPERS = [("handout", "letter"), ("handout", "a4"), ("large-print", "letter"), ("large-print", "a4"),
                 ("trifold", "letter"), ("trifold", "a4"), ("card", "letter"), ("card", "a4"), ("card", "4x6"),
                 ("card", "a6")]
PATIENT = {"patient": "Nguyễn Thị Minh Khai", "clinician": "Dr. Ana Ruiz", "follow_up": "2026-12-05",
           "notes": ("Stretch your calves before bed.\nCall us if the cramps get worse.",)}


def ua1_failures(pdf: bytes) -> list[str]:
    report = page.validate_pdf_bytes(pdf, profile="ua1")
    assert report.rules.total >= 100  # the PDF/UA-1 profile really ran
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_the_layout_list_covers_every_layout_and_paper(app):
    assert sorted(LAYOUT_PAPERS) == sorted((layout["id"], paper) for layout in app.catalog()["layout_details"]
                                           for paper in layout["papers"])


# -- acceptance 1: every combination passes the PDF/UA-1 machine checks ------
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize(("layout", "paper"), LAYOUT_PAPERS, ids=[f"{lay}-{p}" for lay, p in LAYOUT_PAPERS])
def test_every_leaflet_passes_pdf_ua1_machine_checks(render, audience, lang, layout, paper):
    assert ua1_failures(render(audience, lang=lang, layout=layout, paper=paper)) == []


@pytest.mark.parametrize(("layout", "paper"), LAYOUT_PAPERS, ids=[f"{lay}-{p}" for lay, p in LAYOUT_PAPERS])
def test_leaflets_with_patient_fields_pass_too(render, layout, paper):
    pdf = render("pregnancy", lang="es", layout=layout, paper=paper, **PATIENT)
    assert ua1_failures(pdf) == []


def test_the_checker_fails_an_untagged_pdf(render):
    failures = ua1_failures(render("general", tagged=False))
    assert any(f.startswith("PDFUA1-STRUCT-TREE-ROOT") for f in failures)
    assert any(f.startswith("PDFUA1-CONTENT-TAGGING") for f in failures)


def test_no_tags_writes_a_plain_pdf(render):
    pdf = render("general", tagged=False)
    root = reader(pdf).trailer["/Root"]
    assert "/StructTreeRoot" not in root and "/MarkInfo" not in root and "/Metadata" not in root
    content = b"".join(p.get_contents().get_data() for p in reader(pdf).pages)
    assert b"BDC" not in content and b"BMC" not in content and b"EMC" not in content
    assert pdf != render("general")


def test_no_tags_on_the_command_line(tmp_path):
    from click.testing import CliRunner

    from handouts.cli import main

    result = CliRunner().invoke(main, ["build", "general", "--no-tags", "-o", "plain.pdf"])
    assert result.exit_code == 0, result.output
    assert "/StructTreeRoot" not in reader(Path("plain.pdf").read_bytes()).trailer["/Root"]
    result = CliRunner().invoke(main, ["build", "general", "-o", "tagged.pdf"])
    assert "/StructTreeRoot" in reader(Path("tagged.pdf").read_bytes()).trailer["/Root"]


# -- the catalog and metadata ---------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_marks_the_pdf_tagged_with_language_title_and_pdf_ua_id(render, lang):
    pdf = reader(render("dialysis", lang=lang, layout="trifold"))
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == {"en": "en-US", "es": "es"}[lang]
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    xmp = root["/Metadata"].get_object()
    assert xmp["/Type"] == "/Metadata" and xmp["/Subtype"] == "/XML" and "/Filter" not in xmp
    data = xmp.get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in data
    title = re.search(r"<dc:title><rdf:Alt><rdf:li[^>]*>(.*?)</rdf:li>", data).group(1)
    assert title == pdf.metadata.title == {"en": "Muscle cramps and dialysis", "es": "Calambres musculares y diálisis"}[lang]
    for p in pdf.pages:
        assert p["/Tabs"] == "/S"


def test_no_font_maps_a_code_to_nul(render):
    pdf = reader(render("general", **PATIENT))
    for p in pdf.pages:
        for font in p["/Resources"]["/Font"].values():
            cmap = font.get_object()["/ToUnicode"].get_object().get_data()
            assert b"<0000>" not in cmap


# -- acceptance 2: the handout's structure tree ---------------------------------------
def _expected(app: Handouts, audience: str, lang: str) -> dict:
    request = BuildRequest(audience=audience, lang=lang, date=DAY)
    selection, _, clinic = app.resolve(request)
    return leaflet_context(request, selection, clinic)


def _item_text(item: dict, brackets: bool = False) -> str:
    cites = ", ".join(map(str, item["cites"])) if brackets else ",".join(map(str, item["cites"]))
    text = item["text"].replace("**", "")
    return folded(f"{text} [{cites}]" if brackets else f"{text}{cites}")


def _list_items(element) -> list[str]:
    assert element.role == "L"
    out = []
    for entry in element.kids:
        assert entry.role == "LI"
        roles = [k.role for k in entry.kids]
        assert roles in (["Lbl", "LBody"], ["LBody"]), roles
        out.append(entry.kids[-1].text)
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("audience", ["general", "dialysis"])
def test_handout_structure_tree_lists_title_sections_lists_and_warning_boxes_in_order(app, render, audience, lang):
    ctx = _expected(app, audience, lang)
    t, sections = ctx["t"], ctx["sections"]
    tags = read_tags(render(audience, lang=lang))
    doc = tags.root
    assert doc.role == "Document"
    top = doc.kids
    assert top[0].role == "H1" and top[0].text == folded(ctx["leaflet"]["title"])
    assert top[1].role == "P" and top[1].text == folded(ctx["leaflet"]["subtitle"])

    # the page's sections, in order, each heading an H2 with the language file's words
    headings = [e for e in doc.walk() if e.role == "H2"]
    assert [h.text for h in headings] == [folded(t["main_message"])] + [
        folded(t["sections"][s]) for s in ("about", "relief", "prevent", "warning", "avoid", "plan")]

    # the "3 things" box: a Div with its heading and a numbered list of the main messages
    main_box = next(e for e in top if e.role == "Div" and e.kids[0].role == "H2")
    assert _list_items(main_box.kids[1]) == [_item_text(i) for i in sections["main"]]
    assert [k.kids[0].text for k in main_box.kids[1].kids] == [f"{n}." for n in range(1, len(sections["main"]) + 1)]

    def after(heading_text: str) -> list:
        index = next(i for i, e in enumerate(top) if e.role == "H2" and e.text == folded(heading_text))
        rest = top[index + 1:]
        end = next((i for i, e in enumerate(rest) if e.role == "H2"), len(rest))
        return rest[:end]

    relief = [e for e in after(t["sections"]["relief"]) if e.role == "L"]
    assert [_list_items(e) for e in relief] == [[_item_text(i) for i in sections["relief"]]]
    # a screen reader hears "lets go. [1, 2]", not "go.1,2"
    assert [entry.kids[-1].actual_text for entry in relief[0].kids] == [
        _item_text(i, brackets=True) for i in sections["relief"]]
    prevent = [e for e in after(t["sections"]["prevent"]) if e.role == "L"]
    assert [_list_items(e) for e in prevent] == [[_item_text(i) for i in sections["prevent"]]]
    assert [k.kids[0].text for k in prevent[0].kids] == ["\u2022"] * len(sections["prevent"])

    # the warning signs: one section per tier, in order, heading first, then its list
    tiers = after(t["sections"]["warning"])
    assert [e.role for e in tiers] == ["Sect"] * len(ctx["tiers"])
    for sect, tier in zip(tiers, ctx["tiers"]):
        heading = folded(t["tiers"][tier["id"]]["heading"])
        assert sect.title == heading
        assert [k.role for k in sect.kids[:2]] == ["H3", "L"]
        assert sect.kids[0].text == heading
        assert _list_items(sect.kids[1]) == [_item_text(i) for i in tier["signs"]]

    # the plan: a list whose labels are printed check boxes, then lines to write on
    plan = after(t["sections"]["plan"])
    checks = [i for i in sections["plan"] if i["kind"] == "check"]
    (checklist,) = [e for e in plan if e.role == "L"]
    assert _list_items(checklist) == [_item_text(i).rstrip("0123456789,") for i in checks]
    for entry in checklist.kids:
        (box,) = entry.kids[0].kids
        assert box.role == "Form" and box.attributes == {"O": "PrintField", "Role": "cb", "checked": "off"}
        assert box.marks  # it marks the drawn box
    fills = [i for i in sections["plan"] if i["kind"] == "fill"]
    fields = [e for e in plan if e.role == "Div"]
    assert [[k.role for k in f.kids] for f in fields] == [["P", "Form"]] * len(fills)
    assert [f.kids[0].text for f in fields] == [folded(i["text"]) for i in fills]
    assert all(f.kids[1].attributes == {"O": "PrintField", "Role": "tv"} and f.kids[1].marks for f in fields)


@pytest.mark.parametrize("audience", ["general", "pregnancy"])
def test_reading_order_of_sections_is_their_order_on_the_pages(render, audience):
    tags = read_tags(render(audience))
    positions = []
    for heading in tags.roles("H1", "H2"):
        page_no, mcid = heading.marks[0]
        tops = [c["top"] for c in tags.chars[page_no] if c.get("mcid") == mcid]
        positions.append((page_no, min(tops)))
    assert positions == sorted(positions)
    assert len({p for p, _ in positions}) == 2  # the sections run over both pages


@pytest.mark.parametrize(("layout", "paper"), LAYOUT_PAPERS, ids=[f"{lay}-{p}" for lay, p in LAYOUT_PAPERS])
def test_every_character_is_tagged_content_or_a_footer_artifact(render, layout, paper):
    pdf = render("medicines", layout=layout, paper=paper, **PATIENT)
    tags = read_tags(pdf)
    heights = [float(p.mediabox.height) for p in reader(pdf).pages]
    marked = set()
    for element in tags.elements():
        marked.update(element.marks)
    for page_no, chars in enumerate(tags.chars):
        height = heights[page_no]
        for char in chars:
            if char.get("mcid") is None:
                assert char.get("tag") == "Artifact", char["text"]
                # (a tier box is never split, so no repeated heading either: tests/test_tiers_whole.py)
                assert char["top"] > height - 0.86 * 72, f"artifact text above the footer: {char['text']!r}"
            else:
                assert (page_no, char["mcid"]) in marked
    # and the parent tree names, for every MCID, the element that holds it, and only those
    for (page_no, mcid), element_id in tags.parent_tree.items():
        assert (page_no, mcid) in tags.element_ids[element_id].marks
    assert set(tags.parent_tree) == marked


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("layout", ["handout", "large-print", "trifold", "card"])
def test_headings_start_at_h1_and_never_skip_a_level(render, layout, lang):
    tags = read_tags(render("older-adults", lang=lang, layout=layout, **PATIENT))
    levels = [int(e.role[1]) for e in tags.elements() if re.fullmatch(r"H[1-6]", e.role)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


def test_figures_have_alternative_text(app, render):
    ctx = _expected(app, "general", "en")
    tags = read_tags(render("general"))
    alts = [e.alt for e in tags.roles("Figure")]
    assert alts == [f"{ctx['t']['scan']}: https://example.org/leg-cramps", "Riverside Family Clinic logo",
                    ctx["t"]["picture_alt"]["calf-stretch"], ctx["t"]["picture_alt"]["thigh-stretch"]]
    assert all(e.marks for e in tags.roles("Figure"))  # each marks the drawing it describes


def test_patient_fields_are_tagged_with_their_words(render):
    tags = read_tags(render("general", **PATIENT))
    box = next(e for e in tags.roles("Div") if e.kids and e.kids[0].text.startswith("For you"))
    assert [k.role for k in box.kids] == ["H2", "P", "P", "P"]
    assert box.kids[0].text == "For you: Nguyễn Thị Minh Khai"
    assert box.kids[3].text == "Stretch your calves before bed. Call us if the cramps get worse."


def test_lines_end_in_a_space_so_words_stay_apart(render):
    """ReportLab drops the space where it breaks a line; without one a screen reader would hear 'letsgo'."""
    tags = read_tags(render("general"))
    wrapped = 0
    for element in tags.roles("LBody", "P"):
        for page_no, mcid in element.marks:
            chars = [c for c in tags.chars[page_no] if c.get("mcid") == mcid]
            for char, after in zip(chars, chars[1:]):
                if after["x0"] < char["x0"] - 1:  # the next character starts a new line
                    wrapped += 1
                    assert char["text"] == " ", element.text
    assert wrapped > 20


# -- a warning box that runs onto the next page -----------------------------------------
@pytest.fixture(scope="module")
def long_leaflet(tmp_path_factory) -> bytes:
    """A layout whose warning box runs onto page 2 and whose last paragraph runs onto page 3."""
    folder = tmp_path_factory.mktemp("layouts") / "long"
    folder.mkdir()
    spec = (REPO / "layouts" / "handout" / "layout.yaml").read_text(encoding="utf-8")
    (folder / "layout.yaml").write_text(re.sub(r"(?m)^max_pages:.*$", "max_pages: 5", spec), encoding="utf-8")
    (folder / "leaflet.xml.j2").write_text(
        "<leaflet><title>{{ leaflet.title }}</title><h2>{{ t.sections.warning }}</h2>"
        '<tier level="emergency"><h3>{{ t.tiers["emergency"].heading }}</h3>'
        "<list>{% for i in range(70) %}<item>Sign number {{ i }}</item>{% endfor %}</list></tier>"
        "<p>{% for i in range(400) %}word{{ i }} {% endfor %}</p></leaflet>", encoding="utf-8")
    app = Handouts(layouts_dirs=[folder.parent])
    return app.render(BuildRequest(audience="general", layout="long", date=DAY)).pdf


def test_a_warning_box_heading_repeated_on_the_next_page_is_tagged_once(long_leaflet):
    heading = "Call 911 or go to the emergency room now if you have:"
    page_text = [" ".join(p.extract_text().split()) for p in reader(long_leaflet).pages]
    assert len(page_text) == 3, page_text
    assert heading in page_text[0] and heading in page_text[1]  # printed at the top of both pages
    tags = read_tags(long_leaflet)
    assert [e.text for e in tags.roles("H3")] == [heading]  # heard once
    items = _list_items(tags.roles("L")[0])
    assert items == [f"Sign number {i}" for i in range(70)]
    assert {mark[0] for e in tags.roles("LBody") for mark in e.marks} == {0, 1}
    assert ua1_failures(long_leaflet) == []


def test_a_paragraph_split_across_pages_is_one_element(long_leaflet):
    tags = read_tags(long_leaflet)
    (para,) = [e for e in tags.roles("P") if e.text.startswith("word0 ")]
    assert para.text == " ".join(f"word{i}" for i in range(400))
    assert [page_no for page_no, _ in para.marks] == [1, 2]


def test_an_svg_logo_is_a_figure_named_after_the_clinic(tmp_path):
    svg = tmp_path / "logo.svg"
    shutil.copy(REPO / "data" / "pictures" / "calf-stretch.svg", svg)
    clinic = write_clinic(tmp_path / "clinic", logo=svg, name="Clínica del Valle")
    pdf = Handouts().render(BuildRequest(audience="athletes", lang="es", layout="trifold", clinic=str(clinic), date=DAY)).pdf
    assert "Logotipo de Clínica del Valle" in [e.alt for e in read_tags(pdf).roles("Figure")]
    assert ua1_failures(pdf) == []


# -- found in review: inputs a clinic or a layout author can supply -------------------------
def _custom_layout(tmp_path: Path, template: str, max_pages: int = 3) -> Handouts:
    folder = tmp_path / "layouts" / "custom"
    folder.mkdir(parents=True)
    spec = (REPO / "layouts" / "handout" / "layout.yaml").read_text(encoding="utf-8")
    (folder / "layout.yaml").write_text(re.sub(r"(?m)^max_pages:.*$", f"max_pages: {max_pages}", spec),
                                        encoding="utf-8")
    (folder / "leaflet.xml.j2").write_text(template, encoding="utf-8")
    return Handouts(layouts_dirs=[folder.parent])


SVG_WITH_TEXT = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
                 '<rect width="60" height="60" fill="#0b5563"/>'
                 '<text x="70" y="40" {font} font-size="24" fill="#0b5563">{text}</text></svg>')


@pytest.mark.parametrize("font", ["", 'font-family="Arial"', 'font-family="Helvetica" font-weight="bold"'])
def test_text_in_an_svg_logo_is_set_in_the_layouts_embedded_fonts(tmp_path, font):
    logo = tmp_path / "logo.svg"
    logo.write_text(SVG_WITH_TEXT.format(font=font, text="Riverside"), encoding="utf-8")
    clinic = write_clinic(tmp_path / "clinic", logo=logo)
    for layout in ("handout", "trifold", "large-print"):
        pdf = Handouts().render(BuildRequest(audience="general", layout=layout, clinic=str(clinic), date=DAY)).pdf
        assert ua1_failures(pdf) == []
        for p in reader(pdf).pages:
            for f in p["/Resources"]["/Font"].values():
                assert "AtkinsonHyperlegible" in str(f.get_object()["/BaseFont"])


def test_text_in_an_svg_logo_that_no_font_can_print_is_an_error(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text(SVG_WITH_TEXT.format(font="", text="王医院"), encoding="utf-8")
    clinic = write_clinic(tmp_path / "clinic", logo=logo)
    with pytest.raises(Exception) as caught:
        Handouts().render(BuildRequest(audience="general", clinic=str(clinic), date=DAY))
    message = str(caught.value)
    assert "logo.svg: the text '王医院' in the SVG cannot be printed" in message and "U+738B" in message
    assert "convert the text to paths" in message


@pytest.fixture(scope="module")
def supplementary_font(tmp_path_factory) -> Path:
    """A tiny TrueType font with one character above U+FFFF (CJK Extension B), as a name might need."""
    return box_font(tmp_path_factory.mktemp("fonts") / "TinyExtB.ttf", "\U00020000", "Tiny Ext B")


def test_a_character_above_u_ffff_maps_back_to_unicode(supplementary_font):
    pdf = Handouts().render(BuildRequest(audience="general", patient="Ana \U00020000", fonts=(supplementary_font,),
                                         date=DAY)).pdf
    assert ua1_failures(pdf) == []
    cmaps = b"".join(f.get_object()["/ToUnicode"].get_object().get_data()
                     for p in reader(pdf).pages for f in p["/Resources"]["/Font"].values())
    assert b"<D840DC00>" in cmaps  # U+20000 as a UTF-16 surrogate pair
    assert any(e.text == "For you: Ana \U00020000" for e in read_tags(pdf).roles("H2"))


def test_a_web_address_broken_across_lines_gets_no_space_inside(tmp_path):
    url = "https://www.riversidefamilyclinic-springfield.example.org/patient-education/leg-cramps"
    clinic = write_clinic(tmp_path / "clinic", website=url)
    pdf = Handouts().render(BuildRequest(audience="general", clinic=str(clinic), date=DAY)).pdf
    short = url.removeprefix("https://www.")
    tags = read_tags(pdf)
    (printed,) = [e for e in tags.roles("P") if e.text.replace(" ", "") == short]
    (page_no, mcid), = printed.marks
    assert len({round(c["top"]) for c in tags.chars[page_no] if c.get("mcid") == mcid}) >= 2  # it wraps
    assert printed.text == short


def test_an_empty_alt_makes_a_drawing_decoration(tmp_path):
    app = _custom_layout(tmp_path, '<leaflet><title>{{ leaflet.title }}</title>'
                                   '<figure picture="calf-stretch" alt="">Stretch</figure></leaflet>')
    pdf = app.render(BuildRequest(audience="general", layout="custom", date=DAY)).pdf
    tags = read_tags(pdf)
    assert tags.roles("Figure") == [] and [e.text for e in tags.roles("Caption")] == ["Stretch"]
    assert ua1_failures(pdf) == []


def test_a_page_with_no_tagged_content_still_has_its_parent_tree_entry(tmp_path):
    app = _custom_layout(tmp_path, '<leaflet><title>{{ leaflet.title }}</title><pagebreak/><spacer height="20"/>'
                                   '<footer><center>{{ t.page_x_of_y|page_fields }}</center></footer></leaflet>')
    pdf = app.render(BuildRequest(audience="general", layout="custom", date=DAY)).pdf
    tags = read_tags(pdf)
    assert len(reader(pdf).pages) == 2
    assert tags.parent_tree_keys == [0, 1] and tags.next_key == 2
    assert ua1_failures(pdf) == []
