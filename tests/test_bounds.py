"""Bounded work and output other tools read (issue 15, sections 3 and 4); the corpus (tests/cases) has more.

- A manifest that would make more leaflets than the cap is refused within a second, with the count.
- Paths that are not regular files (a FIFO, a device) are refused before anything reads them.
- A template is stopped after its time limit, naming the template and line.
- A block too tall for a page names the content item's file, line and field.
- Output names that a spreadsheet or a shell would misread are made safe.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from conftest import REPO
from test_batch import DATE, complete_pages, error_lines, index_of, write_csv

from handouts import BuildRequest, Handouts
from handouts.errors import LayoutSpecError

FIFO = hasattr(os, "mkfifo")


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail (instead of hanging for ever) if the block is still running after ``seconds``."""
    def stop(_signum, _frame):
        raise AssertionError(f"still running after {seconds} s: something blocked")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- the manifest's cap (acceptance 4) ------------------------------------------------------------------
def test_a_manifest_past_the_cap_is_refused_within_a_second_with_the_count(run, tmp_path):
    jobs = "{audience: all, lang: all, layout: all, paper: all, patient: Ana}"
    (tmp_path / "m.yaml").write_text(f"defaults: {{date: {DATE}}}\njobs: [&j {jobs}" + ", *j" * 100_000 + "]\n")
    run("list")  # imports and the built-in content warm, as in a running service
    started = time.perf_counter()
    result = run("batch", "m.yaml", "--out-dir", "out")
    took = time.perf_counter() - started
    assert result.exit_code == 2
    # 7 audiences x 2 languages x 10 layout papers (card 4, the others 2 each), for 100,001 jobs
    assert result.stderr == ("Error: m.yaml: the manifest would make 14,000,140 leaflets; a batch makes at most "
                             "100,000 (raise the cap with --max-jobs N, or split the manifest)\n")
    assert took < 1.0, f"refused after {took:.2f} s"
    assert not (tmp_path / "out").exists()


def test_the_cap_counts_csv_rows_and_max_jobs_raises_it(run, tmp_path):
    write_csv(tmp_path / "m.csv", ["audience", "date", "output"],
              [["general", DATE, f"g{i}.pdf"] for i in range(3)])
    result = run("batch", "m.csv", "--out-dir", "out", "--max-jobs", "2")
    assert (result.exit_code, result.stderr) == (2, "Error: m.csv: the manifest would make 3 leaflets; a batch "
                                                    "makes at most 2 (raise the cap with --max-jobs N, or split the "
                                                    "manifest)\n")
    result = run("batch", "m.csv", "--out-dir", "out", "--max-jobs", "3", "-j", "1")
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["g0.pdf", "g1.pdf", "g2.pdf"]


def test_worker_count_is_bounded(run, tmp_path):
    write_csv(tmp_path / "m.csv", ["audience", "date"], [["general", DATE]])
    result = run("batch", "m.csv", "-j", "100000")
    assert result.exit_code == 2
    assert "Invalid value for '-j' / '--jobs': 100000 is not in the range 1<=x<=256." in result.stderr


def test_a_manifest_nested_too_deep_is_unusable(run, tmp_path):
    (tmp_path / "m.yaml").write_text("jobs:\n  - {audience: general, note: " + "[" * 900 + "]" * 900 + "}\n")
    result = run("batch", "m.yaml", "--out-dir", "out")
    assert (result.exit_code, result.stderr) == (2, "Error: m.yaml:2: nested more than 100 levels deep\n")


