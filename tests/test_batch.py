"""``handouts batch``: manifests, row errors, output names, workers, shards, reruns, interruptions.

The big runs go through a separate process (``python -m handouts.cli``), as a
user or a CI job would run them; small cases use click's runner in-process.
Every manifest sets a date, so the leaflets do not depend on the day the tests run.
"""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import AUDIENCES, DAY, LANGUAGES, PAPERS, REPO, reader, text_of

DATE = DAY.isoformat()
COLUMNS = "audience, lang, layout, paper, clinic, format, patient, clinician, follow_up, note, date, tagged, output"
LAYOUTS = ["card", "handout", "large-print", "trifold"]
CARD_PAPERS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89), "4x6": (288.0, 432.0), "a6": (297.64, 419.53)}
SUMMARY_KEYS = {"built", "unchanged", "failed", "invalid", "jobs", "seconds", "workers", "peak_rss_mb", "failures",
                "ok"}
ENTRY_KEYS = {"file", "sha256", "bytes", "pages", "audience", "lang", "layout", "paper", "format", "reading_score",
              "status", "row", "built", "inputs", "error"}
NAMES = ["Ana Ruiz", "José Núñez", "Zoë O'Brien", "Mei-Ling Chen", "Nguyễn Văn An", "Łukasz Wójcik",
         "Amara Okafor", "Søren Løkke"]


