"""``--shard``: which share of a manifest's jobs this run builds, given as ``K/N`` or read from the engine.

``K/N`` keeps the jobs at positions K-1, K-1+N, ... (``run.py``), so N runs together build each leaflet
exactly once. ``auto`` reads K and N from the standard variables of the engine that started the run:

- GitLab CI, a job with ``parallel: N``: ``CI_NODE_INDEX`` (1..N) and ``CI_NODE_TOTAL`` (N). A job
  without ``parallel`` has ``CI_NODE_TOTAL=1`` and no index: shard 1/1.
- Kubernetes, an Indexed Job: ``JOB_COMPLETION_INDEX`` (0..N-1). Kubernetes gives no count, so the
  command says it: ``auto/N``, with N the Job's ``completions``.
- GitHub Actions sets no such variable: a matrix passes K and N itself
  (``--shard ${{ matrix.shard }}/${{ strategy.job-total }}``).

``auto/N`` also checks the count against ``CI_NODE_TOTAL`` when GitLab set it. Every way this can go wrong
(nothing set, not a whole number, an index out of range, two engines that disagree) is one
:class:`~handouts.errors.HandoutsError` naming the variable (exit 2), before anything is read or made.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import HandoutsError, Problem

GITLAB_INDEX, GITLAB_TOTAL = "CI_NODE_INDEX", "CI_NODE_TOTAL"
KUBERNETES_INDEX = "JOB_COMPLETION_INDEX"
VARIABLES = (KUBERNETES_INDEX, GITLAB_INDEX, GITLAB_TOTAL)
MAX_SHARDS = 100_000
"""The most shards: no engine runs more parallel jobs (Kubernetes allows 10^5 indexes, GitLab 200)."""
_WHOLE = re.compile(r"[0-9]{1,9}")


def _fail(message: str) -> HandoutsError:
    return HandoutsError(problems=[Problem.of("shard", message)])


def parse_shard(text: str, environ: Mapping[str, str] | None = None) -> tuple[int, int]:
    """``"2/4"`` -> ``(2, 4)``; ``"auto"`` or ``"auto/N"`` -> read from ``environ`` (the process environment
    if None). Raises :class:`HandoutsError` with one problem (field ``shard``)."""
    if text == "auto" or text.startswith("auto/"):
        import os

        count = text.partition("/")[2] if "/" in text else None
        if count is not None and not (_number(count, 1) and int(count) <= MAX_SHARDS):
            raise _fail(f"expected auto/N with N a whole number from 1 to {MAX_SHARDS:,}, such as auto/4; "
                        f"found {_shown(text)}")
        return from_environment(os.environ if environ is None else environ, int(count) if count else None)
    k = n = 0
    if text.count("/") == 1:
        first, second = text.split("/")
        if _number(first, 1) and _number(second, 1):
            k, n = int(first), int(second)
    if not (1 <= k <= n <= MAX_SHARDS):
        raise _fail(f"expected K/N with 1 <= K <= N, such as 1/2, or auto (the engine's variables); "
                    f"found {_shown(text)}")
    return k, n


def from_environment(environ: Mapping[str, str], count: int | None = None) -> tuple[int, int]:
    """The shard the engine's variables name (see the module's documentation); ``count``: ``auto/N``'s N."""
    found: dict[str, tuple[int, int]] = {}  # engine -> (K, N)
    values = {name: environ.get(name, "").strip() for name in VARIABLES}
    for name, value in values.items():
        if value and not _number(value, 0):
            raise _fail(f"{name} is {_shown(value)}, not a whole number")
    gitlab_index, gitlab_total = values[GITLAB_INDEX], values[GITLAB_TOTAL]
    if gitlab_index and not gitlab_total:
        raise _fail(f"{GITLAB_INDEX} is set ({gitlab_index}) but {GITLAB_TOTAL} is not; GitLab CI sets both "
                    "in a job with parallel:")
    if gitlab_total:
        total = int(gitlab_total)
        if total < 1 or total > MAX_SHARDS:
            raise _fail(f"{GITLAB_TOTAL} is {total}; expected 1 to {MAX_SHARDS:,}")
        if not gitlab_index and total != 1:
            raise _fail(f"{GITLAB_TOTAL} is {total} but {GITLAB_INDEX} is not set; GitLab CI sets both "
                        "in a job with parallel:")
        index = int(gitlab_index) if gitlab_index else 1
        if not 1 <= index <= total:
            raise _fail(f"{GITLAB_INDEX} is {index}; with {GITLAB_TOTAL}={total} it must be 1 to {total}")
        if count is not None and count != total:
            raise _fail(f"auto/{count} but {GITLAB_TOTAL} is {total}; give plain auto on GitLab CI")
        found["GitLab CI"] = (index, total)
    if values[KUBERNETES_INDEX]:
        index = int(values[KUBERNETES_INDEX])
        if count is None:
            raise _fail(f"{KUBERNETES_INDEX} is set ({index}), but Kubernetes gives no shard count: use "
                        "auto/N with N the Job's completions, such as --shard auto/4")
        if index >= count:
            raise _fail(f"{KUBERNETES_INDEX} is {index}; with auto/{count} it must be 0 to {count - 1} "
                        "(is the Job's completions more than N?)")
        found["Kubernetes"] = (index + 1, count)
    if not found:
        raise _fail(f"none of {KUBERNETES_INDEX} (a Kubernetes Indexed Job), {GITLAB_INDEX} and {GITLAB_TOTAL} "
                    "(GitLab CI parallel:) is set; on GitHub Actions, pass K/N from the matrix")
    shards = set(found.values())
    if len(shards) > 1:
        said = "; ".join(f"{engine} says {k}/{n}" for engine, (k, n) in found.items())
        raise _fail(f"the engines' variables disagree: {said}")
    return shards.pop()


def shard_option(text: str | None) -> tuple[int, int]:
    """The command line's ``--shard`` (1/1 without it). K/N written out wrongly is a usage error
    (:class:`click.BadParameter`, as before ``auto``); a problem with ``auto`` is one line naming the
    variable (:class:`HandoutsError`, exit 2)."""
    import click

    if text is None:
        return (1, 1)
    try:
        return parse_shard(text)
    except HandoutsError as exc:
        if not text.startswith("auto"):
            raise click.BadParameter(exc.problems[0].message, param_hint="'--shard'") from exc
        raise HandoutsError(f"--shard auto: {exc.problems[0].message}") from exc


def _number(text: str, least: int) -> bool:
    """A plain whole number (digits only, at most 9 of them) of at least ``least``."""
    return bool(_WHOLE.fullmatch(text)) and int(text) >= least


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:30] + "..." + text[-5:])
