"""The built-in SVG pictures converted ahead of time, used only where they match exactly.

svglib turns an SVG file into a ReportLab ``Drawing``. Importing it (with lxml,
cssselect2, tinycss2 and importlib.metadata) and converting the two stretch
pictures costs about 40 ms at every start of a fresh process: a tenth of a cold
``handouts build`` (``benchmarks/``). So the drawing svglib makes of each built-in
SVG (the content's pictures, the demo clinic's logo) is kept in the package, in
``handouts/load/kept-drawings/`` (written by ``python -m handouts.load.kept_drawings``),
as a pickle of ReportLab shapes.

Correct by construction: a kept drawing is used for a file only if the file's
bytes are the bytes it was made from (its name is their SHA-256) and the
converter is the one it was made with (:func:`converter_key`: the source of
svglib, cssselect2 and tinycss2, ReportLab's version and the options we call
svglib with); otherwise, and whenever caching is off (``HANDOUTS_CACHE=0``),
svglib converts the file as usual. A kept file starts with the SHA-256 of the
rest (a damaged one is not used), and loading admits only ReportLab's shape,
colour and validator classes (:class:`_ShapesOnly`), so a kept file can never
run code. Nothing is written at run time. ``tests/test_kept_drawings.py`` checks
that the kept drawings are current and that leaflets are byte-identical either way.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

KEPT = Path(__file__).resolve().parent / "kept-drawings"
"""One ``<SHA-256 of the SVG file>.pickle`` per built-in SVG."""

SVG2RLG_OPTIONS = "resolve_entities=False, external_reference_root=<the file's folder>"
"""How :func:`handouts.load.pictures.svg_drawing` calls svglib (part of the key)."""

_CONVERTER_PACKAGES = ("svglib", "cssselect2", "tinycss2")
_ALLOWED_MODULES = frozenset({"reportlab.graphics.shapes", "reportlab.lib.colors", "reportlab.lib.validators",
                              "reportlab.lib.attrmap"})


@lru_cache(maxsize=1)
def converter_key() -> str:
    """What, besides the SVG file, decides the drawing: the Python source of svglib and the CSS libraries
    it uses (found without importing them), ReportLab's version, the options, the pickle protocol."""
    from reportlab import Version

    digest = hashlib.sha256(f"reportlab {Version}; {SVG2RLG_OPTIONS}; pickle 4".encode())
    for package in _CONVERTER_PACKAGES:
        spec = importlib.util.find_spec(package)
        folders = list(spec.submodule_search_locations or []) if spec else []
        digest.update(f"\n{package}:".encode())
        for folder in folders:
            for source in sorted(Path(folder).glob("*.py")):
                digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def kept_path(svg: bytes) -> Path:
    """Where the kept drawing of an SVG file with these bytes is."""
    return KEPT / f"{hashlib.sha256(svg).hexdigest()}.pickle"


class _ShapesOnly(pickle.Unpickler):
    """An unpickler that makes ReportLab shapes, colours and attribute maps, and nothing else: a class
    defined in one of the allowed modules (a plain name: ``copyreg`` + ``__builtins__.get`` would reach
    ``eval``), one of ReportLab's validators, or ``copyreg._reconstructor``."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "copyreg" and name == "_reconstructor":
            return super().find_class(module, name)
        if module in _ALLOWED_MODULES and name.isidentifier():
            found = getattr(sys.modules.get(module) or importlib.import_module(module), name, None)
            if isinstance(found, type) and found.__module__ == module:
                return found
            if module == "reportlab.lib.validators" and isinstance(found, _validator_class()):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a drawing's part")


def _validator_class() -> type:
    from reportlab.lib.validators import Validator

    return Validator


_SEAL = b"handouts kept drawing sha256:"


def _sealed(payload: bytes) -> bytes:
    """The kept file: a first line with the payload's SHA-256, then the payload (a pickle)."""
    return _SEAL + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def read_kept(path: Path) -> dict | None:
    """The ``{"converter": key, "drawing": Drawing}`` a kept file holds, or None if it is missing, damaged
    (its bytes do not match the SHA-256 of its first line) or not a drawing of ReportLab shapes."""
    try:
        head, _, payload = path.read_bytes().partition(b"\n")
        if head != _SEAL + hashlib.sha256(payload).hexdigest().encode():
            return None
        kept = _ShapesOnly(io.BytesIO(payload)).load()
    except Exception:  # any failure to read or unpickle: the file is not used, svglib converts the SVG
        return None
    from reportlab.graphics.shapes import Drawing

    if not isinstance(kept, dict) or not isinstance(kept.get("drawing"), Drawing):
        return None
    return kept


def kept_drawing(svg: bytes) -> Any:
    """The drawing svglib would make of an SVG file with these bytes, from its kept copy, or None if
    there is none, it is damaged, or it was made by another converter (then svglib converts it)."""
    path = kept_path(svg)
    kept = read_kept(path) if path.is_file() else None
    if kept is None or kept.get("converter") != converter_key():
        return None
    return kept["drawing"]


def kept_bytes(svg_file: Path, drawing: Any = None) -> bytes:
    """The kept file for ``svg_file``: its drawing as svglib makes it now (or ``drawing``, made so), with
    the converter's key."""
    if drawing is None:
        from .pictures import convert_svg

        drawing = convert_svg(svg_file)
    return _sealed(pickle.dumps({"converter": converter_key(), "drawing": drawing}, protocol=4))


def canonical(value: Any, depth: int = 0) -> Any:
    """A drawing (or any part of one) as nested tuples of class names, attribute names and exact
    ``repr`` of values: two drawings print the same if their canonical forms are equal. (A pickle's
    bytes are not a test: they depend on which equal strings and colours the converter shared.)"""
    if depth > 60:
        raise ValueError("a drawing nested over 60 levels deep")
    if isinstance(value, dict):
        return ("dict", tuple((repr(k), canonical(v, depth + 1)) for k, v in sorted(value.items(), key=repr)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(canonical(v, depth + 1) for v in value))
    if callable(value):  # a validator of an attribute map: what it checks is its class
        return ("callable", f"{type(value).__module__}.{type(value).__qualname__}")
    if hasattr(value, "__dict__"):
        return (f"{type(value).__module__}.{type(value).__qualname__}",
                tuple((k, canonical(v, depth + 1)) for k, v in sorted(vars(value).items())))
    return repr(value)


def builtin_svgs(data: Path) -> list[Path]:
    """Every SVG file of the built-in content (pictures, clinic logos)."""
    return sorted(data.rglob("*.svg"))


def write_all(data: Path) -> list[Path]:
    """(Re)write the kept drawing of every built-in SVG and remove the ones no file needs. Returns the
    files written."""
    from .pictures import convert_svg

    KEPT.mkdir(exist_ok=True)
    written, wanted = [], set()
    for svg_file in builtin_svgs(data):
        svg = svg_file.read_bytes()
        target = kept_path(svg)
        wanted.add(target)
        current, fresh = kept_drawing(svg), convert_svg(svg_file)
        if current is None or canonical(current) != canonical(fresh):
            target.write_bytes(kept_bytes(svg_file, fresh))
            written.append(target)
    for old in KEPT.glob("*.pickle"):
        if old not in wanted:
            old.unlink()
    return written


def main() -> None:
    """``python -m handouts.load.kept_drawings``: rewrite the kept drawings after a built-in SVG, svglib or
    ReportLab changed."""
    from ..resources import BUILTIN_DATA

    written = write_all(BUILTIN_DATA)
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("all current", file=sys.stderr)


if __name__ == "__main__":
    main()