# -- helpers ---------------------------------------------------------------------------
def handouts(*args, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """The command in its own process, with no SOURCE_DATE_EPOCH."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run([sys.executable, "-m", "handouts.cli", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def start(*args, cwd: Path) -> subprocess.Popen:
    """The command in its own process group, so a test can signal it and its workers at once. SIGHUP and
    SIGINT are restored to their defaults in the command: a test run started with ``nohup`` ignores SIGHUP, one
    started in the background by a shell ignores SIGINT, the command would inherit that, and the batch
    rightly keeps an ignored signal ignored."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.Popen([sys.executable, "-m", "handouts.cli", *map(str, args)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=_default_hangup)


def _default_hangup() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdfs(folder: Path) -> dict[str, bytes]:
    """Every PDF under ``folder``, by its /-separated path inside it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.pdf")}


def parts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.name.endswith(".part"))


def complete_pages(data: bytes) -> int:
    """A whole PDF: header, trailer and every page readable. Returns the page count."""
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    pdf = reader(data)
    for page in pdf.pages:
        page.mediabox  # noqa: B018  (parses the page)
    return len(pdf.pages)


def index_of(out: Path) -> list[dict]:
    data = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert set(data) == {"handouts", "leaflets"}
    return data["leaflets"]


def ok_entries(entries: list[dict]) -> dict[str, dict]:
    return {e["file"]: e for e in entries if e["status"] == "ok"}


def error_lines(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert all(line.startswith("Error: ") for line in lines), stderr
    return lines


def assert_index_matches_disk(out: Path, entries: list[dict]) -> None:
    for entry in entries:
        if entry["status"] != "ok":
            continue
        data = (out / entry["file"]).read_bytes()
        assert (entry["sha256"], entry["bytes"]) == (sha256(data), len(data)), entry["file"]
        assert entry["pages"] == complete_pages(data), entry["file"]


# -- the 200-row manifest (acceptance 1, 2, JSON summary, reading scores) --------------------
BIG_ROWS = 200
BAD_AUDIENCE_ROW, BAD_LAYOUT_ROW = 57, 143
BIG_HEADER = ["audience", "lang", "layout", "paper", "patient", "date", "output"]


def big_row(row: int) -> dict[str, str]:
    """What spreadsheet row ``row`` (2..201) asks for, defaults filled in."""
    i = row - 2
    return {"audience": AUDIENCES[i % 7], "lang": LANGUAGES[(i // 7) % 2],
            "layout": "handout", "paper": ["letter", "a4", "letter"][i % 3],
            "patient": f"{NAMES[i % len(NAMES)]} {i}"}


def big_manifest(path: Path) -> Path:
    rows = []
    for row in range(2, BIG_ROWS + 2):
        want = big_row(row)
        i = row - 2
        layout = "" if i % 5 == 4 else want["layout"]  # an empty cell takes the default
        paper = "" if i % 3 == 2 else want["paper"]
        audience = "cramps-kids" if row == BAD_AUDIENCE_ROW else want["audience"]
        layout = "poster" if row == BAD_LAYOUT_ROW else layout
        rows.append([audience, want["lang"], layout, paper, want["patient"], DATE, "{row}-{audience}-{lang}.pdf"])
    return write_csv(path, BIG_HEADER, rows)


GOOD_ROWS = [r for r in range(2, BIG_ROWS + 2) if r not in (BAD_AUDIENCE_ROW, BAD_LAYOUT_ROW)]
EXPECTED_FILES = {f"{r}-{big_row(r)['audience']}-{big_row(r)['lang']}.pdf": r for r in GOOD_ROWS}


def bad_row_lines(stderr: str) -> None:
    """Exactly the two bad rows, with spreadsheet rows, fields and the valid choices."""
    lines = error_lines(stderr)
    assert len(lines) == 2, stderr
    audience, layout = lines
    prefix = (f"Error: patients.csv:{BAD_AUDIENCE_ROW}: audience: unknown audience 'cramps-kids'; "
              "choose one of: ")
    assert audience.startswith(prefix), audience
    assert sorted(audience.removeprefix(prefix).split(", ")) == sorted(AUDIENCES)
    assert layout == (f"Error: patients.csv:{BAD_LAYOUT_ROW}: layout: unknown layout 'poster'; choose one of: "
                      f"{', '.join(LAYOUTS)}")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """The 200-row manifest built once with -j 2 and --json; what it wrote, read right after the run."""
    work = tmp_path_factory.mktemp("big")
    big_manifest(work / "patients.csv")
    result = handouts("batch", "patients.csv", "--out-dir", "out", "-j", "2", "--json", cwd=work)
    out = work / "out"
    return {"work": work, "out": out, "result": result, "files": pdfs(out), "index": index_of(out)}


def test_acceptance_1_two_bad_rows_and_198_leaflets(big):
    result, out = big["result"], big["out"]
    assert result.returncode == 1, result.stderr
    bad_row_lines(result.stderr)
    # exactly the 198 leaflets, no temporary or stray files
    assert set(big["files"]) == set(EXPECTED_FILES)
    assert sorted(p.name for p in out.iterdir()) == sorted([*EXPECTED_FILES, "index.json"])

    entries = big["index"]
    assert len(entries) == BIG_ROWS
    ok = ok_entries(entries)
    assert set(ok) == set(EXPECTED_FILES) and len(ok) == 198
    for name, entry in ok.items():
        assert ENTRY_KEYS <= set(entry), name
        data = big["files"][name]
        want = big_row(EXPECTED_FILES[name])
        assert entry["row"] == EXPECTED_FILES[name]
        assert (entry["sha256"], entry["bytes"]) == (sha256(data), len(data)), name
        assert entry["pages"] == complete_pages(data), name
        assert entry["pages"] in (1, 2)
        assert {k: entry[k] for k in ("audience", "lang", "layout", "paper")} == \
               {k: want[k] for k in ("audience", "lang", "layout", "paper")}, name
        assert entry["built"] is True and entry["error"] == ""
        assert re.fullmatch(r"[0-9a-f]{64}", entry["inputs"])
    invalid = sorted((e for e in entries if e["status"] == "invalid"), key=lambda e: e["row"])
    assert [e["row"] for e in invalid] == [BAD_AUDIENCE_ROW, BAD_LAYOUT_ROW]
    assert "audience: unknown audience 'cramps-kids'" in invalid[0]["error"]
    assert "layout: unknown layout 'poster'" in invalid[1]["error"]
    assert not any((out / e["file"]).exists() for e in invalid)


@pytest.mark.parametrize("row", [2, 3, 7, 100, 201])
def test_acceptance_1_each_row_gets_its_own_leaflet(big, render, row):
    """The PDF of a row is exactly what `handouts build` makes for that row's options."""
    want = big_row(row)
    name = f"{row}-{want['audience']}-{want['lang']}.pdf"
    data = big["files"][name]
    assert data == render(want["audience"], lang=want["lang"], layout=want["layout"], paper=want["paper"],
                          patient=want["patient"])
    if row in (2, 3, 100):  # Latin names; the text layer of the others is not what this checks
        assert want["patient"] in text_of(data)
    width, height = PAPERS[want["paper"]]
    box = reader(data).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((width, height), abs=0.5)


def test_json_summary_parses_and_counts_match_the_files(big):
    result = big["result"]
    summary = json.loads(result.stdout)  # stdout is the JSON object and nothing else
    assert SUMMARY_KEYS <= set(summary)
    assert (summary["jobs"], summary["built"], summary["unchanged"], summary["failed"], summary["invalid"]) == \
           (BIG_ROWS, len(big["files"]), 0, 0, 2)
    assert len(big["files"]) == 198
    assert summary["ok"] is False and summary["workers"] == 2 and summary["shard"] == "1/1"
    assert summary["seconds"] > 0 and summary["peak_rss_mb"] > 0
    assert ["Error: " + f for f in summary["failures"]] == result.stderr.splitlines()
    assert summary["out_dir"] == "out" and summary["manifest"] == "patients.csv"


def test_acceptance_2_rerun_changes_nothing_and_force_rebuilds_the_same_bytes(big, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(big["out"], out)  # copy2 keeps the times; this test does not touch the shared folder
    shutil.copy(big["work"] / "patients.csv", tmp_path / "patients.csv")
    before, times = pdfs(out), stamps(out)
    assert before == big["files"]

    result = handouts("batch", "patients.csv", "--out-dir", "out", "-j", "2", cwd=tmp_path)
    assert result.returncode == 1
    assert re.fullmatch(r"Built 0, unchanged 198, failed 0, invalid rows 2 of 200 \(shard 1/1\) in \d+\.\d s, "
                        r"2 worker\(s\); index: out/index\.json\n", result.stdout), result.stdout
    bad_row_lines(result.stderr)
    assert pdfs(out) == before and stamps(out) == times  # not a byte changed, not a file rewritten
    entries = index_of(out)
    assert len(entries) == BIG_ROWS
    again = ok_entries(entries)
    first = ok_entries(big["index"])
    assert set(again) == set(first)
    for name, entry in again.items():
        assert entry["built"] is False  # ok, skipped
        assert {k: v for k, v in entry.items() if k != "built"} == {k: v for k, v in first[name].items()
                                                                    if k != "built"}

    result = handouts("batch", "patients.csv", "--out-dir", "out", "-j", "2", "--force", "--json", cwd=tmp_path)
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert (summary["built"], summary["unchanged"], summary["invalid"]) == (198, 0, 2)
    assert pdfs(out) == before  # rebuilt: the same bytes
    rewritten = stamps(out)
    assert all(rewritten[name] != times[name] for name in times)
    assert all(e["built"] is True for e in ok_entries(index_of(out)).values())


def test_acceptance_2_two_shards_build_each_leaflet_once(big, tmp_path):
    shutil.copy(big["work"] / "patients.csv", tmp_path / "patients.csv")
    out = tmp_path / "sharded"
    results, built = [], []
    for shard in ("1/2", "2/2"):
        seen = stamps(out) if out.exists() else {}
        result = handouts("batch", "patients.csv", "--out-dir", "sharded", "-j", "2", "--shard", shard, "--json",
                          cwd=tmp_path)
        summary = json.loads(result.stdout)
        assert result.returncode == (1 if summary["invalid"] else 0), result.stderr
        assert summary["shard"] == shard and summary["jobs"] == 100
        now = stamps(out)
        assert {k: now[k] for k in seen} == seen  # the other shard's files were not built again
        built.append(set(now) - set(seen))
        assert summary["built"] == len(built[-1])
        results.append(summary)
    assert results[0]["built"] + results[1]["built"] == 198
    assert results[0]["invalid"] + results[1]["invalid"] == 2
    assert not built[0] & built[1]
    assert built[0] | built[1] == set(EXPECTED_FILES)
    assert pdfs(out) == big["files"]
    # index.json holds both shards' leaflets, as the unsharded run does
    entries = index_of(out)
    assert {n: e["sha256"] for n, e in ok_entries(entries).items()} == \
           {n: e["sha256"] for n, e in ok_entries(big["index"]).items()}
    assert sorted(e["row"] for e in entries if e["status"] == "invalid") == [BAD_AUDIENCE_ROW, BAD_LAYOUT_ROW]
    # so the unsharded run finds nothing to do
    result = handouts("batch", "patients.csv", "--out-dir", "sharded", "-j", "2", "--json", cwd=tmp_path)
    summary = json.loads(result.stdout)
    assert (summary["built"], summary["unchanged"]) == (0, 198)


def test_reading_score_is_what_check_reports(big, tmp_path):
    result = handouts("check", "--json", cwd=tmp_path)
    assert result.returncode in (0, 2), result.stderr  # 2: a content problem elsewhere; the scores still count
    expected = {(r["audience"], r["lang"]): (r["reading_score"], r["reading_measure"])
                for r in json.loads(result.stdout)["leaflets"]}
    seen = set()
    for entry in ok_entries(big["index"]).values():
        key = (entry["audience"], entry["lang"])
        assert (entry["reading_score"], entry["reading_measure"]) == expected[key], key
        seen.add(key)
    assert seen == {(a, lang) for a in AUDIENCES for lang in LANGUAGES}


# -- acceptance 3: output names ------------------------------------------------------------
def test_outputs_cannot_leave_the_out_dir(run, tmp_path):
    unique = f"/tmp/handouts-escape-{uuid.uuid4().hex}.pdf"
    tmp_x = Path("/tmp/x.pdf")
    tmp_x_before = tmp_x.stat().st_mtime_ns if tmp_x.exists() else None
    drive, back = "C:\\x.pdf", "..\\escape2.pdf"
    outputs = ["../escape.pdf", "/tmp/x.pdf", "sub/../../x.pdf", drive, unique, back,
               "clinic-a/{patient}.pdf", 'report: 1*2?<3>|"q".pdf']
    write_csv(tmp_path / "m.csv", ["audience", "patient", "date", "output"],
              [["general", "Ana Ruiz", DATE, output] for output in outputs])
    result = run("batch", "m.csv", "--out-dir", "area/out")
    assert result.exit_code == 1
    outside = "must stay inside the output folder (no '..')"
    absolute = "must be a file name inside the output folder, not an absolute path"
    assert error_lines(result.stderr) == [
        f"Error: m.csv:2: output: '../escape.pdf' {outside}",
        f"Error: m.csv:3: output: '/tmp/x.pdf' {absolute}",
        f"Error: m.csv:4: output: 'sub/../../x.pdf' {outside}",
        f"Error: m.csv:5: output: {drive!r} {absolute}",
        f"Error: m.csv:6: output: {unique!r} {absolute}",
        f"Error: m.csv:7: output: {back!r} {outside}",
    ]
    assert "Built 2, unchanged 0, failed 0, invalid rows 6 of 8" in result.stdout
    # nothing outside the out-dir, a subfolder inside it, unsafe characters replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["area", "m.csv"]
    assert [p.name for p in (tmp_path / "area").iterdir()] == ["out"]
    assert not Path(unique).exists()
    assert (tmp_x.stat().st_mtime_ns if tmp_x.exists() else None) == tmp_x_before
    out = tmp_path / "area" / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == \
           ["clinic-a", "clinic-a/Ana Ruiz.pdf", "index.json", "report_ 1_2__3___q_.pdf"]
    entries = index_of(out)
    assert sorted(e["file"] for e in entries if e["status"] == "ok") == ["clinic-a/Ana Ruiz.pdf",
                                                                         "report_ 1_2__3___q_.pdf"]
    assert sorted(e["row"] for e in entries if e["status"] == "invalid") == [2, 3, 4, 5, 6, 7]
    assert all(e["error"].startswith(f"m.csv:{e['row']}: output: ") for e in entries if e["status"] == "invalid")
    assert_index_matches_disk(out, entries)


def test_unsafe_characters_in_a_name_are_replaced(run, tmp_path):
    write_csv(tmp_path / "m.csv", ["audience", "date", "output"], [["general", DATE, "a:b*c?.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out")
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a_b_c_.pdf", "index.json"]


def test_collisions_are_found_before_anything_renders(run, render, tmp_path):
    write_csv(tmp_path / "m.csv", ["audience", "date", "output"],
              [["general", DATE, "Same.pdf"], ["pregnancy", DATE, "same.PDF"], ["athletes", DATE, "Same.pdf"],
               ["dialysis", DATE, "other.pdf"]])
    collision = "is also the output of row 2; give each row its own output (e.g. with {audience} in it)"
    expected = [f"Error: m.csv:3: output: 'same.PDF' {collision}", f"Error: m.csv:4: output: 'Same.pdf' {collision}"]

    result = run("batch", "m.csv", "--out-dir", "out", "--fail-fast")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == expected
    assert pdfs(tmp_path / "out") == {}  # nothing rendered

    result = run("batch", "m.csv", "--out-dir", "out")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == expected
    files = pdfs(tmp_path / "out")
    assert set(files) == {"Same.pdf", "other.pdf"}
    assert files["Same.pdf"] == render("general")  # the first row's leaflet, not overwritten
    entries = index_of(tmp_path / "out")
    assert {e["file"]: e["row"] for e in entries if e["status"] == "ok"} == {"Same.pdf": 2, "other.pdf": 5}


def test_a_duplicate_output_does_not_make_the_first_row_rebuild(tmp_path):
    write_csv(tmp_path / "m.csv", ["audience", "date", "output"], [["general", DATE, "a.pdf"],
                                                                  ["pregnancy", DATE, "a.pdf"]])
    first = handouts("batch", "m.csv", "--out-dir", "out", "-j", "1", "--json", cwd=tmp_path)
    assert json.loads(first.stdout)["built"] == 1
    before = stamps(tmp_path / "out")
    again = json.loads(handouts("batch", "m.csv", "--out-dir", "out", "-j", "1", "--json", cwd=tmp_path).stdout)
    assert (again["built"], again["unchanged"], again["invalid"]) == (0, 1, 1)
    assert stamps(tmp_path / "out") == before


def test_a_file_and_a_folder_of_the_same_name_collide(run, tmp_path):
    write_csv(tmp_path / "m.csv", ["audience", "date", "output"], [["general", DATE, "a.pdf"],
                                                                  ["pregnancy", DATE, "a.pdf/b.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert result.exit_code == 1
    assert error_lines(result.stderr)[0].startswith("Error: m.csv:3: output: ")
    assert (tmp_path / "out" / "a.pdf").is_file()


def test_a_file_in_the_way_of_a_subfolder_fails_only_that_row(run, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "clinic-a").write_text("not a folder")
    write_csv(tmp_path / "m.csv", ["audience", "date", "output"], [["general", DATE, "clinic-a/x.pdf"],
                                                                  ["pregnancy", DATE, "ok.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert result.exit_code == 1
    assert "internal error" not in result.stderr
    assert (tmp_path / "out" / "ok.pdf").is_file()
    failed = [e for e in index_of(tmp_path / "out") if e["status"] == "failed"]
    assert [(e["row"], e["file"]) for e in failed] == [(2, "clinic-a/x.pdf")]
    assert (tmp_path / "out" / "clinic-a").read_text() == "not a folder"


# -- rows, defaults, row numbers ------------------------------------------------------------
def test_every_bad_row_is_reported_with_its_spreadsheet_row(run, tmp_path):
    rows = [
        ["general", "", "", "", "", "", "", "a.pdf"],  # row 2: empty cells take the defaults
        ["general", "fr", "", "", "", "", "", "b.pdf"],
        ["general", "", "card", "a3", "", "", "", "c.pdf"],
        ["general", "", "", "", "", "", "21/11/2026", "d.pdf"],
        ["general", "", "", "", "P" * 121, "", "", "e.pdf"],
        ["general", "", "", "", "", "N" * 601, "", "f.pdf"],
        ["general", "", "", "", "王小明", "", "", "g.pdf"],
        ["general", "", "", "", "", "", "", "h.pdf", "extra"],
        ["", "", "", "", "Bob", "", "", "i.pdf"],
        ["pregnancy", "es", "", "", "", "Línea uno\nLínea dos", "", "j.pdf"],  # one row, two lines in the file
        ["nosuch", "", "", "", "", "", "", "k.pdf"],
        ["general", "", "", "", "", "", "2026-02-30", "l.pdf"],
    ]
    rows = [r[:6] + [r[6] or DATE] + r[7:] for r in rows]
    write_csv(tmp_path / "m.csv", ["audience", "lang", "layout", "paper", "patient", "note", "date", "output"], rows)
    result = run("batch", "m.csv", "--out-dir", "out")
    assert result.exit_code == 1
    lines = error_lines(result.stderr)
    assert [line.split(": ", 2)[1] for line in lines] == \
           ["m.csv:3", "m.csv:4", "m.csv:5", "m.csv:6", "m.csv:7", "m.csv:8", "m.csv:9", "m.csv:10", "m.csv:12",
            "m.csv:13"]
    assert lines[:6] == [
        "Error: m.csv:3: lang: unknown language 'fr'; choose one of: en, es",
        "Error: m.csv:4: paper: unknown paper 'a3' for layout 'card'; choose one of: letter, a4, 4x6, a6",
        "Error: m.csv:5: date: expected YYYY-MM-DD, found '21/11/2026'",
        "Error: m.csv:6: patient: 121 characters; at most 120 fit on a leaflet",
        "Error: m.csv:7: note: 601 characters; at most 600 fit on a leaflet",
        ("Error: m.csv:8: patient: cannot print '王' (U+738B), '小' (U+5C0F), '明' (U+660E): no font of this layout "
         "has it; add a TrueType (.ttf) font that has it with --font FILE.ttf, or list one under fallback_fonts in "
         "the layout's layout.yaml"),
    ]
    assert lines[6] == "Error: m.csv:9: 1 more cell(s) than the header has columns"
    assert lines[7].startswith("Error: m.csv:10: audience: required; choose one of: ")
    assert lines[8].startswith("Error: m.csv:12: audience: unknown audience 'nosuch'")
    assert lines[9] == "Error: m.csv:13: date: '2026-02-30' is not a real date (day is out of range for month)"
    assert "Built 2, unchanged 0, failed 0, invalid rows 10 of 12" in result.stdout
    assert set(pdfs(tmp_path / "out")) == {"a.pdf", "j.pdf"}
    entries = {e["row"]: e for e in index_of(tmp_path / "out")}
    assert {k: entries[2][k] for k in ("audience", "lang", "layout", "paper")} == \
           {"audience": "general", "lang": "en", "layout": "handout", "paper": "letter"}
    assert entries[11]["file"] == "j.pdf" and entries[11]["status"] == "ok"
    assert "Línea uno" in text_of((tmp_path / "out" / "j.pdf").read_bytes())


def test_csv_headers_are_matched_like_the_options(run, render, tmp_path):
    (tmp_path / "m.csv").write_text("\ufeffAudience,Follow-up,Date , PATIENT\ndialysis,2026-12-05,2026-11-21,"
                                    "Ana Ruiz\n\n", encoding="utf-8")
    result = run("batch", "m.csv", "--out-dir", "out")
    assert (result.exit_code, result.stderr) == (0, "")
    data = (tmp_path / "out" / "dialysis-en-handout-letter.pdf").read_bytes()
    assert data == render("dialysis", patient="Ana Ruiz", follow_up="2026-12-05")


# -- exit 2: the manifest itself is unusable ------------------------------------------------
@pytest.mark.parametrize("name, text, message", [
    ("nope.csv", None, "Error: nope.csv: no such manifest file"),
    ("m.txt", "audience\ngeneral\n", "Error: m.txt: a manifest must be a .csv or .yaml file"),
    ("m.csv", "audience,colour\ngeneral,red\n", "Error: m.csv:1: unknown column 'colour'; "
                                                 f"columns are: {COLUMNS} (and the other names in README, 'Batch')"),
    ("m.csv", "lang,date\nen,2026-11-21\n", "Error: m.csv:1: the header needs an 'audience' column"),
    ("m.csv", "audience,lang,Lang\ngeneral,en,es\n", "Error: m.csv:1: the column 'lang' appears twice"),
    ("m.csv", "", "Error: m.csv: the file is empty; the first row must name the columns"),
    ("m.csv", "audience,lang\n", "Error: m.csv: the manifest lists no leaflets"),
    ("m.yaml", "jobs: [\n  {audience: general\n", "Error: m.yaml:3: invalid YAML: "),
    ("m.yaml", "defaults: {lang: en}\n", "Error: m.yaml:1: jobs: expected a list of leaflets"),
    ("m.yaml", "jobs: []\n", "Error: m.yaml:1: jobs: expected a list of leaflets"),
    ("m.yaml", "jobs:\n  - audience: general\n    colour: red\n",
     f"Error: m.yaml:3: jobs[0].colour: unknown field; fields are: {COLUMNS}"),
    ("m.yml", "job:\n  - audience: general\n",
     "Error: m.yml:1: unknown key 'job'; a manifest has defaults: and jobs:"),
])
def test_an_unusable_manifest_exits_2_with_one_error_and_writes_nothing(run, tmp_path, name, text, message):
    if text is not None:
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("batch", name, "--out-dir", "out", "-j", "2")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    if message.endswith(": "):
        assert result.stderr.startswith(message), result.stderr
    else:
        assert result.stderr == message + "\n"
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ([name] if text is not None else [])


def test_an_unusable_manifest_exits_2_in_its_own_process_too(tmp_path):
    (tmp_path / "m.yaml").write_text("jobs: [\n  {audience: general\n")
    result = handouts("batch", "m.yaml", "--out-dir", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: m.yaml:3: invalid YAML: ") and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == ["m.yaml"]


@pytest.mark.parametrize("args", [["--shard", "3/2"], ["--shard", "0/2"], ["--shard", "1"], ["--shard", "a/b"],
                                  ["-j", "0"]])
def test_bad_shard_or_worker_count_is_a_usage_error(run, tmp_path, args):
    write_csv(tmp_path / "m.csv", ["audience", "date"], [["general", DATE]])
    result = run("batch", "m.csv", "--out-dir", "out", *args)
    assert result.exit_code == 2
    assert "Invalid value for" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["m.csv"]


# -- YAML matrix ------------------------------------------------------------------------------
def test_yaml_matrix_expands_every_combination(tmp_path, render):
    (tmp_path / "m.yaml").write_text(
        "defaults: {date: 2026-11-21}\n"
        "jobs:\n"
        "  - {audience: all, lang: all, layout: [handout, card]}\n"
        "  - audience: general\n"
        "    layout: card\n"
        "    paper: all\n"
        "    output: 'cards/{audience}-{paper}.pdf'\n")
    result = handouts("batch", "m.yaml", "--out-dir", "out", "-j", "2", "--json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    summary = json.loads(result.stdout)
    assert (summary["jobs"], summary["built"], summary["ok"]) == (32, 32, True)
    files = pdfs(tmp_path / "out")
    matrix = {f"{a}-{lang}-{layout}-letter.pdf" for a in AUDIENCES for lang in LANGUAGES
              for layout in ("handout", "card")}
    assert len(matrix) == 28
    assert set(files) == matrix | {f"cards/general-{paper}.pdf" for paper in CARD_PAPERS}
    for paper, size in CARD_PAPERS.items():
        pdf = reader(files[f"cards/general-{paper}.pdf"])
        assert len(pdf.pages) == 2  # a card has two sides
        box = pdf.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.5), paper
    entries = ok_entries(index_of(tmp_path / "out"))
    assert {e["row"] for n, e in entries.items() if n in matrix} == {3}  # the job's line
    assert {e["row"] for n, e in entries.items() if n.startswith("cards/")} == {4}
    assert entries["cards/general-a6.pdf"]["paper"] == "a6"
    assert files["cirrhosis-es-card-letter.pdf"] == render("cirrhosis", lang="es", layout="card")
    assert files["cards/general-4x6.pdf"] == render("general", layout="card", paper="4x6")


def test_yaml_bad_jobs_are_reported_at_their_lines(run, tmp_path):
    (tmp_path / "m.yaml").write_text(
        "defaults:\n"
        "  date: 2026-11-21\n"
        "jobs:\n"
        "  - audience: general\n"
        "  - audience: nosuch\n"
        "  - {audience: dialysis, layout: poster}\n"
        "  - audience: general\n"
        "    lang: es\n"
        "    paper: [letter, a3]\n"
        "  - just a string\n")
    result = run("batch", "m.yaml", "--out-dir", "out")
    assert result.exit_code == 1
    lines = error_lines(result.stderr)
    assert lines[0].startswith("Error: m.yaml:5: audience: unknown audience 'nosuch'; choose one of: ")
    assert lines[1:] == [
        "Error: m.yaml:6: layout: unknown layout 'poster'; choose one of: card, handout, large-print, trifold",
        "Error: m.yaml:7: paper: unknown paper 'a3' for layout 'handout'; choose one of: letter, a4",
        "Error: m.yaml:10: expected a mapping with audience and the other fields",
    ]
    assert set(pdfs(tmp_path / "out")) == {"general-en-handout-letter.pdf", "general-es-handout-letter.pdf"}


def test_each_invalid_combination_of_a_matrix_row_has_an_index_entry(run, tmp_path):
    (tmp_path / "m.yaml").write_text("defaults: {date: 2026-11-21}\n"
                                     "jobs:\n"
                                     "  - {audience: [general, pregnancy], lang: [en, fr]}\n")
    result = run("batch", "m.yaml", "--out-dir", "out", "--json")
    summary = json.loads(result.stdout)
    assert (summary["built"], summary["invalid"]) == (2, 2)
    invalid = [e for e in index_of(tmp_path / "out") if e["status"] == "invalid"]
    assert len(invalid) == summary["invalid"]


# -- failures: --fail-fast, a leaflet that cannot be typeset, a bug -------------------------------
@pytest.fixture
def tight_layouts(tmp_path) -> Path:
    """A user layout 'tight': the handout, allowed one page, so every leaflet fails to typeset."""
    folder = tmp_path / "mine" / "tight"
    folder.mkdir(parents=True)
    spec = (REPO / "layouts" / "handout" / "layout.yaml").read_text()
    assert "\nmax_pages: 2\n" in spec
    (folder / "layout.yaml").write_text(spec.replace("\nmax_pages: 2\n", "\nmax_pages: 1\n"))
    shutil.copy(REPO / "layouts" / "handout" / "leaflet.xml.j2", folder)
    return tmp_path / "mine"


TIGHT = re.compile(r"layout 'tight': the general leaflet in 'en' runs to \d+ pages on letter; this layout allows 1 "
                   r"\(shorten the content of this audience\)")


def test_fail_fast_with_an_invalid_row_renders_nothing(run, tmp_path):
    write_csv(tmp_path / "m.csv", ["audience", "date"], [["general", DATE], ["nosuch", DATE], ["pregnancy", DATE]])
    result = run("batch", "m.csv", "--out-dir", "out", "--fail-fast", "-j", "2", "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert (summary["built"], summary["invalid"], summary["failed"]) == (0, 1, 0)
    assert len(error_lines(result.stderr)) == 1
    assert result.stderr.startswith("Error: m.csv:3: audience: unknown audience 'nosuch'")
    assert pdfs(tmp_path / "out") == {}
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name != "index.json"] == []


def test_a_leaflet_that_cannot_be_typeset_fails_alone(tight_layouts, tmp_path):
    write_csv(tmp_path / "m.csv", ["audience", "layout", "date", "output"],
              [["general", "handout", DATE, "a.pdf"], ["general", "tight", DATE, "b.pdf"],
               ["pregnancy", "", DATE, "c.pdf"]])
    args = ["batch", "m.csv", "--out-dir", "out", "--layouts-dir", tight_layouts, "-j", "2"]
    result = handouts(*args, "--json", cwd=tmp_path)
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert (summary["built"], summary["failed"], summary["invalid"], summary["ok"]) == (2, 1, 0, False)
    [line] = error_lines(result.stderr)
    assert re.fullmatch(r"Error: m\.csv:3: b\.pdf: " + TIGHT.pattern, line), line
    assert set(pdfs(tmp_path / "out")) == {"a.pdf", "c.pdf"}
    assert not parts(tmp_path / "out")
    entries = {e["file"]: e for e in index_of(tmp_path / "out")}
    assert entries["b.pdf"]["status"] == "failed" and entries["b.pdf"]["row"] == 3
    assert entries["b.pdf"]["built"] is False and entries["b.pdf"]["sha256"] == ""
    assert TIGHT.fullmatch(entries["b.pdf"]["error"])
    assert_index_matches_disk(tmp_path / "out", list(entries.values()))
    # a rerun tries the failed leaflet again and skips the others
    result = handouts(*args, "--json", cwd=tmp_path)
    summary = json.loads(result.stdout)
    assert (result.returncode, summary["built"], summary["unchanged"], summary["failed"]) == (1, 0, 2, 1)


def test_fail_fast_stops_at_the_first_failed_leaflet(tight_layouts, tmp_path):
    write_csv(tmp_path / "m.csv", ["audience", "layout", "date", "output"],
              [["general", "handout", DATE, "a.pdf"], ["general", "tight", DATE, "b.pdf"],
               ["pregnancy", "", DATE, "c.pdf"], ["athletes", "", DATE, "d.pdf"]])
    result = handouts("batch", "m.csv", "--out-dir", "out", "--layouts-dir", tight_layouts, "-j", "1",
                      "--fail-fast", "--json", cwd=tmp_path)
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert (summary["built"], summary["failed"]) == (1, 1)
    assert set(pdfs(tmp_path / "out")) == {"a.pdf"}


def test_an_internal_error_in_one_leaflet_is_recorded_and_the_others_build(run, tmp_path, monkeypatch):
    from handouts.api import Handouts

    real = Handouts.render

    def render(self, request):
        if request.patient == "Crash":
            raise RuntimeError("simulated bug")
        return real(self, request)

    monkeypatch.setattr(Handouts, "render", render)
    write_csv(tmp_path / "m.csv", ["audience", "patient", "date", "output"],
              [["general", "Ana", DATE, "a.pdf"], ["general", "Crash", DATE, "b.pdf"],
               ["pregnancy", "Bo", DATE, "c.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == ["Error: m.csv:3: b.pdf: internal error (RuntimeError: simulated bug)"]
    assert set(pdfs(tmp_path / "out")) == {"a.pdf", "c.pdf"}


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patched render must reach the workers")
def test_a_worker_that_dies_fails_its_leaflet_and_the_others_build(run, tmp_path, monkeypatch):
    from handouts.api import Handouts

    real = Handouts.render

    def render(self, request):
        if request.patient == "Die":
            os._exit(3)  # as if killed: no exception, no result
        return real(self, request)

    monkeypatch.setattr(Handouts, "render", render)
    rows = [["general", f"P{i}", DATE, f"p{i:02d}.pdf"] for i in range(20)]
    rows[5][1] = "Die"
    write_csv(tmp_path / "m.csv", ["audience", "patient", "date", "output"], rows)
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "2")
    assert result.exit_code == 1
    assert "internal error" not in result.stderr
    assert error_lines(result.stderr)[0].startswith("Error: m.csv:7: p05.pdf: worker failed")
    assert set(pdfs(tmp_path / "out")) == {f"p{i:02d}.pdf" for i in range(20) if i != 5}


# -- determinism and reruns --------------------------------------------------------------------
VARIED_HEADER = ["audience", "lang", "layout", "paper", "patient", "note", "clinician", "follow_up", "date", "output"]


def varied_rows() -> list[dict]:
    layouts = [("handout", "letter"), ("trifold", "a4"), ("card", "4x6"), ("large-print", "letter"),
               ("handout", "a4"), ("card", "letter"), ("trifold", "letter")]
    rows = []
    for i in range(14):
        layout, paper = layouts[i % len(layouts)]
        rows.append({"audience": AUDIENCES[i % 7], "lang": LANGUAGES[i // 7], "layout": layout, "paper": paper,
                     "patient": NAMES[i % len(NAMES)], "note": "Drink water with meals.\nStretch at night." if i % 2
                     else "", "clinician": "Dr. Ana Ruiz" if i % 3 == 0 else "",
                     "follow_up": ["2026-12-05", "in two weeks", ""][i % 3], "output": f"v{i:02d}.pdf"})
    return rows


def varied_manifest(path: Path) -> Path:
    return write_csv(path, VARIED_HEADER, [[r[k] if k != "date" else DATE for k in VARIED_HEADER]
                                           for r in varied_rows()])


def test_one_worker_and_two_workers_write_the_same_bytes(tmp_path, render):
    varied_manifest(tmp_path / "m.csv")
    one = handouts("batch", "m.csv", "--out-dir", "one", "-j", "1", cwd=tmp_path)
    two = handouts("batch", "m.csv", "--out-dir", "two", "-j", "2", cwd=tmp_path)
    # the card rows with notes or a clinician: said on stderr (issue 14), the same by both
    unprinted = ["Note: m.csv: the card layout does not print note: row(s) 7 (README, 'Layouts')",
                 "Note: m.csv: the card layout does not print note, clinician: row(s) 11 (README, 'Layouts')",
                 "Note: m.csv: the card layout does not print clinician: row(s) 14 (README, 'Layouts')"]
    assert (one.returncode, one.stderr.splitlines(), two.returncode, two.stderr.splitlines()) == \
        (0, unprinted, 0, unprinted)
    files = pdfs(tmp_path / "one")
    assert len(files) == 14 and files == pdfs(tmp_path / "two")
    for row in varied_rows():
        expected = render(row["audience"], lang=row["lang"], layout=row["layout"], paper=row["paper"],
                          patient=row["patient"], notes=(row["note"],) if row["note"] else (),
                          clinician=row["clinician"] or None, follow_up=row["follow_up"] or None)
        assert files[row["output"]] == expected, row
    strip = [{k: v for k, v in e.items() if k != "row"} for e in index_of(tmp_path / "one")]
    assert strip == [{k: v for k, v in e.items() if k != "row"} for e in index_of(tmp_path / "two")]


def test_a_rerun_rebuilds_only_what_changed_or_went_missing(tmp_path):
    rows = [["general", "Ana", DATE, "a.pdf"], ["pregnancy", "Bo", DATE, "b.pdf"], ["athletes", "Cy", DATE, "c.pdf"],
            ["dialysis", "Di", DATE, "d.pdf"]]
    header = ["audience", "patient", "date", "output"]
    write_csv(tmp_path / "m.csv", header, rows)
    out = tmp_path / "out"
    assert handouts("batch", "m.csv", "--out-dir", "out", "-j", "2", cwd=tmp_path).returncode == 0
    first, times = pdfs(out), stamps(out)
    (out / "a.pdf").unlink()  # deleted
    (out / "b.pdf").write_bytes(first["b.pdf"][:1000])  # damaged
    rows[2][1] = "Cyrus"  # changed in the manifest
    write_csv(tmp_path / "m.csv", header, rows)
    result = handouts("batch", "m.csv", "--out-dir", "out", "-j", "2", "--json", cwd=tmp_path)
    assert result.returncode == 0
    summary = json.loads(result.stdout)
    assert (summary["built"], summary["unchanged"]) == (3, 1)
    now = pdfs(out)
    assert now["a.pdf"] == first["a.pdf"] and now["b.pdf"] == first["b.pdf"]
    assert now["c.pdf"] != first["c.pdf"] and "Cyrus" in text_of(now["c.pdf"])
    assert stamps(out)["d.pdf"] == times["d.pdf"]
    entries = {e["file"]: e for e in index_of(out)}
    assert {n: e["built"] for n, e in entries.items()} == {"a.pdf": True, "b.pdf": True, "c.pdf": True,
                                                           "d.pdf": False}
    assert_index_matches_disk(out, list(entries.values()))


# -- acceptance 4: interrupted runs --------------------------------------------------------------
KILL_ROWS = 150


def kill_manifest(path: Path) -> Path:
    return write_csv(path, ["audience", "lang", "patient", "date", "output"],
                     [[AUDIENCES[i % 7], LANGUAGES[(i // 7) % 2], f"Patient {i}", DATE, f"k{i:03d}.pdf"]
                      for i in range(KILL_ROWS)])


def start_and_interrupt(tmp_path: Path, sig: int) -> subprocess.Popen:
    """Start the 150-leaflet batch, wait for a few PDFs, send ``sig`` to its whole process group."""
    kill_manifest(tmp_path / "k.csv")
    out = tmp_path / "out"
    proc = start("batch", "k.csv", "--out-dir", "out", "-j", "2", cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("*.pdf"))) < 3:
            assert proc.poll() is None, "the batch ended before it could be interrupted"
            assert time.monotonic() < deadline, "no PDF appeared in 120 s"
            time.sleep(0.01)
        os.killpg(proc.pid, sig)
        proc.communicate(timeout=60)
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return proc


def test_sigkill_leaves_only_complete_pdfs_and_the_next_run_finishes(tmp_path):
    out = tmp_path / "out"
    proc = start_and_interrupt(tmp_path, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    survivors = pdfs(out)
    assert 3 <= len(survivors) < KILL_ROWS  # killed part way
    for data in survivors.values():
        complete_pages(data)
    # what a killed worker may leave: a hidden temporary file, never a .pdf
    assert all(re.fullmatch(r"\.k\d{3}\.pdf\..+\.part", p.name) for p in parts(out))
    (out / ".k149.pdf.stale1.part").write_bytes(b"%PDF-1.7\n% cut short")
    (out / "sub").mkdir()
    (out / "sub" / ".x.pdf.stale2.part").write_bytes(b"%PDF-1.7\n")

    result = handouts("batch", "k.csv", "--out-dir", "out", "-j", "2", "--json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    summary = json.loads(result.stdout)
    assert summary["built"] + summary["unchanged"] == KILL_ROWS
    # the manifest's own temporary files are gone; another file's is not the batch's to delete
    assert parts(out) == [out / "sub" / ".x.pdf.stale2.part"]
    files = pdfs(out)
    assert set(files) == {f"k{i:03d}.pdf" for i in range(KILL_ROWS)}
    assert {n: files[n] for n in survivors} == survivors  # the same bytes as before the kill
    entries = index_of(out)
    assert len(ok_entries(entries)) == KILL_ROWS
    assert_index_matches_disk(out, entries)


def test_ctrl_c_leaves_no_temporary_files_and_a_true_index(tmp_path):
    out = tmp_path / "out"
    proc = start_and_interrupt(tmp_path, signal.SIGINT)
    assert proc.returncode not in (0, 2)
    files = pdfs(out)
    assert 3 <= len(files) < KILL_ROWS
    assert parts(out) == []
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    for data in files.values():
        complete_pages(data)
    if (out / "index.json").exists():  # what the interrupted run recorded is true
        entries = index_of(out)
        assert set(ok_entries(entries)) <= set(files)
        assert_index_matches_disk(out, entries)
