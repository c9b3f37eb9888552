"""The typed content objects the loader produces and the later stages read.

All are frozen: once content is loaded and validated it never changes, so one
loaded :class:`Content` can serve any number of leaflets.
"""

from __future__ import annotations

from pathlib import Path
from dataclasses import dataclass, field
from datetime import date
from collections.abc import Mapping

SECTIONS = ("main", "about", "relief", "prevent", "warning", "avoid", "plan")
"""Item sections, in the order a leaflet presents them."""

TIERS = ("emergency", "call-today", "visit")
"""Urgency tiers of warning signs, most urgent first."""

PLAN_KINDS = ("check", "fill")


def flatten(value: object, prefix: str = "") -> list[tuple[str, str]]:
    """Nested mappings -> ``[("tiers.emergency.label", "Emergency"), ...]``."""
    if isinstance(value, Mapping):
        return [pair for key, sub in value.items() for pair in flatten(sub, f"{prefix}{key}.")]
    return [(prefix.rstrip("."), str(value))]


@dataclass(frozen=True)
class Origin:
    """Where a piece of content was defined, for error messages."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: str
    """Four digits."""
    url: str
    """An https address of the original (DOI, PubMed or the publisher's own page)."""
    read_at: str = ""
    """Where the text was actually read, if not at ``url`` (a private note, never printed)."""


@dataclass(frozen=True)
class Item:
    """One sentence or short passage of leaflet content."""

    id: str
    section: str
    text: Mapping[str, str]
    sources: tuple[str, ...]
    origin: Origin
    tier: str | None = None
    kind: str = "check"
    tags: frozenset[str] = frozenset()
    picture: str | None = None
    """A picture that illustrates the item (``pictures/<name>.svg`` in a data folder)."""
    triage_source: str | None = None
    """Warning items: the source (one of ``sources``) whose advice sets the tier."""
    triage_says: str | None = None
    """Warning items: the tier that source's advice supports; the loader requires ``tier`` to equal it."""


@dataclass(frozen=True)
class PlacedItem:
    """An item an audience adds, with an optional place relative to another item."""

    item: Item
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class Audience:
    id: str
    order: int
    title: Mapping[str, str]
    subtitle: Mapping[str, str]
    origin: Origin
    forbid: frozenset[str] = frozenset()
    drop: tuple[str, ...] = ()
    replace: tuple[Item, ...] = ()
    add: tuple[PlacedItem, ...] = ()
    title_line: int = 0
    subtitle_line: int = 0
    broken_ids: frozenset[str] = frozenset()
    """Ids of added items that were invalid (already reported)."""
    reasons: Mapping[str, str] = field(default_factory=dict)
    """Item id -> why the audience drops, replaces or adds it (``why:``), for the review packet."""


@dataclass(frozen=True)
class Language:
    id: str
    name: str
    tag: str
    """BCP 47 tag written to the PDF's /Lang, e.g. ``en-US``."""
    date_format: str
    months: tuple[str, ...]
    strings: Mapping[str, object]
    origin: Origin
    strings_line: int = 0

    def format_date(self, day: date) -> str:
        return self.date_format.format(day=day.day, month=self.months[day.month - 1], year=day.year)


@dataclass(frozen=True)
class Clinic:
    """A clinic profile (``data/clinics/<id>.yaml`` or ``--clinic FILE``), checked."""

    id: str
    name: str
    phone: str
    origin: Origin
    department: str = ""
    after_hours_phone: str = ""
    address: str = ""
    website: str = ""
    logo: Path | None = None
    """A checked PNG, JPEG or SVG file."""
    color: str | None = None
    """The brand colour, darkened if needed so text in it has 4.5:1 contrast on white."""
    audience_phones: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Audience id -> (label, phone): the unit the same-day tier of that audience sends people to
    (the dialysis unit, labor and delivery) instead of the main number."""
    approved_by: str = ""
    approved_on: date | None = None
    """Who approved the clinic's leaflets (a patient-education committee) and when; printed in the footer."""
    sample: bool = False
    """A sample profile (the built-in demo): its leaflets say "Sample - not for patients" on every page."""
    emergency_number: str = "911"
    """The number to call in an emergency where the clinic is (``112``, ``999``, ``000``...); it fills
    ``{emergency}`` in content and language strings."""
    notices: tuple[str, ...] = ()
    """Things the user should know but that do not stop the build (a darkened colour)."""


@dataclass(frozen=True)
class Meta:
    version: str
    reviewed: date


@dataclass(frozen=True)
class Content:
    """Everything loaded from the data folders, validated."""

    meta: Meta
    core: tuple[Item, ...]
    sources: Mapping[str, Source]
    audiences: Mapping[str, Audience]
    languages: Mapping[str, Language]
    clinic_files: Mapping[str, str] = field(default_factory=dict)
    """Clinic id -> path of its YAML file; clinics load on demand."""
    pictures: Mapping[str, Path] = field(default_factory=dict)
    """Picture name -> its checked file, for the pictures items name."""
