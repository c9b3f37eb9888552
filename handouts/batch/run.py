"""``handouts batch``: build every leaflet a manifest lists, in parallel, safely, repeatably.

The run:

1. :func:`~handouts.batch.manifest.read_manifest` checks the whole manifest first;
   invalid rows are reported and skipped (or, with ``fail_fast``, nothing
   renders).
2. ``--shard K/N`` keeps the jobs whose position in the manifest is K-1
   modulo N, so N runs together build each leaflet exactly once.
3. A job whose inputs (the request with its format, a digest of the content,
   layouts and fonts, the clinic file and logo, the handouts version) and output file are
   unchanged since the last run, according to ``index.json``, is skipped
   unless ``force``.
4. Worker processes (``workers.py``) each hold one :class:`~handouts.api.Handouts`
   and write each PDF (or HTML page) atomically themselves.
5. ``index.json`` (``index.py``: one entry per leaflet) is written atomically at the end.

A failing leaflet is recorded and the others go on. Stale temporary files
from an interrupted run are removed at the start; a finished PDF is only
ever renamed into place, so an interrupted run leaves no partial PDF.

Nothing below ``--out-dir`` is reached through a symbolic link (``write.py``),
and a file is replaced only if ``index.json`` says a batch wrote it, or with
``force``; an ``index.json`` no batch wrote stops the run before anything is
made. SIGTERM, SIGINT and SIGHUP stop the workers at once (``workers.py``),
and ``index.json`` still records what was finished.
"""

from __future__ import annotations

import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..api import Handouts
from ..errors import OutputError
from ..load.yamlfile import display_path
from ..request import source_date
from ..write import open_folder, remove_stale_parts
from .index import Entry, Fingerprints, index_lock, ok_by_file, owned_files, read_index, unchanged, write_index
from .manifest import MAX_JOBS, Job, read_manifest
from .shards import parse_shard  # noqa: F401  (the library's name for it since before shards.py)
from .workers import StopState, Task, execute, rss_mb, stopping_on_signals


@dataclass(frozen=True)
class BatchOptions:
    out_dir: Path = Path(".")
    workers: int = 1
    shard: tuple[int, int] = (1, 1)
    fail_fast: bool = False
    force: bool = False
    fonts: tuple[Path, ...] = ()
    """Extra TrueType fonts for every leaflet (``--font``)."""
    max_jobs: int = MAX_JOBS
    """The most leaflets the manifest may make (``--max-jobs``), counted before any job is made."""


@dataclass
class Summary:
    manifest: str
    out_dir: str
    shard: str
    jobs: int = 0
    built: int = 0
    unchanged: int = 0
    failed: int = 0
    invalid: int = 0
    seconds: float = 0.0
    workers: int = 1
    peak_rss_mb: float = 0.0
    """The largest resident set of any one process (the main process or a worker)."""
    failures: list[str] = field(default_factory=list)
    sample_clinics: list[str] = field(default_factory=list)
    """Clinic references of this shard's leaflets that are samples (the built-in demo): say so."""
    unprinted: list[str] = field(default_factory=list)
    """Per layout, the fields some rows give that it does not print, and those rows: say so."""

    @property
    def ok(self) -> bool:
        return not (self.failed or self.invalid)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["leaflets_per_second"] = round(self.built / self.seconds, 1) if self.seconds else 0.0
        return data


def _unprinted(app: Handouts, jobs: list[Job]) -> list[str]:
    """``the card layout does not print note, clinician: rows 3, 7``, once per layout and set of fields."""
    rows: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for job in jobs:
        request = job.request
        if request is not None and request.format == "pdf":
            left_out = tuple(app.layout(request.layout).unprinted(name for name, _ in request.texts()))
            if left_out and str(job.row) not in rows.setdefault((request.layout, left_out), []):
                rows[request.layout, left_out].append(str(job.row))
    return [f"the {layout} layout does not print {', '.join(fields)}: row(s) {', '.join(numbers)} (README, "
            "'Layouts')" for (layout, fields), numbers in rows.items()]


def _remove_stale_parts(out_dir: Path, outputs: Iterable[str]) -> None:
    """Temporary files an interrupted run left for this manifest's outputs; never a finished PDF, never
    anything reached through a symbolic link."""
    for output in outputs:
        remove_stale_parts(out_dir / output, root=out_dir)


def run_batch(manifest: Path, app: Handouts, options: BatchOptions,
              progress: Callable[[int], None] | None = None) -> tuple[Summary, list[Entry]]:
    """Build the manifest's leaflets. Raises :class:`~handouts.errors.HandoutsError` only if the
    manifest or the output folder is unusable; a failing leaflet is recorded in the result.

    SIGTERM, SIGINT and SIGHUP (in the main thread) raise :class:`~handouts.errors.Stopped`: the
    workers are stopped at once, their temporary files removed, and ``index.json`` records what was
    finished before the exception goes on."""
    with stopping_on_signals() as stop:
        return _run(manifest, app, options, progress, stop)


