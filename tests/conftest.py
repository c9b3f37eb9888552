from __future__ import annotations

import io
import os
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


SITE_CLINIC = REPO / "tests" / "site" / "clinic.yaml"
"""The default clinic of the tests' site: the demo clinic's details, not marked as a sample."""
# Also for fixtures wider than one test, which are set up before _isolated runs.
os.environ["HANDOUTS_CLINIC"] = str(SITE_CLINIC)
os.environ["HANDOUTS_CONFIG"] = str(REPO / "tests" / "site" / "no-config.yaml")


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Every test runs in its own empty folder with no SOURCE_DATE_EPOCH, as a site whose default clinic
    is SITE_CLINIC (HANDOUTS_CLINIC; no config file). Tests of the unconfigured default (the demo
    clinic, a sample) delete the variable or pass --clinic demo."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("HANDOUTS_CLINIC", str(SITE_CLINIC))
    monkeypatch.setenv("HANDOUTS_CONFIG", str(tmp_path / "no-config.yaml"))


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
        request = BuildRequest(audience=audience, **kwargs)
        if request not in cache:
            cache[request] = app.render(request).pdf
        return cache[request]

    return _render


def box_font(path: Path, chars: str, family: str) -> Path:
    """Write a tiny TrueType font (glyf outlines) whose only glyphs are boxes for ``chars``."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box():
        pen = TTGlyphPen(None)
        pen.moveTo((50, -50))
        pen.lineTo((50, 750))
        pen.lineTo((850, 750))
        pen.lineTo((850, -50))
        pen.closePath()
        return pen.glyph()

    names = {ch: f"u{ord(ch):04X}" for ch in chars}
    order = [".notdef", "space", *names.values()]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({0x20: "space", **{ord(ch): glyph for ch, glyph in names.items()}})
    builder.setupGlyf({".notdef": box(), "space": TTGlyphPen(None).glyph(), **{g: box() for g in names.values()}})
    builder.setupHorizontalMetrics({g: (300, 0) if g == "space" else (900, 50) for g in order})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    ps_name = family.replace(" ", "") + "-Regular"
    builder.setupNameTable({"familyName": family, "styleName": "Regular", "psName": ps_name})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200, fsType=0)
    builder.setupPost()
    builder.save(str(path))
    return path


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    """All page text, whitespace folded to single spaces."""
    return " ".join(" ".join(page.extract_text() or "" for page in reader(pdf).pages).split())


@pytest.fixture(scope="session")
def web_server(tmp_path_factory):
    """One real ``handouts serve`` (2 workers, a free port) for the web tests; see tests/webserver.py."""
    import webserver

    server = webserver.start(tmp_path_factory.mktemp("serve"), "--workers", "2")
    yield server
    server.stop()
    leaked = webserver.leaks(server.output(), server.typed)
    assert not leaked, f"the server's output holds what tests typed: {leaked}"
