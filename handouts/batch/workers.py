"""The batch's worker processes: each holds one :class:`~handouts.api.Handouts` (content, fonts and
templates loaded once), renders a leaflet and writes it atomically itself, so only small results cross
between processes and memory stays flat. A worker that dies is survived: its leaflets are retried one
at a time, so only the one that kills its worker fails.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..api import Handouts
from ..errors import HandoutsError
from ..request import BuildRequest
from ..write import write_atomic
from .manifest import Job

if TYPE_CHECKING:
    from .run import BatchOptions


@dataclass(frozen=True)
class Task:
    """One leaflet to build: a valid manifest job, its request and its inputs digest."""

    job: Job
    request: BuildRequest
    inputs: str


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
            "rss_mb": rss_mb()}


def _worker_build(request: BuildRequest, target: str, force: bool) -> dict[str, Any]:
    return _build_one(_WORKER["app"], _WORKER["scores"], request, target, force)


def rss_mb() -> float:
    """This process's peak resident set in MiB (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def execute(todo: list[Task], app: Handouts, options: BatchOptions,
            out_dir: Path) -> Iterator[tuple[Task, dict[str, Any]]]:
    """Results in completion order. One process for ``workers == 1``; else a pool with a bounded queue."""
    if not todo:
        return
    if options.workers <= 1:
        scores: dict = {}
        for task in todo:
            yield task, _build_one(app, scores, task.request, str(out_dir / task.job.output), True)
        return
    data_dirs = [str(p) for p in app.data_path[:-1]]
    layouts_dirs = [str(p) for p in app.layouts_path[:-1]]
    queue: deque[Task] = deque(todo)
    while queue:
        # A worker that dies (a crash, the out-of-memory killer) breaks the whole pool, and every
        # leaflet in flight fails with it. Those are tried again one at a time, each alone in a
        # one-worker pool, so only the leaflet that kills its worker fails; then a new pool goes on.
        suspects: list[Task] = []
        yield from _pool_run(queue, options.workers, data_dirs, layouts_dirs, out_dir, suspects)
        for task in suspects:
            survivors: list[Task] = []
            yield from _pool_run(deque([task]), 1, data_dirs, layouts_dirs, out_dir, survivors)
            if survivors:
                yield task, {"status": "failed",
                             "error": "worker failed: the process building it died (crashed or was killed)"}


def _pool_run(queue: deque[Task], workers: int, data_dirs: list[str], layouts_dirs: list[str], out_dir: Path,
              broken: list[Task]) -> Iterator[tuple[Task, dict[str, Any]]]:
    """Run jobs from ``queue`` until it is empty or the pool breaks; jobs lost with a broken pool go to ``broken``."""
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(data_dirs, layouts_dirs)) as pool:
        pending: dict[Future, Task] = {}
        try:
            while queue or pending:
                while queue and len(pending) < workers * 4 and not broken:  # bounded: memory stays flat
                    task = queue.popleft()
                    pending[pool.submit(_worker_build, task.request, str(out_dir / task.job.output), True)] = task
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    task = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken.append(task)
                        continue
                    except Exception as exc:  # recorded, the batch goes on
                        result = {"status": "failed", "error": f"internal error ({type(exc).__name__}: {exc})"}
                    yield task, result
        finally:
            for future in pending:
                future.cancel()
            broken.extend(pending.values())


def default_workers() -> int:
    """The CPUs this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
