"""The command-line contract: names, defaults, exit codes, messages, files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AUDIENCES, REPO, reader, text_of
from handouts import __version__
from handouts.cli import main


def test_build_writes_the_default_name_in_the_current_folder(run, tmp_path):
    result = run("build", "general", "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    out = tmp_path / "general-en-handout-letter.pdf"
    assert out.is_file()
    assert result.stdout.strip() == "Wrote general-en-handout-letter.pdf"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary files left


def test_output_may_be_an_existing_folder(run, tmp_path):
    (tmp_path / "out").mkdir()
    assert run("build", "athletes", "--paper", "a4", "-o", "out").exit_code == 0
    assert (tmp_path / "out" / "athletes-en-handout-a4.pdf").is_file()


def test_existing_output_is_kept_without_force(run, tmp_path):
    target = tmp_path / "p.pdf"
    target.write_bytes(b"keep me")
    result = run("build", "pregnancy", "-o", "p.pdf")
    assert result.exit_code == 2
    assert result.stderr == "Error: p.pdf: file exists; use --force to replace it\n"
    assert target.read_bytes() == b"keep me"
    assert run("build", "pregnancy", "-o", "p.pdf", "--force").exit_code == 0
    assert target.read_bytes().startswith(b"%PDF-")


def test_unknown_audience_lists_the_valid_ones(run):
    result = run("build", "nosuch")
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown audience 'nosuch'; choose one of: general, pregnancy, "
                             "athletes, dialysis, older-adults, medicines, cirrhosis\n")


@pytest.mark.parametrize("args, message", [
    (["--layout", "poster"], "Error: --layout: unknown layout 'poster'; choose one of: card, handout, large-print, trifold\n"),
    (["--paper", "a3"], "Error: --paper: unknown paper 'a3' for layout 'handout'; choose one of: letter, a4\n"),
    (["--lang", "fr"], "Error: --lang: unknown language 'fr'; choose one of: en, es\n"),
    (["--clinic", "nowhere"], "Error: --clinic: unknown clinic 'nowhere': give a clinic id (demo) or the path "
                              "of a clinic YAML file\n"),
])
def test_unknown_choices_exit_2_with_the_valid_ones(run, tmp_path, args, message):
    result = run("build", "general", *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert list(tmp_path.iterdir()) == []


def test_a_character_the_font_lacks_fails_clearly_and_writes_nothing(run, tmp_path):
    result = run("build", "general", "--patient", "王小明")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --patient: cannot print '王' (U+738B)")
    assert "--font FILE.ttf" in result.stderr and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_patient_name_with_markup_and_jinja_prints_literally(run, tmp_path):
    name = "A & B <b>x</b> {{ 7*7 }}"
    assert run("build", "general", "--patient", name, "-o", "g.pdf").exit_code == 0
    assert name in text_of((tmp_path / "g.pdf").read_bytes())


def test_same_command_twice_gives_identical_files(run, tmp_path):
    for name in ("a.pdf", "b.pdf"):
        assert run("build", "general", "--patient", "A & B", "--date", "2026-05-01", "-o", name).exit_code == 0
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_date_defaults_to_source_date_epoch(run, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    assert run("build", "general", "-o", "g.pdf").exit_code == 0
    assert "Printed November 14, 2023" in text_of((tmp_path / "g.pdf").read_bytes())


def test_bad_date_option_is_a_usage_error(run):
    result = run("build", "general", "--date", "21/11/2026")
    assert result.exit_code == 2
    assert "Error: --date: expected YYYY-MM-DD, found '21/11/2026'" in result.stderr


def test_list_json_has_the_contract_keys(run):
    result = run("list", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"audiences", "languages", "layouts", "papers", "clinics", "layout_details", "formats"}
    assert data["formats"] == ["pdf", "html"]
    assert [a["id"] for a in data["audiences"]] == AUDIENCES
    assert all(set(a) == {"id", "title"} and a["title"] for a in data["audiences"])
    assert data["languages"] == ["en", "es"] and data["clinics"] == ["demo"]
    assert data["layouts"] == ["card", "handout", "large-print", "trifold"]
    assert data["papers"][:2] == ["letter", "a4"]
    for layout in data["layout_details"]:
        assert {"letter", "a4"} <= set(layout["papers"]) and layout["name"] and layout["description"]


def test_list_text(run):
    result = run("list")
    assert result.exit_code == 0
    assert "pregnancy" in result.stdout
    assert "  trifold      Trifold brochure (papers: letter, a4)" in result.stdout.splitlines()


def test_version_and_help(run):
    assert run("--version").stdout.strip() == f"handouts, version {__version__}"
    for command in ([], ["build"], ["list"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout


def test_internal_errors_exit_1_without_traceback(run, monkeypatch):
    def boom(*_args, **_kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("handouts.api.Handouts.render", boom)
    result = run("build", "general")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: internal error (RuntimeError: simulated bug)")
    assert "Traceback" not in result.stderr
    result = run("--debug", "build", "general")
    assert result.exit_code == 1 and "Traceback" in result.stderr


def test_root_cli_py_runs_the_same_app(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "cli.py"), "build", "dialysis", "-o", "d.pdf",
                             "--date", "2026-11-21"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(reader(Path(tmp_path, "d.pdf").read_bytes()).pages) in (1, 2)


def test_user_layout_cannot_escape_the_sandbox(run, tmp_path):
    folder = tmp_path / "mine" / "evil"
    folder.mkdir(parents=True)
    spec = (REPO / "layouts" / "handout" / "layout.yaml").read_text().replace("leaflet.xml.j2", "evil.xml.j2")
    (folder / "layout.yaml").write_text(spec)
    (folder / "evil.xml.j2").write_text(
        "<leaflet><p>{{ ''.__class__.__mro__[1].__subclasses__() }}</p></leaflet>\n")
    result = run("build", "general", "--layouts-dir", str(tmp_path / "mine"), "--layout", "evil", "-o", "e.pdf")
    assert result.exit_code == 2
    assert "evil.xml.j2:1: template refused by the sandbox" in result.stderr
    assert not (tmp_path / "e.pdf").exists()


PAYLOADS = [  # attribute walks toward os, builtins or the template's internals; each must be refused
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ lipsum.__globals__['os'].system('touch PWNED') }}",
    "{{ self.__init__.__globals__.__builtins__.open('PWNED', 'w') }}",
    "{{ clinic.__class__.__init__.__globals__ }}",
    "{{ t.update({'x': 1}) }}",
    "{% set x = clinic.name.__class__.__base__.__subclasses__() %}{{ x }}",
    "{{ (sections.main|first).__class__.__dict__ }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sandbox_escape_payloads_exit_2_with_no_side_effect(run, tmp_path, payload):
    folder = tmp_path / "mine" / "evil"
    folder.mkdir(parents=True)
    spec = (REPO / "layouts" / "handout" / "layout.yaml").read_text().replace("leaflet.xml.j2", "evil.xml.j2")
    (folder / "layout.yaml").write_text(spec)
    (folder / "evil.xml.j2").write_text(f"<leaflet><p>{payload}</p></leaflet>\n")
    result = run("build", "general", "--layouts-dir", str(tmp_path / "mine"), "--layout", "evil", "-o", "e.pdf")
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: mine/evil/evil.xml.j2:1: template "), lines
    assert "Traceback" not in result.output
    assert not (tmp_path / "e.pdf").exists() and not list(tmp_path.rglob("PWNED"))


def test_template_errors_name_the_file_and_line(run, tmp_path):
    folder = tmp_path / "mine" / "broken"
    folder.mkdir(parents=True)
    spec = (REPO / "layouts" / "handout" / "layout.yaml").read_text()
    (folder / "layout.yaml").write_text(spec)
    (folder / "leaflet.xml.j2").write_text("<leaflet>\n<p>{{ leaflet.nosuch }}</p>\n</leaflet>\n")
    result = run("build", "general", "--layouts-dir", str(tmp_path / "mine"), "--layout", "broken")
    assert result.exit_code == 2
    assert "broken/leaflet.xml.j2:2: template error:" in result.stderr
    assert "has no attribute 'nosuch'" in result.stderr
    (folder / "leaflet.xml.j2").write_text("<leaflet>\n{% if %}\n</leaflet>\n")
    result = run("build", "general", "--layouts-dir", str(tmp_path / "mine"), "--layout", "broken")
    assert result.exit_code == 2 and "broken/leaflet.xml.j2:2: template syntax error" in result.stderr


def test_user_layout_overrides_builtin_and_data_text_is_escaped(run, tmp_path):
    data = tmp_path / "data" / "audiences"
    data.mkdir(parents=True)
    general = (REPO / "data" / "audiences" / "general.yaml").read_text()
    (data / "general.yaml").write_text(general.replace('"For adults with leg cramps"', '"Adults <b>&</b> you"'))
    assert run("build", "general", "--data-dir", str(tmp_path / "data"), "-o", "g.pdf").exit_code == 0
    assert "Adults <b>&</b> you" in text_of((tmp_path / "g.pdf").read_bytes())


def test_help_and_list_do_not_import_reportlab():
    code = ("import sys; from handouts.cli import main\n"
            "try:\n    main(['list', '--json'])\nexcept SystemExit:\n    pass\n"
            "assert not [m for m in sys.modules if m.startswith('reportlab')], 'reportlab imported'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_build_cleans_what_a_killed_build_left_and_never_leaves_half_a_pdf(tmp_path):
    """SIGKILL cannot be cleaned up after, so the next write of the same file removes its temporary file."""
    stale = tmp_path / ".general.pdf.k1ll3d.part"
    stale.write_bytes(b"%PDF-1.4\n% cut short")
    unrelated = tmp_path / ".other.pdf.x.part"
    unrelated.write_bytes(b"not ours")
    result = CliRunner().invoke(main, ["build", "general", "-o", str(tmp_path / "general.pdf")])
    assert result.exit_code == 0, result.output
    assert not stale.exists() and unrelated.exists()
    assert len(reader((tmp_path / "general.pdf").read_bytes()).pages) == 2


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGKILL"])
def test_an_interrupted_build_leaves_a_complete_pdf_or_none(tmp_path, signal_name):
    import os
    import signal
    import time

    target = tmp_path / "out.pdf"
    for delay in (0.15, 0.25, 0.35, 0.45):  # interrupt at several points of the run
        target.unlink(missing_ok=True)
        proc = subprocess.Popen([sys.executable, "-m", "handouts.cli", "build", "general", "-o", str(target)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        try:
            os.killpg(proc.pid, getattr(signal, signal_name))
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
        if target.exists():  # finished before the signal, or the signal came after the rename
            data = target.read_bytes()
            assert data.rstrip().endswith(b"%%EOF") and len(reader(data).pages) == 2
        if signal_name == "SIGINT":
            assert not list(tmp_path.glob(".*.part"))  # Ctrl-C cleans up at once
    result = CliRunner().invoke(main, ["build", "general", "-o", str(target), "--force"])
    assert result.exit_code == 0 and not list(tmp_path.glob(".*.part"))  # the next run cleans up after a kill
