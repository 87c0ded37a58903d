"""Tiny in-code places and claims for unit tests (no files, no network)."""

from __future__ import annotations

from geo.load import Record, record_from_features
from geo.state import Timeline

SOURCE = {
    "title": "Test source",
    "publisher": "Test",
    "date": "2020-11-08",
    "url": "https://example.org/source",
    "kind": "report",
}


def square(x: float, y: float, size: float = 0.1) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def place(pid: str, kind: str = "town", *, parent: str | None = None, geometry: dict | None = None, **names) -> dict:
    geometry = geometry or {"type": "Point", "coordinates": [46.75, 39.76]}
    props = {"id": pid, "kind": kind, "names": {"en": pid.title(), **names}, "source": SOURCE}
    if parent:
        props["parent"] = parent
    return {"type": "Feature", "id": pid, "properties": props, "geometry": geometry}


def claim(place_id: str, claimant: str, kind: str, date: str, **extra) -> dict:
    props = {"place": place_id, "claimant": claimant, "claim": kind, "date": date, "source": SOURCE, **extra}
    return {
        "type": "Feature",
        "geometry": extra.pop("geometry", None) if "geometry" in extra else None,
        "properties": {k: v for k, v in props.items() if k != "geometry"},
    }


def district_places() -> list[dict]:
    """A district split into two sectors, with a town in the first; a zone holding the town, and a
    larger area holding the whole district."""
    return [
        place("zone_a", "zone", geometry=square(46.02, 39.02, 0.05)),
        place("big_area", "area", geometry=square(45.9, 38.9, 0.4)),
        place("d", "district", geometry=square(46.0, 39.0, 0.2)),
        place("d_held1994", "sector", parent="d", geometry=square(46.0, 39.0, 0.1) | {}),
        place(
            "d_rest1994",
            "sector",
            parent="d",
            geometry={
                "type": "Polygon",
                "coordinates": [[[46.1, 39.0], [46.2, 39.0], [46.2, 39.2], [46.1, 39.2], [46.1, 39.0]]],
            },
        ),
        place("town", "town", parent="d", geometry={"type": "Point", "coordinates": [46.05, 39.05]}),
        place("shusha", "town", geometry={"type": "Point", "coordinates": [46.75, 39.76]}, az="Şuşa", hy_latn="Shushi"),
    ]


def plain_places() -> list[dict]:
    """:func:`district_places` without the areas."""
    return [p for p in district_places() if p["properties"]["kind"] not in ("zone", "area")]


def record(claims: list[dict], places: list[dict] | None = None) -> Record:
    return record_from_features([("places.geojson", places or district_places())], [("claims.geojson", claims)])


def timeline(claims: list[dict], places: list[dict] | None = None) -> Timeline:
    return Timeline.from_record(record(claims, places))
