"""A district's pieces: each settlement put in the sector it lies in, each sector cut into one cell per settlement.

A district is split into sectors along the 1994 line (:func:`assign_sectors` puts each settlement
in its own). A sector (a district's part on one side of the 1994 line) with settlements in it is cut into the
Voronoi cells of those settlements, clipped to the sector, computed in a metric CRS. Each cell is a
derived place whose parent is its settlement: it shows what was claimed about the settlement (and,
through it, about the sector and the district), so the front moves village by village on the map
and a district's share held by each side is the area of its cells. Cells are a way of drawing the
record, not a claim about where a front line ran.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPoint

from geo.crs import METRIC as METRIC_CRS


def settlement_cells(places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One cell per settlement lying in a sector: columns id, kind='cell', names, parent, source, geometry."""
    sectors = places[places["kind"] == "sector"]
    points = places[(places.geometry.geom_type == "Point") & places["parent"].isin(sectors.index)]
    if points.empty:
        return gpd.GeoDataFrame(
            columns=["id", "kind", "names", "parent", "source", "file", "geometry"], geometry="geometry", crs=places.crs
        )
    metric_sectors = sectors.geometry.to_crs(METRIC_CRS)
    metric_points = points.geometry.to_crs(METRIC_CRS)
    rows = []
    for sector_id, group in metric_points.groupby(points["parent"]):
        area = shapely.make_valid(metric_sectors[sector_id])
        if len(group) == 1:
            cells = {group.index[0]: area}
        else:
            regions = shapely.voronoi_polygons(MultiPoint(list(group.values)), extend_to=area).geoms
            cells = {}
            for region in regions:
                inside = [pid for pid, pt in group.items() if region.contains(pt)]
                if inside:
                    cells[inside[0]] = region.intersection(area)
        for pid, geom in cells.items():
            if geom.is_empty:
                continue
            rows.append(
                {
                    "id": f"{pid}__cell",
                    "kind": "cell",
                    "names": places.at[pid, "names"],
                    "parent": pid,
                    "source": places.at[sector_id, "source"],
                    "file": "derived: geo/cells.py",
                    "geometry": geom,
                }
            )
    cells = gpd.GeoDataFrame(rows, geometry="geometry", crs=METRIC_CRS).to_crs(places.crs)
    return cells.set_index("id", drop=False).rename_axis(None)


def assign_sectors(places: gpd.GeoDataFrame) -> pd.Series:
    """Point places whose parent is a district get the district's sector that contains them.

    A district is split into sectors along the 1994 line; a settlement belongs to the sector it lies in
    (or the nearest one, since Natural Earth's coarse lines can put a town just outside its district).
    The district itself is set explicitly in the data, never by point-in-polygon.
    """
    parents = places["parent"].copy()
    sectors = places[places["kind"] == "sector"]
    by_district = {d: group for d, group in sectors.groupby("parent")}
    for pid, row in places[places.geometry.geom_type == "Point"].iterrows():
        group = by_district.get(row["parent"])
        if group is None or group.empty:
            continue
        distances = shapely.distance(group.geometry.values, row.geometry)
        parents[pid] = group.index[distances.argmin()]
    return parents
