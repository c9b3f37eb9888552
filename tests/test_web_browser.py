"""``handouts serve`` in a real browser: Debian's Chromium, headless, driven by Selenium (no downloads).

Each test drives the real server (tests/webserver.py) the way a receptionist
would: by keyboard, with the page's script running (or switched off), then
checks what the browser got: the downloaded PDF's text, the preview's pixels,
the messages beside fields, a batch zip. axe-core (from selenium-axe-python)
checks every page of the app. test_web_privacy.py, which runs after this
module, greps the server's output for every name and note typed. Screenshots go to ``$HANDOUTS_SCREENSHOTS`` if set
(README's picture of the form is taken this way), else to a temporary folder.
Without Chromium the tests skip, unless ``HANDOUTS_REQUIRE_BROWSER`` is set.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from conftest import text_of
from test_html_axe import AXE_TAGS, CHROMIUM, CHROMEDRIVER, _readable

NAME = "O'Brien & <b>"
NOTE = "Drink water & stretch <i>daily</i>."
CLINICIAN = "Dra. Nguyễn"
BAD_NAME = "王小明 Keepme"


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("HANDOUTS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        reason = "no Chromium/chromedriver: install Debian chromium and chromium-driver to run the browser tests"
        if os.environ.get("HANDOUTS_REQUIRE_BROWSER"):
            pytest.fail(f"{reason} (missing: {', '.join(missing)}; HANDOUTS_REQUIRE_BROWSER is set)")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-US",
                "--window-size=1400,1000", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_script_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def axe_source() -> str:
    import selenium_axe_python

    return (Path(selenium_axe_python.__file__).parent / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def page(browser, web_server):
    """The browser on a fresh form page, with script on."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    browser.get(web_server.url)
    return browser


# -- helpers --------------------------------------------------------------------------------------
def keys(driver, *text) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*text).perform()


def tab_to(driver, selector: str, limit: int = 80):
    """Press Tab until the element matching ``selector`` has the focus (keyboard only); return it."""
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        if driver.execute_script("return document.activeElement.matches(arguments[0])", selector):
            return driver.switch_to.active_element
        keys(driver, Keys.TAB)
    raise AssertionError(f"Tab never reached {selector}")


def wait_for(driver, check, timeout: float = 30, what: str = "") -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: check(d), message=what)


def wait_for_download(folder: Path, suffix: str, before: set[str], timeout: float = 30) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name not in before and p.suffix == suffix]
        if done and not any(p.suffix == ".crdownload" for p in folder.iterdir()):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {sorted(os.listdir(folder))}")


def status_text(driver) -> str:
    return driver.find_element("id", "preview-status").text


def screenshot_from_top(driver, path: Path, height: int = 1250) -> None:
    """The page from its top in a taller window (README's picture), then the window as it was."""
    size = driver.get_window_size()
    driver.set_window_size(1400, height)
    driver.execute_script("window.scrollTo(0, 0)")
    try:
        driver.save_screenshot(str(path))
    finally:
        driver.set_window_size(size["width"], size["height"])


def preview_ready(driver) -> bool:
    """The preview shows the form as it is (no update waiting or under way) and has pages."""
    return (driver.find_element("id", "pages").get_attribute("aria-busy") is None
            and bool(driver.find_elements("css selector", "#pages img")))


def axe(driver, axe_source: str) -> dict:
    driver.execute_script(axe_source)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        "  .then(r => done({violations: r.violations, passes: r.passes.map(p => p.id), url: location.href}))"
        "  .catch(e => done({error: String(e)}));", AXE_TAGS)


def assert_axe_clean(driver, axe_source: str) -> None:
    result = axe(driver, axe_source)
    assert "error" not in result, result.get("error")
    assert not result["violations"], f"axe-core violations on {result['url']}:\n" + _readable(result["violations"])
    assert {"color-contrast", "html-has-lang", "landmark-one-main", "page-has-heading-one",
            "region", "document-title"} <= set(result["passes"])
    if driver.find_elements("css selector", "input:not([type=hidden]), select, textarea"):
        assert "label" in result["passes"]


def choose_audience_by_keyboard(driver, title_start: str) -> None:
    select = tab_to(driver, "#audience")
    select.send_keys(title_start)  # typing a title's first letters selects it, as in any list box
    wait_for(driver, lambda d: d.find_element("id", "audience").get_attribute("value") != "", 5, "audience chosen")


