"""The caches of the layout stage (handouts/pdf/reuse.py) change nothing but the time a leaflet takes.

Every audience x language x layout x paper, with and without patient fields, is rendered by a
``Handouts(cache=False)`` (every leaflet from scratch) and by a ``Handouts(cache=True)`` that has
already rendered leaflets like it (so its caches answer), and the bytes must be the same. Timing is
measured in benchmarks/, never here.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from conftest import SITE_CLINIC
from handouts import BuildRequest, Handouts
from handouts.errors import HandoutsError
from handouts.pdf import reuse

DAY = date(2026, 12, 1)
FULL = {"patient": "Nguyễn Thị Minh Khai", "clinician": "Dr. Lee", "follow_up": "2026-12-05",
        "notes": ("Your fluid limit is 1 litre a day.\nWeigh yourself each morning.",)}
PATIENTS = {"plain": {}, "full": FULL, "name": {"patient": "Zoë O'Brien"}}
"""Patient fields: none; all of them (a name in a fallback font, a clinician, a date, a note of two lines);
another patient with only a name."""


def _bytes(app: Handouts, request: BuildRequest) -> str:
    try:
        return hashlib.sha256(app.render(request).data).hexdigest()
    except HandoutsError as exc:  # a leaflet that does not fit must fail the same way
        return f"{type(exc).__name__}: {exc}"


@pytest.fixture(scope="module")
def apps():
    return Handouts(cache=True), Handouts(cache=False)


def _combinations(app: Handouts, clinic: str, layouts: tuple[str, ...] = ()) -> list[tuple[str, BuildRequest]]:
    catalog = app.catalog()
    out = []
    for audience in catalog["audiences"]:
        for lang in catalog["languages"]:
            for layout in catalog["layout_details"]:
                if layouts and layout["id"] not in layouts:
                    continue
                for paper in layout["papers"]:
                    for name, fields in PATIENTS.items():
                        if name != "plain" and paper not in ("letter", "a4"):
                            continue
                        request = BuildRequest(audience=audience["id"], lang=lang, layout=layout["id"], paper=paper,
                                               clinic=clinic, date=DAY, **fields)
                        out.append((f"{audience['id']}-{lang}-{layout['id']}-{paper}-{name}", request))
    return out


@pytest.mark.parametrize(("clinic", "layouts", "least"), [(str(SITE_CLINIC), (), 250), ("demo", ("handout",), 50)],
                         ids=["site-clinic-every-layout", "sample-clinic-handout"])
def test_the_fast_path_gives_the_bytes_of_the_uncached_path_for_every_combination(apps, clinic, layouts, least):
    """The site's clinic for every layout; the demo clinic (a sample: a mark on every page) for the handout."""
    cached, uncached = apps
    combinations = _combinations(cached, clinic, layouts)
    assert len(combinations) >= least
    for _, request in combinations:  # fill the caches (the first of each kind is mostly misses)
        _bytes(cached, request)
    hits = len(reuse.parsed), len(reuse.broken)
    different = [name for name, request in combinations if _bytes(cached, request) != _bytes(uncached, request)]
    assert not different, f"{len(different)} of {len(combinations)} differ: {different[:10]}"
    assert hits[0] > 100 and hits[1] > 100  # the caches were really used


def test_one_switch_turns_caching_off(monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE", "0")
    assert Handouts().cache is False
    monkeypatch.setenv("HANDOUTS_CACHE", "off")
    assert Handouts().cache is False
    monkeypatch.delenv("HANDOUTS_CACHE")
    assert Handouts().cache is True
    assert Handouts(cache=False).cache is False
    reuse.clear()
    Handouts(cache=False).render(BuildRequest(audience="general", date=DAY))
    assert len(reuse.parsed) == len(reuse.broken) == 0  # off: nothing is kept


def test_the_patients_text_is_never_kept():
    reuse.clear()
    app = Handouts(cache=True)
    for name in ("Ana Ruiz", "Nguyễn Thị Minh Khai"):
        app.render(BuildRequest(audience="general", date=DAY, patient=name, clinician="Dr. Okafor",
                                notes=("Weigh yourself each morning.",)))
    kept = repr([key for key in reuse.parsed._data]) + repr([key for key in reuse.broken._data])
    for text in ("Ana Ruiz", "Nguy", "Okafor", "Weigh yourself"):
        assert text not in kept
    assert len(reuse.parsed) > 50


def test_the_caches_are_bounded():
    cache = reuse.Bounded(3)
    for n in range(10):
        cache.put(n, str(n))
    assert len(cache) == 3 and cache.get(9) == "9" and cache.get(0) is None
    assert cache.get(7) == "7"  # used: kept over 8
    cache.put(10, "10")
    assert cache.get(8) is None and cache.get(7) == "7"
