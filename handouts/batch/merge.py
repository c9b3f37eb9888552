"""``handouts merge``: the shards' output folders joined into one folder and one ``index.json``.

Each shard (``batch --shard K/N`` on its own machine, into its own folder) leaves its leaflets and an
``index.json`` listing them. The merge checks everything before it writes anything:

- every folder holds an ``index.json`` a batch wrote, and every ``ok`` entry's file is there with the
  bytes its entry says (sha256);
- all folders were built from one content version (the index's ``handouts`` version and each entry's
  ``content`` digest agree);
- no leaflet is listed by two folders: with different bytes that is a conflict of bytes, with the same
  bytes the shards overlapped (the same ``--shard`` run twice, or a folder given twice);
- no file in ``--out-dir`` is in the way: one there already must be one the folder's own index says a
  batch wrote, or have the same bytes, unless ``force``.

Each conflict is one line of one :class:`~handouts.errors.MergeConflict` (exit 2), and nothing is
written. Otherwise the files are copied (atomically; a file already holding the same bytes is left as
it is) and the merged ``index.json`` is written under the folder's index lock. Its bytes are those a
single ``batch`` of the whole manifest writes (``index.index_bytes``: no times, no shard numbers).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import MergeConflict, OutputError
from ..load.files import MISSING, read_regular
from ..load.yamlfile import display_path
from ..write import open_folder, write_atomic
from .index import INDEX, index_bytes, index_lock, owned_files, read_document, read_index

MAX_LINES = 100
"""The most conflict lines shown; a last line counts the rest."""


@dataclass
class MergeSummary:
    folders: int = 0
    leaflets: int = 0
    copied: int = 0
    unchanged: int = 0
    not_ok: int = 0
    """Failed or invalid entries carried into the merged index (they have no file to copy)."""


def merge(folders: list[Path], out_dir: Path, force: bool = False) -> MergeSummary:
    """Merge the shard ``folders`` into ``out_dir``. Raises :class:`MergeConflict` (every conflict, one line
    each) or :class:`OutputError` before anything is written."""
    conflicts: list[str] = []
    docs = []
    for folder in folders:
        doc, problem = read_document(folder)
        if doc is None:
            why = "there is none; is it a batch's --out-dir?" if problem == MISSING else problem
            conflicts.append(f"{display_path(folder / INDEX)}: {why}")
        else:
            docs.append((folder, doc))
    _versions(docs, conflicts)
    merged: dict[tuple, tuple[Path, dict]] = {}
    sources: dict[str, tuple[Path, dict]] = {}  # every ok entry whose file checked out: read again to copy
    for folder, doc in docs:
        for entry in doc["leaflets"]:
            name = entry["file"]
            invalid = entry.get("status") == "invalid"
            key = ("invalid", entry.get("row"), name) if invalid else ("file", name)
            if not invalid and _bad_name(name):
                conflicts.append(f"{display_path(folder / INDEX)}: {name!r} is not a file name inside the folder")
                continue
            if key in merged:
                conflicts.append(_clash(name, merged[key], (folder, entry)))
                continue
            merged[key] = (folder, entry)
            if entry.get("status") == "ok" and _read(folder, name, entry, conflicts) is not None:
                sources[name] = (folder, entry)
    out_dir = Path(out_dir)
    previous = read_index(out_dir, force) if out_dir.is_dir() else []
    owned = owned_files(previous)
    for name, (_, entry) in sources.items():
        there, problem = read_regular(out_dir / name, _size(entry) + 1, follow=False)
        if (there is None and problem == MISSING) or force or name in owned or _same(there, entry):
            continue
        conflicts.append(f"{display_path(out_dir / name)}: already there and no batch's index here lists it; "
                         "use --force to replace it, or choose another --out-dir")
    if conflicts:
        shown = conflicts[:MAX_LINES]
        if len(conflicts) > MAX_LINES:
            shown.append(f"... and {len(conflicts) - MAX_LINES} more conflicts")
        raise MergeConflict("\n".join(shown))
    return _write(out_dir, docs, merged, sources, owned)


def _versions(docs: list[tuple[Path, dict]], conflicts: list[str]) -> None:
    """One line per folder whose content version (``handouts``, and each entry's ``content``) is not the
    first folder's, or that holds more than one."""
    if not docs:
        return

    def version(doc: dict) -> tuple[str, tuple[str, ...]]:
        return str(doc.get("handouts")), tuple(sorted({str(e.get("content") or "unknown")[:12]
                                                       for e in doc["leaflets"]}))

    first, want = docs[0][0], version(docs[0][1])
    for position, (folder, doc) in enumerate(docs):
        got = version(doc)
        if len(got[1]) > 1:
            conflicts.append(f"{display_path(folder / INDEX)}: {_version(got)}; mixed content versions in one "
                             "folder: build it again from one content version")
        elif position and got[1] and len(want[1]) == 1 and got != want:
            conflicts.append(f"{display_path(folder / INDEX)}: {_version(got)}, but {display_path(first / INDEX)}: "
                             f"{_version(want)}; mixed content versions: build every shard from the same content "
                             "and handouts version")


def _version(found: tuple[str, tuple[str, ...]]) -> str:
    version, contents = found
    return f"content {', '.join(contents)} (handouts {version})"


def _clash(name: str, first: tuple[Path, dict], second: tuple[Path, dict]) -> str:
    (a, one), (b, two) = first, second
    where = f"{display_path(a)} and {display_path(b)}"
    if one.get("status") == two.get("status") == "ok" and one.get("sha256") != two.get("sha256"):
        return (f"{name}: different bytes in {where} (sha256 {str(one.get('sha256'))[:12]} and "
                f"{str(two.get('sha256'))[:12]})")
    return f"{name}: listed in both {where}; the shards overlap (was one --shard K/N run twice?)"


def _bad_name(name: str) -> bool:
    parts = name.split("/")
    return not name or name.startswith("/") or any(part in ("", ".", "..") or "\0" in part for part in parts)


def _size(entry: dict) -> int:
    size = entry.get("bytes")
    return size if isinstance(size, int) and size > 0 else 1


def _same(data: bytes | None, entry: dict) -> bool:
    return data is not None and hashlib.sha256(data).hexdigest() == entry.get("sha256")


def _read(folder: Path, name: str, entry: dict, conflicts: list[str]) -> bytes | None:
    """The file an ``ok`` entry lists, if it holds the bytes the entry says (never read through a link).
    Files are read one at a time, checked and let go: a merge of thousands of leaflets holds one."""
    data, problem = read_regular(folder / name, _size(entry) + 1, follow=False)  # larger: not the listed bytes
    shown = display_path(folder / name)
    larger = data is None and problem != MISSING and not (folder / name).is_symlink() and (folder / name).is_file()
    if data is None and not larger:
        conflicts.append(f"{shown}: listed in {INDEX} but {'missing' if problem == MISSING else problem}")
    elif not _same(data, entry):
        conflicts.append(f"{shown}: its bytes are not the ones {INDEX} lists (changed after the batch?)")
    else:
        return data
    return None


def _write(out_dir: Path, docs: list[tuple[Path, dict]], merged: dict[tuple, tuple[Path, dict]],
           sources: dict[str, tuple[Path, dict]], owned: set[str]) -> MergeSummary:
    summary = MergeSummary(folders=len(docs), leaflets=len(merged))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out-dir {display_path(out_dir)}: cannot create the folder: {exc.strerror}") from exc
    for name, (folder, entry) in sorted(sources.items()):
        there, _ = read_regular(out_dir / name, _size(entry) + 1, follow=False)
        if _same(there, entry):
            summary.unchanged += 1
            continue
        changed: list[str] = []
        content = _read(folder, name, entry, changed)
        if content is None:  # changed since it was checked: what was copied so far is right, the index not yet
            raise OutputError(changed[0].replace("(changed after the batch?)", "(changed while merging)"))
        parts = tuple(name.split("/"))
        try:
            with open_folder(out_dir, parts[:-1], create=True):
                pass
        except OSError as exc:
            raise OutputError(f"{display_path(out_dir / name)}: cannot make its folder: {exc.strerror}") from exc
        write_atomic(out_dir / name, content, force=True, root=out_dir)
        summary.copied += 1
    leaflets = []
    for _folder, entry in merged.values():
        if entry.get("status") != "ok":
            summary.not_ok += 1
            entry = {**entry, "owned": entry["file"] in owned}  # a file of that name here is this folder's
        leaflets.append(entry)
    first = docs[0][1] if docs else {}
    text = index_bytes(leaflets, str(first.get("handouts") or ""))
    with index_lock(out_dir):
        write_atomic(out_dir / INDEX, text, force=True, root=out_dir)
    return summary
