"""Reading a file the user named, safely: only a regular file, and never more than a limit.

Every path that comes from a user (content, layouts, fonts, clinic files,
logos and pictures, manifests, the config file, a batch's ``index.json``)
is read through :func:`read_regular` or checked with :func:`regular_problem`
first. A FIFO would block for ever and a device (``/dev/zero``, or a link to
one) would be read until memory runs out, so anything but a regular file is
refused, and a file's size is checked before it is read, not after.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MISSING = "no such file"
"""The problem :func:`read_regular` and :func:`regular_problem` give for a path that does not exist."""
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))


def kind_problem(mode: int) -> str:
    """"" for a regular file, else what it is instead."""
    if stat.S_ISREG(mode):
        return ""
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"not a regular file (it is {kind})"


def regular_problem(path: Path | str, follow: bool = True) -> str:
    """What keeps ``path`` from being read as a regular file ("" if nothing): it is missing
    (:data:`MISSING`), not a regular file, or its name cannot be used. Never blocks."""
    try:
        info = os.stat(path, follow_symlinks=follow)
    except FileNotFoundError:
        return MISSING
    except NotADirectoryError:
        return MISSING
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    except ValueError:  # an embedded NUL character
        return "cannot read: the name holds a NUL character"
    return kind_problem(info.st_mode)


def is_regular(path: Path | str) -> bool:
    """``path`` is a regular file (a link to one counts). Never raises: an unusable name is not one."""
    return regular_problem(path) == ""


def is_folder(path: Path | str) -> bool:
    """``path`` is a folder (a link to one counts). Never raises: an unusable name is not one."""
    return os.path.isdir(path)  # catches OSError and ValueError (a name too long, a NUL)


def read_regular(path: Path | str, limit: int, follow: bool = True,
                 limit_text: str = "at most") -> tuple[bytes | None, str]:
    """``(bytes, "")``, or ``(None, problem)`` for a missing file (:data:`MISSING`), one that is not
    regular, one over ``limit`` bytes (``"file is N bytes; <limit_text> LIMIT"``), or one that cannot
    be read. ``follow=False``: a symbolic link is refused too. Never blocks on a FIFO, and reads at
    most ``limit`` + 1 bytes."""
    problem = regular_problem(path, follow)
    if problem:
        return None, problem
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None, MISSING
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}"
    try:
        info = os.fstat(fd)  # what was opened, not what the name pointed at a moment ago
        problem = kind_problem(info.st_mode)
        if problem:
            return None, problem
        if info.st_size > limit:
            return None, f"file is {info.st_size:,} bytes; {limit_text} {limit:,}"
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            return None, f"file is over {limit:,} bytes; {limit_text} {limit:,}"
        return b"".join(chunks), ""
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}"
    finally:
        os.close(fd)
