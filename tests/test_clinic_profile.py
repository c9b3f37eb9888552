"""The clinic profile's reach into every leaflet (issue 12): its emergency number, its phones (with tel:
links on the web page), the units a same-day tier sends people to, its approval, and the demo clinic's
sample mark, which a site's own default clinic removes."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import AUDIENCES, DAY, LANGUAGES, REPO, reader, text_of
from handouts import BuildRequest, Handouts
from handouts.render.templating import link_number, tel

LAYOUT_PAPERS = [("handout", "letter"), ("large-print", "a4"), ("trifold", "letter"), ("card", "4x6")]
SAMPLE = {"en": "SAMPLE - NOT FOR PATIENTS", "es": "MUESTRA - NO ES PARA PACIENTES"}


def _clinic(tmp_path: Path, extra: str = "", name: str = "clinic.yaml") -> Path:
    """A copy of the demo profile that is not a sample, plus ``extra`` lines."""
    shutil.copy(REPO / "data" / "clinics" / "demo-logo.png", tmp_path / "demo-logo.png")
    text = (REPO / "data" / "clinics" / "demo.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(sample|emergency_number):.*\n", "", text)
    path = tmp_path / name
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def app112(tmp_path_factory) -> tuple[Handouts, str]:
    folder = tmp_path_factory.mktemp("clinic112")
    return Handouts(), str(_clinic(folder, 'emergency_number: "112"\n'))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_clinic_emergency_number_replaces_911_everywhere(app112, audience, lang):
    app, clinic = app112
    for layout, paper in LAYOUT_PAPERS:
        text = text_of(app.render(BuildRequest(audience=audience, lang=lang, layout=layout, paper=paper,
                                               clinic=clinic, date=DAY)).pdf)
        assert "911" not in text, (layout, paper)
        if layout != "card" or audience != "general":  # every layout prints the emergency tier's heading
            assert re.search(r"\b112\b", text), (layout, paper)
    page = app.render(BuildRequest(audience=audience, lang=lang, format="html", clinic=clinic)).data.decode()
    assert "911" not in page
    assert '<a href="tel:112">112</a>' in page


def test_000_and_999_work_quoted_or_not(tmp_path):
    """YAML 1.1 reads an unquoted 000 as the number 0 and 0112 as octal; the loader keeps the text typed."""
    app = Handouts()
    for number, written in (("000", '"000"'), ("999", '"999"'), ("000", "000"), ("0112", "0112")):
        clinic = _clinic(tmp_path, f"emergency_number: {written}\n", name=f"c{number}-{len(written)}.yaml")
        text = text_of(app.render(BuildRequest(audience="athletes", clinic=str(clinic), date=DAY)).pdf)
        assert f"Call {number} or go to the emergency room" in " ".join(text.split())


def test_every_phone_on_the_web_page_is_a_tel_link(app):
    page = app.render(BuildRequest(audience="dialysis", format="html")).data.decode()
    for number, target in (("(555) 010-2000", "tel:5550102000"), ("(555) 010-2999", "tel:5550102999"),
                           ("911", "tel:911")):
        printed = page.count(f">{number}<")
        assert printed and page.count(f'<a href="{target}">{number}</a>') == printed, number


def test_tel_and_link_number_filters():
    assert tel("+44 20 7946 0000") == "tel:+442079460000"
    assert tel("(555) 010-2000") == "tel:5550102000"
    assert str(link_number("Call 112 or 1120 <now>", "112")) == 'Call <a href="tel:112">112</a> or 1120 &lt;now&gt;'


def test_the_same_day_tier_prints_the_audience_unit_instead_of_the_main_number(tmp_path):
    clinic = _clinic(tmp_path, "audience_phones:\n  dialysis: {label: Dialysis unit, phone: \"(555) 010-3000\"}\n"
                               "  pregnancy: {label: Labor and delivery, phone: \"(555) 010-4000\"}\n")
    app = Handouts()
    dialysis = " ".join(text_of(app.render(BuildRequest(audience="dialysis", clinic=str(clinic), date=DAY)).pdf)
                        .split())
    assert "Dialysis unit: (555) 010-3000" in dialysis
    general = " ".join(text_of(app.render(BuildRequest(audience="general", clinic=str(clinic), date=DAY)).pdf)
                       .split())
    assert "Dialysis unit" not in general and "Clinic: (555) 010-2000" in general
    card = " ".join(text_of(app.render(BuildRequest(audience="pregnancy", layout="card", clinic=str(clinic),
                                                    date=DAY)).pdf).split())
    assert "Labor and delivery: (555) 010-4000" in card
    page = app.render(BuildRequest(audience="dialysis", format="html", clinic=str(clinic))).data.decode()
    assert '<strong>Dialysis unit:</strong> <a href="tel:5550103000">(555) 010-3000</a>' in page


def test_an_approval_is_printed_and_needs_both_fields(tmp_path):
    clinic = _clinic(tmp_path, "approved_by: Patient Education Committee\napproved_on: 2026-10-01\n")
    app = Handouts()
    for layout, paper in LAYOUT_PAPERS:
        text = " ".join(text_of(app.render(BuildRequest(audience="general", layout=layout, paper=paper,
                                                        clinic=str(clinic), date=DAY)).pdf).split())
        assert "Approved by Patient Education Committee on October 1, 2026" in text, layout
    spanish = text_of(app.render(BuildRequest(audience="general", lang="es", clinic=str(clinic), date=DAY)).pdf)
    assert "Aprobado por Patient Education Committee el 1 de octubre de 2026" in " ".join(spanish.split())
    half = _clinic(tmp_path, "approved_by: Committee\n", name="half.yaml")
    with pytest.raises(Exception, match="give approved_by and approved_on together"):
        app.request({"audience": "general", "clinic": str(half)})


# -- the demo clinic can never reach a patient by accident ------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("layout, paper", LAYOUT_PAPERS)
def test_the_demo_clinic_marks_every_page_as_a_sample(app, layout, paper, lang):
    pdf = app.render(BuildRequest(audience="pregnancy", lang=lang, layout=layout, paper=paper, clinic="demo",
                                  date=DAY)).pdf
    pages = reader(pdf).pages
    assert all(SAMPLE[lang] in page.extract_text() for page in pages), f"{len(pages)} pages"
    page = app.render(BuildRequest(audience="pregnancy", lang=lang, format="html", clinic="demo")).data.decode()
    words = app.content.languages[lang].strings["sample_mark"]
    assert SAMPLE[lang] == words.upper()
    assert page.count(f'<p class="sample" role="note">{words}</p>') == 2  # at the top and in the footer


def test_build_with_the_demo_clinic_says_so_on_stderr(run, monkeypatch):
    monkeypatch.delenv("HANDOUTS_CLINIC")  # no site default: the built-in demo
    result = run("build", "general", "-o", "g.pdf")
    assert result.exit_code == 0
    assert re.search(r"^Note: made with the sample clinic 'Riverside Family Clinic' \(.*demo\.yaml\): every page "
                     r"says it is a sample, not for patients\. Give your clinic with --clinic FILE, or once for "
                     r"this computer with HANDOUTS_CLINIC or .*config\.yaml", result.stderr, re.M), result.stderr


@pytest.mark.parametrize("how", ["variable", "config file"])
def test_a_site_default_clinic_removes_the_mark_and_the_note(run, tmp_path, monkeypatch, how):
    clinic = _clinic(tmp_path, 'emergency_number: "112"\n')
    monkeypatch.delenv("HANDOUTS_CLINIC")
    if how == "variable":
        monkeypatch.setenv("HANDOUTS_CLINIC", str(clinic))
    else:
        config = tmp_path / "site" / "config.yaml"
        config.parent.mkdir()
        config.write_text("clinic: ../clinic.yaml\n", encoding="utf-8")
        monkeypatch.setenv("HANDOUTS_CONFIG", str(config))
    result = run("build", "general", "--layout", "card", "-o", "g.pdf")
    assert result.exit_code == 0 and "sample" not in result.stderr.lower(), result.stderr
    text = text_of((tmp_path / "g.pdf").read_bytes())
    assert "SAMPLE" not in text and "Call 112" in " ".join(text.split())
    # an explicit --clinic still wins over the site's default
    assert run("build", "general", "--clinic", "demo", "-o", "d.pdf").exit_code == 0
    assert SAMPLE["en"] in text_of((tmp_path / "d.pdf").read_bytes())


def test_a_broken_site_default_names_where_it_came_from(run, tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_CLINIC", "nowhere")
    result = run("build", "general", "-o", "g.pdf")
    assert result.exit_code == 2
    assert result.stderr == ("Error: --clinic: unknown clinic 'nowhere': give a clinic id (demo) or the path of a "
                             "clinic YAML file (the default clinic, from HANDOUTS_CLINIC)\n")
    config = tmp_path / "config.yaml"
    config.write_text("clinc: x.yaml\n", encoding="utf-8")
    monkeypatch.delenv("HANDOUTS_CLINIC")
    monkeypatch.setenv("HANDOUTS_CONFIG", str(config))
    result = run("build", "general", "-o", "g.pdf")  # the config file is read only when nothing else names a clinic
    assert result.exit_code == 2 and result.stderr == "Error: config.yaml:1: clinc: unknown setting; the config " \
                                                      "file has: clinic\n"


def test_approval_older_than_two_years_is_a_check_warning(tmp_path):
    from handouts.check import approval_warnings

    clinic = _clinic(tmp_path, "approved_by: Committee\napproved_on: 2024-01-15\n")
    app = Handouts()
    warnings = approval_warnings(app, [str(clinic)], date(2026, 11, 30))
    assert warnings == [f"{app.clinic(str(clinic)).origin.file}: the leaflets were approved on 2024-01-15 "
                        "(1050 days ago, more than two years); ask the committee to review them again"]
    assert approval_warnings(app, [str(clinic)], date(2025, 6, 1)) == []
