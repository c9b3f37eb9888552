"""`handouts check`: the gate for content, translations, sources, layouts and reading level."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import REPO
from handouts.cli import main


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def report():
    result = run("--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_builtin_content_passes(report):
    assert report["ok"] is True and report["problems"] == []
    catalog = json.loads(CliRunner().invoke(main, ["list", "--json"]).stdout)
    pairs = {(r["audience"], r["lang"]) for r in report["leaflets"]}
    assert pairs == {(a["id"], lang) for a in catalog["audiences"] for lang in catalog["languages"]}
    papers = sum(len(layout["papers"]) for layout in catalog["layout_details"])
    assert papers >= 2 * len(catalog["layouts"])  # every layout has letter and a4
    assert report["builds"] == len(pairs) * (papers + 1)  # every layout and paper, and the HTML page


def test_english_leaflets_are_grade_6_or_below(report):
    english = [r for r in report["leaflets"] if r["lang"] == "en"]
    assert english
    for row in english:
        assert row["reading_measure"] == "Flesch-Kincaid grade"
        assert row["reading_score"] <= 6, row
        assert row["words"] > 200 and row["sources_cited"] >= 5


def test_table_names_every_leaflet():
    result = run()
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["audience", "lang", "words", "reading"]
    assert any(line.startswith("general") and " en " in line and "grade" in line for line in lines)


def _overlay(tmp_path, audience: str, old: str, new: str):
    folder = tmp_path / "data" / "audiences"
    folder.mkdir(parents=True)
    text = (REPO / "data" / "audiences" / f"{audience}.yaml").read_text()
    assert old in text
    (folder / f"{audience}.yaml").write_text(text.replace(old, new, 1))
    return str(tmp_path / "data")


def test_item_without_a_source_fails(tmp_path):
    data = _overlay(tmp_path, "dialysis", "    sources: [C29i]\n", "    sources: []\n")
    result = run("--data-dir", data)
    assert result.exit_code == 2
    assert "data/audiences/dialysis.yaml:" in result.stderr
    assert "sources: must list at least one entry" in result.stderr


def test_unknown_source_id_fails(tmp_path):
    data = _overlay(tmp_path, "dialysis", "sources: [C29i]", "sources: [C99]")
    result = run("--data-dir", data)
    assert result.exit_code == 2
    assert "prevent-supplement.sources: unknown source id 'C99' (not in sources.yaml)" in result.stderr


def test_hard_english_fails_the_reading_gate(tmp_path):
    hard = ("Nocturnal musculoskeletal contractions frequently necessitate comprehensive "
            "pharmacological evaluation, particularly regarding antihypertensive "
            "polypharmacy considerations.")
    data = _overlay(tmp_path, "general", "add: []", "add:\n" + "".join(
        f"  - id: hard-{n}\n    section: about\n    text:\n      en: \"{hard}\"\n"
        f"      es: \"Texto.\"\n    sources: [C1]\n" for n in range(12)))
    result = run("--data-dir", data)
    assert result.exit_code == 2
    assert "general [en]: reading Flesch-Kincaid grade" in result.stderr
    assert "is above the limit 8" in result.stderr


def test_missing_spanish_item_fails_naming_file_line_and_item(tmp_path):
    text = (REPO / "data" / "audiences" / "dialysis.yaml").read_text()
    start = text.index("  - id: prevent-salt")
    es_line = text.index("      es:", start)
    broken = text[:es_line] + text[text.index("\n", es_line) + 1:]
    folder = tmp_path / "data" / "audiences"
    folder.mkdir(parents=True)
    (folder / "dialysis.yaml").write_text(broken)
    line = broken[:start].count("\n") + 1
    result = run("--data-dir", str(tmp_path / "data"))
    assert result.exit_code == 2
    assert f"data/audiences/dialysis.yaml:{line}: prevent-salt.text.es: missing translation" in result.stderr
