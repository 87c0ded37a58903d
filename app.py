"""The Streamlit page: a date slider, the map for that day, and what the record says about it.

Run with ``streamlit run app.py`` (or ``./run app``). All logic lives in ``geo/`` (the data, the state
of each place, the story) and ``layers/`` (the folium map and its in-browser timeline); this file only
lays out the page and keeps the URL, the slider and the in-map timeline in step.

The map is sent once: its geometry, popups and every place's change list are a static JSON file the
browser fetches when the page opens; each rerun sends only the day (see ``layers/map.py``).
Set ``KCM_DATA`` (:func:`geo.load.data_dir`) to another data folder (with ``places/`` and ``claims/``) to serve another record.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

import bridge
from geo import DataError, Timeline, read_record
from geo.state import ALL_SOURCES, STATEMENTS_AND_REPORTS
from geo.load import data_dir, default_paths
from geo.query import parse_day, parse_place
from geo.story import changes_between, history_rows, pickable, pieces_of, series
from geo.table import state_table
from layers.chart import MEASURES, history_charts
from layers.map import base_data, base_map, day_group, publish
from layers.popup import about_label, claim_html, esc, esc_markdown
from layers.snapshot import CHROMIUM, PNG_SIZE, citation, snapshot_html, snapshot_png

DEFAULT_DAY = dt.date(2020, 11, 10)
MAP_HEIGHT = 640
DATE_LABEL = "Date"  # the map follows the slider with this label as soon as it moves
STATIC = bridge.STATIC_DIR  # served at bridge.STATIC_URL (.streamlit/config.toml)

st.set_page_config(page_title="Karabakh control map", page_icon="🗺️", layout="wide")


@st.cache_resource(show_spinner="Loading places and claims…")
def load(folder: Path, only_statements: bool = False) -> tuple[Timeline, str, pd.DataFrame]:
    """Read and validate the record once per server; precompute every place's change points, write
    the map's data where the browser fetches it once, and list the places a viewer can pick.
    ``only_statements`` leaves out the claims whose source is a reference work."""
    sources = STATEMENTS_AND_REPORTS if only_statements else ALL_SOURCES
    timeline = Timeline.from_record(read_record(default_paths(folder)), sources=sources)
    return timeline, publish(base_data(timeline), STATIC), pickable(timeline)


@st.cache_resource
def history_chart_data(_timeline: Timeline):
    return series(_timeline)


def from_map() -> None:
    """The in-map timeline stopped on a day: move the slider there (before it is drawn)."""
    day, seq = bridge.map_value("map")
    if not day:
        return
    record = load(data_dir(), st.session_state.get("only_statements", False))[0].record
    st.session_state.day, _ = parse_day(day, record.first_day, record.last_day, st.session_state.day)
    st.session_state.ack = seq


def share_panel(timeline: Timeline, day: dt.date) -> None:
    """Download buttons (HTML, and a PNG drawn by Chromium only when clicked), an embed code, the citation."""
    st.subheader("Download, embed, cite")
    name = f"karabakh-control-map-{day.isoformat()}"
    html_col, png_col = st.columns(2)
    html_col.download_button("Download HTML", data=lambda: snapshot_html(timeline, [day]), file_name=f"{name}.html",
                             mime="text/html", on_click="ignore",
                             help="One file with the map, its legend and sources: opens from disk, with no network.")
    png_col.download_button(f"Download PNG ({PNG_SIZE[0]} × {PNG_SIZE[1]})", data=lambda: snapshot_png(timeline, day),
                            file_name=f"{name}.png", mime="image/png", on_click="ignore",
                            disabled=not Path(CHROMIUM).exists(),
                            help=f"Drawn by headless Chromium when clicked, a few seconds (needs {CHROMIUM}).")
    url = f"{(st.context.url or 'http://127.0.0.1:8501/').rstrip('/')}/?date={day.isoformat()}&embed=true"
    st.caption("Embed this day in a page or a learning platform (copy button at the right):")
    st.code(f'<iframe src="{esc(url)}" title="Karabakh control map, {day.day} {day:%B %Y}" width="100%" '
            'height="720" style="border:0" loading="lazy"></iframe>', language="html")
    st.caption("Cite as:")
    st.code(citation(day, timeline.record.as_of), language=None)


if "only_statements" not in st.session_state:  # ?sources=statements: the sides' statements and reports only
    st.session_state.only_statements = st.query_params.get("sources") == "statements"
try:
    timeline, data_url, stateful = load(data_dir(), st.session_state.only_statements)
except DataError as exc:
    st.error("The data in `data/` does not validate, so no map is shown. Fix these problems "
             "(`python -m geo validate` lists the same):")
    st.code("\n".join(str(p) for p in exc.problems), language=None)
    st.stop()

record = timeline.record
places = record.places
first, last = record.first_day, record.last_day

if "day" not in st.session_state:  # first run of this session: the URL decides
    st.session_state.day, day_notice = parse_day(st.query_params.get("date"), first, last, DEFAULT_DAY)
    st.session_state.place, place_notice = parse_place(st.query_params.get("place"), stateful)
    st.session_state.notices = [n for n in (day_notice, place_notice) if n]

# ?embed=true (the app in an iframe elsewhere): the map first, no title, no slider or pickers (the
# timeline inside the map is the control), the day's claims below it.
embedded = st.context.is_embedded
if not embedded:
    st.title("Karabakh control map")
    st.caption("Who claimed control of each place in and around Nagorno-Karabakh, day by day, in each side's own "
               "words and with its sources. Where the sides disagree the map shows the place as contested; it never "
               "picks a winner.")
for notice in st.session_state.notices:
    st.warning(esc_markdown(notice), icon="⚠️")  # it quotes the URL: never markup

if embedded:
    day = st.session_state.day
    left, right = st.container(), st.container()
    compare_day, place = None, st.session_state.place
else:
    day = bridge.day_slider(DATE_LABEL, first=first, last=last, key="day",
                            help="Drag, or focus the slider and use the arrow keys to move a day at a time. "
                                 "The timeline inside the map moves without waiting for the server.")
    left, right = st.columns([3, 1.3])
    with right:
        compare_day = st.date_input("Compare with another day", value=None, min_value=first, max_value=last,
                                    help="Outlines on the map, and lists, the places that changed hands between the "
                                    "two days.")
        place = st.selectbox("Place", options=list(stateful.index), key="place", index=None,
                             format_func=lambda p: places.at[p, "label"], placeholder="Find a place…")
        st.toggle("Only the sides' own statements and reports", key="only_statements",
                  help="Leave out the claims whose only source is a reference work (an encyclopaedia, a later "
                       "summary); the map then shows what the sides said and the press reported at the time.")
st.query_params["date"] = day.isoformat()
if st.session_state.only_statements:
    st.query_params["sources"] = "statements"
elif "sources" in st.query_params:
    del st.query_params["sources"]
if place:
    st.query_params["place"] = place
elif "place" in st.query_params:
    del st.query_params["place"]

changed = changes_between(timeline, min(compare_day, day), max(compare_day, day)) if compare_day else None
outline = [] if changed is None else sorted({p for pid in changed["place_id"] for p in pieces_of(timeline, pid)})

with left:
    focus = pieces_of(timeline, place) if place else None
    bridge.show_map(base_map(data_url, leaflet_js=bridge.LEAFLET_JS, leaflet_css=bridge.LEAFLET_CSS, sync=True,
                             follow=DATE_LABEL),
                    day_group(timeline, day, compare=outline, focus=focus, ack=st.session_state.pop("ack", None)),
                    key="map", height=MAP_HEIGHT, on_change=from_map)
    st.caption(f"{citation(day, record.as_of)}. "
               "Boundaries © Natural Earth (public domain); places © GeoNames (CC BY 4.0). "
               "Keys on the in-map timeline: ←/→ a day, Shift+←/→ a week, Page Up/Down the next/previous change, Space play.")

with right:
    if changed is not None:
        st.subheader(f"Changed hands between {min(compare_day, day):%d %b %Y} and {max(compare_day, day):%d %b %Y}")
        if changed.empty:
            st.write("Nothing changed hands between these days.")
        else:
            st.dataframe(changed.drop(columns="place_id"), hide_index=True, width="stretch")
    if place:
        st.subheader(f"History of {esc_markdown(places.at[place, 'label'])}")
        rows = record.claims.iloc[history_rows(timeline, place)]
        st.html('<ul class="kcm-history">' + "".join(claim_html(c, about=about_label(places, c["place"])) for c in rows.to_dict("records")) + "</ul>")
    st.subheader(f"Claims made on {day.day} {day:%b %Y}")
    made = record.claims[record.claims["date"] == day]
    if made.empty:
        st.write("No claim in the record is dated this day.")
    else:
        items = "".join(claim_html(c, about=about_label(places, c["place"])) for c in made.to_dict("records"))
        st.html(f'<ul class="kcm-day-claims">{items}</ul>')  # HTML (escaped), never read as Markdown

if embedded:
    st.stop()  # an embedded map ends with the day's claims

st.subheader("Area and places each side claimed over time")
for column, chart in zip(st.columns(len(MEASURES)), history_charts(history_chart_data(timeline), day).values(),
                         strict=True):
    column.altair_chart(chart, width="stretch")

st.subheader(f"Who held what on {day.day} {day:%B %Y}")
table = state_table(timeline, day)
st.dataframe(table.drop(columns=["names"]), hide_index=True, width="stretch",
             column_config={"source_url": st.column_config.TextColumn("sources")})
st.download_button("Download this table (CSV)", data=lambda: table.to_csv(index=False).encode("utf-8"),
                   file_name=f"karabakh-control-{day.isoformat()}.csv", mime="text/csv", on_click="ignore")

share_panel(timeline, day)
