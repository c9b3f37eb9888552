"""The web workers (handouts/web/pool.py): bounded concurrency, the time limit, a crash, a failing task.

The tasks here are this module's functions: the spawned workers import this
module by name (pytest puts tests/ on sys.path, and spawn passes it on).
"""

from __future__ import annotations

import os
import threading
import time

import pytest

from handouts.errors import HandoutsError, WorkerUnavailable
from handouts.errors import TaskFailed
from handouts.web.pool import WorkerPool


def _init(label: str) -> dict:
    return {"label": label}


def _broken_init() -> dict:
    raise HandoutsError("content.yaml:3: title: required")


def _echo(state: dict, value: object) -> tuple:
    return state["label"], value, os.getpid()


def _sleep(state: dict, seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def _die(state: dict) -> None:
    os._exit(3)


def _bug(state: dict, secret: str) -> None:
    raise ValueError(f"something about {secret}")


@pytest.fixture
def pool():
    p = WorkerPool(1, _init, ("w",), limit=1.0, wait=0.3)
    yield p
    p.close()


def test_a_task_runs_in_a_worker_process(pool):
    label, value, pid = pool.run(_echo, {"x": [1, 2]})
    assert (label, value) == ("w", {"x": [1, 2]})
    assert pid != os.getpid() and pid in pool.pids()


def test_a_render_over_the_time_limit_is_stopped_and_the_worker_replaced(pool):
    first = pool.pids()
    started = time.monotonic()
    with pytest.raises(WorkerUnavailable) as caught:
        pool.run(_sleep, 30)
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < 5
    pool.wait = 60  # the replacement takes a moment to start
    assert pool.run(_echo, 1)[1] == 1
    assert pool.pids() != first and pool.replaced == 1


def test_at_most_size_tasks_run_at_once_and_the_rest_wait_or_hear_busy(pool):
    results = []
    thread = threading.Thread(target=lambda: results.append(pool.run(_sleep, 0.8)))
    thread.start()
    time.sleep(0.1)
    with pytest.raises(WorkerUnavailable) as caught:
        pool.run(_echo, 2)  # waits 0.3 s for the only worker, which is busy for 0.8 s
    assert caught.value.reason == "busy"
    thread.join()
    assert results == ["slept"]
    assert pool.run(_echo, 3)[1] == 3


def test_a_worker_that_dies_is_replaced(pool):
    with pytest.raises(WorkerUnavailable) as caught:
        pool.run(_die)
    assert caught.value.reason == "died"
    pool.wait = 60
    assert pool.run(_echo, 4)[1] == 4


def test_a_failing_task_reports_its_type_and_never_its_message(capfd):
    pool = WorkerPool(1, _init, ("w",))  # started here, so the worker's stderr is the one capfd reads
    try:
        with pytest.raises(TaskFailed) as caught:
            pool.run(_bug, "Patient Secretname")
        assert str(caught.value) == "ValueError"
        assert pool.run(_echo, 5)[1] == 5  # the worker goes on
    finally:
        pool.close()
    err = capfd.readouterr().err
    assert "ValueError (message withheld)" in err and 'raise ValueError(f"something about {secret}")' in err
    assert "Secretname" not in err


def test_a_worker_that_cannot_start_says_why():
    with pytest.raises(HandoutsError, match=r"content\.yaml:3: title: required"):
        WorkerPool(1, _broken_init)
