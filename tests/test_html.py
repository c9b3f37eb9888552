"""The HTML twin (``--format html``): one self-contained, accessible web page per leaflet.

The page is parsed with the standard library's HTML parser and checked for
what a screen reader and a browser at 200 % zoom rely on; the CSS colours
are checked for contrast. ``test_html_axe.py`` runs axe-core on the pages in
a real browser.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import AUDIENCES, DAY, LANGUAGES, REPO

from handouts import BuildRequest, Handouts
from handouts.render.context import leaflet_context
from handouts.batch.index import Fingerprints
from handouts.load.brand import TEXT_CONTRAST, contrast
from handouts.errors import DataError, RequestError

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TIERS = ("emergency", "call-today", "visit")
PATIENT = {"patient": "Ana <b>x</b> & {{ 7*7 }}", "clinician": "Dr. Lee", "follow_up": "2026-12-05",
           "notes": ("First line\nsecond line <b>x</b>", "Fluid limit: 1 litre a day.")}


# -- a small DOM from html.parser ---------------------------------------------------------
@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text inside, whitespace folded (what a screen reader would read, hidden parts included)."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join("".join(parts).split())

    def iter(self, *tags: str):
        for child in self.children:
            if isinstance(child, Node):
                if not tags or child.tag in tags:
                    yield child
                yield from child.iter(*tags)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.doctype = ""

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: bytes) -> Node:
    builder = _Builder()
    builder.feed(page.decode("utf-8"))
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    assert builder.doctype.lower() == "doctype html"
    return builder.root


# -- fixtures -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def page(app):
    """Render a page (cached) and return its bytes."""
    cache: dict[BuildRequest, bytes] = {}

    def _page(audience: str = "general", **kwargs) -> bytes:
        kwargs.setdefault("date", DAY)
        request = BuildRequest(audience=audience, format="html", **kwargs)
        if request not in cache:
            cache[request] = app.render(request).data
        return cache[request]

    return _page


def write_clinic(folder: Path, **fields: str) -> Path:
    """A clinic profile; fields given as None are left out."""
    values = {"name": "Lakeside Health", "phone": "(555) 010-3000", "website": "https://example.org/cramps"}
    values.update(fields)
    path = folder / "clinic.yaml"
    path.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in values.items() if v is not None),
                    encoding="utf-8")
    return path


# -- structure ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_audience_and_language_is_a_well_formed_accessible_page(app, page, audience, lang):
    root = parse(page(audience, lang=lang))
    html = next(root.iter("html"))
    assert html.attrs["lang"] == app.content.languages[lang].tag
    head = next(html.iter("head"))
    assert next(head.iter("meta")).attrs == {"charset": "utf-8"}
    viewport = [m for m in head.iter("meta") if m.attrs.get("name") == "viewport"]
    assert viewport and "user-scalable" not in viewport[0].attrs["content"]
    assert "maximum-scale" not in viewport[0].attrs["content"]
    title = app.content.audiences[audience].title[lang]
    assert next(head.iter("title")).text.startswith(title)

    assert len(list(root.iter("main"))) == 1
    h1 = list(root.iter("h1"))
    assert [h.text for h in h1] == [title]
    levels = [int(h.tag[1]) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1
    for before, after in pairwise(levels):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    assert all(h.text for h in root.iter("h1", "h2", "h3"))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_content_lists_are_real_lists_with_every_item(app, page, audience, lang):
    root = parse(page(audience, lang=lang))
    for li in root.iter("li"):
        assert li.parent.tag in ("ul", "ol")
    for lst in root.iter("ul", "ol"):
        assert all(c.tag == "li" if isinstance(c, Node) else not c.strip() for c in lst.children)
    context = leaflet_context(BuildRequest(audience=audience, lang=lang, format="html"),
                              app.selection(audience, lang), app.clinic("demo"))
    sections = {s.attrs.get("aria-labelledby"): s for s in root.iter("section")}
    for name, tag in [("main-message", "ol"), ("relief", "ol"), ("prevent", "ul"), ("avoid", "ul")]:
        key = "main" if name == "main-message" else name
        lists = [child for child in sections[name].children if isinstance(child, Node) and child.tag in ("ul", "ol")]
        assert [lst.tag for lst in lists] == [tag]
        expected = [re.sub(r"\*\*", "", item["text"]) for item in context["sections"][key]]
        got = [li.text for li in lists[0].children if isinstance(li, Node)]
        assert len(got) == len(expected)
        for text, item in zip(got, expected):
            assert text.startswith(" ".join(item.split()))
    sources = next(ol for ol in root.iter("ol") if ol.attrs.get("class") == "sources")
    assert [li.attrs["id"] for li in sources.iter("li")] == [f"source-{s['n']}" for s in context["sources"]]
    cited = {a.attrs["href"] for a in root.iter("a") if a.attrs["href"].startswith("#")}
    assert cited == {f"#source-{s['n']}" for s in context["sources"]}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_urgency_tier_is_a_section_with_its_own_heading(app, page, lang):
    root = parse(page("dialysis", lang=lang))
    strings = app.content.languages[lang].strings["tiers"]
    tiers = [s for s in root.iter("section") if "tier" in s.attrs.get("class", "").split()]
    assert [s.attrs["class"] for s in tiers] == [f"tier tier-{tier}" for tier in TIERS]
    warning = next(s for s in root.iter("section") if s.attrs.get("aria-labelledby") == "warning")
    for section, tier in zip(tiers, TIERS):
        assert warning in section.ancestors()
        headings = list(section.iter("h2", "h3", "h4"))
        assert [h.tag for h in headings] == ["h3"]
        heading = headings[0]
        assert section.attrs["aria-labelledby"] == heading.attrs["id"]
        # told apart by words, not by colour: the tier's label and its heading are the heading's text
        heading_text = strings[tier]["heading"].replace("{emergency}", "911")  # the demo clinic's number
        assert heading.text == f"{strings[tier]['label']}: {heading_text}"
        icon = next(heading.iter("svg"))
        assert icon.attrs["aria-hidden"] == "true"
        assert list(section.iter("ul")) and list(section.iter("li"))


def test_every_image_has_alt_text_and_the_pictures_are_in_their_steps(app, page):
    for lang in LANGUAGES:
        root = parse(page("general", lang=lang))
        strings = app.content.languages[lang].strings
        images = list(root.iter("img"))
        assert len(images) == 3  # the logo and two stretches
        assert all(img.attrs.get("alt", "").strip() for img in images)
        logo = images[0]
        assert logo.attrs["class"] == "logo"
        assert logo.attrs["alt"] == strings["logo_alt"].replace("{clinic}", "Riverside Family Clinic")
        assert logo.attrs["src"].startswith("data:image/png;base64,")
        for img, name in zip(images[1:], ("calf-stretch", "thigh-stretch")):
            assert img.attrs["alt"] == strings["picture_alt"][name]  # what it shows; the caption is below
            assert img.attrs["src"].startswith("data:image/svg+xml;base64,")
            assert next(a for a in img.ancestors() if a.tag in ("li", "section")).tag == "li"


def test_a_clinic_without_logo_website_or_colour_has_no_image_or_link_for_them(page, tmp_path):
    clinic = write_clinic(tmp_path, website=None)
    root = parse(page("pregnancy", clinic=str(clinic)))
    assert not [img for img in root.iter("img") if img.attrs.get("class") == "logo"]
    assert not [a for a in root.iter("a") if "example.org" in a.attrs["href"]]
    assert "--brand: #1b4f7a;" in next(root.iter("style")).text


def test_an_svg_logo_is_embedded_with_its_alt_text(page, tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_bytes((REPO / "data" / "clinics" / "demo-logo.svg").read_bytes())
    root = parse(page("general", lang="es", clinic=str(write_clinic(tmp_path, logo="logo.svg"))))
    img = next(img for img in root.iter("img") if img.attrs.get("class") == "logo")
    assert img.attrs["src"].startswith("data:image/svg+xml;base64,")
    assert img.attrs["alt"] == "Logotipo de Lakeside Health"


def test_no_scripts_and_nothing_loaded_from_elsewhere(page):
    text = page("general", **PATIENT).decode("utf-8")
    root = parse(text.encode("utf-8"))
    for tag in ("script", "link", "iframe", "object", "embed", "base", "frame", "audio", "video", "source"):
        assert not list(root.iter(tag)), f"<{tag}> in the page"
    for node in root.iter():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), f"event handler {name} on <{node.tag}>"
            assert name not in ("srcset", "poster", "background", "style", "formaction", "data")
            if name == "src":
                assert node.tag == "img" and value.startswith("data:image/"), value[:40]
            if name in ("href", "xlink:href"):
                assert node.tag == "a", f"href on <{node.tag}>"
                # a link to follow (or a number to call), not a load
                assert value.startswith(("#", "https://", "http://")) or re.fullmatch(r"tel:\+?[0-9]+", value), value
    css = "\n".join(style.text for style in root.iter("style"))
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    assert not re.search(r"\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", text.replace('<a href="', "<a "))


def test_patient_fields_are_text_never_markup(page):
    text = page("general", lang="es", **PATIENT).decode("utf-8")
    root = parse(text.encode("utf-8"))
    box = next(s for s in root.iter("section") if s.attrs.get("aria-labelledby") == "for-you")
    assert next(box.iter("h2")).text == "Para usted: Ana <b>x</b> & {{ 7*7 }}"
    assert "Ana &lt;b&gt;x&lt;/b&gt; &amp; {{ 7*7 }}" in text
    paragraphs = [p for p in box.iter("p")]
    assert [p.text for p in paragraphs] == [
        "Su profesional de salud: Dr. Lee",
        "Próxima cita: 5 de diciembre de 2026",
        "First linesecond line <b>x</b>",  # a line break, not a space: the <br> is in between
        "Fluid limit: 1 litre a day.",
    ]
    note = paragraphs[2]
    assert [c.tag for c in note.children if isinstance(c, Node)] == ["br"]
    assert not [b for b in box.iter("b")]  # the note's "<b>" stayed text
    assert "49" not in box.text


def test_without_patient_fields_there_is_no_for_you_section(page):
    root = parse(page("general"))
    assert "for-you" not in {s.attrs.get("aria-labelledby") for s in root.iter("section")}


def test_the_same_request_gives_the_same_bytes():
    request = BuildRequest(audience="cirrhosis", lang="es", date=date(2026, 5, 1), format="html", **PATIENT)
    assert Handouts().render(request).data == Handouts().render(request).data


def test_layout_paper_and_fonts_do_not_change_the_page(page):
    plain = page("athletes")
    assert page("athletes", layout="trifold", paper="a4") == plain
    assert page("athletes", layout="card", paper="a6") == plain


# -- colours ----------------------------------------------------------------------------------
def css_rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """``(selector, declarations)`` for every rule; rules inside ``@media`` are flattened, ``@page`` dropped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rules, stack, start = [], [], 0
    for match in re.finditer(r"[{}]", css):
        if match.group() == "{":
            stack.append(css[start:match.start()].strip())
        else:
            body, selector = css[start:match.start()], stack.pop()
            if not selector.startswith("@") and body.strip():
                declarations = {}
                for declaration in body.split(";"):
                    if ":" in declaration:
                        name, value = declaration.split(":", 1)
                        declarations[name.strip()] = value.replace("!important", "").strip()
                rules.append((selector, declarations))
        start = match.end()
    assert not stack
    return rules


