"""Every exception ``handouts`` defines, in one hierarchy.

Every error a user can fix is a :class:`HandoutsError`. Each front end (the
CLI, the batch, the web app) catches that base class once and shows its
:attr:`~HandoutsError.problems`, naming fields its own way; anything else that
escapes is a bug (the CLI says "internal error" and exits 1).

    HandoutsError            base class (exit code 2); never raised directly
    ├── RequestError         a build request's fields are wrong: every problem, keyed by field
    ├── DataError            content, sources, languages or clinic files are invalid
    │   └── ManifestError    a batch manifest as a whole cannot be used
    ├── LayoutSpecError      a layout's spec or template is broken
    ├── RenderError          valid input that cannot be typeset (missing glyph, ...)
    │   └── DoesNotFit       the leaflet does not fit its layout (pages, a panel)
    │       └── BlockTooTall one block of a leaflet is taller than a whole page
    ├── OutputError          the output cannot be written (exists, folder missing)
    ├── MergeConflict        ``handouts merge``: shards that do not join (one line per conflict)
    └── ServeError           ``handouts serve`` cannot start as asked (another address without a password)

Two more are signals between modules, never shown to users:
:class:`TooManyPages` (a layout attempt stops early so a smaller text size can
be tried) and :class:`MissingGlyphs` (no font can print a word; turned into a
:class:`RenderError` naming the text). :class:`TemplateTimeout` stops a template
that runs too long (turned into a :class:`LayoutSpecError` naming it).

:class:`Stopped` is not an error of the input: a batch was told to stop (SIGTERM,
SIGINT, SIGHUP). Like ``KeyboardInterrupt`` it derives from ``BaseException``, so
no ``except Exception`` records it as a failed leaflet; the CLI exits 128 + the
signal's number.

:class:`WorkerUnavailable` is not the input's fault either: the web app's
worker processes could not make a leaflet (none was free in time, the
leaflet ran over the time limit, or the worker died); the page says to try
again (HTTP 503).

A :class:`Problem` is one thing wrong with one field. ``file`` and ``line``
say where it was read (a content file, a clinic profile); for a field of a
build request, ``file`` is empty and ``field`` is the request field's name
(``patient``, ``follow_up``, ``note``...; see :mod:`handouts.request`), which
each front end shows its own way: ``--patient`` on the command line,
``MANIFEST:ROW: patient`` in a batch, a message beside the field on the web.
A problem in a file a request field names (a clinic profile) keeps its file,
line and field, and its ``subject`` is the request field (``clinic``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field, of a file (``file``, ``line``) or of a request (``file`` empty)."""

    file: str
    line: int | None
    field: str
    message: str
    subject: str = ""
    """For a problem found in a file that a request field names (the clinic profile of ``clinic``):
    that request field."""

    def __str__(self) -> str:
        if not self.file:
            return f"{self.field}: {self.message}" if self.field else self.message
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    @classmethod
    def of(cls, field: str, message: str) -> Problem:
        """A problem with the request field ``field``."""
        return cls("", None, field, message)

    @property
    def request_field(self) -> str:
        """The request field this problem is about ("" if none): ``field`` for a request's own
        problem, ``subject`` for one in a file the request named."""
        return self.subject if self.file else self.field


class HandoutsError(Exception):
    """Base class for every error that is the input's fault (exit code 2).

    ``message`` defaults to the problems, one per line."""

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


class RequestError(HandoutsError):
    """Raised by :func:`handouts.request.parse_request` and by rendering a request with bad fields:
    every problem at once, each a :class:`Problem` whose ``field`` is the request field."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems=problems)

    def by_field(self) -> dict[str, list[str]]:
        """``{"patient": ["121 characters; ..."], ...}``: messages per request field, in order."""
        out: dict[str, list[str]] = {}
        for problem in self.problems:
            out.setdefault(problem.field, []).append(problem.message)
        return out


class DataError(HandoutsError):
    """Raised while loading content: YAML that does not parse or does not fit
    the schema, unknown ids, a missing translation, a broken clinic profile.
    Carries every problem found, not just the first."""


class ManifestError(DataError):
    """A batch manifest as a whole cannot be used: unreadable, unknown columns, no jobs."""


class LayoutSpecError(HandoutsError):
    """Raised for a broken ``layout.yaml``, or a template that fails to compile
    or render (the message names the file and line)."""


class RenderError(HandoutsError):
    """Raised while typesetting valid input: content that outgrows its frame or
    page limit, or a character no configured font can print. When a request
    field is the cause, its problems are keyed by that field."""


class DoesNotFit(RenderError):
    """The leaflet does not fit its layout: more pages than ``max_pages`` (``pages`` says how many)
    or a panel of a fixed-size layout (``pages`` is 0; the message names the panel)."""

    pages: int = 0


class BlockTooTall(DoesNotFit):
    """One block of a leaflet is taller than a whole page (ReportLab's ``LayoutError``); ``text`` is that
    block's plain text, so the caller can name the content item it holds."""

    text: str = ""


class OutputError(HandoutsError):
    """Raised when the file cannot be written: it exists and ``force`` is
    off, or the folder is missing or not writable."""


class MergeConflict(HandoutsError):
    """``handouts merge`` refuses: the same file with different bytes, shards that overlap, folders of
    different content versions, a file in the way. The message holds one line per conflict."""


class ServeError(HandoutsError):
    """``handouts serve`` cannot start as asked: a non-loopback address without a password, a
    password that is too short, a port that cannot be opened."""


class WorkerUnavailable(Exception):
    """A web worker could not make a leaflet: ``reason`` is ``busy`` (no worker free in time),
    ``timeout`` (over the render time limit; the worker is replaced) or ``died`` (replaced too)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class TaskFailed(Exception):
    """A web worker's task raised an unexpected exception (a bug); only its type is kept (handouts.web.pool)."""


class TooManyPages(Exception):
    """A layout attempt needs more pages than allowed; the typesetter tries a smaller size."""


class MissingGlyphs(Exception):
    """No configured font can print the characters ``missing``; the message describes them."""

    def __init__(self, missing: list[str], message: str):
        super().__init__(message)
        self.missing = missing


class TemplateTimeout(Exception):
    """A template ran longer than its time limit (raised inside the rendering thread)."""


class Stopped(BaseException):
    """The run was told to stop by a signal; ``signum`` says which."""

    def __init__(self, signum: int):
        import signal

        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name
