"""Batch for a clinic day: an uploaded CSV checked row by row, then the good rows built into a zip.

The upload is decoded in memory and checked in a worker with the same checks
as ``handouts batch`` (:func:`~handouts.batch.manifest.read_csv_stream`); the
report page carries the file's text back in a hidden field, so the server
keeps nothing between the check and the build. The zip holds one file per
valid row (named as ``handouts batch`` names them) and ``index.json`` with an
entry per row (the batch's :class:`~handouts.batch.run.Entry`; ``inputs`` and
the reading score are left empty: a web batch never skips unchanged files).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Any

from .. import __version__
from ..batch.manifest import Job
from ..batch.index import INDEX, Entry
from . import tasks
from .pool import WorkerPool
from .site import Site

MAX_UPLOAD = 1024 * 1024
"""The largest CSV accepted, in bytes."""
MAX_ROWS = 300
"""The most leaflets one upload may ask for."""
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
"""The time stamped on every file in the zip (a zip needs one; a fixed one gives the same bytes again)."""


def display_name(filename: str | None) -> str:
    """The uploaded file's name as shown in messages: the last path part, printable, at most 80 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()[:80]
    return name or "upload.csv"


def decode(data: bytes, name: str) -> tuple[str | None, str]:
    """``(text, "")`` or ``(None, problem)``: UTF-8 (a byte-order mark from Excel is dropped)."""
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        return None, (f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                      "save the spreadsheet as CSV UTF-8")


def check(pool: WorkerPool, site: Site, text: str, name: str) -> tuple[list[Job], list[str]]:
    """Every job of the CSV, and the problems that make it unusable as a whole."""
    result = pool.run(tasks.check_csv, text, name, site.clinic_refs(), site.clinics[site.default_clinic]["ref"])
    if not result["ok"]:
        return [], [message for _, message in result["problems"]]
    jobs: list[Job] = result["jobs"]
    if len(jobs) > MAX_ROWS:
        return [], [f"{name}: {len(jobs)} leaflets; at most {MAX_ROWS} per file (split it into smaller files)"]
    return jobs, []


def rows(jobs: list[Job], site: Site, ui: str) -> list[dict[str, Any]]:
    """The report's rows: row, what the leaflet is, the patient, the file name, and problems."""
    out = []
    for job in jobs:
        request = job.request
        out.append({
            "row": job.row, "output": job.output, "ok": job.ok,
            "what": (f"{site.audience_title(request.audience, ui)} · {request.lang} · {request.layout} · "
                     f"{request.paper} · {request.format}") if request else "",
            "patient": (request.patient or "") if request else "",
            "problems": [f"{p.field}: {p.message}" if p.field else p.message for p in job.problems],
        })
    return out


def build_zip(pool: WorkerPool, jobs: list[Job]) -> bytes:
    """The zip of every valid job's leaflet (built in the workers, all at once) and ``index.json``."""
    good = [job for job in jobs if job.ok and job.request is not None]
    with ThreadPoolExecutor(max_workers=max(1, pool.size)) as threads:
        results = list(threads.map(lambda job: _render(pool, job), good))
    entries: list[Entry] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for job, result in zip(good, results):
            request = job.request
            assert request is not None
            entry = Entry(job.output, job.row, "ok" if result["ok"] else "failed", audience=request.audience,
                          lang=request.lang, layout=request.layout, paper=request.paper, format=request.format)
            if result["ok"]:
                data = result["data"]
                info = zipfile.ZipInfo(job.output, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
                entry.built, entry.pages, entry.bytes = True, result["pages"], len(data)
                entry.sha256 = hashlib.sha256(data).hexdigest()
            else:
                entry.error = result["error"]
            entries.append(entry)
        for job in jobs:
            if not job.ok:
                entries.append(Entry(job.output or f"(row {job.row})", job.row, "invalid",
                                     error="; ".join(f"{p.field}: {p.message}" if p.field else p.message
                                                     for p in job.problems)))
        leaflets = sorted((asdict(e) for e in entries), key=lambda e: (e["status"] == "invalid", e["row"]))
        index = json.dumps({"handouts": __version__, "leaflets": leaflets}, indent=2, ensure_ascii=False) + "\n"
        archive.writestr(zipfile.ZipInfo(INDEX, ZIP_TIME), index.encode("utf-8"))
    return buffer.getvalue()


def _render(pool: WorkerPool, job: Job) -> dict[str, Any]:
    from ..errors import WorkerUnavailable
    from ..errors import TaskFailed

    try:
        return pool.run(tasks.render_job, job.request)
    except WorkerUnavailable as exc:
        return {"ok": False, "error": f"not made: the server was {exc.reason} (try again)"}
    except TaskFailed as exc:
        return {"ok": False, "error": f"internal error ({exc})"}


EXAMPLE = """audience,lang,layout,paper,patient,clinician,follow_up,note,output
dialysis,es,handout,letter,Ana Ruiz,Dra. Lee,2026-12-05,"Límite de líquidos: 1 litro al día.",{patient}-{layout}.pdf
pregnancy,en,card,letter,Maria Lopez,,,,{patient}-card.pdf
general,en,large-print,a4,Sam O'Brien,,in 2 weeks,Stretch your calves before bed.,
"""
"""The example CSV the batch page offers."""