def text_colour_pairs(css: str) -> list[tuple[str, str, str]]:
    """``(selector, text colour, background)`` for every way text may sit on a background.

    A rule that sets both a colour and a background is that pair. A rule that sets
    only a colour may sit on any background of the stylesheet (or the white page).
    """
    rules = css_rules(css)
    variables = {k: v for selector, d in rules if selector == ":root" for k, v in d.items() if k.startswith("--")}

    def resolve(value: str) -> str | None:
        value = variables.get(value[4:-1].strip(), value) if value.startswith("var(") else value
        if value == "transparent":
            return None
        assert re.fullmatch(r"#[0-9a-f]{6}", value), f"colour {value!r}: use #rrggbb so it can be checked"
        return value

    for selector, declarations in rules:
        assert "background" not in declarations, f"{selector}: use background-color, so it can be checked"
    surfaces = {"#ffffff"} | {resolve(d["background-color"]) for s, d in rules
                              if "background-color" in d and "color" not in d} - {None}
    pairs = []
    for selector, declarations in rules:
        if "color" not in declarations:
            continue
        text = resolve(declarations["color"])
        own = resolve(declarations.get("background-color", "transparent"))
        pairs += [(selector, text, own)] if own else [(selector, text, bg) for bg in sorted(surfaces)]
    return pairs


