"""The Streamlit page: a date slider, the map for that day, and what the record says about it.

Run with ``streamlit run app.py`` (or ``./run app``). All logic lives in ``geo/`` (the data, the state
of each place, the story) and ``layers/`` (the folium map, its in-browser timeline, the interface's
words in four languages); ``bridge.py`` is the one link to Streamlit's internals. This file only lays
out the page and keeps the URL, the slider and the in-map timeline in step.

The map is sent once: its geometry, popups and every place's change list are a static JSON file the
browser fetches when the page opens; each rerun sends only the day (see ``layers/map.py``).
Set ``KCM_DATA`` (:func:`geo.files.data_dir`) to another data folder (with ``places/`` and ``claims/``) to
serve another record. When a data file changes on disk, the next rerun reads the record again.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import streamlit as st

import bridge
from geo import DataError, Timeline, read_record
from geo.files import data_dir, default_paths, display_name
from geo.query import parse_day, parse_place
from geo.safe_csv import to_csv_bytes
from geo.state import ALL_SOURCES, STATEMENTS_AND_REPORTS
from geo.story import changes_between, history_rows, pickable, pieces_of, series
from geo.table import state_table
from layers.chart import MEASURES, history_charts
from layers.i18n import LANGUAGES, day_label, language, place_name, t
from layers.map import base_data, base_map, day_group, publish
from layers.popup import about_label, claim_html, esc, esc_markdown, holding_words
from layers.snapshot import CHROMIUM, PNG_SIZE, citation, snapshot_html, snapshot_png

DEFAULT_DAY = dt.date(2020, 11, 10)
MAP_HEIGHT = 640
DATE_KEY = "day"
STATIC = bridge.STATIC_DIR  # served at bridge.STATIC_URL (.streamlit/config.toml)

st.set_page_config(page_title="Karabakh control map", page_icon="🗺️", layout="wide")
# Streamlit's captions are a faded grey that fails WCAG contrast (axe, tests/test_a11y.py): darker here.
st.html(
    "<style>[data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] p"
    "{color:#444 !important;opacity:1 !important}</style>"
)


def data_stamp(folder: Path) -> tuple:
    """What the data files are now (name, size, modification time): a new stamp means a new record."""
    stamp = []
    for path in default_paths(folder):
        try:
            info = path.stat()
            stamp.append((str(path), info.st_size, info.st_mtime_ns))
        except OSError:
            stamp.append((str(path), None, None))
    return tuple(stamp)


@st.cache_resource(show_spinner="Loading places and claims…", max_entries=4)
def load(folder: Path, only_statements: bool, stamp: tuple) -> tuple[Timeline, pd.DataFrame]:
    """Read and validate the record (again whenever ``stamp`` changes); precompute every place's
    change points and list the places a viewer can pick. ``only_statements`` leaves out the claims
    whose source is a reference work."""
    sources = STATEMENTS_AND_REPORTS if only_statements else ALL_SOURCES
    timeline = Timeline.from_record(read_record(default_paths(folder)), sources=sources)
    return timeline, pickable(timeline)


@st.cache_resource(max_entries=16)
def map_data_url(_timeline: Timeline, folder: Path, only_statements: bool, stamp: tuple, lang: str | None) -> str:
    """Write the map's data for a record and a language where the browser fetches it once."""
    return publish(base_data(_timeline, lang), STATIC)


@st.cache_resource(max_entries=4)
def history_chart_data(_timeline: Timeline, stamp: tuple, only_statements: bool):
    return series(_timeline)


def current() -> tuple[Timeline, pd.DataFrame]:
    folder = data_dir()
    return load(folder, st.session_state.get("only_statements", False), data_stamp(folder))


def from_map() -> None:
    """The in-map timeline stopped on a day: move the slider there (before it is drawn)."""
    day, seq = bridge.map_value("map")
    if not day:
        return
    record = current()[0].record
    st.session_state[DATE_KEY], _ = parse_day(day, record.first_day, record.last_day, st.session_state[DATE_KEY])
    st.session_state.ack = seq


