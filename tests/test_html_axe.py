"""The HTML twin in a real browser: axe-core finds no accessibility violations, and the page reflows at 200 %.

Debian's ``chromium`` and ``chromium-driver`` run headless through Selenium,
with explicit paths, so Selenium Manager never downloads anything. axe-core
(4.9.1 in selenium-axe-python 2.2.0, MPL-2.0) is read from that package and
injected into each page; nothing is fetched. One browser serves every page.
Without the browser the tests are skipped, unless ``HANDOUTS_REQUIRE_BROWSER``
is set (``.ci/run`` sets it after installing the browser), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import DAY, REPO

from handouts import BuildRequest, Handouts

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
NOTES = ("Your fluid limit is 1 litre a day.\nWeigh yourself each morning.",
         "Ask about your dialysis plan <b>before</b> you change it & call us.")

# Every audience, both languages, with and without patient fields and logo.
PAGES = {
    "general-en": {"audience": "general"},
    "general-es-patient": {"audience": "general", "lang": "es", "patient": "Ana Ruiz", "clinician": "Dra. Lee",
                           "follow_up": "2026-12-05", "notes": NOTES},
    "pregnancy-en-no-logo": {"audience": "pregnancy", "clinic": "bare"},
    "athletes-es-svg-logo": {"audience": "athletes", "lang": "es", "clinic": "svg"},
    "dialysis-en-patient": {"audience": "dialysis", "patient": "Nguyễn Thị Minh Khai", "notes": NOTES},
    "older-adults-es": {"audience": "older-adults", "lang": "es"},
    "medicines-en-light-brand": {"audience": "medicines", "clinic": "light", "follow_up": "in 2 weeks"},
    "cirrhosis-es": {"audience": "cirrhosis", "lang": "es"},
}
LONG_WORDS = {"audience": "general", "patient": "Maximiliana-Wolfeschlegelsteinhausenbergerdorff",
              "notes": ("Pneumonoultramicroscopicsilicovolcanoconiosis " * 3, "https://example.org/" + "a" * 80)}


def _clinics(folder: Path) -> dict[str, str]:
    """Clinic files: none of the optional fields; an SVG logo; a light brand colour (darkened for text)."""
    (folder / "logo.svg").write_bytes((REPO / "data" / "clinics" / "demo-logo.svg").read_bytes())
    profiles = {
        "bare": {"name": "Lakeside Health", "phone": "(555) 010-3000"},
        "svg": {"name": "Clínica del Lago", "phone": "(555) 010-4000", "logo": "logo.svg",
                "website": "https://example.org/calambres", "color": "#2a7d4f"},
        "light": {"name": "Sunny Clinic", "phone": "(555) 010-5000", "color": "#ffcc00",
                  "after_hours_phone": "(555) 010-5999", "address": "1 Bright Road"},
    }
    paths = {}
    for name, fields in profiles.items():
        path = folder / f"{name}.yaml"
        path.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in fields.items()), encoding="utf-8")
        paths[name] = str(path)
    return paths


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    clinics = _clinics(folder)
    app = Handouts()
    written = {}
    for name, fields in {**PAGES, "long-words": LONG_WORDS}.items():
        fields = dict(fields)
        if "clinic" in fields:
            fields["clinic"] = clinics[fields["clinic"]]
        request = BuildRequest(date=DAY, format="html", **fields)
        written[name] = app.build(request, folder / f"{name}.html")
    return written


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        reason = "no Chromium/chromedriver: install Debian chromium and chromium-driver to run the axe-core check"
        if os.environ.get("HANDOUTS_REQUIRE_BROWSER"):
            pytest.fail(f"{reason} (missing: {', '.join(missing)}; HANDOUTS_REQUIRE_BROWSER is set)")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def axe_source() -> str:
    import selenium_axe_python

    script = Path(selenium_axe_python.__file__).parent / "axe-core" / "axe.min.js"
    return script.read_text(encoding="utf-8")


def _axe(driver, axe_source: str) -> dict:
    driver.execute_script(axe_source)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        "  .then(r => done({violations: r.violations, passes: r.passes.map(p => p.id),"
        "                   incomplete: r.incomplete.map(p => p.id), version: r.testEngine.version}))"
        "  .catch(e => done({error: String(e)}));", AXE_TAGS)


def _readable(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} - {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}".replace("\n", " "))
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_core_finds_no_violations(browser, pages, axe_source, name):
    browser.get(pages[name].as_uri())
    # nothing but the page itself: no scripts, and no resource but the embedded data: pictures
    assert browser.execute_script("return document.scripts.length") == 0
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [url for url in loaded if not url.startswith("data:")] == []
    result = _axe(browser, axe_source)
    assert "error" not in result, result.get("error")
    assert result["version"].startswith("4.")
    assert not result["violations"], "axe-core violations:\n" + _readable(result["violations"])
    # the rules this page depends on really ran and passed
    assert {"color-contrast", "heading-order", "html-has-lang", "html-lang-valid", "image-alt", "list",
            "listitem", "landmark-one-main", "page-has-heading-one", "document-title", "region",
            "meta-viewport"} <= set(result["passes"])
    assert result["incomplete"] == []


@pytest.mark.parametrize("name", ["general-es-patient", "medicines-en-light-brand"])
def test_axe_core_finds_no_violations_in_print(browser, pages, axe_source, name):
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        browser.get(pages[name].as_uri())
        assert browser.execute_script("return matchMedia('print').matches")
        result = _axe(browser, axe_source)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not result["violations"], "axe-core violations in print:\n" + _readable(result["violations"])


@pytest.mark.parametrize("width", [640, 320])
@pytest.mark.parametrize("name", ["general-es-patient", "dialysis-en-patient", "long-words"])
def test_the_page_reflows_without_sideways_scrolling_at_200_and_400_percent(browser, pages, name, width):
    """1280 px at 200 % zoom is a 640 px viewport; at 400 % (WCAG 1.4.10), 320 px."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 900, "deviceScaleFactor": 1280 / width, "mobile": False})
    try:
        browser.get(pages[name].as_uri())
        inner, scroll = browser.execute_script(
            "return [window.innerWidth, document.documentElement.scrollWidth]")
        widest = browser.execute_script(
            "return Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right))")
        text_px = browser.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert inner == width
    assert scroll <= inner, f"{name}: {scroll} px of content in a {inner} px window scrolls sideways"
    assert widest <= inner + 0.5
    assert text_px >= 16
