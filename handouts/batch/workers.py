"""The batch's worker processes: each holds one :class:`~handouts.api.Handouts` (content, fonts and
templates loaded once), renders a leaflet and writes it atomically itself, so only small results cross
between processes and memory stays flat. A worker that dies is survived: its leaflets are retried one
at a time, so only the one that kills its worker fails.

Stopping: the main process turns SIGTERM, SIGINT and SIGHUP into :class:`~handouts.errors.Stopped`
(:func:`stopping_on_signals`); leaving a pool for any reason but its end terminates the workers at once
(:func:`_stop_workers`). A worker ignores SIGINT (the main process decides), and on SIGTERM or SIGHUP
unwinds what it is doing (its temporary file is removed) and exits. On Linux a worker is also sent
SIGTERM when the main process dies, even by SIGKILL.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..api import Handouts
from ..errors import HandoutsError, Stopped
from ..load.files import MISSING, read_regular
from ..request import BuildRequest
from ..write import remove_stale_parts, write_atomic
from .manifest import Job

if TYPE_CHECKING:
    from .run import BatchOptions


@dataclass(frozen=True)
class Task:
    """One leaflet to build: a valid manifest job, its request and its inputs digest."""

    job: Job
    request: BuildRequest
    inputs: str
    replace: bool = False
    """The file may be replaced: ``--force``, or this folder's index says a batch wrote it."""


# -- workers --------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


_STOP_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")


class StopState:
    """What :func:`stopping_on_signals` saw: ``signum`` of the first stop signal (0: none yet)."""

    def __init__(self) -> None:
        self.signum = 0
        self.quiet = False
        """Set once the run is stopping: later signals change nothing."""

    def check(self) -> None:
        """Raise :class:`Stopped` if a signal came (it may have been swallowed where it was raised:
        libraries with a bare ``except:``)."""
        if self.signum and not self.quiet:
            self.quiet = True
            raise Stopped(self.signum)


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[StopState]:
    """While inside, SIGTERM, SIGINT and SIGHUP raise :class:`Stopped` (until ``quiet`` is set), and the state
    remembers the first one for :meth:`StopState.check`. Only in the main thread (elsewhere signals cannot be
    handled); a signal the process ignores (``nohup``) stays ignored."""
    state = StopState()
    if threading.current_thread() is not threading.main_thread():
        yield state
        return

    def stop(signum: int, _frame: object) -> None:
        state.signum = state.signum or signum
        if not state.quiet:
            raise Stopped(state.signum)

    previous = {}
    hook, sys.unraisablehook = sys.unraisablehook, quiet_stops
    for name in _STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            previous[number] = signal.signal(number, stop)
    try:
        yield state
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        sys.unraisablehook = hook


def quiet_stops(unraisable: Any) -> None:
    """``sys.unraisablehook`` while a run can be stopped: a :class:`Stopped` raised by a signal handler where
    no exception can get out (a garbage-collector or weak-reference callback, say during an import) is
    dropped without the "Exception ignored in" traceback Python would print on stderr; the run still stops,
    by the signal it remembered (:meth:`StopState.check`, the worker's ``stopped``). Anything else is
    reported as Python does."""
    if isinstance(unraisable.exc_value, Stopped):
        return
    sys.__unraisablehook__(unraisable)


def _worker_stop(signum: int, _frame: object) -> None:
    """A worker told to stop: between leaflets, exit now; inside one, unwind it first (_worker_build exits,
    even if the exception was swallowed on the way)."""
    _WORKER["stopped"] = signum
    if not _WORKER.get("busy"):
        os._exit(128 + signum)
    raise Stopped(signum)


