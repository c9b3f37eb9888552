"""Python's garbage collector for the ``handouts`` command: off while it starts, on for what runs long.

Start-up imports about 400 modules and makes about 70,000 objects the collector tracks, nearly all of
which live until the process ends; the cycle collector would walk them again and again while they
are made, for nothing (30 to 50 ms, 7 to 10% of a cold ``handouts build``, timed both ways). So
:mod:`handouts.console` starts the command with it off (:func:`start_up`), and :func:`long_running`
turns it back on: for every command but the one-document ones (:data:`ONE_SHOT`), and for a leaflet
that must shrink to fit (``pdf/fitting.py``: each attempt leaves cycles of ReportLab objects).
The library (``import handouts``) never changes the collector.
"""

from __future__ import annotations

import gc

ONE_SHOT = frozenset({"build", "review", "list"})
"""The commands that make at most one document and exit: they run with the collector off."""


def start_up() -> None:
    """Turn the collector off until :func:`long_running` (or the process's end)."""
    gc.disable()


def long_running() -> None:
    """Turn the collector on, after one collection; what was made so far is frozen (never scanned
    again; shared by forked workers without copying). A no-op where it is on (the library, tests)."""
    if not gc.isenabled():
        gc.collect()
        gc.freeze()
        gc.enable()
