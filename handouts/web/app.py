"""The Flask app of ``handouts serve``: the form, the preview, the leaflet, the batch pages.

Routes (the form's field names are the request fields, see :mod:`handouts.web.forms`):

=======================  ==========================================================================
``GET /``                the form (``?ui=es`` for the page in Spanish; else the browser's language)
``POST /preview``        the form with PNG images of the pages; with ``Accept: application/json``
                         (the page's script), ``{"ok", "pages": [{"src", "width", "height"}]}`` or
                         ``{"ok": false, "problems": {"fields": {...}, "general": [...]}}``
``POST /leaflet``        the leaflet file: ``application/pdf`` (``format=pdf``), or ``text/html``
                         (``format=html``), ``Content-Disposition`` ``attachment`` (``inline`` with
                         ``print=1``) and its file name; a bad field gives 422 and the form with messages
``GET /batch``           the CSV upload page; ``GET /batch/example.csv`` an example file
``POST /batch``          the per-row report of an uploaded CSV
``POST /batch/zip``      the zip of the report's good rows and ``index.json``
=======================  ==========================================================================

Every POST needs the CSRF token (field ``csrf_token``); a bad field gives 422, a
missing token 400, a busy or stopped worker 503. Rendering runs in the worker
pool (:mod:`handouts.web.pool`); this process only parses, routes and formats.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..batch.manifest import FIELDS as MANIFEST_COLUMNS
from ..errors import WorkerUnavailable
from . import batch as web_batch
from . import security, tasks
from .forms import LIMITS, Problems, raw_request, values_for_page
from .pool import WorkerPool
from .site import Site
from .words import all_words, page_language, words

SMALL_REQUEST = 64 * 1024
"""The largest request to the form's routes, in bytes (every field at its longest is about 30 KB)."""
BATCH_ROUTES = ("batch_check", "batch_zip")


