"""The garbage collector of the ``handouts`` command (handouts/collector.py, issue 18).

Off while a one-document command starts and runs (a cold build is 7 to 10% faster); on for every
command that runs long, and for a leaflet that must shrink to fit (its attempts leave cycles).
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import REPO

GC_STATE = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('gc', gc.isenabled(), file=sys.stderr))\n"
            "from handouts.console import main\n"
            "sys.argv = ['handouts', *sys.argv[1:]]\n"
            "main()\n")


@pytest.mark.parametrize(("args", "enabled"), [
    (["list"], False), (["--version"], False), (["build", "general", "--format", "html", "-o", "g.html"], False),
    (["serve", "--help"], True), (["batch", "--help"], True), (["check", "--help"], True),
])
def test_the_command_collects_garbage_only_when_it_runs_long(tmp_path, args, enabled):
    result = subprocess.run([sys.executable, "-c", GC_STATE, *args], capture_output=True, text=True, cwd=tmp_path,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == f"gc {enabled}"


@pytest.mark.parametrize(("max_pages", "enabled"), [("2", False), ("1", True)])
def test_a_leaflet_that_must_shrink_turns_the_collector_on(tmp_path, max_pages, enabled):
    """The general leaflet fits 2 pages as it is; on 1 page only shrunk (its body below 11 pt)."""
    layout = tmp_path / "layouts" / "tight"
    shutil.copytree(REPO / "layouts" / "handout", layout)
    spec = layout / "layout.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "max_pages: 2" in text
    spec.write_text(text.replace("max_pages: 2", f"max_pages: {max_pages}").replace(
        "min_font_size: 11", "min_font_size: 6"), encoding="utf-8")
    args = ["build", "general", "--layouts-dir", str(tmp_path / "layouts"), "--layout", "tight", "-o", "t.pdf"]
    result = subprocess.run([sys.executable, "-c", GC_STATE, *args], capture_output=True, text=True, cwd=tmp_path,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "t.pdf").is_file()
    assert result.stderr.splitlines()[-1] == f"gc {enabled}"
