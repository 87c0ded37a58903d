"""Which places lie in each area that a claim can speak for (a zone, the NKAO, the 1994 held area, …).

A claim about an area speaks for every place lying in it, as a district's claim speaks for its
settlements. A point lies in an area when the area covers it; a polygon (a sector, a cell, a
district, a zone) when at least half of its area does. A settlement counts as lying in its own
sector: where Natural Earth's coarse lines put its point just outside the sector it belongs to, the
nearest point of that sector stands for it. A settlement whose position no source gives lies in an
area when at least 90 % of its district does (Zangilan's villages in the 1994 held area, say); else
in none. Measured in a metric CRS
(:data:`geo.crs.METRIC`). A cell is a drawing of its settlement and takes its settlement's areas.
"""

from __future__ import annotations

import geopandas as gpd
import shapely
import shapely.ops

from geo.crs import METRIC
from geo.vocabulary import AREA_KINDS

#: The share of a polygon that must lie in an area for the area's claims to speak for it.
MAJORITY = 0.5
#: How far inside its sector (m) a settlement drawn just outside it is taken to lie.
SNAP_INSIDE_M = 500
#: A settlement whose position no source gives lies in an area when nearly all of its district does.
UNPLACED_SHARE = 0.9


def area_ids(places: gpd.GeoDataFrame) -> list[str]:
    """The areas whose claims speak for the places in them, smallest first (the most specific)."""
    areas = places[places["kind"].isin(AREA_KINDS)]
    size = areas.geometry.to_crs(METRIC).area
    return list(size.sort_values(kind="stable").index)


def areas_holding(places: gpd.GeoDataFrame) -> dict[str, list[str]]:
    """Place id -> the areas it lies in, smallest first; places in no area are left out."""
    order = area_ids(places)
    if not order:
        return {}
    metric = places.geometry.to_crs(METRIC)
    shapes = {a: shapely.make_valid(metric[a]) for a in order}
    for geom in shapes.values():
        shapely.prepare(geom)
    held: dict[str, list[str]] = {}
    cells = places["kind"] == "cell"
    sectors = set(places.index[places["kind"] == "sector"])
    for pid in places.index[~cells & places.geometry.notna()]:  # a place with no known position lies nowhere
        geom = metric[pid]
        sector = places.at[pid, "parent"]
        if geom.geom_type == "Point" and sector in sectors and not metric[sector].covers(geom):
            inner = metric[sector].buffer(-SNAP_INSIDE_M)  # clear of the sector's edge, which is digitised coarsely
            geom = shapely.ops.nearest_points(inner if not inner.is_empty else metric[sector], geom)[0]
        inside = []
        for area in order:
            if area == pid:
                continue
            shape = shapes[area]
            if geom.geom_type == "Point":
                ok = shape.covers(geom)
            else:
                own = geom.area
                ok = own > 0 and shape.intersects(geom) and shape.intersection(geom).area >= MAJORITY * own
            if ok:
                inside.append(area)
        if inside:
            held[pid] = inside
    for pid, settlement in places.loc[cells, "parent"].items():
        if settlement in held:
            held[pid] = held[settlement]
    for pid in places.index[places.geometry.isna()]:  # no known position: its district decides, if it can
        district = places.at[pid, "parent"]
        if district not in metric.index or metric[district] is None:
            continue
        geom = metric[district]
        inside = [
            area
            for area in order
            if geom.area > 0 and shapes[area].intersection(geom).area >= UNPLACED_SHARE * geom.area
        ]
        if inside:
            held[pid] = inside
    return held
