"""Stage 1: load every content file from the data folders and validate it.

:func:`load_content` reads ``core.yaml``, ``sources.yaml``, the audiences and
the languages, checks each against the schema in ``docs/content.md``, then
assembles every audience in every language (stage 2's rules) to check the
leaflets as a whole. Every problem found is collected; if there are any, one
:class:`DataError` lists them all and nothing renders.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, Problem
from .model import (
    PLAN_KINDS, SECTIONS, TIERS, Audience, Content, Item, Language, Meta, Origin,
    PlacedItem,
)
from .languages import check_language_parity, load_language, reference_keys
from .schema import Checker
from .sources import load_sources
from ..select import assemble
from .yamlfile import Map, display_path, load_or_report

ITEM_FIELDS = {"id", "section", "text", "sources", "tier", "triage", "kind", "tags", "picture"}
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
    triage_source = triage_says = None
    if section == "warning":
        tier = ck.get_choice(m, "tier", list(TIERS), label)
        triage_source, triage_says = _parse_triage(ck, m, label, sources, tier)
    else:
        for key, what in (("tier", "a tier"), ("triage", "a triage")):
            if key in m:
                ck.fail(m.line_of(key), label + key, f"only warning items have {what}")
    kind = "check"
    if section == "plan":
        kind = ck.get_choice(m, "kind", list(PLAN_KINDS), label, required=False, default="check") or "check"
    elif "kind" in m:
        ck.fail(m.line_of("kind"), label + "kind", "only plan items have a kind")
    tags = frozenset(ck.get_str_list(m, "tags", label))
    picture = ck.get_id(m, "picture", label) if "picture" in m else None
    if item_id is None or section is None or not text or not sources or (section == "warning" and tier is None):
        return None
    return Item(item_id, section, text, tuple(sources), Origin(ck.file, m.line), tier, kind, tags, picture,
                triage_source, triage_says)


def _parse_triage(ck: Checker, m: Map, label: str, sources: list[str],
                  tier: str | None) -> tuple[str | None, str | None]:
    """A warning item's ``triage: {source, says}``: which of its sources sets the tier, and the
    tier that source's advice supports (docs/content.md, "Triage rule"). The tier must equal it."""
    if "triage" not in m or m["triage"] is None:
        ck.fail(m.line, label + "triage", "required for a warning item: give {source: <one of its sources>, "
                "says: <the tier that source's advice supports>}")
        return None, None
    triage = ck.get_map(m, "triage", label)
    if triage is None:
        return None, None
    ck.unknown_keys(triage, {"source", "says"}, label + "triage.")
    source = ck.get_str(triage, "source", label + "triage.")
    says = ck.get_choice(triage, "says", list(TIERS), label + "triage.")
    if source is not None and sources and source not in sources:
        ck.fail(triage.line_of("source"), label + "triage.source",
                f"{source!r} is not one of the item's sources ({', '.join(sources)})")
        source = None
    if source is not None and says is not None and tier is not None and tier != says:
        ck.fail(m.line_of("tier"), label + "tier",
                f"tier {tier!r} contradicts its triage source {source}, which says {says!r}")
    return source, says


def _load_core(data_dirs: list[Path], problems: list[Problem]) -> tuple[Meta | None, list[Item]]:
    path = _first(data_dirs, "core.yaml")
    if path is None:
        problems.append(Problem("core.yaml", None, "", "no core.yaml in any data folder"))
        return None, []
    doc = load_or_report(path, problems)
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
    doc = load_or_report(path, problems)
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
    drop: list[str] = []
    reasons: dict[str, str] = {}
    for i, entry in enumerate(drop_list):
        item_id = entry
        if isinstance(entry, Map):  # {id: ..., why: "..."}
            ck.unknown_keys(entry, {"id", "why"}, f"drop[{i}].")
            item_id = ck.get_id(entry, "id", f"drop[{i}].")
            why = ck.get_str(entry, "why", f"drop[{i}].", required=False)
            if item_id and why:
                reasons[item_id] = why
        elif not isinstance(entry, str) or not entry.strip():
            ck.fail(drop_list.line_of(i), f"drop[{i}]", f"expected an item id or {{id, why}}, found {entry!r}")
            continue
        if item_id is None:
            continue
        item_id = item_id.strip()
        if item_id not in core_ids:
            ck.fail(drop_list.line_of(i), f"drop[{i}]", f"no core item has the id {item_id!r}")
        drop.append(item_id)

    replace: list[Item] = []
    replace_list = ck.get_list(doc, "replace")
    for i, entry in enumerate(replace_list):
        item = parse_item(ck, entry, f"replace[{i}].", replace_list.line_of(i), extra=frozenset({"why"}))
        if item is None:
            continue
        why = ck.get_str(entry, "why", f"replace[{i}].", required=False) if isinstance(entry, Map) else None
        if why:
            reasons[item.id] = why
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
        item = parse_item(ck, entry, prefix, add_list.line_of(i), extra=frozenset({"before", "after", "why"}))
        if item is None:
            if isinstance(entry, Map) and isinstance(entry.get("id"), str):
                broken.add(entry["id"])  # already reported; anchors to it are not a second problem
            continue
        if item.id in core_ids:
            ck.fail(item.origin.line, prefix + "id", f"{item.id!r} is already a core item (use replace: to change it)")
            continue
        why = ck.get_str(entry, "why", prefix, required=False)
        if why:
            reasons[item.id] = why
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
                    broken_ids=frozenset(broken), reasons=reasons)


def load_content(data_dirs: list[Path]) -> Content:
    """Load and validate all content. Raises :class:`DataError` listing every problem."""
    problems: list[Problem] = []
    sources = load_sources(data_dirs, problems)
    meta, core = _load_core(data_dirs, problems)
    core_ids = {item.id for item in core}

    languages: dict[str, Language] = {}
    for lid, path in _by_stem(data_dirs, "languages").items():
        language = load_language(path, problems)
        if language is not None:
            languages[lid] = language
    if not languages:
        problems.append(Problem("languages/", None, "", "no language files (languages/<code>.yaml) in any data folder"))
    check_language_parity(languages, reference_keys(data_dirs), problems)

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