# -- the receptionist's path ----------------------------------------------------------------------
def test_keyboard_only_form_preview_and_download(page, web_server, downloads, shots):
    from PIL import Image, ImageChops
    from selenium.webdriver.common.keys import Keys

    driver = page
    web_server.typed += [NAME, NOTE, CLINICIAN]
    keys(driver, Keys.TAB)  # the skip link first
    assert driver.execute_script("return document.activeElement.className") == "skip"
    choose_audience_by_keyboard(driver, "Muscle cramps and d")
    assert driver.find_element("id", "audience").get_attribute("value") == "dialysis"
    tab_to(driver, "#patient").send_keys(NAME)
    tab_to(driver, "#clinician").send_keys(CLINICIAN)
    tab_to(driver, "#follow_up").send_keys("12052026")  # the date picker, typed: month, day, year
    assert driver.find_element("id", "follow_up").get_attribute("value") == "2026-12-05"
    tab_to(driver, "#note-1").send_keys(NOTE)
    wait_for(driver, preview_ready, 30, "the preview")
    assert status_text(driver) == "Preview: 2 pages."
    images = driver.find_elements("css selector", "#pages img")
    assert [img.get_attribute("alt") for img in images] == ["Page 1 of 2 of the leaflet", "Page 2 of 2 of the leaflet"]
    sources = [img.get_attribute("src") for img in images]
    # what was typed is text in the page, never markup
    assert driver.find_element("id", "patient").get_attribute("value") == NAME
    assert driver.execute_script("return document.querySelectorAll('main b, main i').length") == 0
    screenshot_from_top(driver, shots / "serve-form.png")

    before = set(os.listdir(downloads))
    tab_to(driver, "button[name=format][value=pdf]").send_keys(Keys.ENTER)
    pdf = wait_for_download(downloads, ".pdf", before).read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    assert NAME in text and NOTE in text and CLINICIAN in text and "December 5, 2026" in text

    # the preview shows the pages of that PDF, pixel for pixel (pdfium draws both; tags change nothing on
    # the page; the preview's PNG has a palette made the same way)
    from handouts.web.tasks import PNG_COLOURS

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        for number, src in enumerate(sources):
            shown = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGB")
            drawn = document[number].render(scale=1.0).to_pil()
            drawn = drawn.quantize(PNG_COLOURS, method=Image.Quantize.FASTOCTREE).convert("RGB")
            assert shown.size == drawn.size == (612, 792)
            assert ImageChops.difference(shown, drawn).getbbox() is None, f"page {number + 1} differs"
    finally:
        document.close()

    # Print opens the PDF itself in a new tab, for the browser's print dialog
    tabs = driver.window_handles
    tab_to(driver, "button[name=print]").send_keys(Keys.ENTER)
    wait_for(driver, lambda d: len(d.window_handles) == len(tabs) + 1, 20, "a new tab")
    driver.switch_to.window(driver.window_handles[-1])
    try:
        wait_for(driver, lambda d: d.current_url.endswith("/leaflet"), 20, "the PDF tab")
        assert driver.execute_script("return document.contentType") == "application/pdf"
    finally:
        driver.close()
        driver.switch_to.window(tabs[0])

    before = set(os.listdir(downloads))
    tab_to(driver, "button[name=format][value=html]").send_keys(Keys.ENTER)
    web = wait_for_download(downloads, ".html", before).read_text(encoding="utf-8")
    assert "O&#39;Brien &amp; &lt;b&gt;" in web and "Drink water &amp; stretch &lt;i&gt;daily&lt;/i&gt;." in web


def test_the_layout_changes_the_paper_choices_and_the_printing_advice(page):
    from selenium.webdriver.common.keys import Keys

    driver = page
    choose_audience_by_keyboard(driver, "Leg cramps in p")
    tab_to(driver, "#layout-handout")
    shown = driver.find_element("css selector", "p.printing:not([hidden])")
    assert shown.text.startswith("Print at 100 %")
    keys(driver, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN)  # handout -> large print -> trifold -> card
    assert driver.find_element("id", "layout-card").is_selected()
    shown = driver.find_element("css selector", "p.printing:not([hidden])")
    assert "flip on long edge" in shown.text and "100 %" in shown.text
    papers = [o.get_attribute("value") for o in driver.find_elements("css selector", "#paper option:not([disabled])")]
    assert papers == ["letter", "a4", "4x6", "a6"]
    keys(driver, Keys.ARROW_UP)  # trifold
    shown = driver.find_element("css selector", "p.printing:not([hidden])")
    assert "flip on short edge" in shown.text and "duplex" in shown.text
    papers = [o.get_attribute("value") for o in driver.find_elements("css selector", "#paper option:not([disabled])")]
    assert papers == ["letter", "a4"]
    wait_for(driver, preview_ready, 30, "the trifold's preview")
    image = driver.find_element("css selector", "#pages img")
    assert driver.execute_script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", image) == [792, 612]