# -- only regular files are read --------------------------------------------------------------------------
@pytest.mark.skipif(not FIFO, reason="needs os.mkfifo")
def test_a_fifo_or_a_device_is_refused_for_every_path_a_user_names(run, tmp_path, monkeypatch):
    for name in ("clinic.yaml", "m.csv", "m.yaml", "font.ttf", "config.yaml", "logo.png"):
        os.mkfifo(tmp_path / name)  # opened to read, each would block for ever
    data = tmp_path / "data" / "audiences"
    data.mkdir(parents=True)
    os.symlink("/dev/zero", data / "general.yaml")  # a link to a device: it would read until memory runs out
    logo_clinic = tmp_path / "logo-clinic.yaml"
    logo_clinic.write_text('name: Riverside\nphone: "(555) 010-2000"\nlogo: logo.png\n')
    fifo = "not a regular file (it is a FIFO (named pipe))"
    with deadline(60):
        checks = [
            (["build", "general", "--clinic", "clinic.yaml"],
             f"Error: --clinic: clinic.yaml: {fifo}; give the path of a clinic YAML file or a clinic id (demo)"),
            (["batch", "m.csv"], f"Error: m.csv: {fifo}"),
            (["batch", "m.yaml"], f"Error: m.yaml: {fifo}"),
            (["build", "general", "--font", "font.ttf"],
             "Error: --font: font.ttf: expected an existing TrueType (.ttf) font file"),
            (["build", "general", "--data-dir", "data"],
             f"Error: {data / 'general.yaml'}: not a regular file (it is a character device)"),
            (["build", "general", "--clinic", "logo-clinic.yaml"],
             f"Error: logo-clinic.yaml:3: logo: logo.png: {fifo} (the path is relative to the clinic file)"),
        ]
        for args, message in checks:
            result = run(*args)
            assert (result.exit_code, result.stderr.splitlines()[:1]) == (2, [message]), args
        monkeypatch.delenv("HANDOUTS_CLINIC")
        monkeypatch.setenv("HANDOUTS_CONFIG", str(tmp_path / "config.yaml"))
        result = run("build", "general")
        assert (result.exit_code, result.stderr) == (2, f"Error: config.yaml: {fifo}\n")
    assert not list(tmp_path.glob("*.pdf"))


def test_a_template_file_that_is_not_a_regular_file_is_not_found(tmp_path):
    folder = tmp_path / "layouts" / "handout"
    shutil.copytree(REPO / "layouts" / "handout", folder)
    if FIFO:
        os.mkfifo(folder / "part.xml.j2")
        include = "<leaflet>{% include 'handout/part.xml.j2' %}"
        text = (folder / "leaflet.xml.j2").read_text().replace("<leaflet>", include)
        (folder / "leaflet.xml.j2").write_text(text)
        with deadline(30), pytest.raises(LayoutSpecError, match=r"leaflet\.xml\.j2:5: template error: handout/part"):
            Handouts(layouts_dirs=[tmp_path / "layouts"]).render(BuildRequest(audience="general"))


# -- templates are bounded in time -----------------------------------------------------------------------
LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


@pytest.fixture
def looping_layout(tmp_path, monkeypatch):
    import handouts.render.templating as templating

    monkeypatch.setattr(templating, "MAX_SECONDS", 0.5)
    folder = tmp_path / "layouts" / "handout"
    shutil.copytree(REPO / "layouts" / "handout", folder)
    text = (folder / "leaflet.xml.j2").read_text()
    (folder / "leaflet.xml.j2").write_text(text.replace("<leaflet>", "<leaflet>\n" + LOOP, 1))
    return tmp_path / "layouts"


def test_a_template_that_loops_for_ever_is_stopped_naming_it(run, looping_layout):
    started = time.perf_counter()
    with deadline(30):  # without the limit the loop would never end: fail instead
        result = run("build", "general", "--layouts-dir", looping_layout, "-o", "out.pdf")
    assert time.perf_counter() - started < 10
    assert (result.exit_code, result.stderr) == (2, "Error: layouts/handout/leaflet.xml.j2:6: the template ran for "
                                                    "over 0.5 s and was stopped (a loop that does not end, or far "
                                                    "too much work)\n")
    assert not Path("out.pdf").exists()


