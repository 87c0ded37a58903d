"""Folium layers built from a day's state, and snapshots of the map (no Streamlit here)."""
