"""The errors ``handouts`` raises on purpose.

Every error a user can fix is a :class:`HandoutsError`. The CLI catches that
base class once, prints each line of the message to stderr and exits with
``exit_code`` (2: bad input). Anything else that escapes is a bug: the CLI
reports it as an internal error and exits 1.

    HandoutsError            base class; never raised directly
    ├── DataError            content, sources, languages or clinic files are invalid
    ├── LayoutSpecError      a layout is unknown, or its spec or template is broken
    ├── RenderError          valid input that cannot be typeset (does not fit, missing glyph)
    └── OutputError          the output cannot be written (exists, folder missing)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one file."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class HandoutsError(Exception):
    """Base class for every error that is the input's fault (exit code 2)."""

    exit_code = 2

    def __init__(self, message: str = "", problems: list[Problem] | None = None):
        self.problems = list(problems or [])
        if not message:
            message = "\n".join(str(p) for p in self.problems)
        super().__init__(message)

    @property
    def lines(self) -> list[str]:
        """The message, one problem per line."""
        return str(self).splitlines() or [self.__class__.__name__]


class DataError(HandoutsError):
    """Raised while loading content: YAML that does not parse or does not fit
    the schema, unknown ids, a missing translation, an unknown audience,
    language or clinic. Carries every problem found, not just the first."""


class LayoutSpecError(HandoutsError):
    """Raised for an unknown layout or paper, a broken ``layout.yaml``, or a
    template that fails to compile or render (the message names the file and
    line)."""


class RenderError(HandoutsError):
    """Raised while typesetting valid input: content that outgrows its frame
    or page limit, or a character no configured font can print."""


class OutputError(HandoutsError):
    """Raised when the PDF cannot be written: the file exists and ``force`` is
    off, or the folder is missing or not writable."""
