"""``handouts serve`` over HTTP: status codes, headers, the form's contract, privacy and limits.

The server is real (waitress, worker processes, a free port on loopback);
see tests/webserver.py. The browser tests are in test_web_browser.py.
"""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import zipfile
from html import unescape

import pytest
from conftest import text_of
from webserver import Client, command, environment, files_under, start

NAME = "O'Brien & <b>"
FORM_PAGE_CSP = ("default-src 'none'", "script-src 'nonce-", "style-src 'self'", "img-src 'self' data:",
                 "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'")


@pytest.fixture
def client(web_server):
    c = Client(web_server)
    c.get("/")
    return c


def _csp(reply) -> str:
    policy = reply.header("Content-Security-Policy")
    assert policy, "no Content-Security-Policy"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "http" not in policy
    assert "*" not in policy
    return policy


def error_of(html: str, name: str) -> str:
    """The message beside field ``name``, as the reader sees it ("" if none)."""
    block = re.search(rf'<p class="error" id="{name}-error"[^>]*>(.*?)</p>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", block.group(1))) if block else ""


def _safe_headers(reply) -> None:
    assert reply.header("X-Content-Type-Options") == "nosniff"
    assert reply.header("X-Frame-Options") == "DENY"
    assert "frame-ancestors 'none'" in _csp(reply)


def test_the_form_page_and_its_headers(web_server):
    c = Client(web_server)
    reply = c.get("/")
    assert reply.status == 200
    assert reply.header("Content-Type").startswith("text/html")
    assert reply.header("Cache-Control") == "no-store"
    _safe_headers(reply)
    policy = _csp(reply)
    for part in FORM_PAGE_CSP:
        assert part in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = re.findall(r"<script[^>]*>", reply.text)
    assert scripts and all(f'nonce="{nonce}"' in s and "src=" in s for s in scripts)  # no inline script
    assert " style=" not in reply.text  # no inline style either
    # the contract: fields named as the request fields, and the token in a hidden csrf_token field
    for name in ("audience", "lang", "layout", "paper", "clinic", "patient", "clinician", "follow_up", "note"):
        assert f'name="{name}"' in reply.text
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]+">', reply.text)
    assert 'type="date" id="follow_up" name="follow_up"' in reply.text
    assert 'name="format" value="pdf"' in reply.text and 'name="format" value="html"' in reply.text
    # the only cookie is the CSRF one, HttpOnly and SameSite=Strict
    cookies = reply.headers.get_all("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith("handouts_csrf=")
    assert "HttpOnly" in cookies[0] and "SameSite=Strict" in cookies[0]
    # a second page gets a new nonce
    assert re.search(r"'nonce-([^']+)'", c.get("/").header("Content-Security-Policy")).group(1) != nonce


def test_post_leaflet_returns_the_pdf_itself(client):
    reply = client.post("/leaflet", {"audience": "dialysis", "patient": NAME, "clinician": "Dr. Lee & Co",
                                     "follow_up": "2026-12-05", "note": "Fluid limit <1 litre> & a day"})
    assert reply.status == 200, reply.text[:2000]
    assert reply.header("Content-Type") == "application/pdf"
    assert reply.header("Content-Disposition") == "attachment; filename=dialysis-en-handout-letter.pdf"
    assert reply.header("Cache-Control") == "no-store"
    _safe_headers(reply)
    assert reply.body.startswith(b"%PDF-")
    text = text_of(reply.body)
    assert NAME in text and "Dr. Lee & Co" in text and "Fluid limit <1 litre> & a day" in text
    assert "December 5, 2026" in text


def test_print_shows_the_pdf_inline(client):
    reply = client.post("/leaflet", {"audience": "general", "layout": "trifold", "print": "1"})
    assert reply.status == 200
    assert reply.header("Content-Disposition") == "inline; filename=general-en-trifold-letter.pdf"


def test_post_leaflet_with_format_html_returns_the_web_page(client):
    reply = client.post("/leaflet", {"audience": "pregnancy", "lang": "es", "format": "html", "patient": NAME})
    assert reply.status == 200
    assert reply.header("Content-Type") == "text/html; charset=utf-8"
    assert reply.header("Content-Disposition") == "attachment; filename=pregnancy-es.html"
    assert reply.header("Cache-Control") == "no-store"
    _safe_headers(reply)
    policy = reply.header("Content-Security-Policy")
    assert "script-src" not in policy and "default-src 'none'" in policy and "style-src 'sha256-" in policy
    assert "O&#39;Brien &amp; &lt;b&gt;" in reply.text and "<b>" not in reply.text.split("<body", 1)[1].split(
        "O&#39;Brien")[0][-20:]
    style = re.search(r"<style>(.*?)</style>", reply.text, re.S).group(1)
    import hashlib

    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy


def test_a_bad_field_gives_422_and_the_form_with_the_message_beside_it(client):
    long_name = "N" * 121
    reply = client.post("/leaflet", [("audience", "athletes"), ("patient", long_name), ("clinician", NAME),
                                     ("layout", "card"), ("note", "first"), ("note", "second")])
    assert reply.status == 422
    assert reply.header("Content-Type").startswith("text/html")
    assert reply.header("Cache-Control") == "no-store"
    _safe_headers(reply)
    html = reply.text
    assert error_of(html, "patient") == "Error: 121 characters; at most 120 fit on a leaflet"
    assert re.search(r'<input type="text" id="patient" name="patient" value="N{121}"[^>]*'
                     r'aria-describedby="patient-hint patient-error" aria-invalid="true"', html)
    # the form keeps what was typed, as text
    assert 'value="O&#39;Brien &amp; &lt;b&gt;"' in html
    assert '<option value="athletes" selected>' in html
    assert re.search(r'id="layout-card"[^>]*checked', html)
    assert ">first</textarea>" in html and ">second</textarea>" in html
    assert 'href="#patient"' in html  # the summary links to the field


def test_problems_from_the_request_boundary_each_beside_its_field(client):
    reply = client.post("/preview", {"audience": "nobody", "layout": "card", "paper": "legal",
                                     "follow_up": "2026-02-30", "lang": "fr"})
    assert reply.status == 422
    html = reply.text
    for name, words in (("audience", "unknown audience 'nobody'"), ("paper", "unknown paper 'legal'"),
                        ("follow_up", "'2026-02-30' is not a real date"), ("lang", "unknown language 'fr'")):
        assert words in error_of(html, name), name


def test_a_note_too_long_for_the_layout_shows_beside_the_notes(client):
    notes = [("note", f"Note {i}: " + "Drink water and stretch your calves every evening. " * 10) for i in range(10)]
    reply = client.post("/leaflet", [("audience", "general"), *notes])
    assert reply.status == 422
    block = error_of(reply.text, "note")
    assert "runs to 3 pages" in block and "shorten the notes" in block


def test_preview_json_for_the_script(client):
    reply = client.post("/preview", {"audience": "athletes", "patient": NAME, "layout": "card"},
                        headers={"Accept": "application/json"})
    assert reply.status == 200
    assert reply.header("Content-Type") == "application/json"
    assert reply.header("Cache-Control") == "no-store"
    body = reply.json()
    assert body["ok"] and body["layout"] == "card" and len(body["pages"]) == 2
    png = base64.b64decode(body["pages"][0]["src"].split(",", 1)[1])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert (body["pages"][0]["width"], body["pages"][0]["height"]) == (612, 792)
    bad = client.post("/preview", {"audience": "athletes", "patient": "王小明"}, headers={"Accept": "application/json"})
    assert bad.status == 422
    assert "cannot print '王' (U+738B)" in bad.json()["problems"]["fields"]["patient"][0]


def test_preview_without_script_returns_the_form_with_the_pages(client):
    reply = client.post("/preview", {"audience": "older-adults", "patient": NAME, "layout": "large-print"})
    assert reply.status == 200
    pages = re.findall(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" width="612" height="792"\s+alt="Page (\d+) '
                       r'of (\d+) of the leaflet">', reply.text)
    assert len(pages) >= 3 and pages[0] == ("1", str(len(pages)))
    assert 'value="O&#39;Brien &amp; &lt;b&gt;"' in reply.text


def test_a_post_without_the_csrf_token_is_refused(web_server):
    c = Client(web_server)
    c.get("/")
    for path in ("/leaflet", "/preview", "/batch", "/batch/zip"):
        reply = c.post(path, {"audience": "general", "patient": "Nobody Csrf"}, token=False)
        assert reply.status == 400, path
        assert not reply.body.startswith(b"%PDF")
        assert "For your safety this page had to be refreshed" in reply.text
    # a token without its cookie (another browser's token) is refused too
    reply = c.post("/leaflet", {"audience": "general"}, cookies=False)
    assert reply.status == 400
    # the refreshed form keeps the values and carries a working token
    reply = c.post("/leaflet", {"audience": "general", "patient": "Kept Csrf"}, token=False)
    assert 'value="Kept Csrf"' in reply.text
    c.token = re.search(r'name="csrf_token" value="([^"]+)"', reply.text).group(1)
    assert c.post("/leaflet", {"audience": "general"}).status == 200


def test_clinics_are_only_those_offered(client):
    for clinic in ("/etc/passwd", "../data/clinics/demo.yaml", "nowhere"):
        reply = client.post("/leaflet", {"audience": "general", "clinic": clinic})
        assert reply.status == 422
        block = error_of(reply.text, "clinic")
        assert "unknown clinic" in block and "choose one of: demo" in block
        assert "root:" not in reply.text
    reply = client.post("/leaflet", {"audience": "general", "font": "/etc/passwd"})
    assert reply.status == 422 and "font: not accepted over the web" in reply.text
    assert client.post("/leaflet", {"audience": "general", "clinic": "demo"}).status == 200


def test_size_limits(client):
    reply = client.post("/leaflet", {"audience": "general", "note": "x" * 70_000})
    assert reply.status == 413
    reply = client.post("/leaflet", [("audience", "general")] + [("note", f"n{i}") for i in range(11)])
    assert reply.status == 422 and "11 notes; at most 10" in reply.text
    big = b"audience,patient\n" + b"general,Someone\n" * 70_000
    assert client.upload("/batch", "big.csv", big).status in (413, 422)


def test_host_header_must_be_loopback(web_server):
    c = Client(web_server)
    reply = c.request("GET", "/", headers={"Host": f"attacker.example:{web_server.port}"})
    assert reply.status == 400
    assert c.request("GET", "/", headers={"Host": f"localhost:{web_server.port}"}).status == 200


def test_page_words_in_english_and_spanish(web_server):
    c = Client(web_server)
    english = c.get("/").text
    spanish = c.get("/?ui=es").text
    assert '<html lang="en">' in english and "Make a leaflet for a patient" in english
    assert '<html lang="es">' in spanish and "Hacer un folleto para un paciente" in spanish
    assert "Calambres musculares y diálisis" in spanish  # audience titles in the page's language
    assert '<option value="es" lang="es" selected>' in spanish  # the leaflet's language follows the page's
    by_browser = c.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}).text
    assert '<html lang="es">' in by_browser
    batch = c.get("/batch?ui=es").text
    assert "Hacer varios folletos desde una hoja de cálculo" in batch


