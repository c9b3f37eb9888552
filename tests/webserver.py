"""A real ``handouts serve`` for the tests: started as a subprocess (waitress, a free port), its output kept.

The server runs in an empty folder with ``TMPDIR`` pointing at another empty
folder, so a test can check that nothing was written to disk. Every patient
name, clinician and note a test sends is recorded in :attr:`Server.typed`;
the last browser test greps the server's output for them.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
URL_RE = re.compile(r"the leaflet page is at (http://\S+)")
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path
    cwd: Path
    tmp: Path
    typed: list[str] = field(default_factory=list)

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return urllib.parse.urlsplit(self.url).port or 80

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "handouts.cli", "serve", *args]


def environment(tmp: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    env.update({"TMPDIR": str(tmp), "TEMP": str(tmp), "TMP": str(tmp), "PYTHONUNBUFFERED": "1"})
    env.pop("HANDOUTS_PASSWORD", None)
    env.update(extra or {})
    return env


def start(folder: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> Server:
    """Start ``handouts serve --port 0 ARGS`` in ``folder/cwd``; wait until it prints its address."""
    cwd, tmp = folder / "cwd", folder / "tmp"
    cwd.mkdir(parents=True, exist_ok=True)
    tmp.mkdir(parents=True, exist_ok=True)
    log = folder / "server.log"
    handle = log.open("wb")
    process = subprocess.Popen(command("--port", "0", *args), cwd=cwd, stdout=handle, stderr=subprocess.STDOUT,
                               env=environment(tmp, env))
    handle.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = URL_RE.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return Server(process, found.group(1), log, cwd, tmp)
        if process.poll() is not None:
            raise RuntimeError(f"handouts serve exited with {process.returncode}:\n{log.read_text()}")
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"handouts serve did not start in {timeout:.0f} s:\n{log.read_text()}")


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> dict:
        return json.loads(self.body)


class Client:
    """A small HTTP client with one cookie jar (the CSRF cookie) and the form's token."""

    def __init__(self, server: Server, auth: tuple[str, str] | None = None):
        self.server = server
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.auth = auth

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                cookies: bool = True) -> Reply:
        connection = http.client.HTTPConnection(self.server.host, self.server.port, timeout=120)
        sent = dict(headers or {})
        if cookies and self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.auth:
            import base64

            sent["Authorization"] = "Basic " + base64.b64encode(":".join(self.auth).encode()).decode()
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        reply = Reply(response.status, response.headers, response.read())
        connection.close()
        for line in reply.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(line)
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value
        return reply

    def get(self, path: str = "/", **kwargs) -> Reply:
        reply = self.request("GET", path, **kwargs)
        found = TOKEN_RE.search(reply.text)
        if found:
            self.token = found.group(1)
        return reply

    def post(self, path: str, fields: list[tuple[str, str]] | dict[str, str], token: bool = True,
             headers: dict[str, str] | None = None, cookies: bool = True) -> Reply:
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if token:
            if not self.token:
                self.get("/")
            pairs.append(("csrf_token", self.token))
        for name, value in pairs:
            if name in ("patient", "clinician", "note") and value:
                self.server.typed.append(value)
        body = urllib.parse.urlencode(pairs).encode()
        sent = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body, sent, cookies=cookies)

    def upload(self, path: str, name: str, data: bytes, extra: dict[str, str] | None = None) -> Reply:
        if not self.token:
            self.get("/")
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in {"csrf_token": self.token, **(extra or {})}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="manifest"; filename="{name}"\r\n'
                     "Content-Type: text/csv\r\n\r\n".encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts),
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def leaks(output: str, typed: set[str] | list[str]) -> list[str]:
    """What of ``typed`` (each text, and each of its words of 5 letters or more) appears in ``output``."""
    found = []
    for text in typed:
        for part in {text, *[word for word in text.split() if len(word) >= 5]}:
            if part in output:
                found.append(part)
    return sorted(set(found))


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