@pytest.mark.parametrize("brand", [None, "#0b5563", "#7fd4ff", "#ffcc00"])
def test_every_text_colour_has_4_5_to_1_contrast_on_its_background(page, tmp_path, brand):
    clinic = write_clinic(tmp_path, color=brand) if brand else None
    html = page("older-adults", **({"clinic": str(clinic)} if clinic else {}))
    css = next(parse(html).iter("style")).text
    pairs = text_colour_pairs(css)
    assert len(pairs) > 10
    low = [(s, t, b, round(contrast(t, b), 2)) for s, t, b in pairs if contrast(t, b) < TEXT_CONTRAST]
    assert not low, low
    if brand:  # a light brand colour is used darkened, as in the PDF
        used = re.search(r"--brand: (#[0-9a-f]{6});", css).group(1)
        assert contrast(used) >= TEXT_CONTRAST and (used == brand) == (contrast(brand) >= TEXT_CONTRAST)


def test_text_sizes_and_widths_are_relative_so_the_page_zooms_and_reflows(page):
    css = next(parse(page("general")).iter("style")).text
    screen = css.split("@media print")[0]
    for selector, declarations in css_rules(screen):
        if selector == ".visually-hidden":  # 1 px on purpose: there for screen readers, not for the eye
            continue
        for name, value in declarations.items():
            if name in ("font-size", "max-width", "width", "min-width", "padding", "margin", "line-height"):
                assert not re.search(r"\d(px|pt)\b", value), f"{selector} {{ {name}: {value} }}"
    assert "overflow-wrap: anywhere" in screen  # a long name or address never scrolls sideways


