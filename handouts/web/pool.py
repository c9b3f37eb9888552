"""Worker processes for ``handouts serve``: every render runs here, never in the server's threads.

Each worker is a process of its own, started with ``spawn`` (the same on
Linux, macOS and Windows), that holds one :class:`~handouts.api.Handouts`
(content, fonts and templates loaded once, like the batch workers) and runs
one task at a time, sent through a pipe. A request thread takes an idle
worker, waiting at most ``wait`` seconds (else :class:`WorkerUnavailable`
``busy``), so at most ``size`` renders run at once and the others queue; it
then waits at most ``limit`` seconds for the answer. A worker over the limit
is killed and a fresh one started in the background (``timeout``); a worker
that dies is replaced the same way (``died``). Tasks are module-level
functions ``task(state, *args)``; ``state`` is what the initializer returned.

Nothing crosses the pipe but the task's arguments and its result; a task that
raises is reported by exception type and traceback frames only (messages can
hold what a user typed), on the server's stderr, and :class:`TaskFailed` is
raised in the caller.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from ..errors import HandoutsError, TaskFailed, WorkerUnavailable

_CONTEXT = multiprocessing.get_context("spawn")


def _worker_main(conn: Connection, initializer: Callable[..., Any], args: tuple) -> None:
    """The worker process: initialize, say ready, then run tasks until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole console; the server stops the workers
    try:
        state = initializer(*args)
    except HandoutsError as exc:
        conn.send(("init-failed", exc.lines))
        return
    except BaseException as exc:  # a bug: say which, never what
        conn.send(("init-failed", [f"internal error ({type(exc).__name__}) while starting a worker"]))
        _log_frames(exc)
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        task, task_args = message
        try:
            conn.send(("ok", task(state, *task_args)))
        except Exception as exc:
            _log_frames(exc)
            conn.send(("failed", type(exc).__name__))


def _log_frames(exc: BaseException) -> None:
    """The traceback's frames and the exception's type, never its message (it may hold a patient's name)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    print(f"handouts worker: {type(exc).__name__} (message withheld)\n{frames}", file=sys.stderr, flush=True)


class _Worker:
    def __init__(self, initializer: Callable[..., Any], args: tuple, start_timeout: float):
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker_main, args=(child, initializer, args), daemon=True,
                                        name="handouts-worker")
        self.process.start()
        child.close()
        if not self.conn.poll(start_timeout):
            self.kill()
            raise HandoutsError(f"a worker process did not start within {start_timeout:.0f} s")
        try:
            kind, detail = self.conn.recv()
        except (EOFError, OSError):
            kind, detail = "init-failed", ["a worker process exited while starting"]
        if kind != "ready":
            self.kill()
            raise HandoutsError("\n".join(detail))

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class WorkerPool:
    """``size`` worker processes; :meth:`run` sends one task to an idle one.

    ``initializer(*args)`` runs once in each worker and returns its state. Starting raises
    :class:`HandoutsError` if a worker cannot initialize (broken content, say)."""

    def __init__(self, size: int, initializer: Callable[..., Any], args: tuple = (), *, limit: float = 30.0,
                 wait: float = 30.0, start_timeout: float = 180.0):
        self.size, self.limit, self.wait = size, limit, wait
        self._initializer, self._args, self._start_timeout = initializer, args, start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0
        """Workers replaced after a timeout or a crash since the start."""
        starters = [threading.Thread(target=self._start_one, args=(True,), daemon=True) for _ in range(size)]
        self._start_errors: list[HandoutsError] = []
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join()
        if self._start_errors:
            self.close()
            raise self._start_errors[0]

    def _start_one(self, first: bool = False) -> None:
        try:
            worker = _Worker(self._initializer, self._args, self._start_timeout)
        except HandoutsError as exc:
            if first:
                self._start_errors.append(exc)
            else:
                print(f"handouts: could not replace a worker: {exc}", file=sys.stderr, flush=True)
            return
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.replaced += 1
            if self._closed:
                return
        threading.Thread(target=self._start_one, daemon=True).start()

    def run(self, task: Callable[..., Any], *args: Any, limit: float | None = None) -> Any:
        """``task(state, *args)`` in a worker; its result. Raises :class:`WorkerUnavailable` (busy,
        timeout, died) or :class:`TaskFailed` (the task raised)."""
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise WorkerUnavailable("busy") from None
        limit = self.limit if limit is None else limit
        try:
            worker.conn.send((task, args))
            deadline = time.monotonic() + limit
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                raise WorkerUnavailable("timeout")
            kind, result = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise WorkerUnavailable("died") from None
        self._idle.put(worker)
        if kind == "failed":
            raise TaskFailed(result)
        return result

    def pids(self) -> list[int]:
        """The worker processes' ids (for memory figures)."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def close(self) -> None:
        """Stop every worker (idle ones are asked, busy ones killed)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(2)
            worker.kill()
