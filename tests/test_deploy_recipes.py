"""The recipes in ``deploy/`` (issue 17), run by simulation: no CI service or cluster is reachable here.

Each test reads a recipe (YAML), checks every ``handouts`` command in it against the real CLI (the
command and its options exist), and runs those commands as the engine would: N shard processes at
once, each with the engine's variables (``${{ matrix.shard }}``, ``CI_NODE_INDEX``/``CI_NODE_TOTAL``,
``JOB_COMPLETION_INDEX``) and its own working folder (a runner, a pod), the artifacts carried the way
the engine carries them, then the merge. The merged folder must be, file for file (sha256, index.json
included), what one ``handouts batch`` of the same manifest writes; and each leaflet is built by
exactly one shard.

Only the lines that start with ``handouts`` are run; installing (``pip install``) and pinning the date
(``SOURCE_DATE_EPOCH``, set here for every run) are the engine's business.
"""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from handouts.cli import main

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
ROWS, SHARDS = 200, 4
EPOCH = "1764460800"  # 2025-11-30: every run prints the same date
AUDIENCES = ["general", "pregnancy", "athletes", "dialysis", "older-adults", "medicines", "cirrhosis"]
ENGINE_VARIABLES = ("CI_NODE_INDEX", "CI_NODE_TOTAL", "JOB_COMPLETION_INDEX", "MANIFEST", "SOURCE_DATE_EPOCH")


