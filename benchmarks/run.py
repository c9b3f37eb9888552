"""Benchmarks for handouts: library, command, batch, against hand-written ReportLab.

    python benchmarks/run.py            # full run, about 2-3 minutes
    python benchmarks/run.py --quick    # fewer repetitions, under about 30 s

Prints one Markdown table (with the machine and versions) and the targets,
and writes everything to benchmarks/results.json. What each row measures:
benchmarks/README.md.

Every warm measurement runs in its own fresh Python process (this script
started with ``--worker``), so no engine inherits another's imports, fonts,
ReportLab settings (the package sets ``rl_config`` globals when it is
imported) or garbage. Cold measurements are wall times of whole
subprocesses. Uses only the standard library, ReportLab and the project.

The anchor is the Typst twin of the same `general` handout
(``../shared/bench/typst-twin``): measured with the Python of a separate
benchmark-only venv that has ``typst`` (``--typst-python``, default
``.typst-venv/bin/python``; never a dependency of handouts). Its warm time
is measured interleaved with handouts' (two standing worker processes take
turns, a few leaflets each, for many rounds), so both see the same load.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.json"
BENCH_CLINIC = HERE / "clinic.yaml"
TWIN = ROOT.parent / "shared" / "bench" / "typst-twin"
TYPST_PYTHON = ROOT / ".typst-venv" / "bin" / "python"
AUDIENCES = ["general", "pregnancy", "athletes", "dialysis", "older-adults", "medicines", "cirrhosis"]
LANGS = ["en", "es"]
MIXED = [(a, lang) for lang in LANGS for a in AUDIENCES if (a, lang) != ("cirrhosis", "es")]
"""The batch's mixed rows: every audience and language whose handout keeps to two pages with a patient's
name (the Spanish cirrhosis leaflet runs to three since the content review of issue 12: it is refused)."""

# Repetitions: (full, quick).
REPS = {
    "api_general": (100, 20), "api_mixed_rounds": (5, 1), "baseline": (100, 20), "floor": (200, 30),
    "cold": (7, 3), "batch_rows": (200, 40), "batch_runs": (3, 1), "spin": (10_000_000, 4_000_000),
    "interleaved_rounds": (40, 8), "interleaved_per_round": (5, 5),
}
WARMUP = {"api_general": 5, "baseline": 5, "floor": 10}

TARGETS = {"batch_vs_baseline": 1.0, "cold_vs_baseline": 1.3, "j2_vs_j1": 1.8,
           "warm_vs_typst": 1.0, "batch_j2_vs_typst": 1.0}


# ----------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------
def p90(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def pdf_pages(pdf: bytes) -> int:
    """Page count of a ReportLab PDF (page objects are plain, uncompressed dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def summary(seconds: list[float], unit: str = "ms") -> dict:
    scale = 1000.0 if unit == "ms" else 1.0
    values = [s * scale for s in seconds]
    return {"unit": unit, "median": statistics.median(values), "p90": p90(values), "min": min(values),
            "runs": len(values)}


# ----------------------------------------------------------------------------------------
# Warm workers: each runs in a fresh process and prints one JSON line
# ----------------------------------------------------------------------------------------
def _time_calls(fn, n: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    gc.collect()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def read_manifest_requests(path: Path) -> list:
    from handouts import BuildRequest

    with path.open(newline="", encoding="utf-8") as fh:
        return [BuildRequest(audience=row["audience"], lang=row["lang"], layout=row["layout"], paper=row["paper"],
                             patient=row["patient"])
                for row in csv.DictReader(fh)]


def worker(kind: str, n: int, warmup: int, manifest: Path | None = None) -> dict:
    sys.path.insert(0, str(HERE))
    if kind == "api-manifest":  # the batch's rows, rendered in-process: batch overhead = batch - this
        from handouts import Handouts

        app = Handouts()
        requests = read_manifest_requests(manifest)
        firsts = {(r.audience, r.lang): r for r in requests}
        pages = [app.render(r).pages for r in firsts.values()]  # warm-up: one per audience and language
        gc.collect()
        times = []
        for request in requests:
            start = time.perf_counter()
            app.render(request)
            times.append(time.perf_counter() - start)
        return {"times": times, "pages": pages}
    if kind == "api-general":
        from handouts import BuildRequest, Handouts

        app = Handouts()
        request = BuildRequest(audience="general", lang="en", layout="handout", paper="letter")
        pages = app.render(request).pages
        return {"times": _time_calls(lambda: app.render(request), n, warmup), "pages": [pages]}
    if kind == "api-mixed":
        from handouts import BuildRequest, Handouts

        app = Handouts()
        requests = [BuildRequest(audience=a, lang=lang, layout="handout", paper="letter")
                    for a in AUDIENCES for lang in LANGS]
        pages = [app.render(r).pages for r in requests]  # warm-up: one of each (typesetters, selections)
        gc.collect()
        times = []
        for _ in range(n):  # n rounds over the 14 leaflets
            for request in requests:
                start = time.perf_counter()
                app.render(request)
                times.append(time.perf_counter() - start)
        return {"times": times, "pages": pages}
    if kind in ("baseline", "baseline-noa85"):
        if kind == "baseline-noa85":
            from reportlab import rl_config

            rl_config.useA85 = 0  # what handouts/pages.py sets for the whole process
        import baseline_platypus as baseline

        pages = pdf_pages(baseline.build(baseline.CONTENT))
        return {"times": _time_calls(lambda: baseline.build(baseline.CONTENT), n, warmup), "pages": [pages]}
    if kind in ("floor", "floor-draw", "floor-pictures"):
        import floor_canvas as floor

        content = floor.CONTENT
        if kind == "floor-draw":
            placed = floor.layout(content)  # lines wrapped once

            def fn() -> bytes:
                return floor.draw(placed, content, pictures=False)
        else:
            def fn() -> bytes:
                return floor.build(content, pictures=kind == "floor-pictures")
        return {"times": _time_calls(fn, n, warmup), "pages": [pdf_pages(fn())]}
    raise SystemExit(f"unknown worker {kind!r}")


def patient_name(i: int) -> str:
    """The i-th patient of a run: the same names for every engine."""
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
    return name + (f" {i}" if i >= len(FIRST) * len(LAST) else "")


def loop_worker(kind: str, warmup: int, twin: Path | None) -> None:
    """A standing worker for interleaved timing: after set-up and ``warmup`` leaflets it prints ``ready``,
    then for each line ``N`` on stdin makes N leaflets (each for another patient) and prints their times
    as one JSON list; an empty line ends it."""
    if kind == "loop-typst":
        sys.path.insert(0, str(TWIN))
        from eng_typst import TypstLeaflet

        engine = TypstLeaflet(twin)

        def make(i: int) -> bytes:
            return engine.make(patient_name(i))
    else:  # loop-handouts: the `general` leaflet with the patient's name, as the batch makes it
        from handouts import BuildRequest, Handouts

        app = Handouts()

        def make(i: int) -> bytes:
            return app.render(BuildRequest(audience="general", lang="en", layout="handout", paper="letter",
                                           patient=patient_name(i))).data
    pages = pdf_pages(make(10_000))
    for i in range(warmup):
        make(10_001 + i)
    gc.collect()
    print(json.dumps({"ready": True, "pages": pages}), flush=True)
    count = 0
    for line in sys.stdin:
        if not line.strip():
            break
        times = []
        for _ in range(int(line)):
            start = time.perf_counter()
            make(count)
            times.append(time.perf_counter() - start)
            count += 1
        print(json.dumps(times), flush=True)


def interleaved(commands: dict[str, tuple[list[str], dict[str, str] | None]], rounds: int, per_round: int
                ) -> dict[str, dict]:
    """Warm time per leaflet of each engine, measured in turns: in each round every worker makes
    ``per_round`` leaflets, one worker after the other, so a change in the machine's load hits all alike."""
    procs = {name: subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
             for name, (cmd, env) in commands.items()}
    times: dict[str, list[float]] = {name: [] for name in procs}
    pages: dict[str, int] = {}
    try:
        for name, proc in procs.items():
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError(f"interleaved worker {name} did not start (exit {proc.wait()})")
            pages[name] = json.loads(line)["pages"]
        for _ in range(rounds):
            for name, proc in procs.items():
                proc.stdin.write(f"{per_round}\n")
                proc.stdin.flush()
                times[name] += json.loads(proc.stdout.readline())
    finally:
        for proc in procs.values():
            try:
                proc.stdin.write("\n")
                proc.stdin.close()
            except OSError:
                pass
            proc.wait(timeout=60)
    out = {}
    for name, values in times.items():
        out[name] = summary(values)
        out[name]["pages"] = [pages[name]]
        out[name]["leaflets_per_s"] = 1000.0 / out[name]["median"]
    return out


def _typst_batch_part(args: tuple[str, list[tuple[str, str]]]) -> int:
    twin, rows = args
    sys.path.insert(0, str(TWIN))
    from eng_typst import TypstLeaflet

    engine = TypstLeaflet(Path(twin))
    for patient, path in rows:
        tmp = Path(path + ".tmp")
        tmp.write_bytes(engine.make(patient))
        os.replace(tmp, path)
    return len(rows)


def typst_batch(manifest: Path, out_dir: Path, jobs: int, twin: Path) -> None:
    """The Typst twin's batch: the manifest's patients, one PDF each (written atomically), on ``jobs``
    processes, each with its own compiler, as ``handouts batch -j`` has one ``Handouts`` per worker."""
    import multiprocessing

    out_dir.mkdir(parents=True, exist_ok=True)
    with manifest.open(newline="", encoding="utf-8") as fh:
        rows = [(row["patient"], str(out_dir / row["output"])) for row in csv.DictReader(fh)]
    shares = [(str(twin), rows[i::jobs]) for i in range(jobs)]
    if jobs == 1:
        _typst_batch_part(shares[0])
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_typst_batch_part, shares)


def run_worker(kind: str, n: int, warmup: int, manifest: Path | None = None) -> dict:
    gc.collect()
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--n", str(n), "--warmup", str(warmup)]
    cmd += ["--manifest", str(manifest)] if manifest else []
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {kind} failed:\n{proc.stderr[-2000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    result = summary(data["times"])
    result["pages"] = data["pages"]
    result["leaflets_per_s"] = 1000.0 / result["median"]
    result["leaflets_per_s_total"] = len(data["times"]) / sum(data["times"])  # mean rate, for mixed sets
    return result


# ----------------------------------------------------------------------------------------
# Cold subprocesses
# ----------------------------------------------------------------------------------------
def cold_env(tmp: Path) -> dict[str, str]:
    """The environment for cold runs: bytecode cached (as after ``pip install``), but in a folder of
    our own, so nothing is written into the package (and PYTHONDONTWRITEBYTECODE=1 does not make
    every start recompile the project's modules)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def cold(cmd: list[str], n: int, cwd: Path, env: dict[str, str], warmup: int = 1) -> dict:
    """Median wall time of ``cmd`` as a fresh process (after ``warmup`` unmeasured runs: disk cache, .pyc)."""
    return cold_interleaved({"cmd": (cmd, env)}, n, cwd, warmup)["cmd"]


# ----------------------------------------------------------------------------------------
# How much faster can this machine run two CPU-bound processes than one?
# ----------------------------------------------------------------------------------------
_SPIN = """
import sys, time
start = time.perf_counter()
x = 0
for i in range(int(sys.argv[1])):
    x += i
print(time.perf_counter() - start)
"""


def parallel_capacity(iterations: int) -> dict:
    """A pure-Python loop alone, then two copies at once: 2 x alone / slowest of the two.

    About 2.0 on two idle cores; about 1.0 where two vCPUs share one core's worth of time (a
    throttled VM) or another job holds a CPU. -j 2 cannot scale beyond this.
    """
    gc.collect()
    cmd = [sys.executable, "-c", _SPIN, str(iterations)]
    alone = float(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    both = [float(p.communicate()[0]) for p in procs]
    return {"alone_s": alone, "two_at_once_s": both, "capacity": 2 * alone / max(both)}


# ----------------------------------------------------------------------------------------
# Batch
# ----------------------------------------------------------------------------------------
FIRST = ["Ana", "José", "Maria", "Nguyen", "Aisha", "Tom", "Lucía", "Olu", "Sven", "Priya",
         "Chen", "Fatima", "Björn", "Zoë", "Raúl", "Grace", "Kofi", "Ines", "Mateo", "Hana"]
LAST = ["Ruiz", "Núñez", "Lopez", "Smith", "Okafor", "Berg", "Patel", "García", "Kowalski", "O'Brien"]

# Runs the batch command and reports its wall time and the largest RSS of any process in its tree.
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
print(json.dumps({"rc": proc.returncode, "wall": wall, "stdout": proc.stdout, "stderr": proc.stderr,
                  "children_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def write_manifest(path: Path, rows: int, general_only: bool = False) -> None:
    """The batch rows: the 7 audiences x en/es, or (``general_only``) the `general` English handout that the
    Typst twin makes; a different patient per row either way."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["audience", "lang", "layout", "paper", "patient", "output"])
        for i in range(rows):
            audience, lang = ("general", "en") if general_only else MIXED[i % len(MIXED)]
            writer.writerow([audience, lang, "handout", "letter", patient_name(i),
                             f"{i + 1:04d}-{audience}-{lang}.pdf"])


def prepare_twin(typst_python: str, tmp: Path, env: dict[str, str]) -> Path:
    """The Typst twin's folder, made as its README says: content.json and qr.svg from general_en.json, the
    template, pictures and logo."""
    import shutil

    twin = tmp / "twin"
    subprocess.run([typst_python, str(TWIN / "typst_content.py"), str(HERE / "general_en.json"), str(twin)],
                   check=True, capture_output=True, text=True, env=env)
    for source in [TWIN / "leaflet.typ", *sorted((ROOT / "data" / "pictures").glob("*.svg")),
                   ROOT / "data" / "clinics" / "demo-logo.png"]:
        shutil.copy(source, twin / source.name)
    return twin


def memory_run(n: int) -> dict:
    """One process renders ``n`` `general` leaflets, each for another patient, with every 10th another
    audience or language; the resident size (VmRSS) is read every n/10 leaflets."""
    from handouts import BuildRequest, Handouts

    def rss_mb() -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    app = Handouts()
    samples = [(0, rss_mb())]
    start = time.perf_counter()
    for i in range(n):
        audience, lang = ("general", "en") if i % 10 else MIXED[(i // 10) % len(MIXED)]
        app.render(BuildRequest(audience=audience, lang=lang, patient=patient_name(i)))
        if (i + 1) % max(1, n // 10) == 0:
            samples.append((i + 1, rss_mb()))
    return {"leaflets": n, "rss_mb": samples, "seconds": time.perf_counter() - start}


def _peak_rss(data: object) -> float | None:
    """The largest number under a ``peak_rss_mb`` key anywhere in the JSON summary."""
    if isinstance(data, dict):
        found = [v for k, v in data.items() if k == "peak_rss_mb"]
        found += [_peak_rss(v) for k, v in data.items() if k != "peak_rss_mb"]
    elif isinstance(data, list):
        found = [_peak_rss(v) for v in data]
    else:
        return None
    numbers: list[float] = []
    for v in found:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            numbers.append(float(v))
        elif isinstance(v, (list, tuple)):
            numbers += [float(x) for x in v if isinstance(x, (int, float))]
        elif isinstance(v, dict):
            numbers += [float(x) for x in v.values() if isinstance(x, (int, float))]
    return max(numbers) if numbers else None


def _handouts_batch_once(exe: str, manifest: Path, rows: int, jobs: int, out_dir: Path, tmp: Path,
                         has_json: bool) -> tuple[float, float | None, float]:
    """One ``handouts batch`` run: wall time, peak RSS from --json (if given) and of the process tree."""
    gc.collect()
    cmd = [exe, "batch", str(manifest), "--out-dir", str(out_dir), "-j", str(jobs), "--force"]
    cmd += ["--json"] if has_json else []
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, cwd=tmp,
                          env=cold_env(tmp), check=False)
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    built = len(list(out_dir.rglob("*.pdf")))
    if data["rc"] != 0 or built != rows:
        raise RuntimeError(f"batch -j {jobs}: exit {data['rc']}, {built} of {rows} PDFs; "
                           f"{data['stderr'].strip()[-800:]}")
    rss = None
    if has_json:
        try:
            rss = _peak_rss(json.loads(data["stdout"]))
        except ValueError:
            rss = None
    return data["wall"], rss, data["children_maxrss_kb"] / 1024


def batch(exe: str, manifest: Path, rows: int, runs: int, tmp: Path, name: str = "batch",
          typst: tuple[str, Path, dict[str, str]] | None = None) -> dict:
    """``handouts batch`` at -j 1 and -j 2, ``runs`` times each; with ``typst`` (its Python, twin folder and
    environment), the Typst twin's batch of the same rows runs in turn with each (interleaved)."""
    probe = subprocess.run([exe, "batch", "--help"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return {"available": False}
    has_json = "--json" in probe.stdout
    out: dict = {"available": True, "rows": rows, "runs": runs, "manifest": "audience,lang,layout,paper,patient,output"}
    twalls: dict[int, list[float]] = {1: [], 2: []}
    for jobs in (1, 2):
        walls, rss_json, rss_tree = [], [], []
        for run in range(runs):
            wall, rss, tree = _handouts_batch_once(exe, manifest, rows, jobs, tmp / f"{name}-j{jobs}-{run}", tmp,
                                                   has_json)
            walls.append(wall)
            rss_tree.append(tree)
            if rss is not None:
                rss_json.append(rss)
            if typst is not None:
                typst_python, twin, env = typst
                out_dir = tmp / f"{name}-typst-j{jobs}-{run}"
                cmd = [typst_python, str(Path(__file__).resolve()), "--worker", "batch-typst", "--manifest",
                       str(manifest), "--out-dir", str(out_dir), "--jobs", str(jobs), "--twin", str(twin)]
                gc.collect()
                start = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
                twalls[jobs].append(time.perf_counter() - start)
                built = len(list(out_dir.glob("*.pdf")))
                if proc.returncode != 0 or built != rows:
                    raise RuntimeError(f"typst batch -j {jobs}: exit {proc.returncode}, {built} of {rows} PDFs; "
                                       f"{proc.stderr.strip()[-800:]}")
        wall = statistics.median(walls)
        out[f"j{jobs}"] = {"wall_s": wall, "walls_s": walls, "leaflets_per_s": rows / wall}
        if rss_json:
            out[f"j{jobs}"].update(peak_rss_mb=max(rss_json), peak_rss_source="batch --json peak_rss_mb")
        else:
            out[f"j{jobs}"].update(peak_rss_mb=max(rss_tree),
                                   peak_rss_source="getrusage(RUSAGE_CHILDREN).ru_maxrss: largest process in the tree")
        out[f"j{jobs}"]["tree_maxrss_mb"] = max(rss_tree)
        if typst is not None:
            twall = statistics.median(twalls[jobs])
            out[f"typst_j{jobs}"] = {"wall_s": twall, "walls_s": twalls[jobs], "leaflets_per_s": rows / twall}
    out["ratio_j2_j1"] = out["j2"]["leaflets_per_s"] / out["j1"]["leaflets_per_s"]
    return out


def cold_interleaved(commands: dict[str, tuple[list[str], dict[str, str]]], n: int, cwd: Path,
                     warmup: int = 1) -> dict[str, dict]:
    """:func:`cold` for several commands, taking turns: run i of every command, then run i + 1."""
    gc.collect()
    times: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(warmup + n):
        for name, (cmd, env) in commands.items():
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
            if i >= warmup:
                times[name].append(elapsed)
    return {name: summary(values, "s") for name, values in times.items()}


# ----------------------------------------------------------------------------------------
# Machine, versions, content
# ----------------------------------------------------------------------------------------
def cpu_busy(seconds: float = 0.5) -> float | None:
    """Share of all CPUs busy over a short sample (/proc/stat): is something else running?"""
    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields), idle
    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return 1.0 - (idle1 - idle0) / max(1, total1 - total0)


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import reportlab

    try:
        import _rl_accel  # noqa: F401

        accel = True
    except ImportError:
        accel = False
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "handouts", "layouts", "data"], cwd=ROOT,
                               capture_output=True, text=True, check=False).stdout.strip()
        commit += " (+ uncommitted changes)" if dirty else ""
    except OSError:
        commit = "unknown"
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "load_at_start": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "cpu_busy_at_start": cpu_busy(),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu, "cpu_count": os.cpu_count(), "cpus_usable": affinity,
        "python": platform.python_version(), "reportlab": reportlab.Version, "rl_accel": accel,
        "commit": commit,
    }


def refresh_content() -> str:
    """Check general_en.json against the library; rewrite it if the content changed."""
    sys.path.insert(0, str(HERE))
    import extract_content

    current = extract_content.extract()
    try:
        stored = json.loads(extract_content.CONTENT_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = None
    if stored is not None and extract_content.same_content(stored, current):
        return "general_en.json matches the library"
    extract_content.write(current)
    return "general_en.json was stale or missing: rewritten from the library"


# ----------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------
def _ms(r: dict) -> tuple[str, str]:
    return f"{r['median']:.1f} ms", f"{r['p90']:.1f} ms"


def _s(r: dict) -> tuple[str, str]:
    return f"{r['median']:.3f} s", f"{r['p90']:.3f} s"


def table(meta: dict, res: dict) -> list[str]:
    rows = [("Measurement", "Median", "p90", "Leaflets/s", "Runs", "Notes"),
            ("---", "---:", "---:", "---:", "---:", "---")]

    def warm(label: str, key: str, note: str, mean_rate: bool = False) -> None:
        r = res[key]
        rate = r["leaflets_per_s_total"] if mean_rate else r["leaflets_per_s"]
        rows.append((label, *_ms(r), f"{rate:.1f}", str(r["runs"]), note))

    inter = res.get("interleaved")
    if inter:
        for name, label in (("handouts", "Warm, interleaved: handouts `general` en + patient name"),
                            ("typst", "Warm, interleaved: Typst twin, same leaflet + patient name")):
            r = inter[name]
            rows.append((label, *_ms(r), f"{r['leaflets_per_s']:.1f}", str(r["runs"]),
                         "standing processes taking turns, a different patient each leaflet; "
                         f"pages {r['pages'][0]}"))
    warm("API warm: `general` en, handout, Letter", "api_general",
         f"one `Handouts()`, {WARMUP['api_general']} warm-up renders; pages {res['api_general']['pages'][0]}")
    warm("API warm: mixed, 7 audiences x en/es", "api_mixed",
         f"per leaflet, leaflets/s = mean rate; pages {min(res['api_mixed']['pages'])}-"
         f"{max(res['api_mixed']['pages'])}", mean_rate=True)
    warm("API warm: the batch manifest's rows", "api_manifest",
         "same requests as the batch rows (patient names), in-process, no file writes; "
         "leaflets/s = mean rate", mean_rate=True)
    warm("Baseline: hand-written Platypus, warm", "baseline",
         f"`baseline_platypus.build`; ReportLab defaults; pages {res['baseline']['pages'][0]}")
    warm("Baseline, `rl_config.useA85 = 0`", "baseline_noa85", "info: the setting handouts/pages.py makes")
    warm("Floor: canvas, text only (wrap + draw)", "floor",
         f"`floor_canvas`, simpleSplit; pages {res['floor']['pages'][0]}")
    warm("Floor: canvas, text only, draw only", "floor_draw", "lines wrapped once beforehand")
    warm("Floor: canvas + logo, QR, pictures", "floor_pictures", "info: the fixed cost of the images")

    def coldrow(label: str, key: str, note: str) -> None:
        r = res[key]
        rows.append((label, *_s(r), "", str(r["runs"]), note))

    coldrow("Cold `handouts build general`", "cold_build", "fresh process, writes a PDF (`--force`)")
    coldrow("Cold `handouts --help`", "cold_help", "")
    coldrow("Cold `handouts list`", "cold_list", "")
    coldrow("Cold baseline script", "cold_baseline", "`python benchmarks/baseline_platypus.py out.pdf`")
    if "cold_typst" in res:
        coldrow("Cold Typst twin", "cold_typst", "`eng_typst.py out.pdf NAME` (interleaved with the two above)")

    b = res["batch"]
    if not b.get("available"):
        for label in ("Batch `-j 1`", "Batch `-j 2`", "Batch peak memory per worker"):
            rows.append((label, "n/a (no batch command)", "", "", "", ""))
    else:
        for jobs in (1, 2):
            r = b[f"j{jobs}"]
            note = f"{b['rows']} rows, wall time incl. start-up"
            if jobs == 2:
                note += f"; j2/j1 = {b['ratio_j2_j1']:.2f}x"
            rows.append((f"Batch `-j {jobs} --force`", f"{r['wall_s']:.2f} s", "", f"{r['leaflets_per_s']:.1f}",
                         str(b["runs"]), note))
        for jobs in (1, 2):
            r = b[f"j{jobs}"]
            rows.append((f"Batch peak memory, `-j {jobs}`", f"{r['peak_rss_mb']:.1f} MB", "", "", "",
                         r["peak_rss_source"]))
    g = res.get("batch_general") or {}
    if g.get("available"):
        for jobs in (1, 2):
            r = g[f"j{jobs}"]
            rows.append((f"Batch `general` en `-j {jobs}`", f"{r['wall_s']:.2f} s", "", f"{r['leaflets_per_s']:.1f}",
                         str(g["runs"]), f"{g['rows']} rows of the Typst twin's leaflet, a patient each"))
            if f"typst_j{jobs}" in g:
                r = g[f"typst_j{jobs}"]
                rows.append((f"Typst twin batch `-j {jobs}`", f"{r['wall_s']:.2f} s", "",
                             f"{r['leaflets_per_s']:.1f}", str(g["runs"]),
                             "same rows, a compiler per process, start-up included; in turns with the row above"))
    mem = res.get("memory")
    if mem:
        first, last = mem["rss_mb"][1], mem["rss_mb"][-1]
        rows.append((f"Memory over {mem['leaflets']} leaflets", f"{last[1]:.1f} MB", "", "", "",
                     f"one process; {first[1]:.1f} MB after {first[0]}, {last[1]:.1f} MB after {last[0]}: "
                     + ", ".join(f"{v:.0f}" for _, v in mem["rss_mb"])))
    lines = [f"# handouts benchmarks ({'quick' if meta['quick'] else 'full'} run)", "",
             f"- Date: {meta['date']}",
             f"- CPU: {meta['cpu']}; {meta['cpu_count']} CPUs ({meta['cpus_usable']} usable)",
             (f"- Python {meta['python']}; ReportLab {meta['reportlab']} "
              f"(rl_accel C extension: {'yes' if meta['rl_accel'] else 'no'}); handouts commit {meta['commit']}"),
             f"- Content: {meta['content']}",
             f"- Clinic: {meta.get('clinic')}; caching (HANDOUTS_CACHE): {meta.get('cache')}",
             f"- Typst twin: {meta.get('typst') or 'not measured (no Python with typst, or no twin folder)'}",
             f"- Load average at the start: {meta['load_at_start']:.2f}" if meta.get("load_at_start") is not None
             else "- Load average: unknown"]
    cap = res.get("machine_parallel")
    if cap:
        lines.append(f"- Parallel capacity: two CPU-bound Python processes at once run {cap['capacity']:.2f}x "
                     "as fast as one (2.00 = two free cores)")
    busy = [b for b in (meta.get("cpu_busy_at_start"), meta.get("cpu_busy_before_batch")) if b is not None]
    if busy:
        lines.append(f"- Other load: CPUs {busy[0]:.0%} busy at the start"
                     + (f", {busy[1]:.0%} before the batch" if len(busy) > 1 else "")
                     + " (0.5 s samples of /proc/stat, before this script's own work)")
        if max(busy) > 0.15:
            lines.append("- **Warning: something else was using the CPUs; the figures are noisy "
                         "(parallel scaling most of all). Run again on an idle machine.**")
    lines.append("")
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def targets(res: dict) -> list[dict]:
    out = []
    base_lps = 1000.0 / res["baseline"]["median"]
    b = res["batch"]
    if b.get("available"):
        ratio = b["j1"]["leaflets_per_s"] / base_lps
        out.append({"name": "Batch throughput (-j 1) vs baseline", "value": ratio, "target": ">= 1.0x",
                    "pass": ratio >= TARGETS["batch_vs_baseline"],
                    "figure": f"{b['j1']['leaflets_per_s']:.1f} vs {base_lps:.1f} leaflets/s = {ratio:.2f}x"})
    else:
        out.append({"name": "Batch throughput (-j 1) vs baseline", "value": None, "target": ">= 1.0x",
                    "pass": None, "figure": "n/a (no batch command)"})
    ratio = res["cold_build"]["median"] / res["cold_baseline"]["median"]
    out.append({"name": "Cold `handouts build` vs cold baseline script", "value": ratio, "target": "<= 1.3x",
                "pass": ratio <= TARGETS["cold_vs_baseline"],
                "figure": f"{res['cold_build']['median']:.3f} vs {res['cold_baseline']['median']:.3f} s "
                          f"= {ratio:.2f}x"})
    if b.get("available"):
        ratio = b["ratio_j2_j1"]
        capacity = res["machine_parallel"]["capacity"]
        figure = (f"{b['j2']['leaflets_per_s']:.1f} vs {b['j1']['leaflets_per_s']:.1f} leaflets/s = {ratio:.2f}x; "
                  f"the machine's own ceiling is {capacity:.2f}x")
        verdict: bool | None = ratio >= TARGETS["j2_vs_j1"]
        if not verdict and capacity < TARGETS["j2_vs_j1"]:
            verdict = None  # the machine cannot show it: two CPU-bound processes do not run in parallel here
            figure += (" (two plain Python loops do not scale either, so the target cannot be tested on this "
                       f"machine; -j 2 reached {ratio / capacity:.0%} of what the machine allows)")
        out.append({"name": "Batch -j 2 vs -j 1", "value": ratio, "target": ">= 1.8x", "pass": verdict,
                    "figure": figure, "machine_capacity": capacity})
    else:
        out.append({"name": "Batch -j 2 vs -j 1", "value": None, "target": ">= 1.8x", "pass": None,
                    "figure": "n/a (no batch command)"})
    inter = res.get("interleaved")
    if inter:
        ratio = inter["handouts"]["median"] / inter["typst"]["median"]
        out.append({"name": "Warm per leaflet vs the Typst twin (interleaved)", "value": ratio, "target": "<= 1.0x",
                    "pass": ratio <= TARGETS["warm_vs_typst"],
                    "figure": f"{inter['handouts']['median']:.1f} vs {inter['typst']['median']:.1f} ms = {ratio:.2f}x"})
    g = res.get("batch_general") or {}
    if "typst_j2" in g:
        ratio = g["j2"]["leaflets_per_s"] / g["typst_j2"]["leaflets_per_s"]
        out.append({"name": "Batch -j 2 vs the Typst twin's -j 2 (same leaflet, same rows)", "value": ratio,
                    "target": ">= 1.0x", "pass": ratio >= TARGETS["batch_j2_vs_typst"],
                    "figure": f"{g['j2']['leaflets_per_s']:.1f} vs {g['typst_j2']['leaflets_per_s']:.1f} leaflets/s "
                              f"= {ratio:.2f}x (-j 1: {g['j1']['leaflets_per_s']:.1f} vs "
                              f"{g['typst_j1']['leaflets_per_s']:.1f} = "
                              f"{g['j1']['leaflets_per_s'] / g['typst_j1']['leaflets_per_s']:.2f}x)"})
    return out


def target_lines(meta: dict, res: dict, tgts: list[dict]) -> list[str]:
    lines = ["", "## Targets", ""]
    for t in tgts:
        if t["pass"] is None:
            verdict = "n/a" if t["value"] is None else "UNTESTABLE HERE"
        else:
            verdict = "PASS" if t["pass"] else "MISS"
        lines.append(f"- **{verdict}** {t['name']} (target {t['target']}): {t['figure']}")
    api, base, noa85 = res["api_general"], res["baseline"], res["baseline_noa85"]
    lines += ["", "For information (not targets):", "",
              (f"- API warm vs baseline warm: {api['median']:.1f} vs {base['median']:.1f} ms = "
               f"{api['median'] / base['median']:.2f}x (vs the baseline with useA85 = 0: "
               f"{api['median'] / noa85['median']:.2f}x)"),
              f"- Baseline vs floor (text only): {base['median'] / res['floor']['median']:.1f}x"]
    rows = res["api_manifest"]
    lines.append(f"- The batch's rows in-process vs the `general` leaflet: {rows['leaflets_per_s_total']:.1f} vs "
                 f"{api['leaflets_per_s']:.1f} leaflets/s (median {rows['median']:.0f} vs {api['median']:.0f} ms)")
    if res["batch"].get("available"):
        j1 = res["batch"]["j1"]
        overhead = 1000 / j1["leaflets_per_s"] - 1000 / rows["leaflets_per_s_total"]
        lines.append(f"- Batch -j 1 vs the same rows in-process: {j1['leaflets_per_s']:.1f} vs "
                     f"{rows['leaflets_per_s_total']:.1f} leaflets/s; the batch adds {overhead:.1f} ms per leaflet "
                     "(start-up, checks, writing, index)")
    if "cold_typst" in res:
        lines.append(f"- Cold `handouts build` vs cold Typst twin: {res['cold_build']['median']:.3f} vs "
                     f"{res['cold_typst']['median']:.3f} s = "
                     f"{res['cold_build']['median'] / res['cold_typst']['median']:.1f}x")
    g = res.get("batch_general") or {}
    if "typst_j2" in g and res["batch"].get("available"):
        lines.append(f"- The mixed batch (7 audiences x en/es) -j 2 vs the Typst twin's -j 2: "
                     f"{res['batch']['j2']['leaflets_per_s']:.1f} vs {g['typst_j2']['leaflets_per_s']:.1f} "
                     "leaflets/s = "
                     f"{res['batch']['j2']['leaflets_per_s'] / g['typst_j2']['leaflets_per_s']:.2f}x")
    if meta["cpus_usable"] < 2:
        lines.append("- Only one usable CPU: -j 2 cannot scale here.")
    return lines


# ----------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (about 30 s)")
    parser.add_argument("--handouts", metavar="PATH", help="the handouts executable "
                        "(default: the one next to this Python)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"JSON results (default: {RESULTS})")
    parser.add_argument("--clinic", default=str(BENCH_CLINIC),
                        help="the clinic every handouts row uses (HANDOUTS_CLINIC; default: benchmarks/clinic.yaml, "
                             "the demo's details without the sample mark; 'demo' for the sample)")
    parser.add_argument("--typst-python", metavar="PATH",
                        help="a Python with the typst package, for the Typst twin rows (default: "
                             ".typst-venv/bin/python if present; benchmarks/README.md says how to make it)")
    parser.add_argument("--memory", type=int, metavar="N", default=0,
                        help="also render N leaflets in one process and report its memory every N/10 (slow)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=10, help=argparse.SUPPRESS)
    parser.add_argument("--warmup", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--twin", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker in ("loop-handouts", "loop-typst"):
        loop_worker(args.worker, args.warmup, args.twin)
        return 0
    if args.worker == "batch-typst":
        typst_batch(args.manifest, args.out_dir, args.jobs, args.twin)
        return 0
    if args.worker == "memory":
        print(json.dumps(memory_run(args.n)))
        return 0
    if args.worker:
        print(json.dumps(worker(args.worker, args.n, args.warmup, args.manifest)))
        return 0

    q = 1 if args.quick else 0
    reps = {k: v[q] for k, v in REPS.items()}
    exe = args.handouts or str(Path(sys.executable).parent / "handouts")
    started = time.perf_counter()
    meta = machine()
    meta["quick"] = args.quick
    meta["content"] = refresh_content()
    meta["handouts_executable"] = exe
    os.environ["HANDOUTS_CLINIC"] = args.clinic  # every handouts process below builds for this clinic
    meta["clinic"] = args.clinic
    meta["cache"] = os.environ.get("HANDOUTS_CACHE", "") or "on (default)"
    typst_python = args.typst_python or (str(TYPST_PYTHON) if TYPST_PYTHON.exists() else None)
    meta["typst"] = None
    res: dict = {}

    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmpname:
        tmp = Path(tmpname)
        manifest = tmp / "manifest.csv"
        write_manifest(manifest, reps["batch_rows"])
        general_manifest = tmp / "manifest-general.csv"
        write_manifest(general_manifest, reps["batch_rows"], general_only=True)
        typst: tuple[str, Path, dict[str, str]] | None = None
        if typst_python and TWIN.is_dir():
            twin = prepare_twin(typst_python, tmp, dict(os.environ))
            typst_env = dict(cold_env(tmp), TYPST_DIR=str(twin), HANDOUTS_FONTS=str(ROOT / "handouts" / "fonts"))
            version = subprocess.run([typst_python, "-c", "import importlib.metadata as m; print(m.version('typst'))"],
                                     capture_output=True, text=True, check=False).stdout.strip()
            meta["typst"] = f"typst-py {version or '?'} ({typst_python})"
            typst = (typst_python, twin, typst_env)
            log("warm, interleaved: handouts and the Typst twin ...")
            me = str(Path(__file__).resolve())
            res["interleaved"] = interleaved({
                "handouts": ([sys.executable, me, "--worker", "loop-handouts", "--warmup", "5"], None),
                "typst": ([typst_python, me, "--worker", "loop-typst", "--warmup", "5", "--twin", str(twin)],
                          typst_env),
            }, reps["interleaved_rounds"], reps["interleaved_per_round"])
        else:
            log(f"no Typst twin rows: {'no ' + str(TWIN) if not TWIN.is_dir() else 'no Python with typst'} "
                "(benchmarks/README.md)")
        log("API, warm ...")
        res["api_general"] = run_worker("api-general", reps["api_general"], WARMUP["api_general"])
        res["api_mixed"] = run_worker("api-mixed", reps["api_mixed_rounds"], 0)
        res["api_manifest"] = run_worker("api-manifest", 0, 0, manifest)
        log("baseline and floor, warm ...")
        res["baseline"] = run_worker("baseline", reps["baseline"], WARMUP["baseline"])
        res["baseline_noa85"] = run_worker("baseline-noa85", reps["baseline"], WARMUP["baseline"])
        res["floor"] = run_worker("floor", reps["floor"], WARMUP["floor"])
        res["floor_draw"] = run_worker("floor-draw", reps["floor"], WARMUP["floor"])
        res["floor_pictures"] = run_worker("floor-pictures", reps["floor"] // 2, WARMUP["floor"])

        log("cold commands, interleaved ...")
        env = cold_env(tmp)
        colds = {
            "cold_build": ([exe, "build", "general", "-o", str(tmp / "x.pdf"), "--force"], env),
            "cold_baseline": ([sys.executable, str(HERE / "baseline_platypus.py"), str(tmp / "b.pdf")], env),
        }
        if typst is not None:
            colds["cold_typst"] = ([typst[0], str(TWIN / "eng_typst.py"), str(tmp / "t.pdf"), "Ana Ruiz"], typst[2])
        res.update(cold_interleaved(colds, reps["cold"], tmp))
        res["cold_help"] = cold([exe, "--help"], reps["cold"], tmp, env)
        res["cold_list"] = cold([exe, "list"], reps["cold"], tmp, env)
        meta["cpu_busy_before_batch"] = cpu_busy()
        log("parallel capacity of this machine ...")
        res["machine_parallel"] = parallel_capacity(reps["spin"])
        log(f"batch ({reps['batch_rows']} rows) ...")
        res["batch"] = batch(exe, manifest, reps["batch_rows"], reps["batch_runs"], tmp)
        log(f"batch of the `general` handout ({reps['batch_rows']} rows)"
            f"{', interleaved with Typst' if typst else ''} ...")
        res["batch_general"] = batch(exe, general_manifest, reps["batch_rows"], reps["batch_runs"], tmp,
                                     "general", typst)
        if args.memory:
            log(f"memory over {args.memory} leaflets ...")
            res["memory"] = json.loads(subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--worker", "memory", "--n", str(args.memory)],
                capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip().splitlines()[-1])

    tgts = targets(res)
    lines = table(meta, res) + target_lines(meta, res, tgts)
    meta["seconds"] = round(time.perf_counter() - started, 1)
    lines += ["", f"Run time {meta['seconds']:.0f} s; results in {args.output}."]
    print("\n".join(lines))
    args.output.write_text(json.dumps({"meta": meta, "results": res, "targets": tgts}, indent=2) + "\n",
                           encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
