"""The charts of each side's area and number of settlements over time, in the map's colours."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from geo.vocabulary import HOLDERS, Status
from layers.i18n import language, t
from layers.popup import holding_words
from layers.style import COLOURS

#: What each chart plots from :func:`geo.story.series`: the column and its axis title's string key.
MEASURES = {"area_km2": "chart.area_km2", "places": "chart.places"}


def history_charts(series: pd.DataFrame, day: dt.date, lang: str | None = None) -> dict[str, alt.LayerChart]:
    """One step chart per measure of ``series``, each with ``day`` marked by a vertical rule; holders and
    statuses in words of ``lang``, in the map's colours."""
    ui = language(lang)
    keys = [*HOLDERS, Status.CONTESTED.value, Status.UNCLAIMED.value]
    words = {k: holding_words(k, ui) for k in keys}
    data = series.assign(held_by=series["holder"].map(lambda k: words.get(k, k)))
    scale = alt.Scale(domain=[words[k] for k in keys], range=[COLOURS[k] for k in keys])
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title=None), color=alt.Color("held_by:N", scale=scale, title=t(ui, "chart.holder"))
    )
    rule = alt.Chart(pd.DataFrame({"date": [day.isoformat()]})).mark_rule(color="black").encode(x="date:T")
    return {
        measure: base.mark_line(interpolate="step-after").encode(y=alt.Y(f"{measure}:Q", title=t(ui, key))) + rule
        for measure, key in MEASURES.items()
    }