def write_manifest(path: Path) -> Path:
    """200 rows: every tenth a PDF (handout, card, trifold, large print), the rest HTML pages (fast)."""
    layouts = ["handout", "card", "trifold", "large-print"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["audience", "lang", "layout", "format", "patient", "output"])
        for i in range(ROWS):
            pdf = i % 10 == 0
            writer.writerow([AUDIENCES[i % 7], ["en", "es"][(i // 7) % 2], layouts[(i // 10) % 4] if pdf else "handout",
                             "pdf" if pdf else "html", f"Patient {i}",
                             f"{i:03d}-{{audience}}-{{lang}}.{'pdf' if pdf else 'html'}"])
    return path


def digests(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones too), by its path inside it: its sha256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A ``handouts`` command on PATH (this checkout), the manifest, and one single-machine run of it."""
    root = tmp_path_factory.mktemp("deploy")
    bin_dir = root / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "handouts"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m handouts.cli "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ENGINE_VARIABLES}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", SOURCE_DATE_EPOCH=EPOCH,
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])))
    manifest = write_manifest(root / "manifest.csv")
    reference = root / "reference"
    result = subprocess.run(["handouts", "batch", str(manifest), "--out-dir", str(reference), "-j", "2"], env=env,
                            cwd=root, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    files = digests(reference)
    assert len(files) == ROWS + 1  # the leaflets and index.json
    return {"root": root, "env": env, "manifest": manifest, "reference": files}


def handouts_lines(script: str, fill=lambda line: line) -> list[str]:
    """The ``handouts`` commands of a step's shell script (the engine's expressions filled in), each checked
    against the real CLI."""
    lines = [fill(line.strip()) for line in script.splitlines() if line.strip().startswith("handouts ")]
    for line in lines:
        words = shlex.split(line)
        command = main.commands.get(words[1])
        assert command is not None, f"{line}: no command {words[1]!r}"
        command.make_context("handouts", words[2:])  # an unknown option or a bad value raises here
    return lines


def start(lines: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(["bash", "-ec", "\n".join(lines)], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, f"exit {process.returncode}:\n{out}\n{err}"


def out_dir(line: str) -> str:
    words = shlex.split(line)
    return words[words.index("--out-dir") + 1]


def assert_each_leaflet_once(shard_folders: list[Path], reference: dict[str, str]) -> None:
    """Every leaflet was built by exactly one shard, and the shards' folders hold nothing else."""
    built: list[str] = []
    for folder in shard_folders:
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        assert {e["status"] for e in index["leaflets"]} == {"ok"}
        assert all(e["built"] for e in index["leaflets"])
        built += [e["file"] for e in index["leaflets"]]
        assert set(digests(folder)) == {e["file"] for e in index["leaflets"]} | {"index.json"}
    assert len(built) == len(set(built)) == ROWS
    assert set(built) == set(reference) - {"index.json"}


# -- GitHub Actions: a matrix of N shard jobs, artifacts, a merge job -----------------------------------------
def test_github_actions_matrix_then_merge_is_one_batch(world, tmp_path):
    workflow = yaml.safe_load((DEPLOY / "github-actions" / "leaflets.yml").read_text(encoding="utf-8"))
    shard_job, merge_job = workflow["jobs"]["shard"], workflow["jobs"]["merge"]
    shards = shard_job["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, SHARDS + 1)) and merge_job["needs"] == "shard"
    env = {**world["env"], **workflow.get("env", {}), "MANIFEST": str(world["manifest"])}
    artifacts = tmp_path / "artifacts"
    processes, runners, folders = [], [], []
    for k in shards:
        def fill(text: str, k: int = k) -> str:
            return text.replace("${{ matrix.shard }}", str(k)).replace("${{ strategy.job-total }}", str(len(shards)))
        lines = [line for step in shard_job["steps"] for line in handouts_lines(step.get("run", ""), fill)]
        assert len(lines) == 1 and f"--shard {k}/{SHARDS}" in lines[0] and "${{" not in lines[0]
        runner = tmp_path / f"runner-{k}"  # each job is a fresh runner with its own checkout
        processes.append(start(lines, runner, env))
        [upload] = [s for s in shard_job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
        runners.append((runner, fill(upload["with"]["name"]), fill(upload["with"]["path"])))
        folders.append(runner / out_dir(lines[0]))
    finish(processes)
    assert_each_leaflet_once(folders, world["reference"])
    for runner, name, path in runners:  # upload-artifact: the folder's contents, under the artifact's name
        assert runner / path in folders
        shutil.copytree(runner / path, artifacts / name)
    merger = tmp_path / "runner-merge"
    [download] = [s for s in merge_job["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    for artifact in sorted(artifacts.iterdir()):  # with a pattern and no merge-multiple: path/NAME/...
        if fnmatch.fnmatch(artifact.name, download["with"]["pattern"]):
            shutil.copytree(artifact, merger / download["with"]["path"] / artifact.name)
    lines = [line for step in merge_job["steps"] for line in handouts_lines(step.get("run", ""))]
    assert len(lines) == 1 and lines[0].startswith("handouts merge ")
    finish([start(lines, merger, env)])
    assert digests(merger / out_dir(lines[0])) == world["reference"]


# -- GitLab CI: parallel: N with CI_NODE_INDEX / CI_NODE_TOTAL ------------------------------------------------
def test_gitlab_parallel_then_merge_is_one_batch(world, tmp_path):
    pipeline = yaml.safe_load((DEPLOY / "gitlab" / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    build, merge = pipeline["leaflets"], pipeline["merge"]
    n = build["parallel"]
    assert n == SHARDS and merge["needs"] == ["leaflets"]
    assert pipeline["stages"].index(build["stage"]) < pipeline["stages"].index(merge["stage"])
    env = {**world["env"], **pipeline.get("variables", {}), "MANIFEST": str(world["manifest"])}
    lines = handouts_lines("\n".join(build["script"]))
    assert len(lines) == 1 and "--shard auto" in lines[0]
    processes, folders = [], []
    for k in range(1, n + 1):
        runner = tmp_path / f"runner-{k}"
        processes.append(start(lines, runner, {**env, "CI_NODE_INDEX": str(k), "CI_NODE_TOTAL": str(n)}))
        folders.append(runner / out_dir(lines[0]).replace("$CI_NODE_INDEX", str(k)))
    finish(processes)
    assert_each_leaflet_once(folders, world["reference"])
    merger = tmp_path / "runner-merge"
    for k in range(1, n + 1):  # artifacts: each job's paths, into the later job's checkout
        for path in build["artifacts"]["paths"]:
            shutil.copytree(tmp_path / f"runner-{k}" / path, merger / path, dirs_exist_ok=True)
    merge_lines = handouts_lines("\n".join(merge["script"]))
    assert len(merge_lines) == 1 and merge_lines[0].startswith("handouts merge ")
    finish([start(merge_lines, merger, env)])
    assert digests(merger / out_dir(merge_lines[0])) == world["reference"]


# -- Kubernetes: an Indexed Job on a shared volume, then a merge Job ---------------------------------------------
def _container(path: Path) -> tuple[dict, dict]:
    [job] = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job"
    [container] = job["spec"]["template"]["spec"]["containers"]
    return job, container


def test_kubernetes_indexed_job_then_merge_is_one_batch(world, tmp_path):
    job, container = _container(DEPLOY / "kubernetes" / "shards-job.yaml")
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    n = spec["completions"]
    assert n == spec["parallelism"] == SHARDS
    volume = tmp_path / "volume"  # the shared volume, mounted at /data in every pod
    [mount] = container["volumeMounts"]
    (volume).mkdir()
    shutil.copy(world["manifest"], volume / "manifest.csv")

    def on_volume(line: str) -> str:
        return line.replace(mount["mountPath"] + "/", f"{volume}/")

    lines = handouts_lines("\n".join(container["args"]), on_volume)
    assert len(lines) == 1 and f"--shard auto/{n}" in lines[0]  # the Job's completions, said once more
    env = {**world["env"], **{e["name"]: e["value"] for e in container.get("env", [])}}
    processes = [start(lines, tmp_path / f"pod-{i}", {**env, "JOB_COMPLETION_INDEX": str(i)}) for i in range(n)]
    finish(processes)
    folders = [Path(out_dir(lines[0]).replace("$JOB_COMPLETION_INDEX", str(i))) for i in range(n)]
    assert_each_leaflet_once(folders, world["reference"])
    merge_job, merge_container = _container(DEPLOY / "kubernetes" / "merge-job.yaml")
    assert merge_container["volumeMounts"] == container["volumeMounts"]
    assert merge_job["spec"]["template"]["spec"]["volumes"] == spec["template"]["spec"]["volumes"]
    merge_lines = handouts_lines("\n".join(merge_container["args"]), on_volume)
    assert len(merge_lines) == 1 and merge_lines[0].startswith("handouts merge ")
    finish([start(merge_lines, tmp_path / "merge-pod", env)])
    assert digests(Path(out_dir(merge_lines[0]))) == world["reference"]


@pytest.mark.parametrize("recipe", ["github-actions/leaflets.yml", "gitlab/.gitlab-ci.yml",
                                    "kubernetes/shards-job.yaml", "kubernetes/merge-job.yaml"])
def test_every_recipe_is_yaml_and_its_readme_names_it(recipe):
    path = DEPLOY / recipe
    assert list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    readme = (path.parent / "README.md").read_text(encoding="utf-8")
    assert path.name in readme


def test_the_example_manifest_the_recipes_name_builds(world, tmp_path):
    """deploy/manifest.csv, which the recipes build as they are, is a good manifest (every row builds)."""
    result = subprocess.run(["handouts", "batch", str(DEPLOY / "manifest.csv"), "--out-dir", str(tmp_path / "out"),
                             "--json"], env=world["env"], cwd=tmp_path, capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["built"] == summary["jobs"] == 10 and summary["ok"]
