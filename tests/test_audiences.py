"""Every audience in every language: complete, tailored, and never shown advice it must not get."""

from __future__ import annotations

import re

import pytest

from conftest import AUDIENCES, LANGUAGES, reader, text_of

MATRIX = [(a, lang) for a in AUDIENCES for lang in LANGUAGES]


def plain(text: str) -> str:
    """Content text as printed with the demo clinic: no bold marks, its emergency number."""
    return " ".join(text.replace("**", "").replace("{emergency}", "911").split())


@pytest.fixture(scope="module")
def content(app):
    return app.content


def every_item(content):
    yield from content.core
    for audience in content.audiences.values():
        yield from audience.replace
        yield from (placed.item for placed in audience.add)


@pytest.mark.parametrize("audience, lang", MATRIX)
def test_builds_fits_two_pages_and_sets_the_language(render, content, audience, lang):
    pdf = reader(render(audience, lang=lang))
    assert 1 <= len(pdf.pages) <= 2
    assert pdf.trailer["/Root"]["/Lang"] == content.languages[lang].tag
    assert pdf.metadata.title == content.audiences[audience].title[lang]


@pytest.mark.parametrize("audience, lang", MATRIX)
def test_all_three_tiers_in_the_language(render, content, audience, lang):
    text = text_of(render(audience, lang=lang))
    tiers = content.languages[lang].strings["tiers"]
    positions = [text.find(plain(tiers[t]["heading"]).replace("{emergency}", "911"))
                 for t in ("emergency", "call-today", "visit")]
    assert -1 not in positions and positions == sorted(positions)
    assert "\u25a0" not in text


@pytest.mark.parametrize("audience, lang", MATRIX)
def test_the_audience_own_warning_signs_are_printed(render, content, audience, lang):
    text = text_of(render(audience, lang=lang))
    own = [p.item for p in content.audiences[audience].add if p.item.section == "warning"]
    own += [i for i in content.audiences[audience].replace if i.section == "warning"]
    for item in own:
        first_words = " ".join(plain(item.text[lang]).replace("{emergency}", "911").split()[:6])
        assert first_words in text, (item.id, first_words)


@pytest.mark.parametrize("audience, lang", MATRIX)
def test_forbidden_advice_never_appears(render, content, audience, lang):
    forbid = content.audiences[audience].forbid
    text = text_of(render(audience, lang=lang))
    banned = [i for i in every_item(content) if i.tags & forbid and lang in i.text]
    for item in banned:
        assert plain(item.text[lang]) not in text, (audience, item.id)


def test_the_forbid_rules_are_in_the_data(content):
    assert {"more-fluids", "salty-remedy"} <= content.audiences["dialysis"].forbid
    assert {"more-fluids", "salty-remedy"} <= content.audiences["cirrhosis"].forbid
    assert "supplement" in content.audiences["pregnancy"].forbid
    banned = {i.id for i in every_item(content) if i.tags & {"more-fluids", "salty-remedy"}}
    assert {"prevent-fluids", "relief-pickle-juice"} <= banned  # the rules have something to catch


@pytest.mark.parametrize("audience", ["dialysis", "cirrhosis"])
def test_no_drink_more_and_no_salty_remedy_for_fluid_limited_patients(render, audience):
    english = text_of(render(audience))
    assert "Drink enough fluids" not in english and "sports drink" not in english
    assert "fluid limit" in english
    spanish = text_of(render(audience, lang="es"))
    assert "Tome suficiente" not in spanish and "bebida deportiva" not in spanish


def test_pregnancy_supplements_are_ask_first(render):
    text = text_of(render("pregnancy"))
    assert "Ask your care team before you take any supplement" in text
    assert "Magnesium pills likely do not help" not in text


@pytest.mark.parametrize("audience, lang, phrases", [
    ("pregnancy", "en", ["blood clot", "After 20 weeks"]),
    ("pregnancy", "es", ["coágulo", "semana 20"]),
    ("athletes", "en", ["Dark urine", "heat"]),
    ("athletes", "es", ["orina oscura", "calor"]),
    ("dialysis", "en", ["tell your care team right away", "fluid limit", "missed treatment"]),
    ("dialysis", "es", ["equipo de salud", "límite de líquidos"]),
    ("medicines", "en", ["statin", "dark urine", "water pills"]),
    ("medicines", "es", ["estatina", "orina oscura"]),
    ("cirrhosis", "en", ["salt limit", "water pills", "coffee grounds"]),
    ("older-adults", "en", ["restless legs"]),
])
def test_audience_specific_warnings(render, audience, lang, phrases):
    text = text_of(render(audience, lang=lang)).lower()
    for phrase in phrases:
        assert phrase.lower() in text, phrase


@pytest.mark.parametrize("audience, lang", MATRIX)
def test_quinine_warning_and_do_not_stop_medicines(render, audience, lang):
    text = text_of(render(audience, lang=lang)).lower()
    assert re.search(r"quinine|quinina", text)


@pytest.mark.parametrize("lang, page_word, month", [("en", "Page 1 of", "November 21, 2026"),
                                                     ("es", "Página 1 de", "21 de noviembre de 2026")])
def test_layout_strings_and_dates_are_translated(render, lang, page_word, month):
    text = text_of(render("general", lang=lang))
    assert page_word in text and month in text


def test_every_item_cites_known_sources_and_has_every_language(content):
    for item in every_item(content):
        assert item.sources and all(s in content.sources for s in item.sources), item.id
    for audience in content.audiences.values():
        for lang in content.languages:
            assert lang in audience.title and lang in audience.subtitle
