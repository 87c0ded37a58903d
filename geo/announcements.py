"""The 2020 war's announcement list (kept in ``data/README.md``) and how far the record matches it.

``data/README.md`` holds, under the heading :data:`HEADING`, one table row per announcement day and
district: the date, the district, the number of settlements, their place ids and the source. The
table is the research, written for readers; this module reads it so that ``geo stats`` can say how
much of it is on the map and a test can keep the two in step.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.files import DATA_DIR
from geo.load import Record
from geo.vocabulary import SETTLEMENT_KINDS

HEADING = "## The 2020 war, announcement by announcement"
#: The war's span: an Azerbaijani capture claim in it belongs in the list.
WAR = (dt.date(2020, 9, 27), dt.date(2020, 11, 10))
_ROW = re.compile(r"^\|\s*(\d{4}-\d{2}-\d{2})\s*\|\s*([a-z_]+)\s*\|\s*(\d+)\s*\|([^|]*)\|(.*)\|\s*$")


@dataclass(frozen=True)
class Announcement:
    day: dt.date
    district: str
    count: int
    places: tuple[str, ...]
    source: str
    line: int  # line number in the README, for messages


def read_announcements(readme: Path = DATA_DIR / "README.md") -> list[Announcement]:
    """Every row of the announcement table (an empty list if the section is missing)."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index(HEADING)
    except ValueError:
        return []
    rows = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if line.startswith("## "):
            break
        match = _ROW.match(line)
        if match:
            day, district, count, places, source = match.groups()
            ids = tuple(p.strip().strip("`") for p in places.split(",") if p.strip())
            rows.append(Announcement(dt.date.fromisoformat(day), district, int(count), ids, source.strip(), number))
    return rows


def _captures(record: Record) -> pd.DataFrame:
    claims = record.claims
    return claims[(claims["claimant"] == "azerbaijan") & (claims["claim"] == "captured")]


def coverage(record: Record, announcements: list[Announcement]) -> pd.DataFrame:
    """Per district: settlements announced, those in the record with an Azerbaijani capture claim
    dated the day of their announcement, and those of them on the map (with a known position)."""
    captured = set(zip(_captures(record)["place"], _captures(record)["date"], strict=True))
    places = record.places
    rows = []
    for district in sorted({a.district for a in announcements}):
        announced, recorded, mapped = set(), set(), set()
        for a in (a for a in announcements if a.district == district):
            for pid in a.places:
                announced.add(pid)
                if (pid, a.day) in captured:
                    recorded.add(pid)
                    if pid in places.index and places.at[pid, "geometry"] is not None:
                        mapped.add(pid)
        rows.append(
            {
                "district": district,
                "announced": len(announced),
                "in the record": len(recorded),
                "on the map": len(mapped),
                "on the map %": round(100 * len(mapped) / len(announced)) if announced else 0,
            }
        )
    table = pd.DataFrame(rows, columns=["district", "announced", "in the record", "on the map", "on the map %"])
    total = table[["announced", "in the record", "on the map"]].sum()
    table.loc[len(table)] = [
        "all",
        *total.tolist(),
        round(100 * total["on the map"] / total["announced"]) if total["announced"] else 0,
    ]
    return table.set_index("district")


def mismatches(record: Record, announcements: list[Announcement]) -> list[str]:
    """Where the list and the record disagree, each as a sentence naming the README line."""
    problems = []
    captures = _captures(record)
    captured = set(zip(captures["place"], captures["date"], strict=True))
    listed = set()
    for a in announcements:
        if a.count != len(a.places):
            problems.append(f"data/README.md line {a.line}: count is {a.count} but {len(a.places)} places are listed")
        for pid in a.places:
            listed.add((pid, a.day))
            if pid not in record.places.index:
                problems.append(f"data/README.md line {a.line}: {pid!r} is no place in the record")
            elif record.places.at[pid, "kind"] not in SETTLEMENT_KINDS:
                problems.append(
                    f"data/README.md line {a.line}: {pid!r} is a {record.places.at[pid, 'kind']}, "
                    "not a settlement; the list holds towns and villages"
                )
            elif (pid, a.day) not in captured:
                problems.append(
                    f"data/README.md line {a.line}: the record has no Azerbaijani 'captured' claim "
                    f"about {pid!r} on {a.day}"
                )
    for pid, day in sorted(captured - listed):
        if WAR[0] <= day <= WAR[1] and pid in record.places.index and record.places.at[pid, "kind"] in SETTLEMENT_KINDS:
            problems.append(
                f"the record's Azerbaijani 'captured' claim about {pid!r} on {day} is missing from "
                f"the announcement list in data/README.md"
            )
    return problems
