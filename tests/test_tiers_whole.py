"""A warning tier is never split across pages (issue 12): its box moves to the next page whole.

Checked on the drawn page, independent of handouts' code: each tier box has a bar of the tier's own
colour down its left side (``bar_width`` in layout.yaml), drawn on every page the box touches. Read
with pdfplumber, each tier's bar must be on exactly one page, for every audience × language × layout
× paper.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest

from conftest import AUDIENCES, DAY, LANGUAGES
from handouts import BuildRequest, Handouts

APP = Handouts()
COMBINATIONS = [(layout, paper) for layout in APP.catalog()["layouts"] for paper in APP.layout(layout).papers]
TIERS = ("emergency", "call-today", "visit")


def _rgb(hex_color: str) -> tuple[float, float, float]:
    return tuple(int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def tier_bar_pages(pdf: bytes, layout: str) -> dict[str, list[int]]:
    """Tier -> the pages (from 1) on which a bar of its colour and width is drawn."""
    spec = APP.layout(layout)
    found: dict[str, list[int]] = {tier: [] for tier in TIERS}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for rect in page.rects:
                color = rect.get("non_stroking_color")
                if not rect.get("fill") or not color or len(color) != 3:
                    continue
                for tier in TIERS:
                    bar = spec.boxes[f"tier-{tier}"].bar_width if f"tier-{tier}" in spec.boxes else 0
                    close = all(abs(a - b) < 0.01 for a, b in zip(color, _rgb(spec.color(tier))))
                    if close and bar and 0.4 * bar <= rect["width"] <= bar + 0.01 and number not in found[tier]:
                        found[tier].append(number)
    return found


@pytest.mark.parametrize("layout, paper", COMBINATIONS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_tier_box_is_split_across_pages(audience, lang, layout, paper):
    pdf = APP.render(BuildRequest(audience=audience, lang=lang, layout=layout, paper=paper, date=DAY,
                                  patient="Ana María Ruiz-Nguyễn", notes=("Fluid limit: 1 litre a day.",))).pdf
    pages = tier_bar_pages(pdf, layout)
    printed = [tier for tier in TIERS if pages[tier]]
    assert printed, "no tier found: the check would pass for nothing"
    assert {tier: len(p) for tier, p in pages.items() if p} == {tier: 1 for tier in printed}, pages