def test_words_files_have_the_same_keys():
    from handouts.web.words import all_words, keys

    words = all_words()
    assert set(words) == {"en", "es"}
    assert keys(words["es"]) == keys(words["en"])


def test_not_found_and_static(web_server):
    c = Client(web_server)
    missing = c.get("/no-such-page?patient=Someone")
    assert missing.status == 404 and "There is no such page" in missing.text
    _safe_headers(missing)
    css = c.get("/static/app.css")
    assert css.status == 200 and css.header("Content-Type").startswith("text/css")
    assert "no-store" not in css.header("Cache-Control")
    assert c.get("/static/app.js").status == 200


BATCH_CSV = (
    "audience,lang,layout,patient,follow_up,note,output\n"
    "dialysis,es,handout,Ana Batchruiz,2026-12-05,Límite: 1 litro al día.,{patient}.pdf\n"
    "pregnancy,,card,María Batchlopez,,,\n"
    "general,,,Sam Batchbad,2026-13-40,,\n"
    "athletes,,trifold,Lee Batchok,,,lee.pdf\n"
).encode()


def test_batch_upload_reports_each_row_and_zips_the_good_ones(client, web_server):
    web_server.typed += ["Ana Batchruiz", "María Batchlopez", "Sam Batchbad", "Lee Batchok"]
    report = client.upload("/batch", "clinic-day.csv", BATCH_CSV)
    assert report.status == 200
    assert report.header("Cache-Control") == "no-store"
    _safe_headers(report)
    html = report.text
    assert "3 of 4 rows ready; 1 with problems." in html
    assert re.search(r"<th scope=\"row\">4</th>.*?follow_up: &#39;2026-13-40&#39; is not a real date", html, re.S)
    data = re.search(r'name="manifest_data" value="([^"]+)"', html).group(1)
    assert base64.b64decode(data) == BATCH_CSV
    reply = client.upload("/batch/zip", "clinic-day.csv", b"",
                          {"manifest_name": "clinic-day.csv", "manifest_data": data})
    assert reply.status == 200
    assert reply.header("Content-Type") == "application/zip"
    assert reply.header("Content-Disposition") == "attachment; filename=clinic-day-leaflets.zip"
    archive = zipfile.ZipFile(io.BytesIO(reply.body))
    names = sorted(archive.namelist())
    assert names == ["Ana Batchruiz.pdf", "index.json", "lee.pdf", "pregnancy-en-card-letter.pdf"]
    assert "Ana Batchruiz" in text_of(archive.read("Ana Batchruiz.pdf"))
    index = json.loads(archive.read("index.json"))
    statuses = {(e["row"], e["status"]) for e in index["leaflets"]}
    assert statuses == {(2, "ok"), (3, "ok"), (4, "invalid"), (5, "ok")}
    bad = next(e for e in index["leaflets"] if e["status"] == "invalid")
    assert "follow_up" in bad["error"]


