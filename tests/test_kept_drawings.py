"""The built-in SVG pictures' kept drawings (handouts/load/kept_drawings.py, issue 18).

A kept drawing is current, is what svglib makes of the file, is never used for
other bytes or another converter, can never run code, and spares a leaflet
svglib altogether. (Byte identity of every leaflet with and without it:
tests/test_reuse.py, which turns all caching off.)
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys

import pytest
from conftest import REPO, text_of

from handouts import BuildRequest, Handouts
from handouts.load import kept_drawings
from handouts.load.kept_drawings import canonical, converter_key, kept_drawing, kept_path
from handouts.load.pictures import convert_svg, svg_drawing
from handouts.resources import BUILTIN_DATA

SVGS = kept_drawings.builtin_svgs(BUILTIN_DATA)


def _made_with_this_converter() -> bool:
    return all((kept_drawings.read_kept(kept_path(p.read_bytes())) or {}).get("converter") == converter_key()
               for p in SVGS)


def test_every_builtin_svg_has_a_current_kept_drawing():
    """With this svglib and ReportLab (the usual case), the kept drawing is what svglib makes now; with
    others it is not used (svglib converts): never wrong, only slower."""
    assert len(SVGS) >= 3  # the two stretch pictures and the demo clinic's SVG logo
    this_converter = _made_with_this_converter()
    for svg in SVGS:
        assert kept_path(svg.read_bytes()).is_file(), f"no kept drawing of {svg.name}: run " \
                                                      "`python -m handouts.load.kept_drawings`"
        kept = kept_drawing(svg.read_bytes())
        if this_converter:
            assert kept is not None and canonical(kept) == canonical(convert_svg(svg)), svg.name
        else:
            assert kept is None
    assert {p.name for p in kept_drawings.KEPT.glob("*")} == {kept_path(s.read_bytes()).name for s in SVGS}


def test_canonical_forms_tell_a_changed_drawing_apart(tmp_path):
    svg = BUILTIN_DATA / "pictures" / "calf-stretch.svg"
    moved = tmp_path / "calf-stretch.svg"
    shutil.copy(svg, moved)
    assert canonical(convert_svg(moved)) == canonical(convert_svg(svg))  # where the file is does not matter
    moved.write_text(svg.read_text(encoding="utf-8").replace('width="', 'width="1', 1), encoding="utf-8")
    assert canonical(convert_svg(moved)) != canonical(convert_svg(svg))


def test_other_bytes_are_converted_by_svglib_and_print_as_changed(tmp_path):
    data = tmp_path / "data" / "pictures"
    data.mkdir(parents=True)
    text = (BUILTIN_DATA / "pictures" / "calf-stretch.svg").read_text(encoding="utf-8")
    changed = text.replace("</svg>", '<text x="10" y="20" font-size="12">CHANGEDPICTURE</text></svg>')
    assert changed != text
    (data / "calf-stretch.svg").write_text(changed, encoding="utf-8")
    assert kept_drawing(changed.encode()) is None
    request = BuildRequest(audience="general")
    fast = Handouts(data_dirs=[tmp_path / "data"]).render(request).pdf
    assert "CHANGEDPICTURE" in text_of(fast)
    assert fast == Handouts(data_dirs=[tmp_path / "data"], cache=False).render(request).pdf


def _eval_through_a_dotted_name(marker) -> bytes:
    """A pickle that reaches eval through copyreg.__builtins__.get (a dotted name in STACK_GLOBAL)."""
    def text(value: str) -> bytes:
        data = value.encode()
        return b"\x8c" + bytes([len(data)]) + data  # SHORT_BINUNICODE

    return (b"\x80\x04" + text("copyreg") + text("__builtins__.get") + b"\x93" + text("eval") + b"\x85R"
            + text(f"__import__('os').mkdir({str(marker)!r})") + b"\x85R.")


KINDS = ["another-converter", "code", "eval-through-a-dotted-name", "a-byte-changed", "seal-of-other-bytes",
         "not-a-pickle", "empty", "not-a-drawing"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_kept_file_that_is_not_current_or_not_a_drawing_is_never_used(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(kept_drawings, "KEPT", tmp_path)
    svg_file = BUILTIN_DATA / "pictures" / "calf-stretch.svg"
    svg = svg_file.read_bytes()
    target = kept_path(svg)
    marker = tmp_path / "RAN"

    class Runs:
        def __reduce__(self):
            return (os.mkdir, (str(marker),))

    good = kept_drawings.kept_bytes(svg_file)
    head, _, payload = good.partition(b"\n")
    seal = kept_drawings._sealed
    changed = bytearray(good)
    changed[len(head) + 200] ^= 0x01
    target.write_bytes({
        "another-converter": seal(pickle.dumps({"converter": "0" * 64, "drawing": convert_svg(svg_file)},
                                               protocol=4)),
        "code": seal(pickle.dumps({"converter": converter_key(), "drawing": Runs()}, protocol=4)),
        "eval-through-a-dotted-name": seal(_eval_through_a_dotted_name(marker)),
        "a-byte-changed": bytes(changed),
        "seal-of-other-bytes": head + b"\n" + payload[:-1] + b"\x00",
        "not-a-pickle": seal(b"<svg/>"),
        "empty": b"",
        "not-a-drawing": seal(pickle.dumps({"converter": converter_key(), "drawing": [1, 2]}, protocol=4)),
    }[kind])
    assert kept_drawing(svg) is None
    assert not marker.exists()
    if _made_with_this_converter():
        target.write_bytes(good)
        assert kept_drawing(svg) is not None  # the same file, sound, is used


def test_caching_off_never_reads_a_kept_drawing(monkeypatch, tmp_path):
    """Neither the picture check (an SVG logo, the stretch pictures) nor the drawing reads a kept file
    when caching is off."""
    read = []
    original = kept_drawings.kept_drawing
    monkeypatch.setattr(kept_drawings, "kept_drawing", lambda svg: read.append(1) or original(svg))
    clinic = tmp_path / "clinic.yaml"
    text = (REPO / "data" / "clinics" / "demo.yaml").read_text(encoding="utf-8")
    clinic.write_text(text.replace("logo: demo-logo.png", "logo: logo.svg"), encoding="utf-8")
    shutil.copy(REPO / "data" / "clinics" / "demo-logo.svg", tmp_path / "logo.svg")
    from handouts.load import pictures

    pictures._svg_drawing.cache_clear()
    request = BuildRequest(audience="general", clinic=str(clinic))
    off = Handouts(cache=False).render(request).pdf
    assert read == []
    assert Handouts(cache=True).render(request).pdf == off
    assert read  # with caching on, the kept drawings are read


def test_caching_off_converts_with_svglib():
    path = BUILTIN_DATA / "pictures" / "calf-stretch.svg"
    assert svg_drawing(path, kept=False) is not svg_drawing(path, kept=True)
    assert canonical(svg_drawing(path, kept=False)) == canonical(svg_drawing(path, kept=True))


def test_a_leaflet_of_builtin_pictures_does_not_import_svglib(tmp_path):
    if not _made_with_this_converter():
        pytest.skip("the kept drawings were made with another svglib or ReportLab")
    code = ("import sys\nfrom handouts import BuildRequest, Handouts\n"
            "pdf = Handouts().render(BuildRequest(audience='general')).pdf\n"
            "assert pdf.startswith(b'%PDF')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('svglib', 'lxml', 'cssselect2')))\n")
    env = {k: v for k, v in os.environ.items() if k != "HANDOUTS_CACHE"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                            env={**env, "HANDOUTS_CACHE": "0"}, timeout=120)
    assert result.returncode == 0 and "svglib" in result.stdout, result.stderr


def test_the_repository_copy_and_the_wheel_copy_share_kept_drawings(tmp_path):
    """An installed wheel has the content in handouts/_builtin/data: same bytes, same kept drawing."""
    shutil.copytree(REPO / "data" / "pictures", tmp_path / "pictures")
    for svg in (tmp_path / "pictures").glob("*.svg"):
        assert kept_path(svg.read_bytes()).is_file()
