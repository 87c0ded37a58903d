"""The naive way to draw a day, for comparison only: rebuild the whole folium map with the day in
it and call ``st_folium`` on every rerun (the component remounts: the frame reloads, every
geometry is sent again, zoom and pan are lost). ``python -m benchmarks.slider`` runs it."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

import bridge
from geo import Timeline, read_record
from geo.files import data_dir, default_paths
from layers.map import DayState, base_data, base_map, day_payload


@st.cache_resource
def load():
    timeline = Timeline.from_record(read_record(default_paths(data_dir())))
    return timeline, base_data(timeline)


timeline, data = load()
record = timeline.record
if "day" not in st.session_state:
    st.session_state.day = dt.date.fromisoformat(st.query_params.get("date", "2020-11-10"))
day = st.slider("Date", min_value=record.first_day, max_value=record.last_day, step=dt.timedelta(days=1), key="day")
st.query_params["date"] = day.isoformat()
m = base_map(data, leaflet_js=bridge.LEAFLET_JS, leaflet_css=bridge.LEAFLET_CSS)
DayState(day_payload(day)).add_to(m)
st_folium(m, height=640, use_container_width=True, returned_objects=[])