def test_batch_refuses_an_unusable_file(client):
    reply = client.upload("/batch", "x.csv", b"name,patient\nx,y\n")
    assert reply.status == 422 and "the columns &#39;name&#39; and &#39;patient&#39; both give patient" in reply.text
    reply = client.upload("/batch", "x.csv", b"audience,colour\ngeneral,red\n")
    assert reply.status == 422 and "unknown column &#39;colour&#39;; columns are: audience" in reply.text
    reply = client.upload("/batch", "x.csv", "audience\ngeneral\n".encode("utf-16"))
    assert reply.status == 422 and "not UTF-8 text" in reply.text
    reply = client.upload("/batch", "x.csv", b"audience,clinic\ngeneral,/etc/passwd\n")
    assert reply.status == 200 and "unknown clinic &#39;/etc/passwd&#39;" in reply.text and "root:" not in reply.text


def test_nothing_is_written_to_disk(web_server, client):
    client.post("/leaflet", {"audience": "general", "patient": "Disk Checkname"})
    client.upload("/batch", "d.csv", b"audience,patient\ngeneral,Disk Checkupload\n")
    web_server.typed += ["Disk Checkupload"]
    assert files_under(web_server.cwd) == []
    assert [f for f in files_under(web_server.tmp) if not (web_server.tmp / f).is_dir()] == []


