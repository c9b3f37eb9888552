"""Stage 5: write the PDF atomically.

The bytes go to a temporary file in the destination folder, are flushed to
disk, and only then take the final name, so a failed or interrupted build
never leaves a partial PDF and never replaces a good file with a broken one.
Without ``force`` an existing file is never replaced, even by a race.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from pathlib import Path

from .errors import OutputError
from .load.yamlfile import display_path

SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}
"""The file name endings of each output format: the name and the format must agree."""


def format_for(name: str, given: str | None) -> tuple[str | None, str]:
    """``(format, "")``: the format a file ``name`` asks for by its ending (``.pdf``, ``.html``), or
    ``given`` if the name has none; ``(None, problem)`` if the ending is another or disagrees with
    ``given`` (a PDF is never written to ``x.html``, nor a web page to ``x.pdf``)."""
    suffix = Path(name).suffix.lower()
    wanted = (given or "").strip().lower() or None
    if not suffix or (wanted is not None and wanted not in SUFFIXES.values()):  # an unknown format: the request says
        return wanted, ""
    found = SUFFIXES.get(suffix)
    if found is None:
        return None, (f"{name!r} ends in {suffix!r}; a leaflet's file name ends in .pdf, or .html for "
                      "the web page")
    if wanted is not None and wanted != found:
        return None, (f"{name!r} ends in {suffix!r} but the format is {wanted}; end the name in "
                      f"{'.html' if wanted == 'html' else '.' + wanted}, or ask for {found}")
    return found, ""


def output_problems(path: Path, force: bool = False) -> list[str]:
    """Why ``path`` cannot be written before anything renders: its folder is missing, or it exists and
    ``force`` is off."""
    if not path.parent.is_dir():
        return [f"{path}: the folder {path.parent} does not exist"]
    if path.exists() and not force:
        return [f"{path}: file exists; use --force to replace it"]
    return []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_stale_parts(path: Path) -> None:
    """Remove the temporary files a killed earlier write of ``path`` left (``.NAME.XXXX.part``).

    Only files of that exact pattern, next to ``path``: never a finished file,
    never anything else. (Two writes of the same file at the same moment are not
    supported: one could remove the other's temporary file, and that write fails.)
    """
    folder = path.parent if str(path.parent) else Path(".")
    for part in folder.glob(f".{glob.escape(path.name)}.*.part"):
        with contextlib.suppress(OSError):
            part.unlink()


def write_atomic(path: Path, data: bytes, force: bool = False) -> Path:
    """Write ``data`` to ``path``; returns the path written."""
    path = Path(path)
    shown = display_path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{shown}: the folder {display_path(folder)!s} does not exist")
    if path.is_dir():
        raise OutputError(f"{shown}: is a folder, not a file name")
    if path.exists() and not force:
        raise OutputError(f"{shown}: file exists; use --force to replace it")
    remove_stale_parts(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write in {display_path(folder)}: {exc.strerror}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the name appeared meanwhile: never clobber
            except FileExistsError as exc:
                raise OutputError(f"{shown}: file exists; use --force to replace it") from exc
            except OSError:  # file systems without hard links
                os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write: {exc.strerror}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
