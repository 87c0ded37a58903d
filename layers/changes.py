"""Each drawn place's list of change points, sent once with the map (the in-map timeline reads them).

A place's states over the whole record are a few change points (``[day, state, day, state, ...]``,
days counted from the record's first day, states indexing one shared table of distinct states).
The browser finds any day's state with a binary search per place and restyles only the places
whose state changed, so a step costs the same whatever the range, and no day needs the server.
"""

from __future__ import annotations

from geo.state import Timeline
from geo.story import BOOKMARKS, PERIODS, history_rows
from layers.i18n import t
from layers.popup import esc, status_text
from layers.style import COLOURS, style_key


def _state_entry(state, lang: str) -> tuple:
    """One entry of the state table the browser reads: [style key, text (HTML-escaped), claims in
    force (row numbers), status, holder (or None), uncertain (0/1)] — structured, never parsed back
    out of the style key."""
    text = status_text(state.holder, state.status, dict(state.accounts), lang=lang)
    return (
        style_key(state.holder, state.status, state.uncertain),
        esc(text),
        tuple(int(r) for r in state.claims),
        str(state.status),
        state.holder,
        int(state.uncertain),
    )


def change_lists(timeline: Timeline, place_ids: list[str], *, lang: str = "en") -> dict:
    """Change lists, the state table, the days on which anything changes, bookmarks and periods (in ``lang``)."""
    first = timeline.record.first_day

    def day_number(day) -> int:
        return (day - first).days

    table: dict[tuple, int] = {}
    changes = {}
    for pid in place_ids:
        flat = []
        for day, state in zip(timeline.days[pid], timeline.states[pid], strict=True):
            flat += [day_number(day), table.setdefault(_state_entry(state, lang), len(table))]
        changes[pid] = flat
    history = {pid: history_rows(timeline, pid) for pid in place_ids}
    return {
        "first": first.isoformat(),
        "last": timeline.record.last_day.isoformat(),
        "states": [
            [key, text, list(rows), status, holder, uncertain] for key, text, rows, status, holder, uncertain in table
        ],
        "changes": changes,
        "history": history,
        "changeDays": sorted({day_number(d) for pid in place_ids for d in timeline.days[pid]}),
        "bookmarks": [
            [day_number(b.day), t(lang, f"bookmark.{b.day.isoformat()}")]
            for b in BOOKMARKS
            if first <= b.day <= timeline.record.last_day
        ],
        "periods": [
            [
                p.key,
                t(lang, f"period.{p.key}"),
                max(day_number(p.first), 0),
                day_number(min(p.last, timeline.record.last_day)),
            ]
            for p in PERIODS
        ],
        "colours": COLOURS,
    }


__all__ = ["change_lists"]