def create_app(site: Site, pool: WorkerPool, *, allowed_hosts: set[str] | None = None,
               password: str | None = None) -> Flask:
    """The app. ``allowed_hosts``: the ``Host`` values accepted (loopback), or ``None`` for any;
    ``password``: required of every request (HTTP Basic) if set."""
    app = Flask(__name__)
    app.request_class = security.MemoryRequest
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),  # new at every start: nothing signed outlives the server
        MAX_CONTENT_LENGTH=web_batch.MAX_UPLOAD * 2 + SMALL_REQUEST,  # the report echoes the file, base64
        MAX_FORM_MEMORY_SIZE=web_batch.MAX_UPLOAD * 2,
        MAX_FORM_PARTS=200,
        SESSION_COOKIE_NAME="handouts_csrf",
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # valid as long as the server runs and the browser keeps its cookie
        WTF_CSRF_SSL_STRICT=False,
    )
    security.install(app, allowed_hosts=allowed_hosts, password=password)

    @app.before_request
    def _limits() -> None:
        if request.endpoint not in BATCH_ROUTES:
            request.max_content_length = SMALL_REQUEST

    CSRFProtect(app)  # after the limits and the guards: it reads the form

    def ui_language() -> str:
        try:
            asked = request.form.get("ui") if request.method == "POST" else request.args.get("ui")
        except HTTPException:  # a form too large to read
            asked = request.args.get("ui")
        return page_language(asked, [lang for lang, _ in request.accept_languages])

    @app.context_processor
    def _globals() -> dict[str, Any]:
        ui = ui_language()
        return {"ui": ui, "w": words(ui), "site": site, "limits": LIMITS, "csp_nonce": security.nonce,
                "other_languages": [w for code, w in all_words().items() if code != ui],
                "switch_endpoint": "batch_page" if request.endpoint and "batch" in request.endpoint
                else "form_page"}

    def form_page_response(problems: Problems, pages: list[dict[str, Any]] | None = None, status: int = 200,
                           notice: str = "", posted: bool = True) -> tuple[str, int]:
        ui = ui_language()
        w = words(ui)
        values = values_for_page(request.form if posted else None, site, ui)
        layout = site.layout(values["layout"])
        labels = {"audience": w["form"]["audience"], "patient": w["form"]["patient"], "lang": w["form"]["lang"],
                  "layout": w["form"]["layout"], "paper": w["form"]["paper"], "clinic": w["form"]["clinic"],
                  "clinician": w["form"]["clinician"], "follow_up": w["form"]["follow_up"],
                  "note": w["form"]["notes"]}
        anchors = {"layout": f"layout-{site.layouts[0]['id']}" if site.layouts else "layout-group", "note": "note-1"}
        html = render_template("form.html", page="one", values=values, problems=problems, pages=pages or [],
                               labels=labels, anchors=anchors, notice=notice,
                               current_duplex=(layout or {}).get("duplex") or "simplex")
        return html, status

    def wants_json() -> bool:
        return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"

    def collect(pre: Problems, found: list[tuple[str, str]]) -> Problems:
        for name, message in found:
            if not (name == "clinic" and name in pre.by_field):  # the clinic was refused before the request
                pre.add(name, message)
        return pre

    @app.get("/")
    def form_page() -> Any:
        return form_page_response(Problems(), posted=False)

    @app.post("/preview")
    def preview() -> Any:
        raw, problems = raw_request(request.form, site)
        result = pool.run(tasks.preview, raw)
        if not result["ok"]:
            collect(problems, result["problems"])
        pages = [] if problems else [{"src": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
                                      "width": width, "height": height} for png, width, height in result["pages"]]
        status = 422 if problems else 200
        if wants_json():
            if problems:
                return jsonify({"ok": False, "problems": problems.as_dict()}), status
            return jsonify({"ok": True, "pages": pages, "layout": result["layout"]})
        return form_page_response(problems, pages, status)

    @app.post("/leaflet")
    def leaflet() -> Any:
        raw, problems = raw_request(request.form, site)
        result = pool.run(tasks.leaflet, raw)
        if not result["ok"]:
            collect(problems, result["problems"])
        if problems:
            return form_page_response(problems, status=422)
        data: bytes = result["data"]
        html = result["format"] == "html"
        response = Response(data, mimetype="text/html" if html else "application/pdf")
        disposition = "inline" if request.form.get("print") and not html else "attachment"
        response.headers.set("Content-Disposition", disposition, filename=result["filename"])
        if html:
            response.headers["Content-Security-Policy"] = security.leaflet_page_csp(data)
        return response

    # -- batch --------------------------------------------------------------------
    def batch_response(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
        size = f"{web_batch.MAX_UPLOAD // (1024 * 1024)} MB"
        return render_template(template, page="batch", columns=MANIFEST_COLUMNS, max_rows=web_batch.MAX_ROWS,
                               max_size=size, **context), status

    @app.get("/batch")
    def batch_page() -> Any:
        return batch_response("batch.html", messages=[])

    @app.get("/batch/example.csv")
    def batch_example() -> Any:
        response = Response(web_batch.EXAMPLE.encode("utf-8"), mimetype="text/csv")
        response.headers.set("Content-Disposition", "attachment", filename="example.csv")
        return response

    def checked_upload(data: bytes, name: str) -> tuple[list, list[str]]:
        w = words(ui_language())
        if len(data) > web_batch.MAX_UPLOAD:
            return [], [w["errors"]["too_large"].format(size=f"{web_batch.MAX_UPLOAD // (1024 * 1024)} MB")]
        text, problem = web_batch.decode(data, name)
        if text is None:
            return [], [problem]
        return web_batch.check(pool, site, text, name)

    def report(jobs: list, name: str, data: bytes, messages: list[str], status: int = 200) -> Any:
        if not jobs:
            return batch_response("batch.html", status=422, messages=messages)
        rows = web_batch.rows(jobs, site, ui_language())
        return batch_response("report.html", status=status, rows=rows, name=name, messages=messages,
                              ok_count=sum(1 for r in rows if r["ok"]), data=base64.b64encode(data).decode("ascii"))

    @app.post("/batch")
    def batch_check() -> Any:
        upload = request.files.get("manifest")
        if upload is None or not upload.filename:
            return batch_response("batch.html", status=422, messages=[words(ui_language())["batch"]["no_file"]])
        data = upload.read(web_batch.MAX_UPLOAD + 1)
        name = web_batch.display_name(upload.filename)
        jobs, messages = checked_upload(data, name)
        return report(jobs, name, data, messages)

    @app.post("/batch/zip")
    def batch_zip() -> Any:
        name = web_batch.display_name(request.form.get("manifest_name"))
        try:
            data = base64.b64decode(request.form.get("manifest_data", ""), validate=True)
        except (binascii.Error, ValueError):
            data = b""
        if not data:
            return batch_response("batch.html", status=422, messages=[words(ui_language())["batch"]["no_file"]])
        jobs, messages = checked_upload(data, name)
        if messages or not any(job.ok for job in jobs):
            return report(jobs, name, data, messages, status=422)
        archive = web_batch.build_zip(pool, jobs)
        response = Response(archive, mimetype="application/zip")
        stem = name.rsplit(".", 1)[0] or "leaflets"
        response.headers.set("Content-Disposition", "attachment", filename=f"{stem}-leaflets.zip")
        return response

    # -- errors ---------------------------------------------------------------------
    def problem_page(message: str, status: int) -> Any:
        """The page the request came from, with ``message``: the form keeps what was typed."""
        if wants_json():
            body: dict[str, Any] = {"ok": False, "message": message}
            if status == 400:
                body["csrf_token"] = generate_csrf()
            return jsonify(body), status
        if request.method == "POST" and request.endpoint in ("preview", "leaflet"):
            return form_page_response(Problems(), status=status, notice=message)
        if request.method == "POST" and request.endpoint in BATCH_ROUTES:
            return batch_response("batch.html", status=status, messages=[message])
        return render_template("error.html", page="", message=message), status

    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError) -> Any:
        return problem_page(words(ui_language())["errors"]["csrf"], 400)

    @app.errorhandler(WorkerUnavailable)
    def _unavailable(exc: WorkerUnavailable) -> Any:
        return problem_page(words(ui_language())["errors"].get(exc.reason, "busy"), 503)

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(_exc: RequestEntityTooLarge) -> Any:
        size = f"{web_batch.MAX_UPLOAD // (1024 * 1024)} MB"
        message = words(ui_language())["errors"]["too_large"].format(size=size)
        return render_template("error.html", page="", message=message), 413

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        w = words(page_language(request.args.get("ui"), [lang for lang, _ in request.accept_languages]))
        key = "not_found" if exc.code in (404, 405) else "bad_request"
        return render_template("error.html", page="", message=w["errors"][key]), exc.code or 400

    @app.errorhandler(Exception)
    def _bug(exc: Exception) -> Any:
        if isinstance(exc, HTTPException):
            return _http(exc)
        security.log_exception(exc)
        return problem_page(words(ui_language())["errors"]["internal"], 500)

    return app
