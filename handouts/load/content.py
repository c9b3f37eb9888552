"""Stage 1: load every content file from the data folders and validate it.

:func:`load_content` reads ``core.yaml``, ``sources.yaml``, the audiences and
the languages, checks each against the schema in ``docs/content.md``, then
assembles every audience in every language (stage 2's rules) to check the
leaflets as a whole. Every problem found is collected; if there are any, one
:class:`DataError` lists them all and nothing renders.
"""

from __future__ import annotations

import string
from pathlib import Path

from ..errors import DataError, Problem
from .model import (
    PLAN_KINDS, SECTIONS, TIERS, Audience, Content, Item, Language, Meta, Origin,
    PlacedItem, Source, flatten,
)
from .schema import SOURCE_ID_RE, Checker
from ..select import assemble
from .yamlfile import Map, display_path, kind_of, load_mapping

ITEM_FIELDS = {"id", "section", "text", "sources", "tier", "kind", "tags", "picture"}
MAX_ITEM_CHARS = 2000
"""The longest text of one item, in characters (the built-in items have at most about 200)."""


def _first(data_dirs: list[Path], relative: str) -> Path | None:
    for folder in data_dirs:
        candidate = folder / relative
        if candidate.is_file():
            return candidate
    return None


def _by_stem(data_dirs: list[Path], sub: str) -> dict[str, Path]:
    """``{stem: path}`` for ``*.yaml`` in ``sub/`` of each folder; earlier folders win."""
    found: dict[str, Path] = {}
    for folder in data_dirs:
        for path in sorted((folder / sub).glob("*.yaml")):
            found.setdefault(path.stem, path)
    return found


def _load(path: Path, problems: list[Problem]) -> Map | None:
    try:
        return load_mapping(path)
    except DataError as exc:
        problems.extend(exc.problems)
        return None


def parse_item(ck: Checker, m: object, prefix: str, line: int, extra: frozenset[str] = frozenset()) -> Item | None:
    """Check one item mapping (``line``: where the list entry stands); return the :class:`Item` or ``None``."""
    if not isinstance(m, Map):
        ck.fail(line, prefix.rstrip("."), "expected an item (a mapping with id, section, text, sources)")
        return None
    ck.unknown_keys(m, ITEM_FIELDS | extra, prefix)
    item_id = ck.get_id(m, "id", prefix)
    label = f"{prefix}" if item_id is None else f"{prefix.rstrip('.')}({item_id})."
    section = ck.get_choice(m, "section", list(SECTIONS), label)
    text = ck.get_translations(m, "text", label)
    for lang, words in text.items():  # bounded work, and a block must fit on a page
        if len(words) > MAX_ITEM_CHARS:
            where = m["text"].line_of(lang) if isinstance(m.get("text"), Map) else m.line
            ck.fail(where, f"{label}text.{lang}", f"{len(words):,} characters; an item may have at most "
                                                  f"{MAX_ITEM_CHARS:,} (each item must fit on a page)")
    sources = ck.get_str_list(m, "sources", label, required=True)
    tier = None
    if section == "warning":
        tier = ck.get_choice(m, "tier", list(TIERS), label)
    elif "tier" in m:
        ck.fail(m.line_of("tier"), label + "tier", "only warning items have a tier")
    kind = "check"
    if section == "plan":
        kind = ck.get_choice(m, "kind", list(PLAN_KINDS), label, required=False, default="check") or "check"
    elif "kind" in m:
        ck.fail(m.line_of("kind"), label + "kind", "only plan items have a kind")
    tags = frozenset(ck.get_str_list(m, "tags", label))
    picture = ck.get_id(m, "picture", label) if "picture" in m else None
    if item_id is None or section is None or not text or not sources or (section == "warning" and tier is None):
        return None
    return Item(item_id, section, text, tuple(sources), Origin(ck.file, m.line), tier, kind, tags, picture)


