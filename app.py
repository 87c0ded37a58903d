"""The Streamlit page: a date slider, the map for that day, and the claims made on it.

Run with ``streamlit run app.py``. All logic lives in ``geo/`` (the data and the state of each place)
and ``layers/`` (the folium map); this file only lays out the page and keeps the URL in step.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from geo import DataError, Timeline, read_record
from geo.days import parse_day
from layers.map import base_data, base_map, day_group
from layers.popup import claim_html

DEFAULT_DAY = dt.date(2020, 11, 10)
MAP_HEIGHT = 640

st.set_page_config(page_title="Karabakh control map", page_icon="🗺️", layout="wide")


@st.cache_resource(show_spinner="Loading places and claims…")
def load() -> tuple[Timeline, dict]:
    """Read and validate the record once per server; precompute every place's change points."""
    timeline = Timeline.from_record(read_record())
    return timeline, base_data(timeline)


try:
    timeline, data = load()
except DataError as exc:
    st.error("The data in `data/` does not validate, so no map is shown. Fix these problems "
             "(`python -m geo validate` lists the same):")
    st.code("\n".join(str(p) for p in exc.problems), language=None)
    st.stop()

record = timeline.record
first, last = record.first_day, record.last_day

if "day" not in st.session_state:  # first run of this session: the URL decides
    day, notice = parse_day(st.query_params.get("date"), first, last, DEFAULT_DAY)
    st.session_state.day = day
    st.session_state.notice = notice

if not st.context.is_embedded:  # ?embed=true (an iframe elsewhere): the map first, no title
    st.title("Karabakh control map")
    st.caption("Who claimed control of each place in and around Nagorno-Karabakh, day by day, in each side's own "
               "words and with its sources. Where the sides disagree the map shows the place as contested; it never "
               "picks a winner.")
if st.session_state.get("notice"):
    st.warning(st.session_state.notice, icon="⚠️")

day = st.slider("Date", min_value=first, max_value=last, step=dt.timedelta(days=1), key="day",
                format="D MMM YYYY", help="Drag, or focus the slider and use the arrow keys to move a day at a time.")
st.query_params["date"] = day.isoformat()

left, right = st.columns([3, 1.3])
with left:
    st_folium(base_map(data), key="map", height=MAP_HEIGHT, use_container_width=True,
              feature_group_to_add=day_group(timeline, day), returned_objects=[])
    st.caption(f"Karabakh control map, state on {day.day} {day:%B %Y}, data as of {record.as_of.isoformat()}. "
               "Boundaries © Natural Earth (public domain); places © GeoNames (CC BY 4.0).")
with right:
    st.subheader(f"Claims made on {day.day} {day:%b %Y}")
    made = record.claims[record.claims["date"] == day]
    if made.empty:
        st.write("No claim in the record is dated this day.")
    else:
        items = "".join(claim_html(c) for c in made.to_dict("records"))
        st.markdown(f'<ul class="kcm-day-claims">{items}</ul>', unsafe_allow_html=True)


# Snapshots and embeds (issue 5): the day's map as a file, an embed code, a citation.
def share_panel(timeline: Timeline, day: dt.date) -> None:
    """Download buttons (HTML, and a PNG drawn by Chromium only when clicked), an embed code, the citation."""
    from pathlib import Path

    from layers.popup import esc
    from layers.snapshot import CHROMIUM, PNG_SIZE, citation, snapshot_html, snapshot_png

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


if not st.context.is_embedded:
    share_panel(timeline, day)
