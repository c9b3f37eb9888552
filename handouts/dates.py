"""Dates as staff type them and spreadsheets export them, read one way or refused with the fix.

A leaflet prints a date in its own language ("5 de diciembre de 2026"), so the
date must be read right first. ``12/05/2026`` is 12 May to a reader in Spain
and December 5 to one in the United States: it is never guessed.

Accepted (:func:`read_date`), for ``date`` and for a ``follow_up`` that is a date:

- ``YYYY-MM-DD`` (ISO 8601), e.g. ``2026-12-05``;
- the same with a midnight time, as a spreadsheet exports a date cell:
  ``2026-12-05 00:00``, ``2026-12-05 00:00:00``, ``2026-12-05T00:00:00``.

Refused, each with a message that gives the ISO form to write instead:

- day/month/year in digits with ``/``, ``.`` or ``-`` (``12/05/2026``,
  ``5.12.26``, ``12-05-2026``): both readings are named when both are real dates;
- an ISO date with a time of day (``2026-12-05 10:30``): the time would be
  lost; write the time in words after the date (``2026-12-05, 10:30`` is text);
- a spreadsheet serial number (``46361``, ``46361.0``: days since 1899-12-30,
  what Excel shows when a date cell is formatted as a number);
- what a spreadsheet shows when a column is too narrow (``#####``) and an
  unevaluated formula (``=TODAY()+14``).

Any other text (``in 2 weeks``, ``after your next dialysis``) is a
``follow_up`` printed as typed; the ``date`` field accepts only a date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

ISO_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A date as ``YYYY-MM-DD`` (check that it is a real date)."""
ACCEPTED = "YYYY-MM-DD, e.g. 2026-12-05"
_ISO_WITH_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?Z?")
_NUMERIC = re.compile(r"([0-9]{1,4})([/.\-])([0-9]{1,2})\2([0-9]{1,4})\.?")
_SERIAL = re.compile(r"([0-9]{5})(?:\.[0-9]+)?")
_EXCEL_EPOCH = date(1899, 12, 30)


def read_date(text: str) -> tuple[date | None, str]:
    """``(date, "")`` for an accepted date; ``(None, problem)`` for a date form that is refused;
    ``(None, "")`` for text that is not a date at all."""
    text = text.strip()
    if ISO_DATE_RE.fullmatch(text):
        return _real(text)
    timed = _ISO_WITH_TIME.fullmatch(text)
    if timed:
        day, problem = _real(timed.group(1))
        if problem or all(int(part or 0) == 0 for part in timed.groups()[1:]):
            return day, problem
        return None, (f"{text!r} has a time of day, which the leaflet would not print; write the date as "
                      f"{timed.group(1)} and the time as text after it (e.g. '{timed.group(1)}, "
                      f"{timed.group(2)}:{timed.group(3)}')")
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        return None, _numeric_problem(text, numeric)
    serial = _SERIAL.fullmatch(text)
    if serial and 20000 <= int(serial.group(1)) <= 99999:
        day = _EXCEL_EPOCH + timedelta(days=int(serial.group(1)))
        return None, (f"{text!r} looks like a spreadsheet's date serial number ({day.isoformat()}); format the "
                      f"cell as text or as a date written {ACCEPTED}")
    if text and set(text) == {"#"}:
        return None, f"{text!r} is what a spreadsheet shows when a column is too narrow; widen it and export again"
    if text.startswith("="):
        return None, f"{text!r} is a spreadsheet formula, not its value; export the values (or write {ACCEPTED})"
    return None, ""


def _real(text: str) -> tuple[date | None, str]:
    try:
        return date.fromisoformat(text), ""
    except ValueError as exc:
        return None, f"{text!r} is not a real date ({exc})"


def _numeric_problem(text: str, match: re.Match[str]) -> str:
    """The message for a date in digits that is not ISO: the reading(s) it could have, as ISO."""
    first, _, second, year_text = match.groups()
    if len(first) == 4 and len(year_text) <= 2:  # 2026/12/05, 2026-12-5: year first, then month and day
        readings = _readings(int(first), [(int(second), int(year_text))])
    elif len(first) > 2 or len(year_text) not in (2, 4):
        readings = []
    else:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        a, b = int(first), int(second)
        readings = _readings(year, [(b, a), (a, b)])  # day/month (most of the world), month/day (US)
    if len(readings) > 1:
        return (f"{text!r} is ambiguous: day/month gives {readings[0]}, month/day gives {readings[1]}; "
                f"write the date as YYYY-MM-DD")
    if readings:
        return f"{text!r}: write the date as YYYY-MM-DD ({readings[0]})"
    return f"{text!r} is not a real date; write the date as {ACCEPTED}"


def _readings(year: int, month_days: list[tuple[int, int]]) -> list[str]:
    found: list[str] = []
    for month, day in month_days:
        try:
            iso = date(year, month, day).isoformat()
        except ValueError:
            continue
        if iso not in found:
            found.append(iso)
    return found