def _strings_are_text(ck: Checker, strings: Map, prefix: str) -> bool:
    """Every layout string is text (nested mappings group them); report each one that is not."""
    ok = True
    for key, value in strings.items():
        if isinstance(value, Map):
            ok = _strings_are_text(ck, value, f"{prefix}{key}.") and ok
        elif not isinstance(value, str):
            ck.fail(strings.line_of(key), f"{prefix}{key}", f"expected text, found a {kind_of(value)}")
            ok = False
    return ok


def _load_sources(data_dirs: list[Path], problems: list[Problem]) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    found_any = False
    for folder in data_dirs:  # user folders first: their entries win
        path = folder / "sources.yaml"
        if not path.is_file():
            continue
        found_any = True
        doc = _load(path, problems)
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
            ck.unknown_keys(entry, {"id", "title", "publisher", "year", "url"}, prefix)
            sid = ck.get_id(entry, "id", prefix, pattern=SOURCE_ID_RE)
            values = [ck.get_str(entry, key, prefix) for key in ("title", "publisher", "year", "url")]
            if sid in seen_here:
                ck.fail(entry.line_of("id"), prefix + "id", f"duplicate source id {sid!r}")
                continue
            if sid is None or None in values:
                continue
            seen_here.add(sid)
            sources.setdefault(sid, Source(sid, *values))  # type: ignore[arg-type]
    if not found_any:
        problems.append(Problem("sources.yaml", None, "", "no sources.yaml in any data folder"))
    return sources


def _load_core(data_dirs: list[Path], problems: list[Problem]) -> tuple[Meta | None, list[Item]]:
    path = _first(data_dirs, "core.yaml")
    if path is None:
        problems.append(Problem("core.yaml", None, "", "no core.yaml in any data folder"))
        return None, []
    doc = _load(path, problems)
    if doc is None:
        return None, []
    ck = Checker(display_path(path), problems)
    ck.unknown_keys(doc, {"meta", "items"})
    meta = None
    meta_map = ck.get_map(doc, "meta")
    if meta_map is not None:
        ck.unknown_keys(meta_map, {"version", "reviewed"}, "meta.")
        version = ck.get_str(meta_map, "version", "meta.")
        reviewed = ck.get_date(meta_map, "reviewed", "meta.")
        if version and reviewed:
            meta = Meta(version, reviewed)
    items: list[Item] = []
    seen: dict[str, int] = {}
    entries = ck.get_list(doc, "items", required=True)
    for i, entry in enumerate(entries):
        item = parse_item(ck, entry, f"items[{i}].", entries.line_of(i))
        if item is None:
            continue
        if item.id in seen:
            ck.fail(item.origin.line, f"items[{i}].id", f"duplicate id {item.id!r} (first at line {seen[item.id]})")
            continue
        seen[item.id] = item.origin.line
        items.append(item)
    return meta, items


def _load_audience(path: Path, core_ids: set[str], problems: list[Problem]) -> Audience | None:
    doc = _load(path, problems)
    if doc is None:
        return None
    ck = Checker(display_path(path), problems)
    ck.unknown_keys(doc, {"id", "order", "title", "subtitle", "forbid", "drop", "replace", "add"})
    aid = ck.get_id(doc, "id")
    if aid is not None and aid != path.stem:
        ck.fail(doc.line_of("id"), "id", f"{aid!r} does not match the file name {path.stem!r}")
    order = ck.get_int(doc, "order")
    title = ck.get_translations(doc, "title")
    subtitle = ck.get_translations(doc, "subtitle")
    forbid = frozenset(ck.get_str_list(doc, "forbid"))

    drop_list = ck.get_list(doc, "drop")
    drop = ck.get_str_list(doc, "drop")
    for i, item_id in enumerate(drop):
        if item_id not in core_ids:
            ck.fail(drop_list.line_of(i), f"drop[{i}]", f"no core item has the id {item_id!r}")

    replace: list[Item] = []
    replace_list = ck.get_list(doc, "replace")
    for i, entry in enumerate(replace_list):
        item = parse_item(ck, entry, f"replace[{i}].", replace_list.line_of(i))
        if item is None:
            continue
        if item.id not in core_ids:
            ck.fail(item.origin.line, f"replace[{i}].id",
                    f"no core item has the id {item.id!r} (use add: for new items)")
            continue
        if item.id in drop:
            ck.fail(item.origin.line, f"replace[{i}].id", f"{item.id!r} is both dropped and replaced")
            continue
        replace.append(item)

    add: list[PlacedItem] = []
    add_list = ck.get_list(doc, "add")
    broken: set[str] = set()
    for i, entry in enumerate(add_list):
        prefix = f"add[{i}]."
        item = parse_item(ck, entry, prefix, add_list.line_of(i), extra=frozenset({"before", "after"}))
        if item is None:
            if isinstance(entry, Map) and isinstance(entry.get("id"), str):
                broken.add(entry["id"])  # already reported; anchors to it are not a second problem
            continue
        if item.id in core_ids:
            ck.fail(item.origin.line, prefix + "id", f"{item.id!r} is already a core item (use replace: to change it)")
            continue
        before = ck.get_str(entry, "before", prefix, required=False)
        after = ck.get_str(entry, "after", prefix, required=False)
        if before and after:
            ck.fail(entry.line_of("after"), prefix + "after", "give before or after, not both")
        add.append(PlacedItem(item, before, after))

    if aid is None or order is None or not title or not subtitle:
        return None
    return Audience(aid, order, title, subtitle, Origin(ck.file, doc.line), forbid,
                    tuple(drop), tuple(replace), tuple(add),
                    title_line=doc.line_of("title"), subtitle_line=doc.line_of("subtitle"),
                    broken_ids=frozenset(broken))


