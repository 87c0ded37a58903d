"""The bridge between Streamlit and the map's browser code: everything that depends on Streamlit.

Its JavaScript half is ``layers/js/bridge.js``. Only ``app.py`` and this module import Streamlit
(ruff's banned-import rule in ``pyproject.toml`` enforces it); ``geo/`` and ``layers/`` know nothing of
it. What Streamlit gives the map, and how the map answers:

- **Static files.** With ``[server] enableStaticServing = true`` (``.streamlit/config.toml``) the
  files under ``static/`` are served at :data:`STATIC_URL`: Leaflet (no CDN) and the map's data,
  published once per record (:func:`layers.map.publish`).
- **The map.** st_folium draws the base map once in a same-origin iframe; each rerun sends only the
  day's small layer (``feature_group_to_add``), so the frame is never reloaded.
- **The page's slider.** ``bridge.js`` follows Streamlit's date slider (``[data-testid="stSlider"]
  input[type="range"]`` with the slider's label as ``aria-label``, its value the date in microseconds)
  the moment it moves; the rerun then only confirms the day. ``tests/test_bridge.py`` is the contract
  test that fails when Streamlit renders the slider differently.
- **The map's answer.** Where the in-map timeline stops, ``bridge.js`` posts
  ``streamlit:setComponentValue`` with ``{day, seq}``; st_folium hands it to :func:`map_value`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

#: Where Streamlit serves ``static/`` (``.streamlit/config.toml``: ``enableStaticServing``).
STATIC_URL = "/app/static"
STATIC_DIR = Path(__file__).resolve().parent / "static"
LEAFLET_JS = f"{STATIC_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet/leaflet.css"
#: The iframe title st_folium gives the map (tests and the browser code find the map by it).
MAP_FRAME_TITLE = "streamlit_folium.st_folium"


def static_url(path: str) -> str:
    """The URL of a file under ``static/`` (``path`` relative to it, e.g. ``generated/base-….json``)."""
    return f"{STATIC_URL}/{path.lstrip('/')}"


def show_map(
    m: folium.Map, day_layer: folium.FeatureGroup, *, key: str, height: int, on_change: Callable[[], None]
) -> None:
    """Draw the base map ``m`` once and send ``day_layer`` on every rerun; ``on_change`` runs when
    the in-map timeline reports where it stopped (read it with :func:`map_value`)."""
    st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=day_layer,
        returned_objects=[],
        on_change=on_change,
    )


def map_value(key: str) -> tuple[str | None, int | None]:
    """The day the in-map timeline last stopped on (``YYYY-MM-DD``) and the number of that move."""
    value = st.session_state.get(key) or {}
    day = value.get("day") if isinstance(value, dict) else None
    seq = value.get("seq") if isinstance(value, dict) else None
    return (day if isinstance(day, str) else None), (seq if isinstance(seq, int) else None)


def day_slider(label: str, *, first: dt.date, last: dt.date, key: str, help: str) -> dt.date:
    """The page's date slider, one day per step; ``label`` is what ``bridge.js`` finds it by."""
    return st.slider(
        label, min_value=first, max_value=last, step=dt.timedelta(days=1), key=key, format="D MMM YYYY", help=help
    )


__all__ = [
    "LEAFLET_CSS",
    "LEAFLET_JS",
    "MAP_FRAME_TITLE",
    "STATIC_DIR",
    "STATIC_URL",
    "day_slider",
    "map_value",
    "show_map",
    "static_url",
]
