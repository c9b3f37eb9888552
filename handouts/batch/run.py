"""``handouts batch``: build every leaflet a manifest lists, in parallel, safely, repeatably.

The run:

1. :func:`~handouts.manifest.read_manifest` checks the whole manifest first;
   invalid rows are reported and skipped (or, with ``fail_fast``, nothing
   renders).
2. ``--shard K/N`` keeps the jobs whose position in the manifest is K-1
   modulo N, so N runs together build each leaflet exactly once.
3. A job whose inputs (the request with its format, a digest of the content,
   layouts and fonts, the clinic file and logo, the handouts version) and output file are
   unchanged since the last run, according to ``index.json``, is skipped
   unless ``force``.
4. Worker processes each hold one :class:`~handouts.api.Handouts` (content,
   fonts, templates loaded once) and write each PDF (or HTML page) atomically
   themselves, so only small results cross between processes and memory stays flat.
5. ``index.json`` (one entry per leaflet) is written atomically at the end.

A failing leaflet is recorded and the others go on. Stale temporary files
from an interrupted run are removed at the start; a finished PDF is only
ever renamed into place, so an interrupted run leaves no partial PDF.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..api import BuildRequest, Handouts
from ..errors import HandoutsError, OutputError, Problem
from .manifest import Job, read_manifest
from ..write import remove_stale_parts, write_atomic
from ..load.yamlfile import display_path

INDEX = "index.json"


@dataclass(frozen=True)
class BatchOptions:
    out_dir: Path = Path(".")
    workers: int = 1
    shard: tuple[int, int] = (1, 1)
    fail_fast: bool = False
    force: bool = False
    fonts: tuple[Path, ...] = ()
    """Extra TrueType fonts for every leaflet (``--font``)."""


@dataclass
class Entry:
    """One line of ``index.json``."""

    file: str
    row: int
    status: str
    """``ok`` (built or unchanged), ``failed`` (rendering failed) or ``invalid`` (the row is wrong)."""
    built: bool = False
    """False for an ``ok`` leaflet skipped because nothing changed."""
    audience: str = ""
    lang: str = ""
    layout: str = ""
    paper: str = ""
    format: str = ""
    """``pdf`` or ``html``."""
    pages: int = 0
    bytes: int = 0
    sha256: str = ""
    reading_score: float | None = None
    reading_measure: str = ""
    inputs: str = ""
    """Digest of everything that decides the file's bytes (the format too); equal digests give equal files."""
    error: str = ""


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

    @property
    def ok(self) -> bool:
        return not (self.failed or self.invalid)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["leaflets_per_second"] = round(self.built / self.seconds, 1) if self.seconds else 0.0
        return data


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> ``(2, 4)``. Raises :class:`HandoutsError` with one problem (field ``shard``)."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        k = n = 0
    if not (n >= 1 and 1 <= k <= n):
        raise HandoutsError(problems=[Problem.of("shard", f"expected K/N with 1 <= K <= N, such as 1/2; "
                                                          f"found {text!r}")])
    return k, n


