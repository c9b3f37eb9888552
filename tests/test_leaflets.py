"""What the built-in leaflets contain, read back from the PDFs."""

from __future__ import annotations

import pytest

from conftest import AUDIENCES, PAPERS, reader, text_of

TIER_HEADINGS = [
    "Call 911 or go to the emergency room now if you have:",
    "Get care today (call your clinic, or go to urgent care if it is closed) if you have:",
    "Make an appointment if you have:",
]
SECTION_HEADINGS = ["3 things to remember", "What is a muscle cramp?", "What to do during a cramp",
                    "How to prevent cramps", "When to get help", "What not to do", "My plan", "Sources."]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_audience_fits_two_pages_of_the_paper(render, audience, paper):
    pdf = reader(render(audience, paper=paper))
    assert 1 <= len(pdf.pages) <= 2
    for page in pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 1), round(height, 1)) == tuple(round(v, 1) for v in PAPERS[paper])


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_leaflet_has_all_sections_and_all_three_tiers_in_order(render, audience):
    text = text_of(render(audience))
    positions = [text.find(heading) for heading in SECTION_HEADINGS]
    assert -1 not in positions, [h for h, p in zip(SECTION_HEADINGS, positions) if p == -1]
    assert positions == sorted(positions)
    tiers = [text.find(heading) for heading in TIER_HEADINGS]
    assert -1 not in tiers and tiers == sorted(tiers)  # emergency first


@pytest.mark.parametrize("audience", AUDIENCES)
def test_footer_on_every_page(render, audience):
    pdf = reader(render(audience))
    pages = len(pdf.pages)
    for number, page in enumerate(pdf.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {pages}" in text
        assert "Riverside Family Clinic · (555) 010-2000" in text
        assert "Version 1.0.0 · Reviewed November 21, 2026" in text


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_black_boxes_and_citations_listed(render, audience):
    text = text_of(render(audience))
    assert "\u25a0" not in text
    assert "Sources. The small numbers" in text


def test_pregnancy_warns_about_a_blood_clot_in_one_leg(render):
    text = text_of(render("pregnancy"))
    assert "blood clot" in text
    assert "Swelling, warmth or redness in one leg" in text
    assert "After 20 weeks" in text  # pre-eclampsia signs
    assert "Before 37 weeks" in text  # preterm labour


def test_dialysis_never_says_drink_more(render):
    text = text_of(render("dialysis"))
    assert "Drink enough fluids" not in text
    assert "pickle" not in text.lower()
    assert "fluid limit" in text
    assert "My team's weight-gain target between treatments:" in text


def test_general_keeps_the_fluids_tip_that_dialysis_drops(render):
    assert "Drink enough fluids during the day" in text_of(render("general"))


def test_athletes_get_heat_and_dark_urine_warnings(render):
    text = text_of(render("athletes"))
    assert "Confusion or fainting in the heat (heat stroke)" in text
    assert "Dark urine (like tea or cola)" in text


def test_every_leaflet_warns_against_quinine(render):
    for audience in AUDIENCES:
        assert "Do not take quinine" in text_of(render(audience))


def test_patient_fields_print_literally_never_as_markup(render):
    name = "A & B <b>x</b> {{ 7*7 }}"
    note = "Take <i>one</i> & call {% if x %}us{% endif %}"
    text = text_of(render("general", patient=name, notes=(note,)))
    assert f"For you: {name}" in text
    assert note in text


def test_printed_date_comes_from_the_request(render):
    assert "Printed November 21, 2026" in text_of(render("general"))