def _flat_keys(value: object) -> set[str]:
    return {key for key, _ in flatten(value)}


def _load_language(path: Path, problems: list[Problem]) -> Language | None:
    doc = _load(path, problems)
    if doc is None:
        return None
    ck = Checker(display_path(path), problems)
    ck.unknown_keys(doc, {"id", "name", "tag", "date_format", "months", "strings"})
    lid = ck.get_str(doc, "id")
    if lid is not None and lid != path.stem:
        ck.fail(doc.line_of("id"), "id", f"{lid!r} does not match the file name {path.stem!r}")
    name = ck.get_str(doc, "name")
    tag = ck.get_str(doc, "tag")
    date_format = ck.get_str(doc, "date_format")
    months = ck.get_str_list(doc, "months", required=True)
    if len(months) != 12:
        ck.fail(doc.line_of("months"), "months", f"expected 12 month names, found {len(months)}")
    strings = ck.get_map(doc, "strings")
    if strings is not None:
        _strings_are_text(ck, strings, "strings.")  # reported; the language still loads, so no knock-on errors
    if date_format:
        try:  # plain {day}, {month} and {year}: a format spec ({day:>999999999}) would allocate gigabytes
            fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(date_format) if name]
            if any(name not in ("day", "month", "year") or spec or conv for name, spec, conv in fields):
                raise ValueError(date_format)
            date_format.format(day=1, month="x", year=2000)
        except (KeyError, IndexError, ValueError):
            ck.fail(doc.line_of("date_format"), "date_format", "may use only {day}, {month} and {year}")
            date_format = "{day} {month} {year}"  # reported; the language still loads, so no knock-on errors
    if None in (lid, name, tag, date_format, strings) or len(months) != 12:
        return None
    return Language(lid, name, tag, date_format, tuple(months), strings, Origin(ck.file, doc.line),  # type: ignore[arg-type]
                    strings_line=doc.line_of("strings"))


def _reference_keys(data_dirs: list[Path]) -> set[str] | None:
    """The string keys of the last (built-in) ``languages/en.yaml``: every language needs them."""
    for folder in reversed(data_dirs):
        path = folder / "languages" / "en.yaml"
        if path.is_file():
            try:
                strings = load_mapping(path).get("strings")
            except DataError:
                return None
            return _flat_keys(strings) if isinstance(strings, Map) else None
    return None


