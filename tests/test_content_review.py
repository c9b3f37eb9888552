"""The content review a committee would do, as tests (issue 12; docs/content.md).

Every warning sign of every audience, in every language, sits in the tier its
triage source advises; every source is a primary, checkable address; the
examples the review found are fixed and stay fixed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import AUDIENCES, LANGUAGES, REPO, text_of
from handouts.load.model import TIERS

MATRIX = [(a, lang) for a in AUDIENCES for lang in LANGUAGES]


def plain(text: str) -> str:
    return " ".join(text.replace("**", "").split())


@pytest.fixture(scope="module")
def content(app):
    return app.content


def warnings_of(app, audience: str, lang: str):
    return [item for item in app.selection(audience, lang).items if item.section == "warning"]


@pytest.mark.parametrize("audience, lang", MATRIX)
def test_every_warning_sign_is_in_the_tier_its_triage_source_advises(app, audience, lang):
    signs = warnings_of(app, audience, lang)
    assert {item.tier for item in signs} == set(TIERS)
    for item in signs:
        assert item.triage_source is not None and item.triage_says is not None, item.id
        assert item.triage_source in item.sources, (item.id, item.triage_source, item.sources)
        assert item.tier == item.triage_says, (audience, item.id, item.tier, item.triage_says)
        assert item.triage_source in app.content.sources, item.id


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_same_sign_has_the_same_tier_in_every_language(app, audience):
    tiers = {lang: {item.id: item.tier for item in warnings_of(app, audience, lang)} for lang in LANGUAGES}
    assert tiers["en"] == tiers["es"]


def test_no_item_outside_the_warning_section_has_a_triage(content):
    items = list(content.core) + [i for a in content.audiences.values() for i in a.replace]
    items += [p.item for a in content.audiences.values() for p in a.add]
    for item in items:
        if item.section != "warning":
            assert item.tier is None and item.triage_source is None, item.id


# -- the review's findings, fixed ------------------------------------------------------------------
def tier_of(app, audience: str, item_id: str) -> str | None:
    return next((i.tier for i in warnings_of(app, audience, "en") if i.id == item_id), None)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_emergency_tier_holds_no_ordinary_cramp_signs(app, audience):
    """Numbness, twitching, weakness, fluid loss and water pills are same-day care, not an ambulance."""
    for item in warnings_of(app, audience, "en"):
        if item.tier == "emergency":
            text = plain(item.text["en"]).lower()
            for word in ("numbness", "twitching", "water pill", "diuretic", "lose a lot of fluid",
                         "losing a lot of fluid", "a cramp during treatment"):
                assert word not in text, (audience, item.id, word)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_audience_has_the_blood_clot_sign_under_same_day_care(app, audience):
    clots = [i for i in warnings_of(app, audience, "en") if "blood clot" in plain(i.text["en"]).lower()
             and "one leg" in plain(i.text["en"]).lower()]
    assert clots, audience
    assert all(i.tier == "call-today" for i in clots), audience


@pytest.mark.parametrize("audience", AUDIENCES)
def test_dark_urine_is_same_day_care_wherever_it_appears(app, audience):
    for item in warnings_of(app, audience, "en"):
        if "dark urine" in plain(item.text["en"]).lower():
            assert item.tier == "call-today", (audience, item.id)


def test_quinine_bleeding_says_stop_taking_it(app):
    item = next(i for i in warnings_of(app, "medicines", "en") if i.id == "warn-quinine-bleeding")
    assert item.tier == "call-today" and "Stop taking it" in item.text["en"]
    assert "Deje de tomarla" in next(i for i in warnings_of(app, "medicines", "es")
                                      if i.id == "warn-quinine-bleeding").text["es"]


def test_dialysis_cramp_during_treatment_is_not_a_warning_and_has_its_emergencies(app):
    ids = {i.id: i.tier for i in warnings_of(app, "dialysis", "en")}
    assert "warn-during-session" not in ids
    assert ids["warn-missed-session"] == "emergency"
    assert ids["warn-chest"] == "emergency"


def test_pregnancy_has_labour_triage_and_no_leg_sign_in_the_emergency_tier(app):
    signs = warnings_of(app, "pregnancy", "en")
    labour = next(i for i in signs if i.id == "warn-labour")
    assert labour.tier == "emergency"
    text = plain(labour.text["en"])
    for phrase in ("Before 37 weeks", "tightening", "fluid", "Bleeding", "baby moving less"):
        assert phrase in text
    for item in signs:
        if item.tier == "emergency":
            assert "leg" not in plain(item.text["en"]).lower(), item.id


def test_athletes_heat_stroke_has_cooling_first_aid_and_salt_is_not_a_main_message(app):
    selection = app.selection("athletes", "en")
    stroke = next(i for i in selection.items if i.id == "warn-heat-stroke")
    assert stroke.tier == "emergency" and "cool the person" in stroke.text["en"]
    for item in selection.items:
        if item.section == "main":
            assert "salty-remedy" not in item.tags and "salt" not in item.text["en"].lower(), item.id
    salt = next(i for i in selection.items if i.id == "prevent-salt")
    assert "weak" in salt.text["en"] and "salt limit" in salt.text["en"]


def test_cirrhosis_has_the_liver_emergencies(app):
    signs = {i.id: i for i in warnings_of(app, "cirrhosis", "en")}
    text = " ".join(plain(i.text["en"]) for i in signs.values() if i.tier == "emergency").lower()
    for phrase in ("vomiting blood", "coffee grounds", "black", "confusion", "sleepiness", "fever",
                   "belly", "yellow"):
        assert phrase in text, phrase


@pytest.mark.parametrize("audience, lang", MATRIX)
def test_heating_pad_safety_is_in_every_leaflet(render, audience, lang):
    text = text_of(render(audience, lang=lang))
    assert ("heating pad" if lang == "en" else "almohadilla térmica") in text


def test_older_adults_stretch_safely_at_night(app):
    item = next(i for i in app.selection("older-adults", "en").items if i.id == "prevent-night-safety")
    assert "light" in item.text["en"] and "chair" in item.text["en"]


# -- sources ----------------------------------------------------------------------------------------
def test_every_source_is_a_primary_checkable_address(content):
    for source in content.sources.values():
        assert re.fullmatch(r"[0-9]{4}", source.year), source.id
        parts = urlsplit(source.url)
        assert parts.scheme == "https" and parts.path not in ("", "/"), source.id
        assert source.publisher and source.title, source.id
        assert "(copy)" not in source.title and "copy" not in source.publisher.lower(), source.id


def test_every_source_in_the_data_is_cited_by_some_item(content):
    items = list(content.core) + [i for a in content.audiences.values() for i in a.replace]
    items += [p.item for a in content.audiences.values() for p in a.add]
    cited = {sid for item in items for sid in item.sources}
    assert set(content.sources) <= cited, sorted(set(content.sources) - cited)


def test_no_data_file_writes_the_emergency_number():
    """Leaflet text says {emergency}; only a clinic profile's emergency_number setting may hold a number."""
    for path in sorted((REPO / "data").rglob("*.yaml")):
        text = re.sub(r'(?m)^emergency_number: "[0-9]+"', "", path.read_text(encoding="utf-8"))
        assert not re.search(r"\b9-?1-?1\b", text), path