def _run(manifest: Path, app: Handouts, options: BatchOptions, progress: Callable[[int], None] | None,
         stop: StopState) -> tuple[Summary, list[Entry]]:
    started = time.perf_counter()
    k, n = options.shard
    out_dir = Path(options.out_dir)
    source_date()  # a bad SOURCE_DATE_EPOCH stops the batch once, naming the variable (not every leaflet)
    jobs = read_manifest(manifest, app, options.fonts, options.max_jobs)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out-dir {display_path(out_dir)}: cannot create the folder: {exc.strerror}") from exc
    mine = [job for job in jobs if job.index % n == k - 1]
    with index_lock(out_dir):  # a folder that cannot be locked stops the run here, before anything is built
        before = read_index(out_dir, options.force)  # an index.json no batch wrote stops the run here
    owned = owned_files(before)
    _remove_stale_parts(out_dir, [job.output for job in mine if job.ok])
    summary = Summary(display_path(Path(manifest)), display_path(out_dir), f"{k}/{n}", jobs=len(mine),
                      workers=options.workers)
    entries: dict[str, Entry] = {}
    clinics = sorted({job.request.clinic for job in mine if job.request is not None})
    summary.sample_clinics = [ref for ref in clinics if app.clinic(ref).sample]
    summary.unprinted = _unprinted(app, mine)
    invalid = [job for job in mine if not job.ok]
    for job in invalid:
        summary.invalid += 1
        _failures(summary, [str(p) for p in job.problems])
        entries[f"\0{job.index}"] = Entry(job.output or f"(row {job.row})", job.row, "invalid",
                                          error="; ".join(str(p) for p in job.problems),
                                          owned=job.output in owned)
    todo: list[Task] = []
    fingerprint = Fingerprints(app)
    if not (options.fail_fast and invalid):
        previous = ok_by_file(before)
        for job in mine:
            if job.request is None:  # invalid: reported above
                continue
            inputs = fingerprint(job.request)
            target = out_dir / job.output
            if not options.force and unchanged(previous.get(job.output), inputs, target):
                summary.unchanged += 1
                entry = Entry(**{k: v for k, v in previous[job.output].items() if k in Entry.__dataclass_fields__})
                entry.built, entry.row, entry.owned = False, job.row, True
                entries[job.output] = entry
                if progress:
                    progress(1)
                continue
            task = Task(job, job.request, inputs, options.force or job.output in owned)
            problem = _prepare(out_dir, job.output)
            if problem:
                _record_failure(summary, entries, task, problem, progress, job.output in owned)
                continue
            todo.append(task)

    def record(task: Task, result: dict[str, Any]) -> None:
        if result["status"] != "ok":
            _record_failure(summary, entries, task, result["error"], progress, task.job.output in owned)
            return
        job, request = task.job, task.request
        written = not result.get("kept")  # kept: the file already held exactly these bytes
        entry = Entry(job.output, job.row, "ok", built=written, audience=request.audience, lang=request.lang,
                      layout=request.layout, paper=request.paper, format=request.format, inputs=task.inputs,
                      pages=result["pages"], bytes=result["bytes"], sha256=result["sha256"],
                      reading_score=result["reading_score"], reading_measure=result["reading_measure"], owned=True)
        if written:
            summary.built += 1
        else:
            summary.unchanged += 1
        summary.peak_rss_mb = max(summary.peak_rss_mb, result["rss_mb"])
        entries[job.output] = entry
        if progress:
            progress(1)

    results = execute(todo, app, options, out_dir)
    try:
        for task, result in results:
            stop.check()  # a signal swallowed on the way may have spoilt this result: it is not recorded
            record(task, result)
            if options.fail_fast and result["status"] != "ok":
                break
        stop.check()
    finally:
        stop.quiet = True  # stopping: a second signal must not cut the clean-up short
        results.close()  # stops the workers now, whatever ended the loop
        summary.seconds = round(time.perf_counter() - started, 3)
        summary.peak_rss_mb = round(max(summary.peak_rss_mb, rss_mb()), 1)
        with index_lock(out_dir):  # shards writing into this folder at once: each keeps the others' entries
            for entry in entries.values():
                entry.content = fingerprint.base
            write_index(out_dir, jobs, mine, entries, read_index(out_dir))
    return summary, sorted(entries.values(), key=lambda e: e.row)


def _failures(summary: Summary, lines: list[str]) -> None:
    """Each failure line once (the combinations of one YAML matrix row can share a problem)."""
    for line in lines:
        if line not in summary.failures:
            summary.failures.append(line)


def _record_failure(summary: Summary, entries: dict[str, Entry], task: Task, error: str,
                    progress: Callable[[int], None] | None, owned: bool) -> None:
    """``owned``: an earlier batch's file is at this name (it stays; a later run may replace it)."""
    job, request = task.job, task.request
    summary.failed += 1
    _failures(summary, [f"{summary.manifest}:{job.row}: {job.output}: {error}"])
    entries[job.output] = Entry(job.output, job.row, "failed", audience=request.audience, lang=request.lang,
                                layout=request.layout, paper=request.paper, format=request.format,
                                inputs=task.inputs, error=error, owned=owned)
    if progress:
        progress(1)


def _prepare(out_dir: Path, output: str) -> str:
    """Make the output's folders inside ``out_dir``, never through a symbolic link; the problem if they
    cannot be made or the output itself is a link."""
    parts = tuple(output.split("/"))
    try:
        with open_folder(out_dir, parts[:-1], create=True) as folder:
            found = folder.lstat(parts[-1])
    except NotADirectoryError:
        return _in_the_way(out_dir, parts[:-1])
    except OSError as exc:
        return f"cannot make the folder {parts[-2] if len(parts) > 1 else '.'!r}: {exc.strerror}"
    if found is not None and stat.S_ISLNK(found.st_mode):
        return "the output is a symbolic link; refused"
    return ""


def _in_the_way(out_dir: Path, folders: tuple[str, ...]) -> str:
    """Which name on the way to an output is not a folder: a file, or a symbolic link (never followed)."""
    path = out_dir
    for name in folders:
        path = path / name
        if path.is_symlink():
            return "the output folder leads outside --out-dir (through a symbolic link); refused"
        if not path.is_dir():
            return f"cannot make the folder {name!r}: a file of that name is in the way"
    return "the output folder leads outside --out-dir (through a symbolic link); refused"
