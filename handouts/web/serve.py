"""``handouts serve``: check the options, start the workers, serve the app with waitress.

Loopback (``127.0.0.1``, the default) is reachable only from this computer.
Any other address needs a shared password (``--password-file FILE``, or the
``HANDOUTS_PASSWORD`` environment variable; at least 8 characters), which
every request must carry (HTTP Basic); the start-up lines say the page is
reachable from the network, and that the connection is not encrypted.

waitress keeps request and response bodies in memory (its overflow-to-file
thresholds are raised above the largest request and response), so nothing
a user sends or gets is written to a temporary file.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import socket
import sys
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..request import default_clinic
from ..errors import ServeError
from . import tasks
from .batch import MAX_UPLOAD

RENDER_LIMIT = 30.0
"""Seconds one leaflet or preview may take in a worker before the worker is stopped and replaced."""
QUEUE_WAIT = 30.0
"""Seconds a request waits for a free worker before the page says the server is busy."""
MIN_PASSWORD = 8
PASSWORD_ENV = "HANDOUTS_PASSWORD"


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    clinic: str | None = None
    data_dirs: tuple[Path, ...] = ()
    layouts_dirs: tuple[Path, ...] = ()
    workers: int = 1
    open_browser: bool = False
    password_file: Path | None = None


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_password(options: ServeOptions) -> str | None:
    """The shared password, if one was given. Raises :class:`ServeError` for an unusable one."""
    if options.password_file is not None:
        try:
            text = options.password_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ServeError(f"--password-file: cannot read {options.password_file}: {exc}") from exc
        password = text.strip("\r\n")
        where = "--password-file"
    elif os.environ.get(PASSWORD_ENV):
        password, where = os.environ[PASSWORD_ENV], PASSWORD_ENV
    else:
        return None
    if len(password) < MIN_PASSWORD:
        raise ServeError(f"{where}: the password has {len(password)} characters; use at least {MIN_PASSWORD}")
    return password


def check_options(options: ServeOptions) -> tuple[str, str | None]:
    """The address to bind and the password. Raises :class:`ServeError` (exit 2, one line)."""
    host = "127.0.0.1" if options.host.lower() == "localhost" else options.host.strip("[]")
    password = read_password(options)
    if not is_loopback(host) and password is None:
        raise ServeError(f"--host {options.host}: other computers could reach this page and the patient names "
                         f"typed into it; give a shared password with --password-file FILE or the {PASSWORD_ENV} "
                         "environment variable (see README, 'handouts serve'), or keep the default 127.0.0.1")
    return host, password


def _configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    web = logging.getLogger("handouts.web")
    web.handlers[:] = [handler]
    web.setLevel(logging.INFO)
    web.propagate = False
    waitress = logging.getLogger("waitress")
    waitress.handlers[:] = [handler]
    waitress.setLevel(logging.WARNING)
    waitress.propagate = False


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def start_lines(url: str, host: str, port: int, loopback: bool) -> list[str]:
    """What the server says when it is ready: where the page is and who can reach it."""
    lines = [f"handouts serve: the leaflet page is at {url}"]
    if loopback:
        lines.append("  Only this computer can open it. Stop the server with Ctrl+C.")
    else:
        lines.append(f"  Listening on {host}:{port}: other computers on the network can open it, with the password.")
        lines.append("  The connection is not encrypted: use it only on the clinic's own network. Stop with Ctrl+C.")
    return lines


def serve(options: ServeOptions, say: Callable[[str], None] = print) -> None:
    """Run the server until Ctrl+C (or SIGTERM). Raises :class:`ServeError` or
    :class:`~handouts.errors.HandoutsError` (broken content) before it starts serving."""
    from waitress import create_server

    from .app import create_app
    from .pool import WorkerPool
    from .site import make_site

    host, password = check_options(options)
    clinic = options.clinic or default_clinic()[0]  # else the site's default (HANDOUTS_CLINIC, config file)
    if clinic and Path(clinic).suffix.lower() in (".yaml", ".yml") and Path(clinic).is_file():
        clinic = str(Path(clinic).resolve())
    _configure_logging()
    say(f"handouts serve: starting {options.workers} worker(s)...")
    pool = WorkerPool(options.workers, tasks.init,
                      ([str(p) for p in options.data_dirs], [str(p) for p in options.layouts_dirs]),
                      limit=RENDER_LIMIT, wait=QUEUE_WAIT)
    try:
        site = make_site(pool.run(tasks.catalog, clinic, limit=120), clinic)
        loopback = is_loopback(host)
        hosts: set[str] = set()
        app = create_app(site, pool, allowed_hosts=hosts if loopback else None, password=password)
        try:
            server = create_server(app, host=host, port=options.port, threads=max(8, 4 * options.workers),
                                   ident="handouts", max_request_body_size=2 * MAX_UPLOAD + 65536,
                                   inbuf_overflow=4 * MAX_UPLOAD, outbuf_overflow=1 << 30,
                                   channel_timeout=120, connection_limit=100, clear_untrusted_proxy_headers=True)
        except OSError as exc:
            raise ServeError(f"--port {options.port}: cannot listen on {host}:{options.port} ({exc.strerror}); "
                             "choose another port with --port") from exc
        port = int(getattr(server, "effective_port", options.port))
        names = {"127.0.0.1", "localhost", "[::1]", f"[{host}]" if ":" in host else host}
        hosts.update({f"{name}:{port}" for name in names} | ({*names} if port == 80 else set()))
        unspecified = host in ("0.0.0.0", "::")
        url = _url(socket.gethostname() if unspecified else host, port)
        for notice in site.notices:
            say(f"Note: {notice}")
        for line in start_lines(url, host, port, loopback):
            say(line)
        sys.stdout.flush()
        if options.open_browser:
            threading.Timer(0.5, webbrowser.open, args=(url,)).start()

        def stop(_signum: int, _frame: object) -> None:
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.close()
        say("handouts serve: stopped.")
    finally:
        pool.close()
