"""Reading a day from user input (URL, command line) into a date inside the record."""

from __future__ import annotations

import datetime as dt


def parse_day(text: str | None, first: dt.date, last: dt.date, default: dt.date) -> tuple[dt.date, str | None]:
    """The day ``text`` names, kept inside ``first..last``; with a notice when it had to be changed.

    >>> parse_day("2020-11-08", dt.date(1988, 1, 1), dt.date(2024, 1, 1), dt.date(2020, 11, 10))
    (datetime.date(2020, 11, 8), None)
    """
    default = min(max(default, first), last)
    if text is None or text == "":
        return default, None
    try:
        day = dt.date.fromisoformat(str(text).strip())
    except ValueError:
        return default, f"'{text}' is not a date (expected YYYY-MM-DD); showing {default.isoformat()}."
    if day < first:
        return first, f"{day.isoformat()} is before the record starts; showing its first day, {first.isoformat()}."
    if day > last:
        return last, f"{day.isoformat()} is after the record ends; showing its last day, {last.isoformat()}."
    return day, None