def _die_with_parent(parent: int) -> None:
    """Linux: SIGTERM this process when the process that started it dies (even by SIGKILL)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before that took effect
        os._exit(128 + signal.SIGTERM)


def _init_worker(data_dirs: list[str], layouts_dirs: list[str], parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.unraisablehook = quiet_stops
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _worker_stop)
    if hasattr(os, "getppid"):
        _die_with_parent(parent)
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


def _build_one(app: Handouts, scores: dict, request: BuildRequest, root: str, output: str,
               replace: bool) -> dict[str, Any]:
    """Render and write one leaflet to ``root/output``; never raises for the input's faults.

    Without ``replace``, a file already at that name is left alone: the leaflet is ``kept`` if the file
    holds exactly its bytes (a run killed before it wrote its index made it), else it fails."""
    started = time.perf_counter()
    target = Path(root) / output
    kept = False
    try:
        leaflet = app.render(request)
        if not replace and existing(Path(root), output) is not None:
            if existing(Path(root), output, len(leaflet.data)) != leaflet.data:
                return {"status": "failed", "error": "a file of this name is in the way, and no batch wrote it "
                                                     "(index.json does not list it); use --force to replace it"}
            kept = True
        else:
            write_atomic(target, leaflet.data, force=replace, root=Path(root))
    except HandoutsError as exc:
        return {"status": "failed", "error": "; ".join(exc.lines)}
    except Exception as exc:  # a bug: record it, keep the batch going
        return {"status": "failed", "error": f"internal error ({type(exc).__name__}: {exc})"}
    measure = _reading(app, request, scores)
    return {"status": "ok", "pages": leaflet.pages, "bytes": len(leaflet.data),
            "sha256": hashlib.sha256(leaflet.data).hexdigest(), "reading_score": measure[0],
            "reading_measure": measure[1], "seconds": time.perf_counter() - started,
            "rss_mb": rss_mb(), "kept": kept}


def existing(root: Path, output: str, limit: int = 0) -> bytes | None:
    """What is at ``root/output`` (a name is in the way): its bytes if it is a regular file of at most ``limit``
    bytes, else ``b""``; ``None`` if nothing is there. Never reads through a symbolic link."""
    data, problem = read_regular(root / output, limit, follow=False)
    if problem == MISSING:
        return None
    return data if data is not None else b""


def _worker_build(request: BuildRequest, root: str, output: str, replace: bool) -> dict[str, Any]:
    _WORKER["busy"] = True
    result: dict[str, Any] = {"status": "failed", "error": "stopped"}
    try:
        result = _build_one(_WORKER["app"], _WORKER["scores"], request, root, output, replace)
    except Stopped:
        pass
    finally:
        _WORKER["busy"] = False
    if _WORKER.get("stopped"):  # its temporary file is gone (the file is whole, or not there): exit quietly
        os._exit(128 + _WORKER["stopped"])
    return result


def rss_mb() -> float:
    """This process's peak resident set in MiB (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def execute(todo: list[Task], app: Handouts, options: BatchOptions,
            out_dir: Path) -> Generator[tuple[Task, dict[str, Any]], None, None]:
    """Results in completion order. One process for ``workers == 1``; else a pool with a bounded queue."""
    if not todo:
        return
    if options.workers <= 1:
        scores: dict = {}
        for task in todo:
            yield task, _build_one(app, scores, task.request, str(out_dir), task.job.output, task.replace)
        return
    data_dirs = [str(p) for p in app.data_path[:-1]]
    layouts_dirs = [str(p) for p in app.layouts_path[:-1]]
    queue: deque[Task] = deque(todo)
    workers = min(options.workers, len(todo))  # never more processes than leaflets
    while queue:
        # A worker that dies (a crash, the out-of-memory killer) breaks the whole pool, and every
        # leaflet in flight fails with it. Those are tried again one at a time, each alone in a
        # one-worker pool, so only the leaflet that kills its worker fails; then a new pool goes on.
        suspects: list[Task] = []
        yield from _pool_run(queue, workers, data_dirs, layouts_dirs, out_dir, suspects)
        for task in suspects:
            survivors: list[Task] = []
            yield from _pool_run(deque([task]), 1, data_dirs, layouts_dirs, out_dir, survivors)
            if survivors:
                yield task, {"status": "failed",
                             "error": "worker failed: the process building it died (crashed or was killed)"}


def _pool_run(queue: deque[Task], workers: int, data_dirs: list[str], layouts_dirs: list[str], out_dir: Path,
              broken: list[Task]) -> Iterator[tuple[Task, dict[str, Any]]]:
    """Run jobs from ``queue`` until it is empty or the pool breaks; jobs lost with a broken pool go to ``broken``.

    Left early (a signal, an error, the caller closing it), the pool's workers are terminated at once."""
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                               initargs=(data_dirs, layouts_dirs, os.getpid()))
    finished = False
    pending: dict[Future, Task] = {}
    try:
        try:
            while queue or pending:
                while queue and len(pending) < workers * 4 and not broken:  # bounded: memory stays flat
                    task = queue.popleft()
                    pending[pool.submit(_worker_build, task.request, str(out_dir), task.job.output,
                                        task.replace)] = task
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
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_workers(pool, out_dir, pending.values())


def _stop_workers(pool: ProcessPoolExecutor, out_dir: Path, in_flight: Any) -> None:
    """Terminate the pool's workers now (SIGTERM, then SIGKILL after 5 s) and remove the temporary files of
    the leaflets they were writing."""
    # The executor has no public way to stop busy workers; its process table is the only handle on them.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    deadline = time.monotonic() + 5
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.kill()
            process.join(1)
    pool.shutdown(wait=True)  # its manager thread ends once the workers are gone
    for task in list(in_flight):
        remove_stale_parts(out_dir / task.job.output, root=out_dir)


def default_workers() -> int:
    """The CPUs this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
