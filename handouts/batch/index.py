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
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import OutputError
from ..load.files import MISSING, read_regular
from ..load.yamlfile import display_path
from ..write import open_folder, write_atomic

if TYPE_CHECKING:
    from ..api import Handouts
    from ..request import BuildRequest
    from .manifest import Job


INDEX = "index.json"
LOCK = ".index.json.lock"
"""Held while a run reads the folder's index and writes it again, so shards that write into one folder at the same
moment keep each other's entries; removed when released (see :func:`index_lock`)."""
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
    content: str = ""
    """The content version: :attr:`Fingerprints.base` of the run that made the entry (content, layouts, fonts,
    the versions of handouts and its engines). Shards of one content version share it; merge checks it."""
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
        self.base = hashlib.sha256(  # each entry's "content": shards of different content versions never merge
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
    doc, problem = read_document(out_dir)
    if doc is None and problem == MISSING:
        return []
    if doc is None:
        if force:
            return []
        raise OutputError(f"--out-dir {display_path(out_dir)}: {INDEX}: {problem}; a batch replaces only files "
                          "its own index lists. Use --force to replace it, or choose another --out-dir")
    return doc["leaflets"]


def read_document(out_dir: Path) -> tuple[dict | None, str]:
    """``out_dir/index.json`` as written (``handouts``, and ``leaflets``: the entries that name a file),
    or None and why not (:data:`~handouts.load.files.MISSING` when there is none)."""
    data, problem = read_regular(out_dir / INDEX, MAX_INDEX_BYTES, follow=False)
    if data is None:
        return None, problem
    with contextlib.suppress(ValueError):
        doc = json.loads(data.decode("utf-8"))
        if isinstance(doc, dict) and "handouts" in doc and isinstance(doc.get("leaflets"), list):
            doc["leaflets"] = [entry for entry in doc["leaflets"] if isinstance(entry, dict)
                               and isinstance(entry.get("file"), str)]
            return doc, ""
    return None, problem or "not an index a batch wrote"


def index_bytes(leaflets: list[dict], version: str = __version__) -> bytes:
    """The bytes of ``index.json``: the same entries give the same bytes, whichever run or merge wrote them
    (no times, no shard numbers; sorted by file, invalid rows last)."""
    leaflets = sorted(leaflets, key=lambda e: (e.get("status") == "invalid", e.get("file", ""), e.get("row", 0)))
    data = {"handouts": version, "leaflets": leaflets}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@contextlib.contextmanager
def index_lock(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir``'s index lock: an exclusive ``flock`` on ``.index.json.lock`` (made without following a
    symbolic link). Another run waits for it. The file is removed before it is released, and a run that
    waited on a file that was removed meanwhile tries again, so no lock file stays behind (unless a run is
    killed outright while it holds it: the lock dies with the process, and the next run reuses the file).

    Where the file system cannot lock (some network file systems), :class:`OutputError` says so before
    anything is built. Without ``fcntl`` (Windows) there is no lock: shards must use their own folders."""
    try:
        import fcntl
    except ImportError:  # Windows: documented, shards write to their own folders and are merged
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    with contextlib.ExitStack() as stack:
        try:
            folder = stack.enter_context(open_folder(out_dir))
        except OSError as exc:
            raise _cannot_lock(out_dir, exc) from exc
        where, kw = folder.at(LOCK)
        while True:
            try:
                fd = os.open(where, flags, 0o600, **kw)
            except OSError as exc:
                raise _cannot_lock(out_dir, exc) from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                held, there = os.fstat(fd), folder.lstat(LOCK)
            except BaseException as exc:
                os.close(fd)
                if isinstance(exc, OSError):
                    raise _cannot_lock(out_dir, exc) from exc
                raise
            if there is not None and (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino):
                break  # the lock on the file that is there now
            os.close(fd)  # it was removed while this run waited: lock the one there now
        # the folder's descriptor stays open below, so removing the file acts in the same folder
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.unlink(where, **kw)  # still held: a run waiting on it sees it gone and tries again
            os.close(fd)


def _cannot_lock(out_dir: Path, exc: OSError) -> OutputError:
    return OutputError(f"--out-dir {display_path(out_dir)}: cannot lock {INDEX} ({LOCK}: {exc.strerror or exc}); "
                       "shards that cannot share a folder write to their own, and handouts merge joins them")


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
    write_atomic(out_dir / INDEX, index_bytes(leaflets), force=True, root=out_dir)
