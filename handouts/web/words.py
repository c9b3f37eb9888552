"""The web page's own words, per page language: ``handouts/web/words/<lang>.yaml``.

Each file has the same keys (``en.yaml`` is the reference; a test checks the
others). Layouts and papers without words of their own (from a
``--layouts-dir``) show their ``layout.yaml`` name, description and id.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

FOLDER = Path(__file__).resolve().parent / "words"
DEFAULT = "en"


@cache
def all_words() -> Mapping[str, Mapping[str, Any]]:
    """Every page language's words, by language code."""
    found = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        words = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[words["id"]] = words
    return found


def words(lang: str) -> Mapping[str, Any]:
    """The words for page language ``lang`` (English if there are none)."""
    known = all_words()
    return known.get(lang, known[DEFAULT])


def page_language(asked: str | None, accept: list[str]) -> str:
    """The page language: ``asked`` (``?ui=``) if known, else the first known of the browser's
    ``Accept-Language`` preferences, else English."""
    known = all_words()
    if asked is not None and asked in known:
        return asked
    for tag in accept:
        base = tag.split("-")[0].lower()
        if base in known:
            return base
    return DEFAULT


def keys(value: object, prefix: str = "") -> set[str]:
    """Every dotted key of a words mapping (``form.patient``, ...)."""
    if isinstance(value, Mapping):
        return {k for key, sub in value.items() for k in keys(sub, f"{prefix}{key}.")}
    return {prefix.rstrip(".")}
