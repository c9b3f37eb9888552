"""Where the built-in content, layouts and fonts are.

In an installed wheel ``data/`` and ``layouts/`` ship inside the package as
``handouts/_builtin/``; in a checkout (or an editable install) they are the
folders at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _builtin(name: str) -> Path:
    shipped = _PACKAGE / "_builtin" / name
    if shipped.is_dir():
        return shipped
    return _PACKAGE.parent / name


BUILTIN_DATA = _builtin("data")
BUILTIN_LAYOUTS = _builtin("layouts")
BUILTIN_FONTS = _PACKAGE / "fonts"


def search_path(user_dirs: list[Path] | tuple[Path, ...], builtin: Path) -> list[Path]:
    """User folders first, in the order given, then the built-in folder."""
    seen: list[Path] = []
    for folder in [*user_dirs, builtin]:
        resolved = Path(folder).resolve()
        if resolved not in seen:
            seen.append(resolved)
    return seen