def test_a_field_error_shows_beside_the_field_and_the_form_keeps_its_values(page, web_server, shots):
    from selenium.webdriver.common.keys import Keys

    driver = page
    web_server.typed += [BAD_NAME, "Keep this note"]
    choose_audience_by_keyboard(driver, "Muscle cramps and d")
    tab_to(driver, "#patient").send_keys(BAD_NAME)
    tab_to(driver, "#note-1").send_keys("Keep this note")
    # with the script: the message appears beside the field as soon as the preview is asked for
    wait_for(driver, lambda d: d.find_element("id", "patient-error").is_displayed(), 30, "the live message")
    live = driver.find_element("id", "patient-error").text
    assert "cannot print '王' (U+738B), '小' (U+5C0F), '明' (U+660E)" in live
    patient = driver.find_element("id", "patient")
    assert patient.get_attribute("aria-invalid") == "true"
    assert "patient-error" in patient.get_attribute("aria-describedby").split()
    assert driver.find_elements("css selector", "#pages img") == []
    # and by the form itself (Enter submits it): status 422, the page with the message beside the field
    tab_to(driver, "#patient").send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.find_elements("id", "error-summary"), 30, "the form with its problems")
    assert driver.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus") == 422
    error = driver.find_element("id", "patient-error")
    patient = driver.find_element("id", "patient")
    assert error.is_displayed() and "cannot print '王'" in error.text
    field = driver.execute_script("return arguments[0].closest('.field') === arguments[1].closest('.field')",
                                  error, patient)
    assert field, "the message is not in the patient field's block"
    gap = patient.rect["y"] - (error.rect["y"] + error.rect["height"])
    assert 0 <= gap < 40, f"the message is {gap} px from its field"
    assert patient.get_attribute("value") == BAD_NAME
    assert driver.find_element("id", "audience").get_attribute("value") == "dialysis"
    assert driver.find_element("id", "note-1").get_attribute("value") == "Keep this note"
    summary = driver.find_element("css selector", "#error-summary a[href='#patient']")
    assert summary.text.startswith("Patient's name: cannot print")
    screenshot_from_top(driver, shots / "serve-error.png")


def test_a_form_posted_from_another_site_is_refused(browser, web_server, downloads):
    """A page elsewhere (here a data: URL) posts a form to the server: no token, and the SameSite cookie is not
    sent. The browser gets 400 and the refreshed form, never a leaflet."""
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.get(web_server.url)  # the browser has the CSRF cookie of a real visit
    before = set(os.listdir(downloads))
    web_server.typed.append("Forged Person")
    driver.get("data:text/html,<form method=post action='" + web_server.url + "leaflet'>"
               "<input name=audience value=general><input name=patient value='Forged Person'>"
               "<button id=go>go</button></form>")
    driver.find_element("id", "go").send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.current_url.startswith(web_server.url), 20, "the server's answer")
    wait_for(driver, lambda d: d.find_elements("css selector", "p.notice"), 20, "the refusal")
    assert driver.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus") == 400
    assert "For your safety this page had to be refreshed" in driver.find_element("css selector", "p.notice").text
    time.sleep(0.5)
    assert set(os.listdir(downloads)) == before
    assert driver.find_elements("css selector", "#pages img") == []  # nothing made on its own either


def test_the_preview_recovers_when_the_csrf_cookie_is_gone(page, web_server):
    """A server restart (new secret) or a lost cookie: the script takes the fresh token it is sent and asks again."""
    driver = page
    refused = web_server.output().count("POST /preview 400")
    driver.delete_all_cookies()
    web_server.typed.append("Cookie Lost")
    choose_audience_by_keyboard(driver, "Muscle cramps and y")
    tab_to(driver, "#patient").send_keys("Cookie Lost")
    wait_for(driver, preview_ready, 30, "the preview after a refused first try")
    assert status_text(driver) == "Preview: 2 pages."
    assert driver.get_cookie("handouts_csrf") is not None
    assert web_server.output().count("POST /preview 400") == refused + 1  # refused once, then made


def test_without_script_the_form_still_previews(browser, web_server):
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get(web_server.url)
        web_server.typed.append("Noscript Person")
        choose_audience_by_keyboard(driver, "Muscle cramps and e")
        tab_to(driver, "#patient").send_keys("Noscript Person")
        assert driver.find_elements("css selector", "#pages img") == []
        tab_to(driver, "#show-preview").send_keys(Keys.ENTER)
        wait_for(driver, lambda d: d.find_elements("css selector", "#pages img"), 30, "the preview page")
        assert status_text(driver) == "Preview: 2 pages."
        assert driver.find_element("id", "patient").get_attribute("value") == "Noscript Person"
        assert not driver.find_element("id", "add-note").is_displayed()  # a script-only button stays hidden
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


