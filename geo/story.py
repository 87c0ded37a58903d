"""Reading the record as a story: key days, periods, what changed between two days, each side's area
and places over time, and one place's whole history. (The narrowest period holding a day and the
next or previous change are the browser core's: ``layers/js/core.js``, tested by ``node --test``.)

Everything here is computed from a :class:`~geo.state.Timeline`; the app and the in-map timeline
only display it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.state import Timeline, ancestors

D = dt.date


@dataclass(frozen=True)
class Bookmark:
    day: dt.date
    label: str


#: Key days. Each one must have a claim in the record dated that day (tests/test_story.py checks).
BOOKMARKS = (
    Bookmark(D(1988, 2, 20), "1988: the NKAO soviet asks to join Armenia"),
    Bookmark(D(1991, 9, 2), "1991: the NKR is declared"),
    Bookmark(D(1991, 11, 26), "1991: Azerbaijan abolishes the NKAO"),
    Bookmark(D(1992, 5, 8), "1992: Shusha"),
    Bookmark(D(1992, 5, 18), "1992: Lachin"),
    Bookmark(D(1993, 4, 2), "1993: Kalbajar"),
    Bookmark(D(1993, 7, 23), "1993: Agdam"),
    Bookmark(D(1994, 5, 12), "1994: the Bishkek ceasefire"),
    Bookmark(D(2016, 4, 2), "2016: the April clashes"),
    Bookmark(D(2020, 9, 27), "2020: the war begins"),
    Bookmark(D(2020, 10, 9), "2020: Hadrut"),
    Bookmark(D(2020, 11, 8), "2020: Shusha"),
    Bookmark(D(2020, 11, 10), "2020: the 10 November statement"),
    Bookmark(D(2020, 11, 20), "2020: Agdam handed over"),
    Bookmark(D(2020, 11, 25), "2020: Kalbajar handed over"),
    Bookmark(D(2020, 12, 1), "2020: Lachin handed over"),
    Bookmark(D(2022, 8, 26), "2022: Lachin town handed over"),
    Bookmark(D(2023, 9, 19), "2023: the September offensive"),
    Bookmark(D(2023, 10, 15), "2023: Azerbaijan's flag in Khankendi"),
    Bookmark(D(2024, 1, 1), "2024: the NKR dissolved"),
)


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    first: dt.date
    last: dt.date


#: Spans the in-map timeline can be narrowed to, so that dragging moves a day at a time.
PERIODS = (
    Period("all", "1988–2024, the whole record", D(1988, 1, 1), D(2024, 12, 31)),
    Period("war1", "1988–1994, the first war", D(1988, 1, 1), D(1994, 12, 31)),
    Period("between", "1994–2020, between the wars", D(1994, 5, 1), D(2020, 9, 26)),
    Period("war2", "2020, the 44-day war", D(2020, 9, 20), D(2020, 12, 31)),
    Period("after", "2021–2024, after the war", D(2020, 11, 10), D(2024, 12, 31)),
)


def changes_between(timeline: Timeline, before: dt.date, after: dt.date) -> pd.DataFrame:
    """Settlements, zones and district pieces whose holder differs between two days."""
    places = timeline.record.places
    rows = []
    for pid in timeline.days:
        if places.at[pid, "kind"] in ("cell", "district"):
            continue  # a cell is its settlement; a district is its sectors
        a, b = timeline.place_state(pid, before), timeline.place_state(pid, after)
        if a.holding != b.holding:
            rows.append(
                {
                    "place_id": pid,
                    "label": places.at[pid, "label"],
                    "kind": places.at[pid, "kind"],
                    "before": a.holding,
                    "after": b.holding,
                }
            )
    return pd.DataFrame(rows, columns=["place_id", "label", "kind", "before", "after"])


def series(timeline: Timeline) -> pd.DataFrame:
    """Area (km²) and number of settlements each holder had, from every change day on.

    Columns: ``date``, ``holder`` (a side, "contested" or "unclaimed"), ``area_km2``, ``places``.
    The area is that of the drawn pieces (settlement cells and bare sectors) of the districts.
    """
    places = timeline.record.places
    pieces = [p for ps in timeline.pieces.values() for p in ps]
    settlements = [p for p in timeline.days if places.at[p, "kind"] in ("city", "town", "village")]
    rows = []
    for day in timeline.change_days:
        area: dict[str, float] = {}
        count: dict[str, int] = {}
        for p in pieces:
            key = timeline.place_state(p, day).holding
            area[key] = area.get(key, 0.0) + timeline.areas[p]
        for p in settlements:
            key = timeline.place_state(p, day).holding
            count[key] = count.get(key, 0) + 1
        for key in sorted(set(area) | set(count)):
            rows.append(
                {"date": day, "holder": key, "area_km2": round(area.get(key, 0.0), 1), "places": count.get(key, 0)}
            )
    return pd.DataFrame(rows, columns=["date", "holder", "area_km2", "places"])


def pickable(timeline: Timeline) -> pd.DataFrame:
    """The places with a state of their own that a viewer can pick (a cell is a drawing of its settlement)."""
    places = timeline.record.places
    return places.loc[[p for p in timeline.days if places.at[p, "kind"] != "cell"]]


def pieces_of(timeline: Timeline, pid: str) -> list[str]:
    """``pid`` and the area pieces inside it (settlement cells, bare sectors): what shows it on a map
    that draws districts as their pieces."""
    parents = timeline.record.places["parent"]
    pieces = [p for ps in timeline.pieces.values() for p in ps]
    return [pid, *(p for p in pieces if p != pid and pid in ancestors(p, parents))]


def history_rows(timeline: Timeline, pid: str) -> list[int]:
    """Row numbers (in date order) of every claim that speaks for ``pid``: about the place itself or
    about a place that contains it (its sector, its district, an area it lies in)."""
    scope = timeline.scopes.get(pid) or [pid, *ancestors(pid, timeline.record.places["parent"])]
    return [int(r) for r in np.flatnonzero(timeline.record.claims["place"].isin(scope).to_numpy())]


__all__ = [
    "BOOKMARKS",
    "PERIODS",
    "Bookmark",
    "Period",
    "changes_between",
    "history_rows",
    "pickable",
    "pieces_of",
    "series",
]