def test_a_template_is_stopped_in_any_thread(looping_layout):
    """The web app renders in threads: the limit holds there too, and the thread is usable afterwards."""
    outcome: list[object] = []

    def render() -> None:
        app = Handouts(layouts_dirs=[looping_layout])
        try:
            app.render(BuildRequest(audience="general"))
        except LayoutSpecError as exc:
            outcome.append(str(exc))
        outcome.append(len(Handouts().render(BuildRequest(audience="general")).data) > 0)

    thread = threading.Thread(target=render)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert len(outcome) == 2 and "the template ran for over 0.5 s and was stopped" in str(outcome[0])
    assert outcome[1] is True


# -- a block too tall for a page names its item ----------------------------------------------------------------
def test_a_block_taller_than_a_page_names_the_content_item(run, tmp_path):
    layouts = tmp_path / "layouts"
    shutil.copytree(REPO / "layouts" / "handout", layouts / "handout")
    spec = (layouts / "handout" / "layout.yaml").read_text()
    (layouts / "handout" / "layout.yaml").write_text(
        spec.replace("letter: {width: 8.5in, height: 11in}", "letter: {width: 8.5in, height: 4in}"))
    data = tmp_path / "data" / "audiences"
    data.mkdir(parents=True)
    text = "Stretch the calf muscle slowly and hold it for thirty seconds. " * 29
    general = (REPO / "data" / "audiences" / "general.yaml").read_text()
    (data / "general.yaml").write_text(general.replace("add: []\n", (
        "add:\n  - id: relief-long\n    section: relief\n    text:\n"
        f"      en: \"{text.strip()}\"\n      es: \"Estire.\"\n    sources: [C1]\n")))
    result = run("build", "general", "--data-dir", tmp_path / "data", "--layouts-dir", layouts, "-o", "out.pdf")
    assert result.exit_code == 2
    assert result.stderr == ("Error: data/audiences/general.yaml:14: relief-long.text.en: 1,826 characters make one "
                             "block taller than a whole letter page in layout 'handout'; shorten the item\n")


# -- names that other tools read -------------------------------------------------------------------------------
def test_names_a_spreadsheet_or_a_shell_would_misread_get_an_underscore(run, tmp_path):
    outputs = ["-rf.pdf", "+1 555.pdf", "@home/=sum.pdf", "sub/-x.pdf", "{patient}.pdf"]
    write_csv(tmp_path / "m.csv", ["audience", "patient", "date", "output"],
              [["general", "-Ana" if "{" in name else "Ana", DATE, name] for name in outputs])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert (result.exit_code, result.stderr) == (0, "")
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.pdf"))
    assert written == ["_+1 555.pdf", "_-Ana.pdf", "_-rf.pdf", "_home/_sum.pdf", "sub/_-x.pdf"]
    files = [entry["file"] for entry in index_of(tmp_path / "out")]
    assert sorted(files) == written and not [f for f in files if f[0] in "=+-@"]
    for name in written:
        complete_pages((tmp_path / "out" / name).read_bytes())


def test_a_control_character_in_an_audience_phone_is_refused_for_every_format(run, tmp_path):
    (tmp_path / "clinic.yaml").write_text('name: Riverside\nphone: "(555) 010-2000"\naudience_phones:\n'
                                          '  dialysis: {label: "Un\\u0085it", phone: "(555) 010-3000"}\n')
    for fmt in ("pdf", "html"):
        result = run("build", "dialysis", "--clinic", "clinic.yaml", "--format", fmt, "-o", f"out.{fmt}")
        assert (result.exit_code, result.stderr) == (2, "Error: clinic.yaml:4: audience_phones.dialysis.label: "
                                                        "contains the control character U+0085\n")


def test_a_bad_source_date_epoch_stops_the_library_too(monkeypatch):
    """ReportLab reads the variable for every PDF: the API checks it first, naming it."""
    from handouts.errors import DataError

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1.5e9")
    with pytest.raises(DataError) as caught:
        Handouts().render(BuildRequest(audience="general", date=None))
    assert str(caught.value) == "SOURCE_DATE_EPOCH: expected seconds since 1970, found '1.5e9'"
    assert error_lines("Error: " + str(caught.value))