def test_print_stylesheet_prints_black_text_and_keeps_tiers_whole(page):
    css = next(parse(page("general")).iter("style")).text
    assert css.count("@media print") == 1
    printed = css_rules(css.split("@media print", 1)[1])
    colours = {d["color"] for _, d in printed if "color" in d}
    assert colours == {"#000000"}
    assert any(".tier" in s and d.get("break-inside") == "avoid" for s, d in printed)
    assert all(d.get("text-decoration", "underline") == "underline" for s, d in printed if s.startswith("a"))


# -- the command, the library, the errors ----------------------------------------------------------------
def test_build_writes_audience_lang_html_and_never_replaces_without_force(run, tmp_path):
    result = run("build", "pregnancy", "--lang", "es", "--format", "html", "--date", "2026-11-21")
    assert (result.exit_code, result.stdout) == (0, "Wrote pregnancy-es.html\n")
    written = tmp_path / "pregnancy-es.html"
    assert written.read_bytes().startswith(b"<!DOCTYPE html>\n<html lang=\"es\"")
    assert [p.name for p in tmp_path.iterdir()] == [written.name]  # no temporary file left
    again = run("build", "pregnancy", "--lang", "es", "--format", "html")
    assert (again.exit_code, again.stderr) == (2, "Error: pregnancy-es.html: file exists; use --force to replace it\n")
    assert run("build", "pregnancy", "--lang", "es", "--format", "html", "--force").exit_code == 0
    (tmp_path / "out").mkdir()
    assert run("build", "general", "--format", "html", "-o", "out").exit_code == 0
    assert (tmp_path / "out" / "general-en.html").is_file()


def test_two_builds_from_the_command_are_byte_identical(run, tmp_path):
    for name in ("a.html", "b.html"):
        args = ["build", "medicines", "--format", "html", "--patient", "A & B", "--note", "x\ny", "-o", name]
        assert run(*args, "--date", "2026-05-01").exit_code == 0
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_a_name_in_any_script_needs_no_font_in_a_web_page(page):
    root = parse(page("general", patient="王小明"))
    assert "王小明" in next(s for s in root.iter("section") if s.attrs.get("aria-labelledby") == "for-you").text


def test_the_library_returns_the_page_as_data(app):
    leaflet = app.render(BuildRequest(audience="general", format="html", date=DAY))
    assert leaflet.data.startswith(b"<!DOCTYPE html>") and leaflet.pages == 0
    with pytest.raises(ValueError):
        leaflet.pdf  # noqa: B018
    with pytest.raises(RequestError, match=r"^format: unknown format 'doc'; choose one of: pdf, html$") as caught:
        app.render(BuildRequest(audience="general", format="doc"))
    assert caught.value.by_field() == {"format": ["unknown format 'doc'; choose one of: pdf, html"]}