BATCH_CSV = ("audience,lang,layout,patient,follow_up,output\n"
             "dialysis,es,,Ana Browserruiz,2026-12-05,{patient}.pdf\n"
             "pregnancy,,card,María Browserlopez,,\n"
             "general,,,Sam Browserbad,2026-13-40,\n")


def test_a_csv_with_one_bad_row_is_reported_and_the_rest_zipped(page, web_server, downloads, tmp_path, shots):
    from selenium.webdriver.common.keys import Keys

    driver = page
    web_server.typed += ["Ana Browserruiz", "María Browserlopez", "Sam Browserbad"]
    manifest = tmp_path / "clinic-day.csv"
    manifest.write_text(BATCH_CSV, encoding="utf-8")
    tab_to(driver, "nav a[href^='/batch']").send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.find_elements("id", "manifest"), 20, "the batch page")
    tab_to(driver, "#manifest").send_keys(str(manifest))  # what choosing the file does
    tab_to(driver, "form.upload button[type=submit]").send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.find_elements("css selector", "table.rows"), 30, "the report")
    assert driver.find_element("css selector", "p.summary").text == "2 of 3 rows ready; 1 with problems."
    bad = driver.find_element("css selector", "tr.bad")
    assert bad.find_element("css selector", "th").text == "4"
    assert "follow_up: '2026-13-40' is not a real date" in bad.text
    assert len(driver.find_elements("css selector", "tr.ok")) == 2
    driver.save_screenshot(str(shots / "serve-batch-report.png"))
    before = set(os.listdir(downloads))
    tab_to(driver, "form.build button[type=submit]").send_keys(Keys.ENTER)
    archive = zipfile.ZipFile(wait_for_download(downloads, ".zip", before))
    assert sorted(archive.namelist()) == ["Ana Browserruiz.pdf", "index.json", "pregnancy-en-card-letter.pdf"]
    assert "María Browserlopez" in text_of(archive.read("pregnancy-en-card-letter.pdf"))
    index = json.loads(archive.read("index.json"))
    assert sorted((e["row"], e["status"]) for e in index["leaflets"]) == [(2, "ok"), (3, "ok"), (4, "invalid")]


# -- axe-core on every page ---------------------------------------------------------------------------
def _form(driver, url):
    driver.get(url)


def _form_es(driver, url):
    driver.get(url + "?ui=es")


def _live_preview(driver, url):
    from selenium.webdriver.support.ui import Select

    driver.get(url)
    Select(driver.find_element("id", "audience")).select_by_value("cirrhosis")
    driver.find_element("id", "patient").send_keys("Axe Live")
    wait_for(driver, preview_ready, 30, "the preview")


def _live_errors(driver, url):
    from selenium.webdriver.support.ui import Select

    driver.get(url)
    Select(driver.find_element("id", "audience")).select_by_value("general")
    driver.find_element("id", "patient").send_keys("王 Axe")
    wait_for(driver, lambda d: d.find_element("id", "patient-error").is_displayed(), 30, "the message")


def _posted(fields: dict[str, str], action: str):
    def go(driver, url):
        from selenium.webdriver.support.ui import Select

        driver.get(url)
        for name, value in fields.items():
            element = driver.find_element("id", name)
            if element.tag_name == "select":
                Select(element).select_by_value(value)
            else:
                element.send_keys(value)
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        try:
            driver.find_element("css selector", action).click()
            wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete" and
                     d.find_elements("id", "preview-status") and d.current_url.rstrip("/") != url.rstrip("/"), 30)
        finally:
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    return go


def _batch(driver, url):
    driver.get(url + "batch")


def _batch_report(driver, url):
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"axe-{os.getpid()}.csv"
    path.write_text(BATCH_CSV.replace("Browser", "Axe"), encoding="utf-8")
    driver.get(url + "batch")
    driver.find_element("id", "manifest").send_keys(str(path))
    driver.find_element("css selector", "form.upload button").click()
    wait_for(driver, lambda d: d.find_elements("css selector", "table.rows"), 30)
    path.unlink()


def _not_found(driver, url):
    driver.get(url + "nowhere")


PAGES = {
    "form": _form,
    "form-es": _form_es,
    "preview-live": _live_preview,
    "errors-live": _live_errors,
    "preview-posted": _posted({"audience": "athletes", "patient": "Axe Posted"}, "#show-preview"),
    "errors-posted": _posted({"patient": "Axe Noaudience"}, "#show-preview"),
    "batch": _batch,
    "batch-report": _batch_report,
    "not-found": _not_found,
}


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_core_finds_no_violations_on_any_page(browser, web_server, axe_source, name):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    web_server.typed += ["Axe Live", "Axe Posted", "Axe Noaudience", "Ana Axeruiz", "María Axelopez", "Sam Axebad"]
    PAGES[name](browser, web_server.url)
    assert_axe_clean(browser, axe_source)