def share_panel(timeline: Timeline, day: dt.date, ui: str, lang: str | None) -> None:
    """Download buttons (HTML, and a PNG drawn by Chromium only when clicked), an embed code, the citation."""
    st.subheader(t(ui, "app.share"))
    name = f"karabakh-control-map-{day.isoformat()}"
    html_col, png_col = st.columns(2)
    html_col.download_button(
        t(ui, "app.share.html"),
        data=lambda: snapshot_html(timeline, [day], lang=lang),
        file_name=f"{name}.html",
        mime="text/html",
        on_click="ignore",
        help=t(ui, "app.share.html.help"),
    )
    png_col.download_button(
        t(ui, "app.share.png", width=PNG_SIZE[0], height=PNG_SIZE[1]),
        data=lambda: snapshot_png(timeline, day, lang=lang),
        file_name=f"{name}.png",
        mime="image/png",
        on_click="ignore",
        disabled=not Path(CHROMIUM).exists(),
        help=t(ui, "app.share.png.help", chromium=CHROMIUM),
    )
    query = f"?date={day.isoformat()}&embed=true" + (f"&lang={lang}" if lang else "")
    url = f"{(st.context.url or 'http://127.0.0.1:8501/').rstrip('/')}/{query}"
    st.caption(t(ui, "app.share.embed"))
    st.code(
        f'<iframe src="{esc(url)}" title="{esc(t(ui, "title"))}, {esc(day_label(day, ui))}" width="100%" '
        'height="720" style="border:0" loading="lazy"></iframe>',
        language="html",
        wrap_lines=True,
    )
    st.caption(t(ui, "app.share.cite"))
    st.code(citation(day, timeline.record.as_of, ui), language=None, wrap_lines=True)


def words_table(table: pd.DataFrame, ui: str, lang: str | None, places: pd.DataFrame) -> pd.DataFrame:
    """The day's table as a viewer reads it: names and words in ``ui``, never codes."""
    return pd.DataFrame(
        {
            t(ui, "col.place"): [
                place_name(places.at[p, "names"], lang, places.at[p, "label"]) for p in table["place_id"]
            ],
            t(ui, "col.held_by"): [
                holding_words(h, ui) if s != "divided" else b
                for h, s, b in zip(table["holder"], table["status"], table["held_by"], strict=True)
            ],
            t(ui, "col.status"): [holding_words(s, ui) for s in table["status"]],
            t(ui, "col.claimants"): table["claimants"],
            t(ui, "col.last_claim"): table["last_claim_date"],
            t(ui, "col.sources"): table["source_url"],
        }
    )


# ---- the URL decides the first run of a session ------------------------------------------------------
if "only_statements" not in st.session_state:  # ?sources=statements: the sides' statements and reports only
    st.session_state.only_statements = st.query_params.get("sources") == "statements"
if "lang" not in st.session_state:  # ?lang=az|hy|ru|en: the interface and the place names
    chosen = st.query_params.get("lang")
    st.session_state.lang = language(chosen) if chosen else None
folder = data_dir()
stamp = data_stamp(folder)
try:
    timeline, stateful = load(folder, st.session_state.only_statements, stamp)
except DataError as exc:
    ui = language(st.session_state.lang)
    st.error(t(ui, "app.data_error", folder=f"`{display_name(folder)}`"))
    st.code("\n".join(str(p) for p in exc.problems), language=None, wrap_lines=True)
    st.stop()
lang = st.session_state.lang  # None: English words, every side's names
ui = language(lang)
data_url = map_data_url(timeline, folder, st.session_state.only_statements, stamp, lang)

record = timeline.record
places = record.places
first, last = record.first_day, record.last_day


def place_choice(pid: str) -> str:
    """How the picker shows a place: its name in the language, then every other name (so that any of
    them, Armenian and Cyrillic script included, finds it)."""
    shown = place_name(places.at[pid, "names"], lang, places.at[pid, "label"])
    others = [n for n in dict.fromkeys(places.at[pid, "names"].values()) if n and n not in shown]
    return f"{shown} — {', '.join(others)}" if others else shown


if DATE_KEY not in st.session_state:  # first run of this session: the URL decides
    st.session_state[DATE_KEY], day_notice = parse_day(st.query_params.get("date"), first, last, DEFAULT_DAY)
    st.session_state.place, place_notice = parse_place(st.query_params.get("place"), stateful)
    st.session_state.notices = [n for n in (day_notice, place_notice) if n]
if st.session_state.get("stamp") not in (None, stamp):
    st.session_state.notices = [*st.session_state.get("notices", []), t(ui, "app.data_changed")]
    if st.session_state.get("place") not in stateful.index:
        st.session_state.place = None
st.session_state.stamp = stamp

# ?embed=true (the app in an iframe elsewhere): the map first, no title, no slider or pickers (the
# timeline inside the map is the control), the day's claims below it.
embedded = st.context.is_embedded
if not embedded:
    st.title(t(ui, "title"))
    st.caption(t(ui, "app.caption"))
# Streamlit's Markdown turns a URL, a www. host or an e-mail address into a link even when every mark is
# escaped; an invisible WORD JOINER (U+2060) inside each ("www⁠.", "https:⁠//", "a⁠@b") keeps it plain text.
_AUTOLINKED = re.compile(r"(?<=\\:)(?=/)|(?<=\w)(?=\\\.\w)|(?=@)")


def notice_markdown(notice: str) -> str:
    """A notice quoting the viewer's input, as Markdown that shows the input as plain text: no markup
    (:func:`esc_markdown`), and no link, image or e-mail address made of it."""
    return _AUTOLINKED.sub("\u2060", esc_markdown(notice))


for notice in st.session_state.notices:
    st.warning(notice_markdown(notice), icon="⚠️")  # it quotes the URL: plain text, never markup or a link

