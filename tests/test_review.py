"""``handouts review``: the packet a patient-education committee signs (issue 12, section 7)."""

from __future__ import annotations

import re

import pytest

from conftest import text_of
from handouts import Handouts


@pytest.fixture(scope="module")
def selection():
    return Handouts().selection("dialysis", "es")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_spanish_dialysis_packet_lists_every_item_with_its_sources(run, selection):
    result = run("review", "dialysis", "--lang", "es", "--date", "2026-11-30")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Wrote review-dialysis-es.pdf\n"
    from pathlib import Path

    text = _flat(text_of(Path("review-dialysis-es.pdf").read_bytes()))
    numbers = {source.id: n for n, source in enumerate(selection.cited_sources(), start=1)}
    for item in selection.items:
        cites = ", ".join(str(n) for n in sorted(numbers[s] for s in item.sources))
        assert re.search(rf"{re.escape(item.id)} · (?:[^·]+ · )?sources {re.escape(cites)}\b", text), item.id
    for source in selection.cited_sources():  # each source in full: publisher, title, year, address and id
        entry = f"{numbers[source.id]}. {source.publisher} ({source.year}). {source.title}. "
        assert _flat(entry) in text, source.id
        assert f"[{source.id}]" in text
    for heading in ("Summary", "The leaflet, item by item", "Changes from the shared core", "Sources", "Sign-off"):
        assert heading in text
    assert "Fernández-Huerta ease" in text and "Name and role:" in text


def test_the_packet_shows_the_tiers_and_what_the_audience_changes(run, selection):
    assert run("review", "dialysis", "--date", "2026-11-30", "-o", "r.pdf").exit_code == 0
    from pathlib import Path

    text = _flat(text_of(Path("r.pdf").read_bytes()))
    audience = selection.audience
    for item_id in audience.drop:
        assert re.search(rf"{re.escape(item_id)} \((?:main|about|relief|prevent|warning|avoid|plan)\): ", text), item_id
    for item in audience.replace:
        assert f"{item.id}: the core says" in text
    for placed in audience.add:
        assert f"{placed.item.id} ({placed.item.section})" in text
    labels = {tier: selection.content.languages["en"].strings["tiers"][tier]["label"]
              for tier in ("emergency", "call-today", "visit")}
    english = Handouts().selection("dialysis", "en")
    for item in english.items:
        if item.tier:  # each warning sign with its tier's label
            assert f"{item.id} · {labels[item.tier]} · sources" in text, item.id
    assert "more-fluids, salty-remedy" in text  # the tags this audience forbids


def test_the_packet_as_a_web_page_has_a_row_per_item(run, selection):
    assert run("review", "dialysis", "--lang", "es", "--format", "html").exit_code == 0
    from pathlib import Path

    page = Path("review-dialysis-es.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="item-([a-z0-9-]+)">', page)
    assert rows == [item.id for item in selection.items]
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page


def test_bad_review_options_name_their_field(run):
    result = run("review", "dialysis", "--lang", "fr", "--paper", "legal", "--format", "doc")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: --lang: unknown language 'fr'; choose one of: en, es",
        "Error: --format: unknown format 'doc'; choose one of: pdf, html",
        "Error: --paper: unknown paper 'legal' for the review packet; choose one of: letter, a4",
    ]
    result = run("review", "nosuch")
    assert result.exit_code == 2 and result.stderr.startswith("Error: unknown audience 'nosuch'")


def test_the_review_layout_is_not_a_leaflet_layout(app):
    assert "_review" not in app.catalog()["layouts"]