def _check_language_parity(languages: dict[str, Language], reference: set[str] | None,
                           problems: list[Problem]) -> None:
    if reference is None:
        return
    for lang in languages.values():
        keys = _flat_keys(lang.strings)
        for key in sorted(reference - keys):
            problems.append(Problem(lang.origin.file, lang.strings_line, f"strings.{key}",
                                    "missing (every language needs the keys of the built-in en.yaml)"))
        for key in sorted(keys - reference):
            problems.append(Problem(lang.origin.file, lang.strings_line, f"strings.{key}",
                                    "unknown key (not in the built-in en.yaml)"))


def load_content(data_dirs: list[Path]) -> Content:
    """Load and validate all content. Raises :class:`DataError` listing every problem."""
    problems: list[Problem] = []
    sources = _load_sources(data_dirs, problems)
    meta, core = _load_core(data_dirs, problems)
    core_ids = {item.id for item in core}

    languages: dict[str, Language] = {}
    for lid, path in _by_stem(data_dirs, "languages").items():
        language = _load_language(path, problems)
        if language is not None:
            languages[lid] = language
    if not languages:
        problems.append(Problem("languages/", None, "", "no language files (languages/<code>.yaml) in any data folder"))
    _check_language_parity(languages, _reference_keys(data_dirs), problems)

    audiences: dict[str, Audience] = {}
    for aid, path in _by_stem(data_dirs, "audiences").items():
        audience = _load_audience(path, core_ids, problems)
        if audience is not None:
            audiences[aid] = audience
    if not audiences:
        problems.append(Problem("audiences/", None, "", "no audience files (audiences/<id>.yaml) in any data folder"))

    every_item = list(core) + [i for a in audiences.values() for i in a.replace] + [
        p.item for a in audiences.values() for p in a.add]
    for item in every_item:
        for sid in item.sources:
            if sid not in sources:
                problems.append(Problem(item.origin.file, item.origin.line, f"{item.id}.sources",
                                        f"unknown source id {sid!r} (not in sources.yaml)"))
        for lang in item.text:
            if languages and lang not in languages:
                problems.append(Problem(item.origin.file, item.origin.line, f"{item.id}.text.{lang}",
                                        f"unknown language {lang!r} (no languages/{lang}.yaml)"))

    for audience in audiences.values():
        for language in languages.values():
            problems.extend(assemble(core, audience, language.id)[1])

    pictures = _load_pictures(data_dirs, every_item, problems)
    # The templates print t.pictures[name] as the caption and give t.picture_alt[name]
    # as the alternative text (what a screen reader says instead of the drawing).
    for key, what in (("pictures", "the caption"), ("picture_alt", "the alternative text")):
        for name in pictures:
            for language in languages.values():
                texts = language.strings.get(key)
                field = f"strings.{key}.{name}"
                reported = any(p.file == language.origin.file and p.field == field for p in problems)
                if (not isinstance(texts, dict) or name not in texts) and not reported:
                    problems.append(Problem(language.origin.file, language.strings_line, field,
                                            f"missing {what} of a picture that items use"))
    if problems or meta is None:
        raise DataError(problems=_unique(problems))
    clinics = {cid: str(path) for cid, path in _by_stem(data_dirs, "clinics").items()}
    return Content(meta, tuple(core), sources, audiences, languages, clinics, pictures)


def _load_pictures(data_dirs: list[Path], items: list[Item], problems: list[Problem]) -> dict[str, Path]:
    """Find and check each picture an item names: ``pictures/<name>.svg`` (or .png, .jpg)."""
    from .pictures import PICTURE_SUFFIXES, check_picture

    found: dict[str, Path] = {}
    for item in items:
        name = item.picture
        if name is None or name in found:
            continue
        path = next((folder / "pictures" / f"{name}{suffix}" for folder in data_dirs
                     for suffix in PICTURE_SUFFIXES if (folder / "pictures" / f"{name}{suffix}").is_file()), None)
        if path is None:
            problems.append(Problem(item.origin.file, item.origin.line, f"{item.id}.picture",
                                    f"no picture {name!r} (pictures/{name}.svg, .png or .jpg in a data folder)"))
            continue
        problem = check_picture(path, draw=False)  # svglib runs when a leaflet renders
        if problem:
            problems.append(Problem(item.origin.file, item.origin.line, f"{item.id}.picture", problem))
            continue
        found[name] = path
    return found


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
