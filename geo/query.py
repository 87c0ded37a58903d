"""Reading the URL's query (``?date=``, ``?place=``) into a day and a place that exist in the record,
with a notice for the viewer whenever the input had to be corrected."""

from __future__ import annotations

import datetime as dt
import difflib

import pandas as pd


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


#: Which place a name means when several places have it: a city before a town, a village, a district.
KIND_RANK = {"city": 0, "town": 1, "village": 2, "hill": 3, "pass": 3, "road": 3, "district": 4, "sector": 5, "zone": 6}


def parse_place(text: str | None, places: pd.DataFrame) -> tuple[str | None, str | None]:
    """The place id ``text`` names (an id, or any of its names, case-insensitive), or None with a notice."""
    if text is None or str(text).strip() == "":
        return None, None
    wanted = str(text).strip()
    if wanted in places.index:
        return wanted, None
    lowered = wanted.casefold()
    found = [
        pid
        for pid, names in places["names"].items()
        if lowered == pid.casefold() or any(lowered == str(n).casefold() for n in names.values() if n)
    ]
    if found:  # a settlement wins over a district or an area with the same name (Շուշի: the town)
        return min(found, key=lambda pid: (KIND_RANK.get(places.at[pid, "kind"], len(KIND_RANK)), pid)), None
    close = difflib.get_close_matches(lowered, [p for p in places.index if "__" not in p], n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return None, f"There is no place '{wanted}' in the record; showing the whole region.{hint}"