def test_the_page_template_is_data_a_layouts_dir_can_replace(run, tmp_path):
    folder = tmp_path / "layouts" / "_html"
    folder.mkdir(parents=True)
    (folder / "leaflet.html.j2").write_text(
        '<!DOCTYPE html>\n<html lang="{{ html.lang }}"><title>{{ leaflet.title }}</title>'
        "<h1>{{ patient.name }}</h1></html>\n", encoding="utf-8")
    args = ["build", "general", "--format", "html", "--layouts-dir", str(tmp_path / "layouts"), "--patient", "<i>"]
    assert run(*args).exit_code == 0
    assert (tmp_path / "general-en.html").read_text() == (
        '<!DOCTYPE html>\n<html lang="en-US"><title>Muscle cramps</title><h1>&lt;i&gt;</h1></html>\n')


# -- batch -------------------------------------------------------------------------------------------
def test_a_batch_builds_html_and_pdf_rows_and_rebuilds_only_what_changed(run, tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("audience,lang,format,patient,date,output\n"
                        "general,es,html,Ana Ruiz,2026-11-21,\n"
                        "general,es,pdf,Ana Ruiz,2026-11-21,\n"
                        "dialysis,en,html,,2026-11-21,{patient}-{audience}.{format}\n"
                        "dialysis,en,,,2026-11-21,{patient}-{audience}.{format}\n", encoding="utf-8")
    result = run("batch", str(manifest), "--out-dir", "out", "-j", "1")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    files = sorted(p.name for p in out.iterdir())
    assert files == ["general-es-handout-letter.pdf", "general-es.html", "index.json", "patient-dialysis.html",
                     "patient-dialysis.pdf"]
    assert (out / "general-es.html").read_bytes().startswith(b"<!DOCTYPE html>")
    assert (out / "patient-dialysis.pdf").read_bytes().startswith(b"%PDF-")
    index = {e["file"]: e for e in json.loads((out / "index.json").read_text())["leaflets"]}
    assert {name: (e["format"], e["pages"] > 0) for name, e in index.items()} == {
        "general-es.html": ("html", False), "general-es-handout-letter.pdf": ("pdf", True),
        "patient-dialysis.html": ("html", False), "patient-dialysis.pdf": ("pdf", True)}
    assert index["general-es.html"]["reading_score"] == index["general-es-handout-letter.pdf"]["reading_score"]
    again = run("batch", str(manifest), "--out-dir", "out", "-j", "1", "--json")
    assert json.loads(again.stdout)["unchanged"] == 4


def test_the_inputs_digest_includes_the_format(app):
    fingerprint = Fingerprints(app)
    pdf = BuildRequest(audience="general", date=DAY)
    assert fingerprint(pdf) != fingerprint(BuildRequest(audience="general", date=DAY, format="html"))
    assert fingerprint(pdf) == fingerprint(BuildRequest(audience="general", date=DAY, format="pdf"))


def test_a_bad_format_cell_names_its_row_and_field_and_the_rest_builds(run, tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("audience,format\ngeneral,HTM\ngeneral,HTML\n", encoding="utf-8")  # any case (issue 14)
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: m.csv:2: format: unknown format 'htm'; choose one of: pdf, html"]
    assert (tmp_path / "out" / "general-en.html").is_file()


def test_two_html_rows_that_differ_only_in_layout_or_paper_collide(run, tmp_path):
    manifest = tmp_path / "m.yaml"
    manifest.write_text("defaults: {date: 2026-11-21}\njobs:\n"
                        "  - {audience: general, format: html}\n"
                        "  - {audience: general, layout: trifold, format: html}\n"
                        "  - {audience: general, layout: trifold, format: html, output: '{layout}.{format}'}\n",
                        encoding="utf-8")
    result = run("batch", "m.yaml", "--out-dir", "out", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        ("Error: m.yaml:4: output: 'general-en.html' is also the output of row 3; give each row its own "
         "output (e.g. with {layout} in it)")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["general-en.html", "index.json", "trifold.html"]