# -- fingerprints -------------------------------------------------------------------
def _tree_digest(folders: Iterable[Path]) -> str:
    """A digest of every file under the folders (names and bytes), in a stable order."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _file_digest(path: Path | None) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path and path.is_file() else ""


class _Fingerprints:
    def __init__(self, app: Handouts):
        from ..resources import BUILTIN_FONTS

        self.app = app
        from importlib.metadata import PackageNotFoundError, version

        def installed(name: str) -> str:
            try:
                return version(name)
            except PackageNotFoundError:
                return ""

        engines = " ".join(f"{name}={installed(name)}" for name in ("reportlab", "svglib", "pillow", "jinja2"))
        self.base = hashlib.sha256(
            (__version__ + engines + _tree_digest(app.data_path) + _tree_digest(app.layouts_path) +
             _tree_digest([BUILTIN_FONTS])).encode()).hexdigest()
        self._clinics: dict[str, str] = {}
        self._fonts: dict[Path, str] = {}

    def __call__(self, request: BuildRequest) -> str:
        if request.clinic not in self._clinics:
            clinic = self.app.clinic(request.clinic)
            self._clinics[request.clinic] = _file_digest(Path(clinic.origin.file)) + _file_digest(clinic.logo)
        fields = {k: (str(v) if v is not None else None) for k, v in asdict(request).items()}
        for font in request.fonts:
            if font not in self._fonts:
                self._fonts[font] = _file_digest(Path(font))
        fields["fonts"] = [self._fonts[font] for font in request.fonts]
        payload = json.dumps([self.base, self._clinics[request.clinic], fields], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()


# -- workers --------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(data_dirs: list[str], layouts_dirs: list[str]) -> None:
    app = Handouts([Path(d) for d in data_dirs], [Path(d) for d in layouts_dirs])
    app.content  # load and validate once per worker  # noqa: B018
    _WORKER["app"] = app
    _WORKER["scores"] = {}


def _reading(app: Handouts, request: BuildRequest, cache: dict) -> tuple[float | None, str]:
    from ..readability import SUPPORTED, score

    key = (request.audience, request.lang)
    if key not in cache:
        if request.lang.split("-")[0] in SUPPORTED:
            selection = app.selection(request.audience, request.lang)
            result = score([item.text[request.lang] for item in selection.items], request.lang)
            cache[key] = (result.value, result.measure)
        else:
            cache[key] = (None, "")
    return cache[key]


def _build_one(app: Handouts, scores: dict, request: BuildRequest, target: str, force: bool) -> dict[str, Any]:
    """Render and write one leaflet; never raises for the input's faults."""
    started = time.perf_counter()
    try:
        leaflet = app.render(request)
        write_atomic(Path(target), leaflet.data, force=force)
    except HandoutsError as exc:
        return {"status": "failed", "error": "; ".join(exc.lines)}
    except Exception as exc:  # a bug: record it, keep the batch going
        return {"status": "failed", "error": f"internal error ({type(exc).__name__}: {exc})"}
    measure = _reading(app, request, scores)
    return {"status": "ok", "pages": leaflet.pages, "bytes": len(leaflet.data),
            "sha256": hashlib.sha256(leaflet.data).hexdigest(), "reading_score": measure[0],
            "reading_measure": measure[1], "seconds": time.perf_counter() - started,
            "rss_mb": _rss_mb()}


def _worker_build(request: BuildRequest, target: str, force: bool) -> dict[str, Any]:
    return _build_one(_WORKER["app"], _WORKER["scores"], request, target, force)


def _rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# -- the run --------------------------------------------------------------------------
def _read_index(out_dir: Path) -> list[dict]:
    try:
        data = json.loads((out_dir / INDEX).read_text(encoding="utf-8"))
        return [entry for entry in data.get("leaflets", []) if isinstance(entry, dict) and "file" in entry]
    except (OSError, ValueError, TypeError, AttributeError):
        return []


def _ok_by_file(entries: list[dict]) -> dict[str, dict]:
    return {entry["file"]: entry for entry in entries if entry.get("status") == "ok"}


def _remove_stale_parts(out_dir: Path, outputs: Iterable[str]) -> None:
    """Temporary files an interrupted run left for this manifest's outputs; never a finished PDF."""
    for output in outputs:
        remove_stale_parts(out_dir / output)


def _unchanged(previous: dict | None, inputs: str, target: Path) -> bool:
    if not previous or previous.get("status") != "ok" or previous.get("inputs") != inputs or not target.is_file():
        return False
    return hashlib.sha256(target.read_bytes()).hexdigest() == previous.get("sha256")


