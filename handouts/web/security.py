"""What keeps the web app private and safe, in one place.

- Every response: ``X-Content-Type-Options: nosniff``, ``X-Frame-Options:
  DENY``, ``Referrer-Policy: no-referrer``, and ``Cache-Control: no-store``
  (pages echo what was typed; leaflets and previews hold patient names). The
  static CSS and script are the only files a browser may keep.
- Pages carry a strict Content-Security-Policy: nothing from other hosts, no
  inline script (the one script is allowed by a nonce made per response), no
  inline style, ``frame-ancestors 'none'``. A downloaded web page (the HTML
  twin) gets its own: no script at all, its one inline stylesheet allowed by
  its hash, pictures only from ``data:``.
- On loopback, the ``Host`` header must name the loopback address (a page on
  another site cannot reach the server through DNS rebinding).
- With a password (required off loopback), every request needs it (HTTP Basic
  authentication; any user name).
- Uploads and form fields stay in memory: :class:`MemoryRequest` never spools
  a file to disk, and the request size limits are small.
- The access log line has the client, method, route pattern (never the path
  as sent, never a query string), status, size and time; nothing else about a
  request is logged, and an unexpected error logs its type and frames only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import logging
import re
import secrets
import time
import traceback
from typing import IO

from flask import Flask, Request, Response, g, request

ACCESS = logging.getLogger("handouts.web.access")
ERRORS = logging.getLogger("handouts.web.errors")
STYLE_RE = re.compile(r"<style>(.*?)</style>", re.S)
NONE = "'none'"


class MemoryRequest(Request):
    """A request whose uploaded files stay in memory (Werkzeug would spool a large one to a temporary file)."""

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None, content_length: int | None = None) -> IO[bytes]:
        return io.BytesIO()


def page_csp(nonce: str) -> str:
    return ("default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def leaflet_page_csp(html: bytes) -> str:
    """The HTML twin's policy: its own inline stylesheet (by hash), ``data:`` pictures, nothing else."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode()
                      + "'" for m in STYLE_RE.finditer(html.decode("utf-8", "replace")))
    return (f"default-src 'none'; style-src {hashes or NONE}; img-src data:; "
            "form-action 'none'; base-uri 'none'; frame-ancestors 'none'")


def nonce() -> str:
    """This response's script nonce."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return str(g.csp_nonce)


def install(app: Flask, *, allowed_hosts: set[str] | None, password: str | None) -> None:
    """Add the checks and headers to ``app``. Call before anything that reads the form (CSRF)."""

    @app.before_request
    def _guard() -> Response | None:
        g.started = time.perf_counter()
        if allowed_hosts is not None and request.host.lower() not in allowed_hosts:
            return Response("Unknown host: open this page at the address the server printed.\n", 400,
                            mimetype="text/plain")
        if password is not None:
            given = request.authorization.password if request.authorization else None
            if given is None or not hmac.compare_digest(given.encode("utf-8"), password.encode("utf-8")):
                return Response("This page needs the password given by the person who runs it.\n", 401,
                                {"WWW-Authenticate": 'Basic realm="handouts", charset="UTF-8"'},
                                mimetype="text/plain")
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if request.endpoint != "static":
            headers["Cache-Control"] = "no-store"
        if "Content-Security-Policy" not in headers:
            headers["Content-Security-Policy"] = page_csp(nonce())
        _access(response)
        return response


def _access(response: Response) -> None:
    rule = request.url_rule.rule if request.url_rule is not None else "-"
    started = g.get("started")
    took = f"{(time.perf_counter() - started) * 1000:.0f} ms" if started else "-"
    size = response.calculate_content_length()
    ACCESS.info("%s %s %s %s %s %s", request.remote_addr or "-", request.method, rule, response.status_code,
                size if size is not None else "-", took)


def log_exception(exc: BaseException) -> None:
    """An unexpected error: its type and traceback frames, never its message or the request's values."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    ERRORS.error("%s on %s %s (message withheld)\n%s", type(exc).__name__, request.method,
                 request.url_rule.rule if request.url_rule is not None else "-", frames.rstrip())
