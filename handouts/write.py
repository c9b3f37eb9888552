"""Stage 5: write the PDF atomically, and only where it was asked to go.

The bytes go to a temporary file in the destination folder, are flushed to
disk, and only then take the final name, so a failed or interrupted build
never leaves a partial PDF and never replaces a good file with a broken one.
Without ``force`` an existing file is never replaced, even by a race.

With a ``root`` (a batch's ``--out-dir``), the path below it is walked one
name at a time without following a symbolic link (POSIX: through folder
descriptors, so a link swapped in meanwhile is not followed either): writing,
making folders and removing stale temporary files never act outside ``root``.
A name that is a symbolic link is never written through, in any mode: it is
an existing entry, replaced (the link itself) only with ``force``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .errors import OutputError
from .load.yamlfile import display_path

MAX_NAME_BYTES = 240
"""The longest file or folder name written, in bytes of UTF-8: file systems allow 255, and the
hidden temporary file (``.NAME.xxxxxxxx.part``) needs 15 more."""
_PART_SUFFIX = ".part"
_AT = os.name == "posix"
"""Folder descriptors (``dir_fd``): walk and act without following links, race-free."""
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def name_problem(name: str) -> str:
    """What is wrong with one file or folder name's length ("" if nothing): counted in bytes, as file systems
    do, not in characters. The message starts with the name."""
    size = len(name.encode("utf-8", "surrogateescape"))
    if size > MAX_NAME_BYTES:
        return (f"{_short(name)!r} is {size} bytes in UTF-8; a file or folder name may have at most "
                f"{MAX_NAME_BYTES} (file systems allow 255, and the temporary file needs the rest)")
    return ""


def _short(name: str) -> str:
    return name if len(name) <= 40 else name[:30] + "..." + name[-6:]
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
    """Why ``path`` cannot be written, before anything renders (:func:`check_target`'s reasons as a list:
    empty if it can be)."""
    try:
        check_target(path, force)
    except OutputError as exc:
        return [str(exc)]
    return []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Folder:
    """A folder to act in: a descriptor where the platform has them (nothing is followed through a path
    again), else the path itself."""

    def __init__(self, path: Path, fd: int | None):
        self.path, self.fd = path, fd

    def at(self, name: str) -> tuple[str, dict]:
        """The arguments for an ``os`` call on ``name`` in this folder."""
        if self.fd is None:
            return str(self.path / name), {}
        return name, {"dir_fd": self.fd}

    def lstat(self, name: str) -> os.stat_result | None:
        where, kw = self.at(name)
        try:
            return os.stat(where, follow_symlinks=False, **kw)
        except FileNotFoundError:
            return None

    def names(self) -> list[str]:
        with os.scandir(self.fd if self.fd is not None else self.path) as entries:
            return [entry.name for entry in entries]

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


@contextlib.contextmanager
def open_folder(root: Path, relative: tuple[str, ...] = (), create: bool = False) -> Iterator[_Folder]:
    """The folder ``root/relative``, each name below ``root`` walked without following a link.

    ``create`` makes the missing folders. Raises ``NotADirectoryError`` for a file (or a symbolic link)
    in the way, ``FileNotFoundError`` for a missing folder, other ``OSError`` as the system says."""
    root = Path(root) if str(root) else Path(".")
    if not _AT:
        path = root
        for name in relative:
            path = path / name
            if create and not os.path.lexists(path):
                os.mkdir(path)
            if not stat.S_ISDIR(os.lstat(path).st_mode):  # a link or a file: never walked through
                raise NotADirectoryError(20, "a file or a symbolic link is in the way", str(path))
        folder = _Folder(path, None)
    else:
        fd = os.open(root, _DIR_FLAGS)  # root itself is the user's choice: a link to it is followed
        try:
            for name in relative:
                if create:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(name, 0o777, dir_fd=fd)
                below = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=fd)  # a link: ENOTDIR or ELOOP
                os.close(fd)
                fd = below
        except BaseException:
            os.close(fd)
            raise
        folder = _Folder(root.joinpath(*relative), fd)
    try:
        yield folder
    finally:
        folder.close()


def _split(path: Path, root: Path | None) -> tuple[Path, tuple[str, ...], str]:
    """``(root, folders below it, file name)``; without ``root``, the path's own folder is the root."""
    if root is None:
        return (path.parent if str(path.parent) else Path(".")), (), path.name
    parts = PurePosixPath(path.relative_to(root).as_posix()).parts
    return root, parts[:-1], parts[-1]


