"""The built-in templates' kept code (handouts/render/precompiled.py, issue 18).

A kept module is current, is used instead of compiling, is never used for a
template whose text or environment differs, gives each environment a
namespace of its own, and names the template file and line in errors exactly
as a fresh compile does. (Byte identity of leaflets with and without it:
tests/test_reuse.py, which turns all caching off.)
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import py_compile
import re
import shutil

import jinja2
import pytest
from conftest import REPO, text_of

from handouts import BuildRequest, Handouts
from handouts.errors import LayoutSpecError
from handouts.render import precompiled
from handouts.render.templating import make_environment
from handouts.resources import BUILTIN_LAYOUTS

BUILTIN = list(precompiled.builtin_templates(BUILTIN_LAYOUTS))


def _no_compile(env):
    def refuse(*args, **kwargs):
        raise AssertionError(f"compiled {args[1] if len(args) > 1 else kwargs.get('name')}")

    env.compile = refuse
    return env


def _recorded(path):
    text = path.read_text(encoding="utf-8")
    found = dict(re.findall(r"^(SOURCE_SHA256|ENVIRONMENT) = '([0-9a-f]{64})'$", text, re.MULTILINE))
    return found.get("SOURCE_SHA256"), found.get("ENVIRONMENT")


def test_every_builtin_template_has_a_current_kept_module():
    """Made from the template as it is now; with this Jinja2 (the usual case), exactly what it would make
    now. With another Jinja2 the kept code is not used (the template compiles): never wrong, only slower."""
    env = make_environment([BUILTIN_LAYOUTS], precompiled=False)
    assert len(BUILTIN) >= 8
    for name, path in BUILTIN:
        kept = precompiled.module_path(name)
        assert kept.is_file(), f"no kept module for {name}: run `python -m handouts.render.precompiled`"
        source = path.read_text(encoding="utf-8")
        digest, environment = _recorded(kept)
        assert digest == hashlib.sha256(source.encode()).hexdigest(), (
            f"{name} changed since its kept module was made: run `python -m handouts.render.precompiled`")
        if environment == precompiled.fingerprint(env):
            assert kept.read_text(encoding="utf-8") == precompiled.module_text(env, name, source)
        else:
            assert precompiled.code_for(make_environment([BUILTIN_LAYOUTS]), name, source, str(path)) is None
    kept_names = {p.name for p in precompiled.COMPILED.glob("*.py")}
    assert kept_names == {precompiled.module_path(name).name for name, _ in BUILTIN}


def _made_with_this_jinja2():
    env = make_environment([BUILTIN_LAYOUTS], precompiled=False)
    return all(_recorded(precompiled.module_path(name))[1] == precompiled.fingerprint(env) for name, _ in BUILTIN)


@pytest.mark.parametrize("name", [name for name, _ in BUILTIN])
def test_a_builtin_template_loads_without_compiling(name):
    if not _made_with_this_jinja2():
        pytest.skip(f"the kept modules were made with another Jinja2 than {jinja2.__version__}")
    template = _no_compile(make_environment([BUILTIN_LAYOUTS])).get_template(name)
    assert template.filename == str(BUILTIN_LAYOUTS / name)
    with pytest.raises(AssertionError, match="compiled"):
        _no_compile(make_environment([BUILTIN_LAYOUTS], precompiled=False)).get_template(name)


def test_a_changed_copy_is_compiled_and_prints_its_change(tmp_path):
    folder = tmp_path / "layouts" / "handout"
    shutil.copytree(REPO / "layouts" / "handout", folder)
    template = folder / "leaflet.xml.j2"
    template.write_text(template.read_text().replace("</leaflet>", "<p>Changed copy of the handout</p>\n</leaflet>"),
                        encoding="utf-8")
    assert precompiled.code_for(make_environment([folder.parent]), "handout/leaflet.xml.j2",
                                template.read_text(encoding="utf-8"), str(template)) is None
    pdf = Handouts(layouts_dirs=[tmp_path / "layouts"]).render(BuildRequest(audience="general")).pdf
    assert "Changed copy of the handout" in text_of(pdf)
    assert "Changed copy" not in text_of(Handouts().render(BuildRequest(audience="general")).pdf)


def test_an_identical_copy_uses_the_kept_code_but_names_its_own_file(tmp_path):
    if not _made_with_this_jinja2():
        pytest.skip(f"the kept modules were made with another Jinja2 than {jinja2.__version__}")
    folder = tmp_path / "layouts" / "handout"
    shutil.copytree(REPO / "layouts" / "handout", folder)
    env = _no_compile(make_environment([tmp_path / "layouts", BUILTIN_LAYOUTS]))
    assert env.get_template("handout/leaflet.xml.j2").filename == str(folder / "leaflet.xml.j2")


def test_another_environment_is_not_given_the_kept_code():
    strict = jinja2.sandbox.ImmutableSandboxedEnvironment(autoescape=True, trim_blocks=True)  # no lstrip_blocks
    name, path = BUILTIN[0]
    source = path.read_text(encoding="utf-8")
    assert precompiled.code_for(strict, name, source, str(path)) is None
    if _made_with_this_jinja2():
        assert precompiled.code_for(make_environment([BUILTIN_LAYOUTS]), name, source, str(path)) is not None
    assert precompiled.code_for(make_environment([BUILTIN_LAYOUTS]), name, source + " ", str(path)) is None


def test_two_environments_never_share_a_namespace(tmp_path):
    """The kept leaflet imports the macros through the environment it was loaded by: one process with
    the built-in macros and a user's changed macros prints each where it belongs."""
    mine = tmp_path / "layouts" / "_common"
    mine.mkdir(parents=True)
    macros = (REPO / "layouts" / "_common" / "macros.xml.j2").read_text(encoding="utf-8")
    marker = "MACROSOFTHISCLINIC"
    cited = '<sup>{{ item.cites|join(",") }}</sup>'
    assert cited in macros
    changed = macros.replace(cited, cited + " " + marker, 1)
    (mine / "macros.xml.j2").write_text(changed, encoding="utf-8")
    theirs, plain = Handouts(layouts_dirs=[tmp_path / "layouts"]), Handouts()
    request = BuildRequest(audience="general")
    first = text_of(plain.render(request).pdf)
    changed_pdf = text_of(theirs.render(request).pdf)
    again = text_of(plain.render(request).pdf)
    assert marker in changed_pdf
    assert marker not in first and marker not in again


