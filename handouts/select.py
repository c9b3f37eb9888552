"""Stage 2: choose the items one audience sees, in one language.

The audience file works on the shared core: ``drop`` removes items,
``replace`` swaps an item for one with the same id, ``add`` inserts new ones
(at the end of their section, or ``before``/``after`` a named item). Then the
safety rules apply: no item may carry a tag the audience forbids, every item
must exist in the language, and every leaflet has three main points and at
least one warning sign in each urgency tier.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DataError, Problem
from .load.model import SECTIONS, TIERS, Audience, Content, Item, Language, Source

MAIN_POINTS = 3


def assemble(core: tuple[Item, ...] | list[Item], audience: Audience, lang: str) -> tuple[list[Item], list[Problem]]:
    """Apply an audience to the core. Returns the items in leaflet order and any problems."""
    problems: list[Problem] = []
    file = audience.origin.file

    def fail(line: int | None, field: str, message: str) -> None:
        problems.append(Problem(file, line, field, message))

    dropped = set(audience.drop)
    replacements = {item.id: item for item in audience.replace}
    items = [replacements.get(item.id, item) for item in core if item.id not in dropped]

    for placed in audience.add:
        new = placed.item
        if any(existing.id == new.id for existing in items):
            fail(new.origin.line, f"add({new.id}).id", f"duplicate id {new.id!r}")
            continue
        anchor = placed.before or placed.after
        if anchor is None:
            items.append(new)
            continue
        index = next((i for i, existing in enumerate(items) if existing.id == anchor), None)
        if index is None:
            if anchor not in audience.broken_ids:
                fail(new.origin.line, f"add({new.id}).{'before' if placed.before else 'after'}",
                     f"no item {anchor!r} in this leaflet")
            items.append(new)
        elif items[index].section != new.section:
            fail(new.origin.line, f"add({new.id}).{'before' if placed.before else 'after'}",
                 f"{anchor!r} is in section {items[index].section!r}, not {new.section!r}")
            items.append(new)
        else:
            items.insert(index if placed.before else index + 1, new)

    order = {name: i for i, name in enumerate(SECTIONS)}
    tier_order = {name: i for i, name in enumerate(TIERS)}
    items.sort(key=lambda item: (order[item.section], tier_order.get(item.tier or "", 0)))

    for item in items:
        banned = item.tags & audience.forbid
        if banned:
            problems.append(Problem(item.origin.file, item.origin.line, f"{item.id}.tags",
                                    f"tag {sorted(banned)[0]!r} is forbidden for audience {audience.id!r}"))
        if lang not in item.text:
            problems.append(Problem(item.origin.file, item.origin.line, f"{item.id}.text.{lang}",
                                    f"missing translation (needed by audience {audience.id!r})"))
    for field_name, values, line in (("title", audience.title, audience.title_line),
                                     ("subtitle", audience.subtitle, audience.subtitle_line)):
        if lang not in values:
            fail(line or audience.origin.line, f"{field_name}.{lang}", "missing translation")

    main = sum(1 for item in items if item.section == "main")
    if main != MAIN_POINTS:
        fail(audience.origin.line, "main", f"a leaflet needs exactly {MAIN_POINTS} main points; "
             f"audience {audience.id!r} has {main}")
    for tier in TIERS:
        if not any(item.tier == tier for item in items):
            fail(audience.origin.line, "warning", f"audience {audience.id!r} has no warning sign in tier {tier!r}")
    return items, problems


@dataclass(frozen=True)
class Selection:
    """The content of one leaflet: one audience, one language."""

    content: Content
    audience: Audience
    language: Language
    items: tuple[Item, ...]

    def cited_sources(self) -> list[Source]:
        """Sources in the order the leaflet first cites them."""
        seen: dict[str, Source] = {}
        for item in self.items:
            for sid in item.sources:
                seen.setdefault(sid, self.content.sources[sid])
        return list(seen.values())


def select(content: Content, audience_id: str, lang: str) -> Selection:
    """Pick one audience's leaflet in one language. Unknown ids list the valid ones."""
    if audience_id not in content.audiences:
        valid = ", ".join(sorted(content.audiences, key=lambda a: content.audiences[a].order))
        raise DataError(f"unknown audience {audience_id!r}; choose one of: {valid}")
    if lang not in content.languages:
        raise DataError(f"unknown language {lang!r}; choose one of: {', '.join(sorted(content.languages))}")
    audience = content.audiences[audience_id]
    items, problems = assemble(content.core, audience, lang)
    if problems:  # load_content already checked every pair; this guards direct callers
        raise DataError(problems=problems)
    return Selection(content, audience, content.languages[lang], tuple(items))