def _is_part(entry: str, name: str) -> bool:
    """``.NAME.xxxx.part``: a temporary file of a write of ``name``."""
    prefix = f".{name}."
    return entry.startswith(prefix) and entry.endswith(_PART_SUFFIX) and len(entry) >= len(prefix) + len(_PART_SUFFIX)


def _remove_parts(folder: _Folder, name: str) -> None:
    for entry in folder.names():
        if not _is_part(entry, name):
            continue
        info = folder.lstat(entry)
        if info is None or not stat.S_ISREG(info.st_mode):  # a link or anything else is not ours to remove
            continue
        where, kw = folder.at(entry)
        with contextlib.suppress(OSError):
            os.unlink(where, **kw)


def remove_stale_parts(path: Path, root: Path | None = None) -> None:
    """Remove the temporary files a killed earlier write of ``path`` left (``.NAME.XXXX.part``).

    Only regular files of that exact pattern, next to ``path``: never a finished file, never a
    symbolic link, never anything else; with ``root``, never in a folder reached through a link.
    (Two writes of the same file at the same moment are not supported: one could remove the other's
    temporary file, and that write fails.)
    """
    base, folders, name = _split(Path(path), root)
    try:
        with open_folder(base, folders) as folder:
            _remove_parts(folder, name)
    except (OSError, ValueError):
        pass  # no such folder (or not one we may enter): nothing of ours is there


def check_target(path: Path, force: bool = False) -> None:
    """Raise :class:`OutputError` if ``path`` cannot be written: its folder is missing, it is a folder,
    its name is too long, or it exists and ``force`` is off. Nothing is written."""
    path = Path(path)
    shown = display_path(path)
    folder = path.parent if str(path.parent) else Path(".")
    problem = name_problem(path.name)
    if problem:
        raise OutputError(f"{display_path(folder)}: {problem}")
    try:
        if not folder.is_dir():
            raise OutputError(f"{shown}: the folder {display_path(folder)!s} does not exist")
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        raise OutputError(f"{_short(shown)}: cannot use this path: {getattr(exc, 'strerror', None) or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{shown}: is a folder, not a file name")
    if not force:
        raise OutputError(f"{shown}: file exists; use --force to replace it")


def write_atomic(path: Path, data: bytes, force: bool = False, root: Path | None = None) -> Path:
    """Write ``data`` to ``path``; returns the path written.

    With ``root``, ``path`` lies below it and every folder between is walked without following a link
    (the folders must exist). A symbolic link at ``path`` is never written through."""
    path = Path(path)
    shown = display_path(path)
    if root is None:
        check_target(path, force)
    base, folders, name = _split(path, root)
    problem = name_problem(name)
    if problem:
        raise OutputError(f"{display_path(path.parent)}: {problem}")
    try:
        with open_folder(base, folders) as folder:
            _write_in(folder, name, data, force, shown)
    except FileNotFoundError as exc:
        raise OutputError(f"{shown}: the folder {display_path(path.parent)} does not exist") from exc
    except NotADirectoryError as exc:
        raise OutputError(f"{shown}: a folder on the way is a file or a symbolic link; refused") from exc
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write in {display_path(path.parent)}: {exc.strerror}") from exc
    return path


def _write_in(folder: _Folder, name: str, data: bytes, force: bool, shown: str) -> None:
    found = folder.lstat(name)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{shown}: is a folder, not a file name")
    if found is not None and not force:
        raise OutputError(f"{shown}: file exists; use --force to replace it")
    _remove_parts(folder, name)
    tmp = f".{name}.{secrets.token_hex(4)}{_PART_SUFFIX}"
    where, kw = folder.at(tmp)
    fd = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600,
                 **kw)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
        if not hasattr(os, "fchmod"):
            os.chmod(where, 0o666 & ~_umask())
        target, _ = folder.at(name)
        dfd = folder.fd
        if force:
            os.replace(where, target, src_dir_fd=dfd, dst_dir_fd=dfd)
        else:
            try:
                os.link(where, target, src_dir_fd=dfd, dst_dir_fd=dfd)  # fails if the name appeared: never clobber
            except FileExistsError as exc:
                raise OutputError(f"{shown}: file exists; use --force to replace it") from exc
            except OSError:  # file systems without hard links
                os.replace(where, target, src_dir_fd=dfd, dst_dir_fd=dfd)
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write: {exc.strerror}") from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(where, **kw)