def run_batch(manifest: Path, app: Handouts, options: BatchOptions,
              progress: Callable[[int], None] | None = None) -> tuple[Summary, list[Entry]]:
    """Build the manifest's leaflets. Raises :class:`~handouts.errors.HandoutsError` only if the
    manifest or the output folder is unusable; a failing leaflet is recorded in the result."""
    started = time.perf_counter()
    k, n = options.shard
    out_dir = Path(options.out_dir)
    jobs = read_manifest(manifest, app, options.fonts)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out-dir {display_path(out_dir)}: cannot create the folder: {exc.strerror}") from exc
    mine = [job for job in jobs if job.index % n == k - 1]
    _remove_stale_parts(out_dir, [job.output for job in mine if job.ok])
    summary = Summary(display_path(Path(manifest)), display_path(out_dir), f"{k}/{n}", jobs=len(mine),
                      workers=options.workers)
    entries: dict[str, Entry] = {}
    invalid = [job for job in mine if not job.ok]
    for job in invalid:
        summary.invalid += 1
        _failures(summary, [str(p) for p in job.problems])
        entries[f"\0{job.index}"] = Entry(job.output or f"(row {job.row})", job.row, "invalid",
                                          error="; ".join(str(p) for p in job.problems))
    todo: list[tuple[Job, str]] = []
    root = out_dir.resolve()
    if not (options.fail_fast and invalid):
        previous = _ok_by_file(_read_index(out_dir))
        fingerprint = _Fingerprints(app)
        for job in mine:
            if not job.ok:
                continue
            inputs = fingerprint(job.request)
            target = out_dir / job.output
            if not options.force and _unchanged(previous.get(job.output), inputs, target):
                summary.unchanged += 1
                entry = Entry(**{k: v for k, v in previous[job.output].items() if k in Entry.__dataclass_fields__})
                entry.built, entry.row = False, job.row
                entries[job.output] = entry
                if progress:
                    progress(1)
                continue
            problem = _prepare(target, root)
            if problem:
                _record_failure(summary, entries, job, inputs, problem, progress)
                continue
            todo.append((job, inputs))

    def record(job: Job, inputs: str, result: dict[str, Any]) -> None:
        if result["status"] != "ok":
            _record_failure(summary, entries, job, inputs, result["error"], progress)
            return
        request = job.request
        entry = Entry(job.output, job.row, "ok", built=True, audience=request.audience, lang=request.lang,
                      layout=request.layout, paper=request.paper, format=request.format, inputs=inputs,
                      pages=result["pages"], bytes=result["bytes"], sha256=result["sha256"],
                      reading_score=result["reading_score"], reading_measure=result["reading_measure"])
        summary.built += 1
        summary.peak_rss_mb = max(summary.peak_rss_mb, result["rss_mb"])
        entries[job.output] = entry
        if progress:
            progress(1)

    try:
        for job, inputs, result in _execute(todo, app, options, out_dir):
            record(job, inputs, result)
            if options.fail_fast and result["status"] != "ok":
                break
    finally:
        summary.seconds = round(time.perf_counter() - started, 3)
        summary.peak_rss_mb = round(max(summary.peak_rss_mb, _rss_mb()), 1)
        _write_index(out_dir, jobs, mine, entries, _read_index(out_dir))
    return summary, sorted(entries.values(), key=lambda e: e.row)


def _failures(summary: Summary, lines: list[str]) -> None:
    """Each failure line once (the combinations of one YAML matrix row can share a problem)."""
    for line in lines:
        if line not in summary.failures:
            summary.failures.append(line)


def _record_failure(summary: Summary, entries: dict[str, Entry], job: Job, inputs: str, error: str,
                    progress: Callable[[int], None] | None) -> None:
    request = job.request
    summary.failed += 1
    _failures(summary, [f"{summary.manifest}:{job.row}: {job.output}: {error}"])
    entries[job.output] = Entry(job.output, job.row, "failed", audience=request.audience, lang=request.lang,
                                layout=request.layout, paper=request.paper, format=request.format, inputs=inputs,
                                error=error)
    if progress:
        progress(1)


