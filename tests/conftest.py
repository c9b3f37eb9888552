from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest

from handouts import BuildRequest, Handouts

REPO = Path(__file__).resolve().parent.parent
AUDIENCES = ["general", "pregnancy", "athletes", "dialysis", "older-adults", "medicines", "cirrhosis"]
LANGUAGES = ["en", "es"]
PAPERS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
DAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Every test runs in its own empty folder with no SOURCE_DATE_EPOCH."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


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
