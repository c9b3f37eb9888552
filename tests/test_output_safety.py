"""No harm outside the output folder (issue 15, section 1).

- Writing and stale ``.part`` clean-up never act through a symbolic link or outside ``--out-dir``.
- A batch replaces only files its own ``index.json`` says a batch wrote, unless ``--force``.
- Every way a batch stops (SIGTERM, SIGINT, SIGHUP, SIGKILL of the main process) stops its workers at
  once and leaves only complete files.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import AUDIENCES
from test_batch import (
    DATE, assert_index_matches_disk, complete_pages, error_lines, handouts, index_of, parts, pdfs, start,
    write_csv,
)

from handouts.write import remove_stale_parts

LINUX = sys.platform.startswith("linux")


def snapshot(folder: Path) -> dict[str, tuple[str, bytes | str, int]]:
    """Everything under ``folder`` (links not followed): kind, bytes or link target, modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if path.is_symlink():
            found[str(path.relative_to(folder))] = ("link", os.readlink(path), info.st_mtime_ns)
        elif path.is_dir():
            found[str(path.relative_to(folder))] = ("dir", "", info.st_mtime_ns)
        else:
            found[str(path.relative_to(folder))] = ("file", path.read_bytes(), info.st_mtime_ns)
    return found


# -- links inside the output folder (acceptance 2) ------------------------------------------------
def test_a_link_inside_the_out_dir_pointing_outside_changes_nothing_outside(run, tmp_path):
    outside = tmp_path / "outside"
    (outside / "existing").mkdir(parents=True)
    (outside / "victim.pdf").write_bytes(b"%PDF-1.7\n% somebody's own file\n")
    (outside / ".a.pdf.0badc0de.part").write_bytes(b"not the batch's temporary file")
    (outside / ".victim.pdf.0badc0de.part").write_bytes(b"nor this one")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)   # a folder inside that leads outside
    (out / "link.pdf").symlink_to(outside / "victim.pdf")          # an output name that is a link
    (out / ".b.pdf.feedf00d.part").symlink_to(outside / "victim.pdf")  # a link named like a temporary file
    before = snapshot(outside)
    write_csv(tmp_path / "m.csv", ["audience", "date", "output"],
              [["general", DATE, "sub/a.pdf"], ["general", DATE, "sub/new/c.pdf"], ["general", DATE, "link.pdf"],
               ["general", DATE, "sub/victim.pdf"], ["pregnancy", DATE, "b.pdf"]])

    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert result.exit_code == 1
    refused = "the output folder leads outside --out-dir (through a symbolic link); refused"
    assert error_lines(result.stderr) == [
        f"Error: m.csv:2: sub/a.pdf: {refused}",
        f"Error: m.csv:3: sub/new/c.pdf: {refused}",
        "Error: m.csv:4: link.pdf: the output is a symbolic link; refused",
        f"Error: m.csv:5: sub/victim.pdf: {refused}",
    ]
    assert complete_pages((out / "b.pdf").read_bytes()) >= 1
    # the clean-up, run directly on every name the manifest gives, with and without the batch's root
    for name in ("sub/a.pdf", "sub/victim.pdf", "link.pdf", "b.pdf"):
        remove_stale_parts(out / name, root=out)
    remove_stale_parts(out / "b.pdf")
    remove_stale_parts(out / "victim.pdf")
    # and a second run (its own clean-up at the start), with --force
    assert run("batch", "m.csv", "--out-dir", "out", "-j", "1", "--force").exit_code == 1

    assert snapshot(outside) == before
    assert (out / "sub").is_symlink() and (out / "link.pdf").is_symlink()
    assert (out / ".b.pdf.feedf00d.part").is_symlink()  # not a file the batch made: left alone
    assert sorted(e["file"] for e in ok_of(out)) == ["b.pdf"]


def ok_of(out: Path) -> list[dict]:
    return [e for e in index_of(out) if e["status"] == "ok"]