def _prepare(target: Path, root: Path) -> str:
    """Make the output's folder; the problem if it cannot be made or would lead outside ``root``."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        return f"cannot make the folder {target.parent.name!r}: a file of that name is in the way"
    except OSError as exc:
        return f"cannot make the folder {target.parent.name!r}: {exc.strerror}"
    resolved = target.parent.resolve()
    if resolved != root and root not in resolved.parents:
        return "the output folder leads outside --out-dir (through a symbolic link); refused"
    if target.is_symlink():
        return "the output is a symbolic link; refused"
    return ""


def _execute(todo: list[tuple[Job, str]], app: Handouts, options: BatchOptions,
             out_dir: Path) -> Iterator[tuple[Job, str, dict[str, Any]]]:
    """Results in completion order. One process for ``workers == 1``; else a pool with a bounded queue."""
    if not todo:
        return
    if options.workers <= 1:
        scores: dict = {}
        for job, inputs in todo:
            yield job, inputs, _build_one(app, scores, job.request, str(out_dir / job.output), True)
        return
    data_dirs = [str(p) for p in app.data_path[:-1]]
    layouts_dirs = [str(p) for p in app.layouts_path[:-1]]
    queue: deque[tuple[Job, str]] = deque(todo)
    while queue:
        # A worker that dies (a crash, the out-of-memory killer) breaks the whole pool, and every
        # leaflet in flight fails with it. Those are tried again one at a time, each alone in a
        # one-worker pool, so only the leaflet that kills its worker fails; then a new pool goes on.
        suspects: list[tuple[Job, str]] = []
        yield from _pool_run(queue, options.workers, data_dirs, layouts_dirs, out_dir, suspects)
        for job, inputs in suspects:
            survivors: list[tuple[Job, str]] = []
            alone = deque([(job, inputs)])
            yield from _pool_run(alone, 1, data_dirs, layouts_dirs, out_dir, survivors)
            if survivors:
                yield job, inputs, {"status": "failed",
                                    "error": "worker failed: the process building it died (crashed or was killed)"}


def _pool_run(queue: deque, workers: int, data_dirs: list[str], layouts_dirs: list[str], out_dir: Path,
              broken: list) -> Iterator[tuple[Job, str, dict[str, Any]]]:
    """Run jobs from ``queue`` until it is empty or the pool breaks; jobs lost with a broken pool go to ``broken``."""
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(data_dirs, layouts_dirs)) as pool:
        pending: dict = {}
        try:
            while queue or pending:
                while queue and len(pending) < workers * 4 and not broken:  # bounded: memory stays flat
                    job, inputs = queue.popleft()
                    pending[pool.submit(_worker_build, job.request, str(out_dir / job.output), True)] = (job, inputs)
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    job, inputs = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken.append((job, inputs))
                        continue
                    except Exception as exc:  # noqa: BLE001 - recorded, the batch goes on
                        result = {"status": "failed", "error": f"internal error ({type(exc).__name__}: {exc})"}
                    yield job, inputs, result
        finally:
            for future in pending:
                future.cancel()
            broken.extend(pending.values())


def _write_index(out_dir: Path, jobs: list[Job], mine: list[Job], entries: dict[str, Entry],
                 previous: list[dict]) -> None:
    """index.json: this run's entries, plus earlier entries for the manifest's other jobs (other shards)."""
    ours = {job.output for job in mine}
    mine_rows = {job.row for job in mine}
    previous_ok = _ok_by_file(previous)
    theirs = [previous_ok[job.output] for job in jobs
              if job.ok and job.output not in ours and job.output in previous_ok]
    theirs += [e for e in previous if e.get("status") == "invalid" and e.get("row") not in mine_rows]
    leaflets = [asdict(e) for e in entries.values()] + theirs
    leaflets.sort(key=lambda e: (e["status"] == "invalid", e["file"], e["row"]))
    data = {"handouts": __version__, "leaflets": leaflets}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomic(out_dir / INDEX, text.encode("utf-8"), force=True)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