def test_a_non_loopback_address_without_a_password_is_refused(tmp_path):
    result = subprocess.run(command("--host", "0.0.0.0", "--port", "0"), capture_output=True, text=True,
                            env=environment(tmp_path), timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: --host 0.0.0.0: other computers could reach this page")
    assert "--password-file" in lines[0] and "HANDOUTS_PASSWORD" in lines[0]
    assert "leaflet page is at" not in result.stdout
    short = tmp_path / "short.txt"
    short.write_text("abc\n")
    result = subprocess.run(command("--host", "0.0.0.0", "--password-file", str(short)), capture_output=True,
                            text=True, env=environment(tmp_path), timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: --password-file: the password has 3 characters; use at least 8"


def test_another_address_with_a_password_is_allowed(monkeypatch):
    """Checked without binding: the tests never listen on anything but loopback."""
    from handouts.errors import ServeError
    from handouts.web.serve import ServeOptions, check_options

    monkeypatch.delenv("HANDOUTS_PASSWORD", raising=False)
    with pytest.raises(ServeError, match=r"--host 192\.0\.2\.10: other computers"):
        check_options(ServeOptions(host="192.0.2.10"))
    assert check_options(ServeOptions(host="localhost")) == ("127.0.0.1", None)
    assert check_options(ServeOptions(host="127.0.0.2")) == ("127.0.0.2", None)
    monkeypatch.setenv("HANDOUTS_PASSWORD", "correct horse")
    assert check_options(ServeOptions(host="192.0.2.10")) == ("192.0.2.10", "correct horse")
    assert check_options(ServeOptions(host="::1")) == ("::1", "correct horse")


def test_the_start_says_who_can_reach_the_page():
    from handouts.web.serve import start_lines

    local = start_lines("http://127.0.0.1:8000/", "127.0.0.1", 8000, True)
    assert local == ["handouts serve: the leaflet page is at http://127.0.0.1:8000/",
                     "  Only this computer can open it. Stop the server with Ctrl+C."]
    remote = start_lines("http://frontdesk:8000/", "0.0.0.0", 8000, False)
    assert "other computers on the network can open it, with the password" in remote[1]
    assert "not encrypted" in remote[2]


CLINIC = """name: "Lakeside Health & Care"
phone: "(555) 010-3000"
"""


def test_a_configured_server_password_clinic_file_and_data_dir(tmp_path):
    """A password on every request, --clinic FILE preselected by its name, and --data-dir's clinics offered."""
    secret = tmp_path / "password.txt"
    secret.write_text("correct horse battery\n")
    (tmp_path / "lakeside.yaml").write_text(CLINIC, encoding="utf-8")
    data = tmp_path / "data"
    (data / "clinics").mkdir(parents=True)
    (data / "clinics" / "hilltop.yaml").write_text('name: Hilltop Clinic\nphone: "(555) 010-4000"\n')
    server = start(tmp_path, "--workers", "1", "--password-file", str(secret), "--clinic",
                   str(tmp_path / "lakeside.yaml"), "--data-dir", str(data))
    try:
        assert Client(server).get("/").status == 401
        assert Client(server).get("/").header("WWW-Authenticate").startswith("Basic ")
        assert Client(server, auth=("staff", "wrong password")).get("/").status == 401
        c = Client(server, auth=("staff", "correct horse battery"))
        page = c.get("/")
        assert page.status == 200
        options = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>',
                             page.text.split('id="clinic"')[1].split("</select>")[0])
        assert options == [("demo", "", "Riverside Family Clinic (sample)"), ("hilltop", "", "Hilltop Clinic"),
                           ("lakeside", " selected", "Lakeside Health &amp; Care")]
        assert str(tmp_path) not in page.text  # the file's path is not shown to visitors
        pdf = c.post("/leaflet", {"audience": "general"})
        assert pdf.status == 200 and "Lakeside Health & Care" in text_of(pdf.body)
        assert "Hilltop Clinic" in text_of(c.post("/leaflet", {"audience": "general", "clinic": "hilltop"}).body)
    finally:
        assert server.stop() == 0
    assert "handouts serve: stopped." in server.output()


def test_a_broken_clinic_stops_the_start_with_one_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: No Phone Clinic\n")
    result = subprocess.run(command("--port", "0", "--workers", "1", "--clinic", str(broken)), capture_output=True,
                            text=True, env=environment(tmp_path), timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["Error: --clinic: broken.yaml:1: phone: required field is missing"]
