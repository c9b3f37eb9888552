"""Bad input must fail cleanly: a clear message, exit code 2, no traceback, no file.

Every folder under ``tests/cases/`` is one case, named for what is wrong:

- the folder itself is a data overlay (passed with ``--data-dir``): it holds
  only the broken file(s); everything else comes from the built-in data;
- ``expected.txt``: the exact stderr, line for line; or ``match.txt``:
  substrings that must each appear in stderr (for Click's own usage text);
- ``args.txt`` (optional): the CLI arguments, one per line, instead of
  ``build general -o out.pdf --data-dir {case}``;
- ``exit.txt`` (optional): the expected exit code (default 2);
- ``xfail.txt`` (optional): the reason the case is known to fail today; the
  expected text is what the message *should* be (strict xfail);
- ``env.txt`` (optional): ``NAME=VALUE`` lines, environment variables set for
  the case (``SOURCE_DATE_EPOCH`` is unset otherwise).

No case may print "internal error" (``test_no_case_prints_internal_error``).

In ``args.txt``, ``expected.txt`` and ``match.txt``, ``{case}`` is the case
folder name and ``{tmp}`` is pytest's ``tmp_path``; the argument ``out.pdf``
is written into ``tmp_path``. Tests run from ``tests/cases`` so data paths
print as ``<case>/...``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BAD_INPUT_MESSAGES
from handouts.cli import main

CASES = Path(__file__).resolve().parent / "cases"
DEFAULT_ARGS = ["build", "general", "-o", "out.pdf", "--data-dir", "{case}"]


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _params():
    params = []
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        marks = []
        reason_file = folder / "xfail.txt"
        if reason_file.is_file():
            marks.append(pytest.mark.xfail(reason=reason_file.read_text(encoding="utf-8").strip(), strict=True))
        params.append(pytest.param(folder, marks=marks, id=folder.name))
    return params


def test_cases_are_well_formed():
    """Each case says what it expects, exactly one way."""
    folders = [p for p in CASES.iterdir() if p.is_dir()]
    assert folders, "no cases found"
    for folder in folders:
        has = [(folder / name).is_file() for name in ("expected.txt", "match.txt")]
        assert sum(has) == 1, f"{folder.name}: needs exactly one of expected.txt, match.txt"


def _expected_exit(case: Path) -> int:
    exit_file = case / "exit.txt"
    return int(exit_file.read_text(encoding="utf-8").strip()) if exit_file.is_file() else 2


def _run_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run one case's command in-process, from ``tests/cases``, with its environment."""
    def fill(text: str) -> str:
        return text.replace("{case}", case.name).replace("{tmp}", str(tmp_path))

    args_file = case / "args.txt"
    # split on "\n" only: an argument may hold a control character that str.splitlines() would split on
    args = args_file.read_text(encoding="utf-8").split("\n") if args_file.is_file() else DEFAULT_ARGS
    args = [str(tmp_path / "out.pdf") if arg == "out.pdf" else fill(arg) for arg in args if arg.strip()]
    monkeypatch.chdir(CASES)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    env_file = case / "env.txt"
    for line in env_file.read_text(encoding="utf-8").splitlines() if env_file.is_file() else []:
        name, _, value = line.partition("=")
        monkeypatch.setenv(name, value)
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.mark.parametrize("case", _params())
def test_bad_input(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    name = case.name
    expected_exit = _expected_exit(case)
    result = _run_case(case, tmp_path, monkeypatch)

    def fill(text: str) -> str:
        return text.replace("{case}", name).replace("{tmp}", str(tmp_path))

    stderr, stdout = result.stderr, result.stdout
    print(f"\n[{name}] exit {result.exit_code}\n{stderr}", end="")
    request.config.stash.setdefault(BAD_INPUT_MESSAGES, []).append((name, result.exit_code, stderr))

    assert "Traceback" not in stderr and "Traceback" not in stdout
    assert "internal error" not in stderr
    assert result.exit_code == expected_exit, f"exit code {result.exit_code}, expected {expected_exit}:\n{stderr}"
    if (case / "match.txt").is_file():
        for needle in (fill(line) for line in _read_lines(case / "match.txt") if line.strip()):
            assert needle in stderr
    else:
        expected = [fill(line) for line in _read_lines(case / "expected.txt")]
        assert expected and all(line.startswith("Error: ") for line in expected), "expected.txt: every line starts with 'Error: '"
        assert stderr.splitlines() == expected
    if expected_exit != 1:  # a batch with bad rows still prints its summary line
        assert not stdout.strip(), f"nothing should be printed to stdout on failure, got {stdout!r}"
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    if expected_exit == 1:  # a batch with bad rows: the good rows' PDFs and index.json, nothing half-written
        assert not [w for w in written if w.endswith(".part")], f"temporary files were left behind: {written}"
    else:
        assert not written, f"files were left behind: {written}"


def test_no_case_prints_internal_error(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    """Every case of the corpus, and none prints "internal error" (exit 1 is for a batch with bad rows only).

    Reuses what ``test_bad_input`` recorded in this run (it runs first in this module); runs any case it
    did not (``-k``, a deselected case) itself."""
    seen = {name: (code, stderr) for name, code, stderr in request.config.stash.get(BAD_INPUT_MESSAGES, [])}
    cases = sorted(p for p in CASES.iterdir() if p.is_dir())
    for case in cases:
        if case.name not in seen:
            with pytest.MonkeyPatch.context() as monkeypatch:
                result = _run_case(case, tmp_path_factory.mktemp(case.name), monkeypatch)
            seen[case.name] = (result.exit_code, result.stderr)
    assert len(seen) == len(cases) >= 100
    offenders = {name: stderr for name, (code, stderr) in seen.items()
                 if "internal error" in stderr or (code == 1 and _expected_exit(CASES / name) != 1)}
    assert offenders == {}