@pytest.mark.parametrize("kept", [True, False])
def test_an_error_in_a_builtin_template_names_the_same_file_and_line_either_way(kept):
    env = make_environment([BUILTIN_LAYOUTS], precompiled=kept)
    from handouts.render.templating import render_template

    with pytest.raises(LayoutSpecError) as caught:
        render_template(env, "handout/leaflet.xml.j2", {})
    message = str(caught.value)
    fresh = make_environment([BUILTIN_LAYOUTS], precompiled=False)
    with pytest.raises(LayoutSpecError) as expected:
        render_template(fresh, "handout/leaflet.xml.j2", {})
    assert message == str(expected.value)
    assert message.startswith("layouts/handout/leaflet.xml.j2:") or "handout/leaflet.xml.j2:" in message


def test_a_bytecode_cache_older_than_the_kept_module_is_never_used(tmp_path, monkeypatch):
    """Python trusts a bytecode cache whose source has the same size and modification time (in whole
    seconds): a kept module rewritten within the same second, at the same size, could run old code.
    The stamp is checked in the code, so the old code is refused (and Jinja2 compiles)."""
    monkeypatch.setattr(precompiled, "COMPILED", tmp_path)
    env = make_environment([BUILTIN_LAYOUTS], precompiled=False)
    name = "card/card.xml.j2"
    source = (BUILTIN_LAYOUTS / name).read_text(encoding="utf-8")
    first, second = source + "{# AAAA #}", source + "{# BBBB #}"
    path = precompiled.module_path(name)
    path.write_text(precompiled.module_text(env, name, first), encoding="utf-8")
    when = path.stat().st_mtime_ns
    py_compile.compile(str(path), cfile=importlib.util.cache_from_source(str(path)), doraise=True)
    text = precompiled.module_text(env, name, second)
    assert len(text.encode()) == path.stat().st_size and text != path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(when, when))
    kept = make_environment([BUILTIN_LAYOUTS])
    assert precompiled.code_for(kept, name, second, str(BUILTIN_LAYOUTS / name)) is None
    assert precompiled.code_for(kept, name, first, str(BUILTIN_LAYOUTS / name)) is not None  # what it holds


def test_a_damaged_kept_module_is_compiled_instead(tmp_path, monkeypatch):
    monkeypatch.setattr(precompiled, "COMPILED", tmp_path)
    name, path = BUILTIN[0]
    source = path.read_text(encoding="utf-8")
    env = make_environment([BUILTIN_LAYOUTS])
    precompiled.module_path(name).write_text("def broken(:\n" + precompiled._stamp(env, name, source),
                                             encoding="utf-8")
    assert precompiled.code_for(env, name, source, str(path)) is None
    assert env.get_template(name).render is not None
