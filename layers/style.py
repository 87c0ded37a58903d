"""The one style table: how each holder and status is drawn, and the legend that explains it.

Colours are from the Okabe-Ito colour-blind-safe palette. Status is never shown by colour alone:
contested places are hatched in both sides' colours, unconfirmed claims get a dashed outline and a
paler fill, and uncertain dates a dotted outline.
"""

from __future__ import annotations

from geo.vocabulary import HOLDERS, Status

COLOURS = {
    "azerbaijan": "#0072B2",  # blue
    "armenian": "#E69F00",  # orange
    "russia": "#009E73",  # bluish green
    "contested": "#CC79A7",  # reddish purple (outline of the hatch)
    "unclaimed": "#BBBBBB",
}
#: SVG patterns defined once in the map (and in the legend); a style's fill may point at them.
PATTERNS = {
    "contested": {
        "colours": (COLOURS["azerbaijan"], COLOURS["armenian"]),
        "size": 10,
    },  # stripes of both sides' colours
}
#: Zones (the peacekeeping zone, the Lachin corridor) lie over the sectors: drawn lightly while a claim
#: is in force, not at all before.
ZONE_STYLE = {
    "shown": {"fillOpacity": 0.25, "weight": 3, "dashArray": "10 6"},
    "hidden": {"opacity": 0, "fillOpacity": 0},
}
#: The context drawn under the places: countries (the plain base), district outlines, the 1994 held
#: area, the NKAO, the 1994 line.
CONTEXT_STYLE = {
    "country": {"color": "#9a9a9a", "weight": 1, "fillColor": "#f4f1ea", "fillOpacity": 1.0},
    "district": {"color": "#555555", "weight": 1.5, "fill": False},
    "oblast": {"color": "#111111", "weight": 2.5, "dashArray": "8 5", "fill": False},
    "area": {"color": "#7a4b00", "weight": 2, "dashArray": "2 5", "fill": False},
    "line": {"color": "#b00020", "weight": 2.5},
}

BASE = {"weight": 1.2, "opacity": 1.0, "fillOpacity": 0.55, "dashArray": None}


def style_key(holder: str | None, status: str, uncertain: bool) -> str:
    """Key into :func:`styles` for a place's state."""
    if status in (Status.CONTESTED, Status.DIVIDED):
        key = "contested"
    elif holder in COLOURS and status in (Status.AGREED, Status.UNCONFIRMED):
        key = holder + ("-unconfirmed" if status == Status.UNCONFIRMED else "")
    else:
        key = "unclaimed"
    return key + ("-uncertain" if uncertain else "")


def styles() -> dict[str, dict]:
    """Every style key -> Leaflet path options."""
    table = {}
    for holder in [*HOLDERS, Status.UNCLAIMED.value]:
        colour = COLOURS[holder]
        table[holder] = {**BASE, "color": "#333333", "fillColor": colour}
        table[f"{holder}-unconfirmed"] = {
            **BASE,
            "color": colour,
            "weight": 2.5,
            "dashArray": "6 4",
            "fillColor": colour,
            "fillOpacity": 0.3,
        }
    table["contested"] = {
        **BASE,
        "color": COLOURS["contested"],
        "weight": 2.5,
        "fillColor": "url(#kcm-contested)",
        "fillOpacity": 0.85,
    }
    for key in list(table):
        table[f"{key}-uncertain"] = {**table[key], "dashArray": "1 4", "weight": 2.5}
    return table


#: The legend: each style key with its text's key in ``layers/strings/<lang>.json``.
LEGEND_ROWS = [
    ("azerbaijan", "legend.azerbaijan"),
    ("armenian", "legend.armenian"),
    ("russia", "legend.russia"),
    ("contested", "legend.contested"),
    ("azerbaijan-unconfirmed", "legend.unconfirmed"),
    ("armenian-uncertain", "legend.uncertain"),
    ("unclaimed", "legend.unclaimed"),
]
#: Outlines drawn over the places (the classes layers/map.py's CSS gives them).
FOCUS_OUTLINE = {"color": "#d10000", "weight": 4}
CHANGED_OUTLINE = {"color": "#000000", "weight": 4}
