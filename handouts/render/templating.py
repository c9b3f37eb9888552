"""Stage 3: render a layout's Jinja2 template into leaflet markup.

:func:`make_environment` is the one place a Jinja2 environment is made:

- the loader searches the ``--layouts-dir`` folders first and the built-in
  layouts last, so a user layout can replace or extend a built-in one;
- ``StrictUndefined``: a misspelt variable is an error, not an empty string;
- autoescape is on: the template's output is XML-like markup, and every value
  from data or from the user is escaped, so it can never become markup;
- the environment is sandboxed (immutable sandbox), so a template that
  somebody hands a clinic cannot reach Python internals.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from ..errors import LayoutSpecError
from ..load.yamlfile import display_path

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


def make_environment(search_path: list[Path]) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in search_path]),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
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


def render_template(env: ImmutableSandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render one template. Errors name the template file and line."""
    try:
        template = env.get_template(name)
        return template.render(context)
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
