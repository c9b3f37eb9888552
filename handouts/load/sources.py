"""Stage 1: the sources every item cites (``sources.yaml``), checked so a committee can follow each one.

Every source names its primary publisher, title, a 4-digit year and an ``https://`` address of the
original (a DOI, PubMed, or the publisher's own page; not a home page). Hosts on the deny-list in
``source-policy.yaml`` (copies, mirrors, document-sharing sites) and staging hosts (``qa.``, ``dev.``...)
are refused. ``read_at`` is a private note (where a copy was read); it is never printed.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import Problem
from .model import Source
from .schema import SOURCE_ID_RE, Checker
from .yamlfile import Map, display_path, load_or_report


SOURCE_FIELDS = {"id", "title", "publisher", "year", "url", "read_at"}


YEAR_RE = re.compile(r"^[0-9]{4}$")


def load_sources(data_dirs: list[Path], problems: list[Problem]) -> dict[str, Source]:
    policy = _load_source_policy(data_dirs, problems)
    sources: dict[str, Source] = {}
    found_any = False
    for folder in data_dirs:  # user folders first: their entries win
        path = folder / "sources.yaml"
        if not path.is_file():
            continue
        found_any = True
        doc = load_or_report(path, problems)
        if doc is None:
            continue
        ck = Checker(display_path(path), problems)
        ck.unknown_keys(doc, {"sources"})
        seen_here: set[str] = set()
        entries = ck.get_list(doc, "sources", required=True)
        for i, entry in enumerate(entries):
            prefix = f"sources[{i}]."
            if not isinstance(entry, Map):
                ck.fail(entries.line_of(i), prefix.rstrip("."),
                        "expected a mapping with id, title, publisher, year, url")
                continue
            ck.unknown_keys(entry, SOURCE_FIELDS, prefix)
            sid = ck.get_id(entry, "id", prefix, pattern=SOURCE_ID_RE)
            values = [ck.get_str(entry, key, prefix) for key in ("title", "publisher", "year", "url")]
            read_at = ck.get_str(entry, "read_at", prefix, required=False) or ""
            year, url = values[2], values[3]
            if year is not None and not YEAR_RE.match(year):
                ck.fail(entry.line_of("year"), prefix + "year", f"expected a 4-digit year, found {year!r}")
                values[2] = None
            if url is not None:
                problem = _url_problem(url, policy)
                if problem:
                    ck.fail(entry.line_of("url"), prefix + "url", problem)
                    values[3] = None
            if sid in seen_here:
                ck.fail(entry.line_of("id"), prefix + "id", f"duplicate source id {sid!r}")
                continue
            title, publisher, year, url = values
            if sid is None or title is None or publisher is None or year is None or url is None:
                continue
            seen_here.add(sid)
            sources.setdefault(sid, Source(sid, title, publisher, year, url, read_at=read_at))
    if not found_any:
        problems.append(Problem("sources.yaml", None, "", "no sources.yaml in any data folder"))
    return sources


POLICY_FILE = "source-policy.yaml"


def _load_source_policy(data_dirs: list[Path], problems: list[Problem]) -> tuple[set[str], set[str]]:
    """``denied_hosts`` and ``denied_host_prefixes`` from every folder's ``source-policy.yaml``
    (joined: a data folder can add to the built-in deny-list, not remove from it)."""
    hosts: set[str] = set()
    prefixes: set[str] = set()
    for folder in data_dirs:
        path = folder / POLICY_FILE
        if not path.is_file():
            continue
        doc = load_or_report(path, problems)
        if doc is None:
            continue
        ck = Checker(display_path(path), problems)
        ck.unknown_keys(doc, {"denied_hosts", "denied_host_prefixes"})
        hosts.update(h.lower().rstrip(".") for h in ck.get_str_list(doc, "denied_hosts"))
        prefixes.update(p.lower() for p in ck.get_str_list(doc, "denied_host_prefixes"))
    return hosts, prefixes


def _url_problem(url: str, policy: tuple[set[str], set[str]]) -> str | None:
    """Why ``url`` is not a stable https address of an original page, or ``None``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        return f"expected an https:// address of the original, found {url!r}"
    if parts.path in ("", "/") and not parts.query:
        return f"{url!r} is a home page; give the address of the page itself (a DOI, PubMed or the publisher's page)"
    denied_hosts, denied_prefixes = policy
    labels = host.split(".")
    for i in range(len(labels) - 1):
        parent = ".".join(labels[i:])
        if parent in denied_hosts:
            return (f"host {host!r} is on the deny-list ({parent!r} in {POLICY_FILE}): cite the original, "
                    "not a copy or mirror")
    for prefix in sorted(denied_prefixes):
        if host.startswith(prefix) or f".{prefix}" in f".{host}":
            return f"host {host!r} is a staging or test host ({prefix!r} in {POLICY_FILE}); cite the public page"
    return None