# -- wording (Spanish and English) ------------------------------------------------------------------
def every_text(content, lang: str) -> list[tuple[str, str]]:
    items = list(content.core) + [i for a in content.audiences.values() for i in a.replace]
    items += [p.item for a in content.audiences.values() for p in a.add]
    return [(item.id, item.text[lang]) for item in items if lang in item.text]


def test_spanish_wording_follows_the_review(content):
    for item_id, text in every_text(content, "es"):
        lowered = text.lower()
        for banned in ("espasmo", "espinilla", "jugo de pepinillo", "qué tan"):
            assert banned not in lowered, (item_id, banned)
        if "pastilla de agua" in lowered or "pastillas de agua" in lowered:
            assert "diurético" in lowered, item_id
    for audience in content.audiences.values():
        for lang_text in (audience.title["es"], audience.subtitle["es"]):
            if "pastillas de agua" in lang_text:
                assert "diuréticos" in lang_text


def test_english_names_water_pills_as_diuretics_and_defines_quinine_and_the_fda(content):
    for item_id, text in every_text(content, "en"):
        if "water pill" in text.lower():
            assert "diuretic" in text.lower(), item_id
        if re.search(r"\bquinine\b", text, re.I) and item_id in ("main-quinine", "avoid-quinine"):
            assert "malaria medicine" in text, item_id
        if "FDA" in text:
            assert "agency" in text, item_id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tier_items_continue_their_heading(content, lang):
    """Headings end "if you have:"; no item starts the clause again ("You have", "You take")."""
    starts = {"en": ("you have", "you take", "you are", "your "), "es": ("tiene ", "toma ", "usted ")}[lang]
    for item_id, text in every_text(content, lang):
        if item_id.startswith("warn-"):
            assert not plain(text).lower().startswith(starts), (item_id, text)
