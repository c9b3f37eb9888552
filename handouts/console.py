"""The ``handouts`` command's entry point: :func:`main` starts :mod:`handouts.cli` with the garbage
collector off while the program starts up.

Starting up imports about 400 modules and makes about 70,000 objects the collector tracks, nearly
all of which live until the process ends; the cycle collector would walk them again and again while
they are made, for nothing (30 to 50 ms, 7 to 10% of a cold ``handouts build``, timed both ways).
Commands that run long (a batch, the web page, checking every leaflet) turn it back on
(:func:`long_running`); a one-document command exits first.
"""

from __future__ import annotations

import gc


def main() -> None:
    """Run the ``handouts`` command (``sys.argv``); exits with the command's exit code."""
    gc.disable()
    from .cli import main as command

    command()


ONE_SHOT = frozenset({"build", "review", "list"})
"""Commands that make at most one document and exit: they run with the garbage collector as
this module left it (off); every other command turns it on (:func:`long_running`)."""


def long_running() -> None:
    """Turn the garbage collector on for a command that runs long (a batch, the web page, checking every
    leaflet), after one collection; what start-up made is frozen (never scanned again; shared by forked
    workers without copying). A no-op where it was on (the library, tests)."""
    if not gc.isenabled():
        gc.collect()
        gc.freeze()
        gc.enable()
