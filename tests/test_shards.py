"""Shards across machines (issue 17): ``--shard auto`` from the engines' variables, two shards writing into
one folder at the same moment, and ``handouts merge``.

The recipes in ``deploy/`` are run by simulation in ``test_deploy_recipes.py``; the bad values of
``--shard`` and the merge's refusals that fit one command are named cases in ``tests/cases/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from handouts.batch.index import LOCK, index_lock
from handouts.batch.shards import parse_shard
from handouts.errors import HandoutsError


# -- --shard auto ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "environ", "expected"), [
    ("2/4", {}, (2, 4)),
    ("2/4", {"CI_NODE_INDEX": "3", "CI_NODE_TOTAL": "4"}, (2, 4)),  # written out, the variables are not read
    ("auto", {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"}, (1, 4)),  # GitLab CI: 1-based
    ("auto", {"CI_NODE_INDEX": "4", "CI_NODE_TOTAL": "4"}, (4, 4)),
    ("auto/4", {"CI_NODE_INDEX": "4", "CI_NODE_TOTAL": "4"}, (4, 4)),
    ("auto", {"CI_NODE_TOTAL": "1"}, (1, 1)),  # a GitLab job without parallel:
    ("auto/4", {"JOB_COMPLETION_INDEX": "0"}, (1, 4)),  # Kubernetes: 0-based
    ("auto/4", {"JOB_COMPLETION_INDEX": "3"}, (4, 4)),
    ("auto/4", {"JOB_COMPLETION_INDEX": " 2 ", "CI_NODE_INDEX": "3", "CI_NODE_TOTAL": "4"}, (3, 4)),  # agree
    ("auto", {"CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "4", "JOB_COMPLETION_INDEX": ""}, (2, 4)),  # empty: unset
])
def test_shard_from_the_engines_variables(text, environ, expected):
    assert parse_shard(text, environ) == expected


@pytest.mark.parametrize(("text", "environ", "names"), [
    ("auto", {}, ["JOB_COMPLETION_INDEX", "CI_NODE_INDEX", "CI_NODE_TOTAL", "GitHub Actions"]),
    ("auto", {"CI_NODE_INDEX": "1.5", "CI_NODE_TOTAL": "4"}, ["CI_NODE_INDEX is '1.5', not a whole number"]),
    ("auto", {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "four"}, ["CI_NODE_TOTAL is 'four'"]),
    ("auto", {"CI_NODE_INDEX": "0", "CI_NODE_TOTAL": "4"}, ["CI_NODE_INDEX is 0", "1 to 4"]),
    ("auto", {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "0"}, ["CI_NODE_TOTAL is 0"]),
    ("auto", {"CI_NODE_TOTAL": "4"}, ["CI_NODE_INDEX is not set"]),
    ("auto", {"JOB_COMPLETION_INDEX": "1"}, ["Kubernetes gives no shard count", "auto/4"]),
    ("auto/2", {"JOB_COMPLETION_INDEX": "2"}, ["JOB_COMPLETION_INDEX is 2", "0 to 1"]),
    ("auto/4", {"JOB_COMPLETION_INDEX": "1", "CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"},
     ["disagree", "GitLab CI says 1/4", "Kubernetes says 2/4"]),
    ("auto/3", {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"}, ["auto/3 but CI_NODE_TOTAL is 4"]),
    ("auto/x", {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"}, ["expected auto/N"]),
    ("auto/100001", {"JOB_COMPLETION_INDEX": "1"}, ["expected auto/N"]),
    ("auto", {"CI_NODE_INDEX": "9" * 40, "CI_NODE_TOTAL": "4"}, ["not a whole number"]),
    ("1/0", {}, ["expected K/N"]), ("-1/4", {}, ["expected K/N"]), ("1/2/3", {}, ["expected K/N"]),
    ("１/２", {}, ["expected K/N"]),  # digits of another script are not read as numbers
])
def test_a_bad_shard_is_one_problem_naming_the_variable(text, environ, names):
    with pytest.raises(HandoutsError) as caught:
        parse_shard(text, environ)
    [problem] = caught.value.problems
    assert problem.field == "shard" and "\n" not in problem.message and len(problem.message) < 300
    for name in names:
        assert name in problem.message


# -- two shards into one folder at the same moment ---------------------------------------------------------------
REPO = Path(__file__).resolve().parent.parent


def _manifest(path: Path, rows: int) -> Path:
    """HTML pages (fast), every fifth a PDF; each row its own file."""
    audiences = ["general", "pregnancy", "athletes", "dialysis", "older-adults", "medicines", "cirrhosis"]
    lines = ["audience,lang,format,patient,output"]
    for i in range(rows):
        kind = "pdf" if i % 5 == 0 else "html"
        lines.append(f"{audiences[i % 7]},{['en', 'es'][i % 2]},{kind},Patient {i},{i:03d}-{{audience}}.{kind}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI_NODE_INDEX", "CI_NODE_TOTAL", "JOB_COMPLETION_INDEX")}
    env.update(SOURCE_DATE_EPOCH="1764460800", PYTHONPATH=str(REPO))
    return env


def _handouts(*args, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "handouts.cli", *map(str, args)], cwd=cwd, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _done(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return out


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    """A 60-row manifest and what one batch of it on one machine writes."""
    work = tmp_path_factory.mktemp("single")
    _manifest(work / "m.csv", 60)
    _done(_handouts("batch", "m.csv", "--out-dir", "one", "-j", "2", cwd=work))
    return work, _files(work / "one")


@pytest.mark.parametrize("n", [2, 12])
def test_shards_started_at_once_into_one_folder_keep_every_entry(single, tmp_path, n):
    work, reference = single
    shutil.copy(work / "m.csv", tmp_path / "m.csv")
    started = [_handouts("batch", "m.csv", "--out-dir", "shared", "-j", "1", "--shard", f"{k}/{n}", cwd=tmp_path)
               for k in range(1, n + 1)]
    for process in started:
        _done(process)
    index = json.loads((tmp_path / "shared" / "index.json").read_text(encoding="utf-8"))
    assert len(index["leaflets"]) == 60 and {e["status"] for e in index["leaflets"]} == {"ok"}
    assert _files(tmp_path / "shared") == reference  # every leaflet, index.json byte for byte, no lock file left


def test_the_index_lock_lets_one_run_in_at_a_time(tmp_path):
    """A second holder waits until the first lets go (flock: two opens conflict even in one process)."""
    entered, release = threading.Event(), threading.Event()

    def second() -> None:
        with index_lock(tmp_path):
            entered.set()

    with index_lock(tmp_path):
        assert (tmp_path / LOCK).is_file()
        thread = threading.Thread(target=second)
        thread.start()
        assert not entered.wait(0.5)  # held: the other waits
        release.set()
    assert entered.wait(10)
    thread.join(10)
    assert not (tmp_path / LOCK).exists()  # the last one out removes it


# -- handouts merge --------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shards(single, tmp_path_factory):
    """The 60-row manifest in 3 shards, each into its own folder."""
    work, _ = single
    root = tmp_path_factory.mktemp("shards")
    shutil.copy(work / "m.csv", root / "m.csv")
    for process in [_handouts("batch", "m.csv", "--out-dir", f"s{k}", "-j", "1", "--shard", f"{k}/3", cwd=root)
                    for k in (1, 2, 3)]:
        _done(process)
    return root


def _merge(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handouts.cli", "merge", *map(str, args)], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=600, check=False)


def test_merge_is_one_batch_byte_for_byte_and_a_later_batch_finds_nothing_to_do(single, shards, tmp_path):
    work, reference = single
    result = _merge(shards / "s1", shards / "s2", shards / "s3", "--out-dir", tmp_path / "merged", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "60 entries (60 copied, 0 already there" in result.stdout
    assert _files(tmp_path / "merged") == reference
    again = _merge(shards / "s3", shards / "s1", shards / "s2", "--out-dir", tmp_path / "merged", cwd=tmp_path)
    assert again.returncode == 0 and "(0 copied, 60 already there" in again.stdout
    assert _files(tmp_path / "merged") == reference  # the order of the folders does not matter
    shutil.copy(work / "m.csv", tmp_path / "m.csv")
    summary = json.loads(_done(_handouts("batch", "m.csv", "--out-dir", "merged", "--json", cwd=tmp_path)))
    assert (summary["built"], summary["unchanged"]) == (0, 60)  # the merged index owns its files


def test_merge_refuses_a_file_in_the_way_and_writes_nothing(shards, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    name = json.loads((shards / "s2" / "index.json").read_text(encoding="utf-8"))["leaflets"][0]["file"]
    (out / name).write_bytes(b"someone else's file")
    result = _merge(shards / "s1", shards / "s2", shards / "s3", "--out-dir", out, cwd=tmp_path)
    assert result.returncode == 2 and not result.stdout
    assert result.stderr.splitlines() == [f"Error: out/{name}: already there and no batch's index here lists "
                                          "it; use --force to replace it, or choose another --out-dir"]
    assert sorted(p.name for p in out.iterdir()) == [name]
    forced = _merge(shards / "s1", shards / "s2", shards / "s3", "--out-dir", out, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (out / name).read_bytes() == (shards / "s2" / name).read_bytes()


def test_merge_refuses_a_leaflet_changed_after_its_batch_and_a_missing_one(shards, tmp_path):
    for k in (1, 2):
        shutil.copytree(shards / f"s{k}", tmp_path / f"s{k}")
    entries = json.loads((tmp_path / "s1" / "index.json").read_text(encoding="utf-8"))["leaflets"]
    changed, missing = entries[0]["file"], entries[1]["file"]
    (tmp_path / "s1" / changed).write_bytes(b"edited by hand")
    (tmp_path / "s1" / missing).unlink()
    result = _merge("s1", "s2", "--out-dir", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"Error: s1/{changed}: its bytes are not the ones index.json lists (changed after the batch?)",
        f"Error: s1/{missing}: listed in index.json but missing"]
    assert not (tmp_path / "out").exists()


def test_merge_refuses_a_folder_of_two_content_versions(shards, tmp_path):
    for k in (1, 2):
        shutil.copytree(shards / f"s{k}", tmp_path / f"s{k}")
    index = json.loads((tmp_path / "s2" / "index.json").read_text(encoding="utf-8"))
    real = index["leaflets"][0]["content"]
    index["leaflets"][0]["content"] = "f" * 64  # one leaflet built from other content
    (tmp_path / "s2" / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    result = _merge("s1", "s2", "--out-dir", "out", cwd=tmp_path)
    assert result.returncode == 2
    versions = ", ".join(sorted([real[:12], "f" * 12]))
    assert result.stderr.splitlines() == [
        f"Error: s2/index.json: content {versions} (handouts {index['handouts']}); mixed content versions in one "
        "folder: build it again from one content version"]
    assert not (tmp_path / "out").exists()