if embedded:
    day = st.session_state[DATE_KEY]
    left, right = st.container(), st.container()
    compare_day, place = None, st.session_state.place
else:
    day = bridge.day_slider(t(ui, "app.date"), first=first, last=last, key=DATE_KEY, help=t(ui, "app.date.help"))
    left, right = st.columns([3, 1.3])
    with right:
        codes = list(LANGUAGES)
        picked = st.selectbox(
            t(ui, "app.language"),
            options=codes,
            index=codes.index(ui),
            format_func=lambda code: LANGUAGES[code],
            key="lang_picker",
        )
        if picked != ui:
            st.session_state.lang = picked
            st.rerun()
        compare_day = st.date_input(
            t(ui, "app.compare"), value=None, min_value=first, max_value=last, help=t(ui, "app.compare.help")
        )
        place = st.selectbox(
            t(ui, "app.place"),
            options=list(stateful.index),
            key="place",
            index=None,
            format_func=place_choice,
            placeholder=t(ui, "app.place.placeholder"),
        )
        st.toggle(t(ui, "app.only"), key="only_statements", help=t(ui, "app.only.help"))
st.query_params["date"] = day.isoformat()
for key, value in (
    ("sources", "statements" if st.session_state.only_statements else None),
    ("place", place),
    ("lang", lang),
):
    if value:
        st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]

changed = changes_between(timeline, min(compare_day, day), max(compare_day, day)) if compare_day else None
outline = [] if changed is None else sorted({p for pid in changed["place_id"] for p in pieces_of(timeline, pid)})

with left:
    focus = pieces_of(timeline, place) if place else None
    bridge.show_map(
        base_map(
            data_url,
            leaflet_js=bridge.LEAFLET_JS,
            leaflet_css=bridge.LEAFLET_CSS,
            sync=True,
            follow=t(ui, "app.date"),
            title=t(ui, "title"),
        ),
        day_group(timeline, day, compare=outline, focus=focus, ack=st.session_state.pop("ack", None)),
        key="map",
        height=MAP_HEIGHT,
        on_change=from_map,
    )
    st.caption(f"{citation(day, record.as_of, ui)}. {t(ui, 'app.credits')} {t(ui, 'app.keys')}")
    if changed is not None:  # below the map, where its two columns have room
        st.subheader(
            t(ui, "app.changed", first=day_label(min(compare_day, day), ui), last=day_label(max(compare_day, day), ui))
        )
        if changed.empty:
            st.write(t(ui, "app.changed.none"))
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        t(ui, "col.place"): [
                            place_name(places.at[p, "names"], lang, places.at[p, "label"]) for p in changed["place_id"]
                        ],
                        t(ui, "col.before"): [holding_words(v, ui) for v in changed["before"]],
                        t(ui, "col.after"): [holding_words(v, ui) for v in changed["after"]],
                    }
                ),
                hide_index=True,
                width="stretch",
            )

with right:
    if place:
        st.subheader(
            t(
                ui,
                "app.history",
                place=esc_markdown(place_name(places.at[place, "names"], lang, places.at[place, "label"])),
            )
        )
        rows = record.claims.iloc[history_rows(timeline, place)]
        with st.container(height=360):  # a long history scrolls here instead of pushing the day's claims away
            st.html(
                '<ul class="kcm-history">'
                + "".join(
                    claim_html(c, about=about_label(places, c["place"], lang), lang=ui) for c in rows.to_dict("records")
                )
                + "</ul>"
            )
    st.subheader(t(ui, "app.day_claims", day=day_label(day, ui)))
    made = record.claims[record.claims["date"] == day]
    if made.empty:
        st.write(t(ui, "app.day_claims.none"))
    else:
        items = "".join(
            claim_html(c, about=about_label(places, c["place"], lang), lang=ui) for c in made.to_dict("records")
        )
        with st.container(height=480):
            st.html(f'<ul class="kcm-day-claims">{items}</ul>')  # HTML (escaped), never read as Markdown

if embedded:
    st.stop()  # an embedded map ends with the day's claims

st.subheader(t(ui, "app.charts"))
charts = history_charts(history_chart_data(timeline, stamp, st.session_state.only_statements), day, ui)
for column, chart in zip(st.columns(len(MEASURES)), charts.values(), strict=True):
    column.altair_chart(chart, width="stretch")

st.subheader(t(ui, "app.table", day=day_label(day, ui)))
table = state_table(timeline, day)
st.dataframe(words_table(table, ui, lang, places), hide_index=True, width="stretch")
st.download_button(
    t(ui, "app.table.download"),
    data=lambda: to_csv_bytes(table),  # no cell a spreadsheet runs
    file_name=f"karabakh-control-{day.isoformat()}.csv",
    mime="text/csv",
    on_click="ignore",
)

share_panel(timeline, day, ui, lang)
