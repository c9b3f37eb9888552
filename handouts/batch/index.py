"""``index.json``: what a batch built, and the fingerprints that let a rerun skip unchanged leaflets.

One entry per leaflet (:class:`Entry`). A leaflet is skipped when the digest
of everything that decides its bytes (:class:`Fingerprints`: the request,
the content, layouts and fonts trees, the clinic file and logo, the versions
of handouts and its engines) and the file itself both match the index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import OutputError
from ..load.files import MISSING, read_regular
from ..load.yamlfile import display_path
from ..write import write_atomic

if TYPE_CHECKING:
    from ..api import Handouts
    from ..request import BuildRequest
    from .manifest import Job


INDEX = "index.json"
MAX_INDEX_BYTES = 512 * 1024 * 1024


@dataclass
class Entry:
    """One line of ``index.json``."""

    file: str
    row: int
    status: str
    """``ok`` (built or unchanged), ``failed`` (rendering failed) or ``invalid`` (the row is wrong)."""
    built: bool = False
    """False for an ``ok`` leaflet skipped because nothing changed."""
    audience: str = ""
    lang: str = ""
    layout: str = ""
    paper: str = ""
    format: str = ""
    """``pdf`` or ``html``."""
    pages: int = 0
    bytes: int = 0
    sha256: str = ""
    reading_score: float | None = None
    reading_measure: str = ""
    inputs: str = ""
    """Digest of everything that decides the file's bytes (the format too); equal digests give equal files."""
    error: str = ""
    owned: bool = False
    """A batch wrote the file at ``file`` into this folder (true for every ``ok`` entry; for a failed
    or invalid one, an earlier run's file is still there): a later run may replace it without ``--force``."""


# -- fingerprints -------------------------------------------------------------------
def _tree_digest(folders: Iterable[Path]) -> str:
    """A digest of every file under the folders (names and bytes), in a stable order."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _file_digest(path: Path | None) -> str:
    """The file's digest ("" if there is none); clinic files and logos are checked regular files by now."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path and path.is_file() else ""


class Fingerprints:
    def __init__(self, app: Handouts):
        from ..resources import BUILTIN_FONTS

        self.app = app
        from importlib.metadata import PackageNotFoundError, version

        def installed(name: str) -> str:
            try:
                return version(name)
            except PackageNotFoundError:
                return ""

        engines = " ".join(f"{name}={installed(name)}" for name in ("reportlab", "svglib", "pillow", "jinja2"))
        self.base = hashlib.sha256(
            (__version__ + engines + _tree_digest(app.data_path) + _tree_digest(app.layouts_path) +
             _tree_digest([BUILTIN_FONTS])).encode()).hexdigest()
        self._clinics: dict[str, str] = {}
        self._fonts: dict[Path, str] = {}

    def __call__(self, request: BuildRequest) -> str:
        if request.clinic not in self._clinics:
            clinic = self.app.clinic(request.clinic)
            self._clinics[request.clinic] = _file_digest(Path(clinic.origin.file)) + _file_digest(clinic.logo)
        fields: dict[str, object] = {k: (str(v) if v is not None else None) for k, v in asdict(request).items()}
        for font in request.fonts:
            if font not in self._fonts:
                self._fonts[font] = _file_digest(Path(font))
        fields["fonts"] = [self._fonts[font] for font in request.fonts]
        payload = json.dumps([self.base, self._clinics[request.clinic], fields], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()


# -- the run --------------------------------------------------------------------------
def read_index(out_dir: Path, force: bool = True) -> list[dict]:
    """The entries of ``out_dir/index.json`` ([] if there is none).

    Without ``force``, an ``index.json`` that no batch wrote (not a regular file, or not a batch index)
    raises :class:`OutputError`: a batch replaces only what its own index says it wrote. With ``force``
    such a file counts as no index."""
    shown = f"--out-dir {display_path(out_dir)}: {INDEX}"
    data, problem = read_regular(out_dir / INDEX, MAX_INDEX_BYTES, follow=False)
    if data is None and problem == MISSING:
        return []
    leaflets = None
    if data is not None:
        with contextlib.suppress(ValueError):
            doc = json.loads(data.decode("utf-8"))
            if isinstance(doc, dict) and "handouts" in doc and isinstance(doc.get("leaflets"), list):
                leaflets = [entry for entry in doc["leaflets"] if isinstance(entry, dict)
                            and isinstance(entry.get("file"), str)]
    if leaflets is None:
        if force:
            return []
        why = problem or "not an index a batch wrote"
        raise OutputError(f"{shown}: {why}; a batch replaces only files its own index lists. Use --force to "
                          "replace it, or choose another --out-dir")
    return leaflets


def owned_files(entries: list[dict]) -> set[str]:
    """The files an earlier batch wrote here, by the index: every ``ok`` entry's, and any other entry's
    marked ``owned`` (its earlier file is still there)."""
    return {entry["file"] for entry in entries if entry.get("status") == "ok" or entry.get("owned") is True}


def ok_by_file(entries: list[dict]) -> dict[str, dict]:
    return {entry["file"]: entry for entry in entries if entry.get("status") == "ok"}


def unchanged(previous: dict | None, inputs: str, target: Path) -> bool:
    """The file is what the index says this row's inputs made (a regular file, never read through a link)."""
    if not previous or previous.get("status") != "ok" or previous.get("inputs") != inputs:
        return False
    size = previous.get("bytes")
    data, _ = read_regular(target, size if isinstance(size, int) and size >= 0 else 0, follow=False)
    return data is not None and hashlib.sha256(data).hexdigest() == previous.get("sha256")


def write_index(out_dir: Path, jobs: list[Job], mine: list[Job], entries: dict[str, Entry],
                 previous: list[dict]) -> None:
    """index.json: this run's entries, plus earlier entries for the manifest's other jobs (other shards)."""
    ours = {job.output for job in mine}
    mine_rows = {job.row for job in mine}
    previous_ok = ok_by_file(previous)
    kept = {e["file"]: e for e in previous if e.get("status") == "failed" and e.get("owned") is True}
    theirs = [previous_ok.get(job.output) or kept[job.output] for job in jobs
              if job.ok and job.output not in ours and (job.output in previous_ok or job.output in kept)]
    theirs += [e for e in previous if e.get("status") == "invalid" and e.get("row") not in mine_rows]
    leaflets = [asdict(e) for e in entries.values()] + theirs
    leaflets.sort(key=lambda e: (e["status"] == "invalid", e["file"], e["row"]))
    data = {"handouts": __version__, "leaflets": leaflets}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomic(out_dir / INDEX, text.encode("utf-8"), force=True, root=out_dir)