def test_a_temporary_file_that_is_a_link_is_never_removed_through(run, tmp_path):
    """``build``'s clean-up in the folder the user named removes only regular files of the pattern."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    (tmp_path / ".leaflet.pdf.0badc0de.part").symlink_to(outside / "keep.txt")
    (tmp_path / ".leaflet.pdf.deadbeef.part").write_bytes(b"%PDF-1.7\n% cut short")  # a real leftover
    result = run("build", "general", "-o", "leaflet.pdf", "--date", DATE)
    assert result.exit_code == 0, result.stderr
    assert (outside / "keep.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == [".leaflet.pdf.0badc0de.part"]


def test_the_out_dir_itself_may_be_a_link(run, tmp_path):
    """The folder the user names is the user's choice; only what lies below it is never followed."""
    (tmp_path / "real").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "real", target_is_directory=True)
    write_csv(tmp_path / "m.csv", ["audience", "date", "output"], [["general", DATE, "sub/a.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert complete_pages((tmp_path / "real" / "sub" / "a.pdf").read_bytes()) >= 1


# -- replacing files (a batch replaces only what its index says it wrote) ----------------------------------
IN_THE_WAY = ("a file of this name is in the way, and no batch wrote it (index.json does not list it); "
              "use --force to replace it")


def test_a_batch_never_replaces_a_file_no_batch_wrote(run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "ana.pdf").write_bytes(b"%PDF-1.7\n% made by hand\n")
    write_csv(tmp_path / "m.csv", ["audience", "patient", "date", "output"],
              [["dialysis", "Ana Ruiz", DATE, "ana.pdf"], ["general", "Bo", DATE, "bo.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [f"Error: m.csv:2: ana.pdf: {IN_THE_WAY}"]
    assert (out / "ana.pdf").read_bytes() == b"%PDF-1.7\n% made by hand\n"
    entries = {e["file"]: e for e in index_of(out)}
    assert (entries["ana.pdf"]["status"], entries["ana.pdf"]["owned"]) == ("failed", False)
    # a rerun still refuses: a failed row does not make the hand-made file the batch's
    assert run("batch", "m.csv", "--out-dir", "out", "-j", "1").exit_code == 1
    assert (out / "ana.pdf").read_bytes() == b"%PDF-1.7\n% made by hand\n"
    # --force replaces it, as build --force does
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1", "--force")
    assert (result.exit_code, result.stderr) == (0, "")
    assert complete_pages((out / "ana.pdf").read_bytes()) >= 1
    # from now on the index says a batch wrote it: a changed row replaces it without --force
    write_csv(tmp_path / "m.csv", ["audience", "patient", "date", "output"],
              [["dialysis", "Ana María Ruiz", DATE, "ana.pdf"], ["general", "Bo", DATE, "bo.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1", "--json")
    assert (result.exit_code, json.loads(result.stdout)["built"]) == (0, 1)


@pytest.mark.parametrize("content", ['{"mine": true}\n', "not json at all\n", '{"handouts": "1", "leaflets": 3}\n'])
def test_an_index_json_no_batch_wrote_stops_the_batch(run, tmp_path, content):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.json").write_text(content)
    write_csv(tmp_path / "m.csv", ["audience", "date", "output"], [["general", DATE, "a.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: --out-dir out: index.json: not an index a batch wrote; a batch replaces only files its own index "
        "lists. Use --force to replace it, or choose another --out-dir"]
    assert sorted(p.name for p in out.iterdir()) == ["index.json"] and (out / "index.json").read_text() == content
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1", "--force")
    assert result.exit_code == 0
    assert [e["file"] for e in index_of(out)] == ["a.pdf"]


def test_an_index_json_that_is_a_link_or_a_fifo_is_refused_and_never_read(run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere.json").write_text('{"handouts": "0", "leaflets": []}')
    (out / "index.json").symlink_to(tmp_path / "elsewhere.json")
    write_csv(tmp_path / "m.csv", ["audience", "date", "output"], [["general", DATE, "a.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert (result.exit_code, result.stderr.splitlines()) == (2, [
        "Error: --out-dir out: index.json: not a regular file (it is a symbolic link); a batch replaces only files "
        "its own index lists. Use --force to replace it, or choose another --out-dir"])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1", "--force")
    assert result.exit_code == 0
    assert not (out / "index.json").is_symlink()  # the link itself was replaced; its target was not written
    assert (tmp_path / "elsewhere.json").read_text() == '{"handouts": "0", "leaflets": []}'
    if hasattr(os, "mkfifo"):
        (out / "index.json").unlink()
        os.mkfifo(out / "index.json")
        result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")  # would block for ever if it were read
        assert result.exit_code == 2 and "not a regular file (it is a FIFO (named pipe))" in result.stderr


def test_a_file_holding_the_very_bytes_is_kept_without_force(tmp_path):
    """What a run killed before it wrote its index made: the same row gives the same bytes, so it is kept."""
    write_csv(tmp_path / "m.csv", ["audience", "patient", "date", "output"],
              [[AUDIENCES[i], f"P{i}", DATE, f"p{i}.pdf"] for i in range(3)])
    assert handouts("batch", "m.csv", "--out-dir", "out", "-j", "1", cwd=tmp_path).returncode == 0
    first = pdfs(tmp_path / "out")
    (tmp_path / "out" / "index.json").unlink()
    result = handouts("batch", "m.csv", "--out-dir", "out", "-j", "2", "--json", cwd=tmp_path)
    summary = json.loads(result.stdout)
    assert (result.returncode, result.stderr, summary["built"], summary["unchanged"]) == (0, "", 0, 3)
    assert pdfs(tmp_path / "out") == first
    assert all(e["owned"] and e["built"] is False for e in index_of(tmp_path / "out"))


def test_a_failed_row_keeps_the_right_to_replace_its_earlier_file(run, tmp_path, monkeypatch):
    from handouts.api import Handouts
    from handouts.errors import RenderError

    real = Handouts.render

    def render(self, request):
        if request.patient == "Fails":
            raise RenderError("simulated: does not fit")
        return real(self, request)

    monkeypatch.setattr(Handouts, "render", render)
    header = ["audience", "patient", "date", "output"]
    write_csv(tmp_path / "m.csv", header, [["general", "Ana", DATE, "a.pdf"]])
    assert run("batch", "m.csv", "--out-dir", "out", "-j", "1").exit_code == 0
    first = (tmp_path / "out" / "a.pdf").read_bytes()
    write_csv(tmp_path / "m.csv", header, [["general", "Fails", DATE, "a.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert error_lines(result.stderr) == ["Error: m.csv:2: a.pdf: simulated: does not fit"]
    assert (tmp_path / "out" / "a.pdf").read_bytes() == first  # a good file is never replaced by nothing
    [entry] = index_of(tmp_path / "out")
    assert (entry["status"], entry["owned"]) == ("failed", True)
    write_csv(tmp_path / "m.csv", header, [["general", "Bo", DATE, "a.pdf"]])
    result = run("batch", "m.csv", "--out-dir", "out", "-j", "1")
    assert (result.exit_code, result.stderr) == (0, "")
    assert (tmp_path / "out" / "a.pdf").read_bytes() != first


# -- stopping (acceptance 3) ----------------------------------------------------------------------------------
STOP_ROWS = 40


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (a dead child waiting to be reaped is not running)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_batch(tmp_path: Path) -> tuple:
    write_csv(tmp_path / "k.csv", ["audience", "patient", "date", "output"],
              [[AUDIENCES[i % 7], f"Patient {i}", DATE, f"k{i:03d}.pdf"] for i in range(STOP_ROWS)])
    out = tmp_path / "out"
    proc = start("batch", "k.csv", "--out-dir", "out", "-j", "2", cwd=tmp_path)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(list(out.glob("*.pdf"))) < 2 or len(workers) < 2:
        assert proc.poll() is None, "the batch ended before it could be stopped"
        assert time.monotonic() < deadline, "no PDF appeared in 120 s"
        workers = children(proc.pid)
        time.sleep(0.01)
    return proc, out, workers


@pytest.mark.skipif(not LINUX, reason="reads /proc to find the workers")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_stopped_batch_stops_its_workers_and_leaves_only_complete_pdfs(tmp_path, sig):
    number = getattr(signal, sig)
    proc, out, workers = start_batch(tmp_path)
    try:
        os.kill(proc.pid, number)  # the main process only, as a service manager or `kill` does
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    time.sleep(0.5)
    assert [pid for pid in workers if running(pid)] == []
    assert proc.returncode == 128 + number
    assert stderr.splitlines() == [f"Error: stopped by {sig}; what was finished is in index.json, and running the "
                                   "same command again builds the rest"]
    files = pdfs(out)
    assert 2 <= len(files) < STOP_ROWS
    for data in files.values():
        complete_pages(data)
    assert parts(out) == [] and [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    entries = index_of(out)
    assert {e["file"] for e in ok_of(out)} <= set(files)  # a file a worker finished as the stop came is whole
    assert_index_matches_disk(out, entries)
    if sig != "SIGTERM":
        return
    # the same command again finishes the batch, without --force
    result = handouts("batch", "k.csv", "--out-dir", "out", "-j", "2", "--json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert len(pdfs(out)) == STOP_ROWS


@pytest.mark.skipif(not LINUX, reason="the workers follow a killed main process through PR_SET_PDEATHSIG (Linux)")
def test_workers_do_not_outlive_a_killed_main_process(tmp_path):
    proc, out, workers = start_batch(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 5
    while [pid for pid in workers if running(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in workers if running(pid)] == []
    proc.communicate(timeout=30)  # the workers held the pipes too: they are closed
    for data in pdfs(out).values():
        complete_pages(data)
    assert all(p.name.startswith(".k") for p in parts(out))  # at most a worker's hidden temporary file


STOP_IN_A_CALLBACK = """
import weakref
from handouts.batch.workers import stopping_on_signals
from handouts.errors import Stopped


class Thing:
    pass


def callback(_ref):
    raise Stopped(15)


with stopping_on_signals():  # as the batch's main process runs
    thing = Thing()
    ref = weakref.ref(thing, callback)
    del thing
    print("inside: still running")
thing = Thing()
ref = weakref.ref(thing, callback)
del thing  # outside: Python reports it as ever
"""


def test_a_stop_that_lands_in_a_callback_prints_no_traceback():
    """A signal's Stopped raised inside a weak-reference or GC callback (seen in a worker stopped in the
    middle of an import: "Exception ignored in: <function _get_module_lock.<locals>.cb ...>") cannot get out;
    while a run can be stopped it is dropped quietly (the run stops by the signal it remembered), and the
    one-line message stays the only output."""
    done = subprocess.run([sys.executable, "-c", STOP_IN_A_CALLBACK], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "inside: still running\n"
    assert done.stderr.count("Exception ignored in") == 1 and done.stderr.count("Stopped: 15") == 1
