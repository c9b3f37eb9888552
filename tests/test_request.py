"""The request boundary (handouts/request.py): one parser for every front end, problems keyed by field.

The CLI, a CSV manifest row and a YAML manifest job hand the same raw values to the same parser, so
they report the same field and the same message; only the way each names the field differs
(``--follow-up`` / ``m.csv:2: follow_up`` / ``m.yaml:3: follow_up``).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SITE_CLINIC
from handouts import BuildRequest, Handouts
from handouts.cli import OPTIONS, main
from handouts.errors import Problem, RenderError, RequestError
from handouts.request import FIELDS, parse_request

PACKAGE = Path(__file__).resolve().parent.parent / "handouts"

# One bad value per field that a front end can give as text (the clinic is left out: a manifest reads a
# clinic file name relative to the manifest, the CLI relative to the current folder, so the paths differ).
BAD = {
    "lang": "fr",
    "layout": "poster",
    "format": "doc",
    "patient": "x" * 121,
    "clinician": "Dr.\x07Lee",
    "follow_up": "2026-02-30",
    "note": "Drink \x1b water",
    "date": "21/11/2026",
}
EXPECTED = {
    "lang": "unknown language 'fr'; choose one of: en, es",
    "layout": "unknown layout 'poster'; choose one of: card, handout, large-print, trifold",
    "format": "unknown format 'doc'; choose one of: pdf, html",
    "patient": "121 characters; at most 120 fit on a leaflet",
    "clinician": "contains the control character U+0007",
    "follow_up": "'2026-02-30' is not a real date (expected YYYY-MM-DD or text)",
    "note": "contains the control character U+001B",
    "date": "expected YYYY-MM-DD, found '21/11/2026'",
}


def _cli_problems(tmp_path: Path) -> dict[str, str]:
    args = ["build", "general", "-o", str(tmp_path / "out.pdf")]
    for field, value in BAD.items():
        args += [OPTIONS[field], value]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.stderr
    by_option = {option: field for field, option in OPTIONS.items() if option}
    found = {}
    for line in result.stderr.splitlines():
        option, _, message = line.removeprefix("Error: ").partition(": ")
        found[by_option[option]] = message
    return found


def _manifest_problems(path: Path) -> dict[str, str]:
    result = CliRunner().invoke(main, ["batch", str(path), "--out-dir", str(path.parent / "out"), "-j", "1"])
    assert result.exit_code == 1, result.stderr
    found = {}
    for line in result.stderr.splitlines():
        match = re.fullmatch(rf"Error: (?:.*/)?{re.escape(path.name)}:(\d+): ([a-z_]+): (.*)", line)
        assert match, line
        found[match[2]] = match[3]
    return found


def test_the_same_bad_values_give_the_same_field_and_message_from_cli_csv_and_yaml(tmp_path):
    cli = _cli_problems(tmp_path)

    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["audience", *BAD])
    writer.writerow(["general", *BAD.values()])
    csv_file = tmp_path / "m.csv"
    csv_file.write_text(rows.getvalue(), encoding="utf-8")
    from_csv = _manifest_problems(csv_file)

    yaml_file = tmp_path / "m.yaml"
    job = ", ".join(f'{field}: "{value.encode("unicode_escape").decode()}"' for field, value in BAD.items())
    yaml_file.write_text(f"jobs:\n  - {{audience: general, {job}}}\n", encoding="utf-8")
    from_yaml = _manifest_problems(yaml_file)

    assert cli == from_csv == from_yaml == EXPECTED


def test_the_library_keys_every_problem_by_field_never_by_option():
    app = Handouts()
    with pytest.raises(RequestError) as caught:
        app.request({"audience": "general", **BAD})
    assert caught.value.by_field() == {field: [message] for field, message in EXPECTED.items()}
    assert all(not problem.field.startswith("-") for problem in caught.value.problems)
    assert str(caught.value).splitlines()[0] == f"lang: {EXPECTED['lang']}"


def test_every_problem_is_reported_at_once_in_field_order():
    with pytest.raises(RequestError) as caught:
        parse_request({"audience": "general", "note": ["a" * 601, "b\x00"], "patient": "p" * 200,
                       "tagged": "maybe", "colour": "red"})
    fields = [p.field for p in caught.value.problems]
    assert fields == ["patient", "note", "note", "tagged", "colour"]
    assert sorted(fields[:-1], key=FIELDS.index) == fields[:-1]
    assert caught.value.problems[-1].message.startswith("unknown field; fields are: audience, lang")


def test_raw_values_become_typed_fields_and_defaults():
    request = parse_request({"audience": " dialysis ", "note": ["One", "", "Two"], "date": "2026-12-01",
                             "font": "x.ttf", "tagged": "no", "lang": "", "patient": "  Ana  "})
    assert request == BuildRequest(audience="dialysis", notes=("One", "Two"), date=date(2026, 12, 1),
                                   fonts=(Path("x.ttf"),), tagged=False, patient="  Ana  ")
    assert (request.lang, request.layout, request.paper, request.format) == ("en", "handout", "letter", "pdf")
    assert request.clinic == str(SITE_CLINIC)  # the site's default clinic (HANDOUTS_CLINIC, set by conftest)


def test_a_build_request_takes_keyword_arguments_only():
    with pytest.raises(TypeError):
        BuildRequest("general")  # type: ignore[misc]
    assert BuildRequest(audience="general").default_filename() == "general-en-handout-letter.pdf"


def test_a_missing_audience_lists_the_choices():
    with pytest.raises(RequestError) as caught:
        Handouts().request({"patient": "Ana"})
    assert caught.value.by_field() == {"audience": ["required; choose one of: general, pregnancy, athletes, "
                                                    "dialysis, older-adults, medicines, cirrhosis"]}


def test_a_problem_in_the_clinic_file_keeps_its_place_and_names_the_clinic_field(tmp_path):
    clinic = tmp_path / "c.yaml"
    clinic.write_text("name: Clinic\nphone: 12\nemergency_number: 9-1-1\n", encoding="utf-8")
    with pytest.raises(RequestError) as caught:
        Handouts().request({"audience": "general", "clinic": str(clinic)})
    [problem] = caught.value.problems
    assert problem == Problem(problem.file, 3, "emergency_number", problem.message, subject="clinic")
    assert problem.file.endswith("c.yaml") and problem.request_field == "clinic"
    assert problem.message == 'expected 2 to 6 digits as dialled, e.g. "911", "112" or "000"; found \'9-1-1\''


def test_rendering_errors_name_the_field_that_caused_them():
    app = Handouts()
    note = "Stretch your calf for thirty seconds before bed and drink water with every meal. " * 7
    with pytest.raises(RenderError) as caught:
        app.render(BuildRequest(audience="general", notes=(note[:600],) * 5, patient="Ana Ruiz"))
    [problem] = caught.value.problems
    assert problem.field == "note" and "with the notes, the general leaflet in 'en' runs to 3 pages" in problem.message
    with pytest.raises(RequestError) as unprintable:
        app.render(BuildRequest(audience="general", patient="王小明", clinician="Dr. Lee"))
    assert [p.field for p in unprintable.value.problems] == ["patient"]


# -- structure guards -------------------------------------------------------------------------------

MESSAGE_PARSING = [
    re.compile(r"\.partition\(\s*[\"']: [\"']\s*\)"),    # splitting "field: message" apart
    re.compile(r"removeprefix\(\s*f?[\"']--"),           # stripping an option name off a message
    re.compile(r"\.lstrip\(\s*[\"']-[\"']\s*\)"),        # turning "--follow-up" back into a field
    re.compile(r"split\(\s*[\"']: [\"']"),
]


def test_no_module_parses_message_text_to_recover_a_field():
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{n}: {line.strip()}"
                 for path in sorted(PACKAGE.rglob("*.py"))
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if any(pattern.search(line) for pattern in MESSAGE_PARSING)]
    assert offenders == []


def test_only_the_command_line_names_fields_as_options():
    """The library speaks in request fields; only the command line (cli.py, and the options of its serve
    command checked in web/serve.py and web/site.py) names options."""
    option_prefix = re.compile(r"""f?["']--[a-z-]+: """)  # "--patient: ..." as the start of a message
    command_line = {"cli.py", "web/serve.py", "web/site.py"}
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{n}"
                 for path in sorted(PACKAGE.rglob("*.py")) if str(path.relative_to(PACKAGE)) not in command_line
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if option_prefix.search(line)]
    assert offenders == []


def test_every_exception_class_lives_in_the_errors_module():
    defined = [f"{path.relative_to(PACKAGE.parent)}: {match[1]}"
               for path in sorted(PACKAGE.rglob("*.py")) if path.name != "errors.py"
               for match in re.finditer(r"^class (\w+)\((?:\w+\.)?\w*(?:Error|Exception)\b",
                                        path.read_text(encoding="utf-8"), re.M)]
    assert defined == []


def test_no_module_is_over_400_lines():
    """Written modules only: handouts/render/compiled/ holds Jinja2's code of the built-in templates."""
    long = {str(path.relative_to(PACKAGE.parent)): n for path in PACKAGE.rglob("*.py")
            if PACKAGE / "render" / "compiled" not in path.parents
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
