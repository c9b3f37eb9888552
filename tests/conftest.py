from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from handouts import BuildRequest, Handouts
from handouts.cli import main

REPO = Path(__file__).resolve().parent.parent
AUDIENCES = ["general", "pregnancy", "athletes", "dialysis", "older-adults", "medicines", "cirrhosis"]
LANGUAGES = ["en", "es"]
PAPERS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
DAY = date(2026, 11, 21)
BAD_INPUT_MESSAGES: pytest.StashKey[list[tuple[str, int, str]]] = pytest.StashKey()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Show every bad-input case's message at the end of the run, so a reader can judge them."""
    shown = config.stash.get(BAD_INPUT_MESSAGES, [])
    if not shown:
        return
    terminalreporter.section(f"bad-input cases: {len(shown)} messages")
    for name, code, stderr in sorted(shown):
        lines = stderr.strip().splitlines() or ["(no message)"]
        terminalreporter.write_line(f"{name} (exit {code}): {lines[0]}")
        for line in lines[1:]:
            terminalreporter.write_line(f"    {line}")


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Every test runs in its own empty folder with no SOURCE_DATE_EPOCH."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def run():
    """Run the command in-process: ``run("build", "general", ...)``; arguments may be paths or numbers."""
    def _run(*args):
        return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)

    return _run


@pytest.fixture(scope="session")
def app() -> Handouts:
    return Handouts()


@pytest.fixture(scope="session")
def render(app):
    """Render a leaflet (cached per request) and return its PDF bytes."""
    cache: dict[BuildRequest, bytes] = {}

    def _render(audience: str, **kwargs) -> bytes:
        kwargs.setdefault("date", DAY)
        request = BuildRequest(audience, **kwargs)
        if request not in cache:
            cache[request] = app.render(request).pdf
        return cache[request]

    return _render


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    """All page text, whitespace folded to single spaces."""
    return " ".join(" ".join(page.extract_text() or "" for page in reader(pdf).pages).split())
