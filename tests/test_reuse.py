"""The caches of the layout stage (handouts/pdf/reuse.py) change nothing but the time a leaflet takes.

Every audience x language x layout x paper, with and without patient fields, and every audience x
language as a web page, is rendered by a ``Handouts(cache=False)`` (every leaflet from scratch) and by a
``Handouts(cache=True)`` that has already rendered all of them once, in the same order (so its caches
answer, and hold what the leaflet before it left there: another patient, another layout), and the bytes
must be the same. Then what the keys must tell apart: another layout folder or data folder with the same
ids, extra fonts, a logo replaced on disk while the process runs. Timing is measured in benchmarks/.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import date

import pytest
import yaml

from conftest import REPO, SITE_CLINIC, box_font
from handouts import BuildRequest, Handouts
from handouts.errors import HandoutsError
from handouts.pdf import reuse

DAY = date(2026, 12, 1)
FULL = {"patient": "Nguyễn Thị Minh Khai", "clinician": "Dr. Lee", "follow_up": "2026-12-05",
        "notes": ("Your fluid limit is 1 litre a day.\nWeigh yourself each morning.",)}
PATIENTS = {"plain": {}, "full": FULL, "name": {"patient": "Zoë O'Brien"},
            "notes": {"follow_up": "2027-01-10", "notes": ("Stretch your calves before bed.",
                                                           "Call us if cramps wake you twice in a week.")}}
"""Patient fields: none; all of them (a name in a fallback font, a clinician, a date, a note of two lines);
another patient with only a name; a third with only a follow-up date and two other notes."""


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
            for name, fields in PATIENTS.items():
                request = BuildRequest(audience=audience["id"], lang=lang, format="html", clinic=clinic, date=DAY,
                                       **fields)
                out.append((f"{audience['id']}-{lang}-html-{name}", request))
    return out


@pytest.mark.parametrize(("clinic", "layouts", "least"), [(str(SITE_CLINIC), (), 7 * 2 * (4 * 4 + 4)),
                                                           ("demo", ("handout",), 7 * 2 * 4 * 2)],
                         ids=["site-clinic-every-layout", "sample-clinic-handout"])
def test_the_fast_path_gives_the_bytes_of_the_uncached_path_for_every_combination(apps, clinic, layouts, least):
    """The site's clinic for every layout and paper (7 audiences x 2 languages x (4 layouts x letter and A4,
    each with 4 patients, + other papers + the web page) ); the demo clinic (a sample: a mark on every
    page) for the handout."""
    cached, uncached = apps
    combinations = _combinations(cached, clinic, layouts)
    assert len(combinations) >= least
    assert {r.layout for _, r in combinations if r.format == "pdf"} >= set(layouts or ("handout", "large-print",
                                                                                          "trifold", "card"))
    for _, request in combinations:  # fill the caches (the first of each kind is mostly misses)
        _bytes(cached, request)
    before = reuse.parsed.hits, reuse.broken.hits
    different = [name for name, request in combinations if _bytes(cached, request) != _bytes(uncached, request)]
    assert not different, f"{len(different)} of {len(combinations)} differ: {different[:10]}"
    hits = reuse.parsed.hits - before[0], reuse.broken.hits - before[1]
    assert hits[0] > 50 * len(combinations) // 2 and hits[1] > 50 * len(combinations) // 2, hits  # really used


def _same_both_ways(cached: Handouts, data_dirs=(), layouts_dirs=(), **fields) -> str:
    """The leaflet's SHA-256 from the warm ``cached`` app, checked against a fresh uncached app's."""
    request = BuildRequest(audience="general", date=DAY, **fields)
    fast = _bytes(cached, request)
    assert fast == _bytes(Handouts(data_dirs, layouts_dirs, cache=False), request)
    assert len(fast) == 64, fast  # a leaflet, not an error
    return fast


def test_another_layout_folder_or_data_folder_with_the_same_ids_is_not_served_from_the_cache(tmp_path):
    """Leaflets of the built-in handout layout and content, then a layout folder whose ``handout`` has another
    title size, then a data folder whose general leaflet has another subtitle: every one as if uncached."""
    layouts = tmp_path / "layouts"
    shutil.copytree(REPO / "layouts" / "handout", layouts / "handout")
    spec = layouts / "handout" / "layout.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "size: 26, leading: 30" in text
    spec.write_text(text.replace("size: 26, leading: 30", "size: 24, leading: 28"), encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    audience = data / "audiences" / "general.yaml"
    text = audience.read_text(encoding="utf-8")
    assert 'en: "For adults with leg cramps"' in text
    audience.write_text(text.replace('en: "For adults with leg cramps"', 'en: "For adults with cramps"'),
                        encoding="utf-8")

    reuse.clear()
    builtin = _same_both_ways(Handouts(cache=True), **FULL)
    again = _same_both_ways(Handouts(cache=True), **FULL)
    other_layout = _same_both_ways(Handouts(layouts_dirs=[layouts], cache=True), layouts_dirs=[layouts], **FULL)
    other_data = _same_both_ways(Handouts(data_dirs=[data], cache=True), data_dirs=[data], **FULL)
    assert builtin == again
    assert len({builtin, other_layout, other_data}) == 3  # the changes show, so the check above means something


def test_extra_fonts_are_in_the_key(tmp_path):
    """A patient's name in letters only a ``--font`` file has, with two different such files, between
    leaflets without them: each as if uncached."""
    name = "ნინო ბერიძე"  # Georgian: in neither the layout's fonts nor its fallback
    one = box_font(tmp_path / "one.ttf", "ნინობერიძე", "Box One")
    two = box_font(tmp_path / "two.ttf", "ნინობერიძეა", "Box Two")
    reuse.clear()
    app = Handouts(cache=True)
    plain = _same_both_ways(app, patient="Ana Ruiz")
    with_one = _same_both_ways(app, patient=name, fonts=(one,))
    with_two = _same_both_ways(app, patient=name, fonts=(two,))
    assert len({plain, with_one, with_two}) == 3
    assert _same_both_ways(app, patient=name, fonts=(one,)) == with_one


def test_a_logo_replaced_while_the_process_runs_is_read_again(tmp_path):
    """A long-running process (``handouts serve`` keeps one ``Handouts`` per worker) renders a clinic's
    PDF and web page, the logo file is replaced, and the next leaflets show the new logo: the same bytes
    as a fresh uncached process gives, not the old ones."""
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), (200, 30, 30)).save(logo)
    clinic = tmp_path / "clinic.yaml"
    fields = yaml.safe_load(SITE_CLINIC.read_text(encoding="utf-8"))
    fields["logo"] = "logo.png"
    clinic.write_text(yaml.safe_dump(fields), encoding="utf-8")
    reuse.clear()
    app = Handouts(cache=True)
    old = [_same_both_ways(app, clinic=str(clinic), format=f) for f in ("pdf", "html")]
    stat = logo.stat()
    Image.new("RGB", (40, 24), (30, 30, 200)).save(logo)
    os.utime(logo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    new = [_same_both_ways(app, clinic=str(clinic), format=f) for f in ("pdf", "html")]
    assert old[0] != new[0] and old[1] != new[1]


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
                                follow_up="2026-12-05", notes=("Weigh yourself each morning.",)))
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
    assert cache.hits == 3
