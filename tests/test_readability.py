"""Reading-level numbers, checked against sentences counted by hand."""

from __future__ import annotations

import pytest

from handouts.readability import count, english_syllables, score, spanish_syllables


@pytest.mark.parametrize("word, syllables", [
    ("cramp", 1), ("muscle", 2), ("sudden", 2), ("tightening", 3), ("quinine", 2), ("diuretics", 4),
    ("calves", 1), ("stretches", 2), ("every", 3), ("area", 3), ("weight-gain", 2), ("don't", 1),
])
def test_english_syllables(word, syllables):
    assert english_syllables(word) == syllables


@pytest.mark.parametrize("word, syllables", [
    ("calambre", 3), ("contracción", 3), ("músculo", 3), ("dolorosa", 4), ("agua", 2), ("poeta", 3),
    ("día", 2), ("ciudad", 2), ("queso", 2), ("guerra", 2), ("cigüeña", 3), ("buey", 1), ("ayuda", 3),
    ("hoy", 1), ("muy", 1), ("pantorrilla", 4), ("pierna", 2), ("diálisis", 3), ("oído", 3),
])
def test_spanish_syllables(word, syllables):
    assert spanish_syllables(word) == syllables


def test_flesch_kincaid_grade_by_hand():
    # A(1) cramp(1) is(1) a(1) sud-den(2) pain-ful(2) tight-en-ing(3) of(1) a(1) mus-cle(2):
    # 10 words, 15 syllables, 1 sentence -> 0.39*10 + 11.8*1.5 - 15.59 = 6.01
    result = score(["A cramp is a sudden, painful tightening of a muscle."], "en")
    assert (result.words, result.sentences, result.syllables) == (10, 1, 15)
    assert result.value == 6.0


def test_numbers_bold_markers_and_colons():
    # Stretch your calf. | Call 911 now! | My limit: -> 3 sentences;
    # words 1+1+1, 1+3+1, 1+2 syllables = 11 over 8 words
    words, sentences, syllables = count(["Stretch your **calf**. Call 911 now!", "My limit:"], "en")
    assert (words, sentences, syllables) == (8, 3, 11)


def test_fernandez_huerta_by_hand():
    # El(1) ca-lam-bre(3) es(1) u-na(2) con-trac-ción(3) do-lo-ro-sa(4) del(1) mús-cu-lo(3):
    # 8 words, 18 syllables, 1 sentence -> 206.84 - 60*2.25 - 1.02*8 = 63.68
    result = score(["El calambre es una contracción dolorosa del músculo."], "es")
    assert (result.words, result.sentences, result.syllables) == (8, 1, 18)
    assert result.value == 63.7
    assert result.measure == "Fernández-Huerta ease"


def test_easy_spanish_scores_high():
    # Lla-me(2) al(1) 911(3) hoy(1): 4 words, 7 syllables -> 206.84 - 105 - 4.08 = 97.76
    assert score(["Llame al 911 hoy."], "es").value == 97.8


def test_no_network_needed(monkeypatch):
    import socket

    def refuse(*_args, **_kwargs):
        raise AssertionError("readability must not touch the network")

    monkeypatch.setattr(socket, "socket", refuse)
    assert score(["Rest your leg."], "en").words == 3
