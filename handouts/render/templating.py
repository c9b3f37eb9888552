"""Stage 3: render a layout's Jinja2 template into leaflet markup.

:func:`make_environment` is the one place a Jinja2 environment is made:

- the loader searches the ``--layouts-dir`` folders first and the built-in
  layouts last, so a user layout can replace or extend a built-in one;
- ``StrictUndefined``: a misspelt variable is an error, not an empty string;
- autoescape is on: the template's output is XML-like markup, and every value
  from data or from the user is escaped, so it can never become markup;
- the environment is sandboxed (immutable sandbox), so a template that
  somebody hands a clinic cannot reach Python internals;
- and bounded (:func:`render_template`): a template runs at most
  ``MAX_SECONDS`` (nested ``range`` loops would run for ever) and writes at
  most ``MAX_OUTPUT`` characters; ``*`` and ``**`` and calls and filters
  refuse numbers (repeat counts, widths) over ``MAX_ITEMS``, so no single
  step allocates gigabytes; a template file is at most ``MAX_TEMPLATE_BYTES``
  and a regular file. The error names the template and line.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import re
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from ..errors import LayoutSpecError, TemplateTimeout
from ..load.files import regular_problem
from ..load.yamlfile import display_path
from .precompiled import KeptTemplates

MAX_SECONDS = 5.0
"""The longest a template may run (the built-in ones take a few milliseconds)."""
MAX_OUTPUT = 5_000_000
"""The most characters a template may write (a leaflet's markup is about 30,000)."""
MAX_ITEMS = 100_000
"""The largest number a template may pass to ``*``, ``**``, a call or a filter (a repeat count, a width):
Jinja2's own limit for ``range``."""
MAX_TEMPLATE_BYTES = 1_000_000
_WIDE = re.compile(r"[0-9]{6,}")
"""A run of six or more digits in a format string: a width or precision over MAX_ITEMS."""

_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def inline(text: str) -> Markup:
    """Escape content text, then turn ``**bold**`` into ``<b>bold</b>``."""
    return Markup(_BOLD_RE.sub(r"<b>\1</b>", str(escape(text))))


def lines(text: str) -> Markup:
    """Escape text and keep its line breaks as ``<br/>`` (patient notes, addresses)."""
    return Markup("<br/>".join(str(escape(line)) for line in str(text).split("\n")))


def page_fields(text: str) -> Markup:
    """Escape a string such as ``Page {page} of {pages}`` and put in page-number tags."""
    escaped = str(escape(text))
    return Markup(escaped.replace("{page}", "<pageno/>").replace("{pages}", "<pagecount/>"))


def tel(number: str) -> str:
    """A ``tel:`` address for a phone number as printed: ``(555) 010-2000`` -> ``tel:5550102000``,
    ``+44 20 7946 0000`` -> ``tel:+442079460000`` (RFC 3966: digits, a leading ``+`` kept)."""
    text = str(number).strip()
    return "tel:" + ("+" if text.startswith("+") else "") + "".join(ch for ch in text if ch.isascii() and ch.isdigit())


def link_number(text: str, number: str) -> Markup:
    """Escaped ``text`` (or markup from ``|inline``) with each whole-word ``number`` made a ``tel:`` link:
    "Call 112 now" -> ``Call <a href="tel:112">112</a> now`` (web pages only)."""
    escaped = str(escape(text))
    if not number:
        return Markup(escaped)
    pattern = re.compile(rf"(?<![\w/=]){re.escape(str(escape(number)))}(?!\w)")
    return Markup(pattern.sub(lambda m: f'<a href="{tel(number)}">{m.group(0)}</a>', escaped))


def _refuse_big(values: Any, form: object = None) -> None:
    """Raise :class:`SecurityError` if a number among ``values`` is over MAX_ITEMS, or the format string
    ``form`` asks for a width or precision over it."""
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ITEMS:
            raise SecurityError(f"the number {value if abs(value) < 10 ** 30 else 'given'} is over {MAX_ITEMS:,}, "
                                "the largest a template may use for a count or a width")
    if isinstance(form, str) and _WIDE.search(form):
        raise SecurityError(f"a format with a width or precision over {MAX_ITEMS:,}")


class _Loader(FileSystemLoader):
    """A template file must be a regular file of at most MAX_TEMPLATE_BYTES (checked before it is read)."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            problem = regular_problem(filename)
            if not problem and os.path.getsize(filename) > MAX_TEMPLATE_BYTES:
                raise TemplateSyntaxError(f"the template file is over {MAX_TEMPLATE_BYTES:,} bytes", 1, template,
                                          filename)
            if not problem:
                break
        else:
            raise TemplateNotFound(template)
        return super().get_source(environment, template)


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with ``*`` and ``**``, calls and ``str.format`` refusing numbers over MAX_ITEMS."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        sizes = [n for n in (left, right) if isinstance(n, int) and not isinstance(n, bool)]
        if operator == "%" and isinstance(left, str):  # "%999999999s" % x
            _refuse_big([], form=left)
        if operator == "**" and len(sizes) == 2 and abs(left) > 1 and abs(right) > 256:
            raise SecurityError(f"{left} ** {right} is too large a number")
        if operator == "*" and any(isinstance(x, (str, list, tuple)) for x in (left, right)):
            count = len(left if not isinstance(left, int) else right) * (left if isinstance(left, int) else right)
            if count > MAX_ITEMS * 10:
                raise SecurityError(f"repeating that would make {count:,} items; at most {MAX_ITEMS * 10:,}")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        method = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        form = method.__self__ if getattr(method, "__name__", "") in ("format", "format_map") else None
        _refuse_big([*args, *kwargs.values()], form=getattr(form, "__self__", form) if form is not None else None)
        return super().call(__context, __obj, *args, **kwargs)


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _refuse_big([*args, *kwargs.values()], form=args[0] if name == "format" and args else None)
        return function(*args, **kwargs)

    return bounded


def make_environment(search_path: list[Path], precompiled: bool = True) -> ImmutableSandboxedEnvironment:
    """The environment for templates in the folders of ``search_path`` (first found wins). ``precompiled``:
    a built-in template is not compiled again if its kept code matches it (:mod:`.precompiled`)."""
    env = _BoundedSandbox(
        loader=_Loader([str(p) for p in search_path]),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        bytecode_cache=KeptTemplates() if precompiled else None,
    )
    for name, function in list(env.filters.items()):  # center(10**9), format("%999999999s"): refused
        env.filters[name] = _bounded_filter(name, function)
    env.filters["inline"] = inline
    env.filters["page_fields"] = page_fields
    env.filters["lines"] = lines
    env.filters["tel"] = tel
    env.filters["link_number"] = link_number
    return env


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost traceback frame that is in a template file (Jinja rewrites them)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and frame.filename.endswith((".j2", ".jinja", ".xml")):
            return frame.filename, frame.lineno or 0
    return None


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TemplateTimeout` in this thread if it is still inside after ``seconds`` (any thread: the
    exception is set on it asynchronously, between two steps of Python code)."""
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"inside": True, "fired": False}
    def fire() -> None:
        with lock:
            if state["inside"]:
                state["fired"] = True
                _set_async_exc(ctypes.c_ulong(target), ctypes.py_object(TemplateTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["inside"] = False
        timer.cancel()
        if state["fired"]:  # perhaps not raised yet (it came as the template ended): take it back
            _set_async_exc(ctypes.c_ulong(target), ctypes.py_object())  # NULL clears


def _bounded_render(template: Any, context: dict[str, Any]) -> str:
    parts, size = [], 0
    with _time_limit(MAX_SECONDS):
        for part in template.generate(context):
            size += len(part)
            if size > MAX_OUTPUT:
                raise SecurityError(f"the template wrote over {MAX_OUTPUT:,} characters")
            parts.append(part)
    return "".join(parts)


def render_template(env: ImmutableSandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render one template, within the limits (the module's docstring). Errors name the template file and line."""
    try:
        template = env.get_template(name)
        return _bounded_render(template, context)
    except TemplateTimeout as exc:
        frame = _template_frame(exc)
        where = f"{display_path(Path(frame[0]))}:{frame[1]}" if frame else name
        raise LayoutSpecError(f"{where}: the template ran for over {MAX_SECONDS:g} s and was stopped (a loop "
                              "that does not end, or far too much work)") from exc
    except TemplateSyntaxError as exc:
        where = display_path(Path(exc.filename)) if exc.filename else name
        raise LayoutSpecError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from exc
    except SecurityError as exc:
        frame = _template_frame(exc)
        where = f"{display_path(Path(frame[0]))}:{frame[1]}" if frame else name
        raise LayoutSpecError(f"{where}: template refused by the sandbox: {exc}") from exc
    except TemplateError as exc:
        frame = _template_frame(exc)
        where = f"{display_path(Path(frame[0]))}:{frame[1]}" if frame else name
        raise LayoutSpecError(f"{where}: template error: {exc.message or exc}") from exc
    except Exception as exc:  # e.g. TypeError from a filter: still the template's fault
        frame = _template_frame(exc)
        where = f"{display_path(Path(frame[0]))}:{frame[1]}" if frame else name
        raise LayoutSpecError(f"{where}: template error: {type(exc).__name__}: {exc}") from exc
