"""The charts of each side's area and number of settlements over time, in the map's colours."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from geo.vocabulary import HOLDERS, Status
from layers.style import COLOURS

#: What each chart plots from :func:`geo.story.series`, and its axis title.
MEASURES = {"area_km2": "Area (km²)", "places": "Settlements"}


def history_charts(series: pd.DataFrame, day: dt.date) -> dict[str, alt.LayerChart]:
    """One step chart per measure of ``series``, each with ``day`` marked by a vertical rule."""
    keys = [*HOLDERS, Status.CONTESTED.value, Status.UNCLAIMED.value]
    scale = alt.Scale(domain=keys, range=[COLOURS[k] for k in keys])
    base = alt.Chart(series).encode(x=alt.X("date:T", title=None), color=alt.Color("holder:N", scale=scale, title="Held by"))
    rule = alt.Chart(pd.DataFrame({"date": [day.isoformat()]})).mark_rule(color="black").encode(x="date:T")
    return {measure: base.mark_line(interpolate="step-after").encode(y=alt.Y(f"{measure}:Q", title=title)) + rule
            for measure, title in MEASURES.items()}
