"""Check place and claim files and report every problem, each naming file, feature and field.

:func:`read_collection` turns the bytes of one file into its features (or problems: not UTF-8, not
JSON, empty, too large, not a FeatureCollection); :func:`check_places` and :func:`check_claims` check
the features against the JSON Schemas in :mod:`geo.schema` and then for what a schema cannot say:
real dates in order, geometries that are valid and inside the region, ids that resolve, duplicates.
Nothing here writes a file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterable
from typing import Any

import shapely
from jsonschema import Draft202012Validator
from shapely.geometry import shape

from geo.errors import Problem
from geo.schema import claim_feature_schema, place_feature_schema
from geo.vocabulary import (FIRST_DAY, LAST_DAY, POINT_KINDS, REGION_BOUNDS,
                            implied_holder)

#: Files above this size are refused before parsing (the whole record is well under 1 MB).
MAX_FILE_BYTES = 20 * 1024 * 1024

_CLAIM_VALIDATOR = Draft202012Validator(claim_feature_schema())
_PLACE_VALIDATOR = Draft202012Validator(place_feature_schema())
_GEOMETRY_FOR_KIND = {"line": ("LineString", "MultiLineString")}


def read_collection(name: str, data: bytes) -> tuple[list[dict] | None, list[Problem]]:
    """Decode one file's bytes into its list of features, or say why not."""

    def fail(message: str, hint: str | None = None):
        return None, [Problem(name, None, None, None, message, hint)]

    if len(data) > MAX_FILE_BYTES:
        return fail(f"file is {len(data) / 1e6:.1f} MB; expected at most {MAX_FILE_BYTES // 2**20} MB",
                    "split the record into one file per period")
    if not data.strip():
        return fail("file is empty; expected a GeoJSON FeatureCollection")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return fail(f"not UTF-8 (byte {exc.start}, line {line}); expected UTF-8 text",
                    "save the file as UTF-8 in your editor")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return fail(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; expected a GeoJSON FeatureCollection")
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        return fail(f"'type' is {found!r}; expected a GeoJSON FeatureCollection")
    features = doc.get("features")
    if not isinstance(features, list):
        return fail("'features' is missing or not a list; expected a list of Features")
    return features, []


def _field(error) -> str:
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        missing = error.message.split("'")[1]
        path.append(missing)
    elif error.validator == "additionalProperties":
        path.append(error.message.split("'")[1])
    if path and path[0] == "properties":
        path = path[1:]
    return ".".join(path) or "feature"


def _schema_problems(validator: Draft202012Validator, name: str, index: int, feature: Any, place: str | None) -> list[Problem]:
    problems = []
    for error in sorted(validator.iter_errors(feature), key=lambda e: list(e.absolute_path)):
        field = _field(error)
        hint = None
        if error.validator == "required":
            message = "is missing; expected it to be given"
        elif error.validator == "additionalProperties":
            unknown = field.rsplit(".", 1)[-1]
            allowed = list(error.schema.get("properties", {}))
            message = f"is not a known field; expected one of {', '.join(allowed)}"
            close = difflib.get_close_matches(unknown, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else None
        elif error.validator == "enum":
            allowed = [v for v in error.validator_value if v is not None]
            message = f"is {error.instance!r}; expected one of {', '.join(map(str, allowed))}"
            close = difflib.get_close_matches(str(error.instance), [str(a) for a in allowed], n=1)
            hint = f"did you mean {close[0]!r}?" if close else None
        elif error.validator == "pattern" and "date" in field:
            message = f"is {error.instance!r}; expected a date as YYYY-MM-DD"
        elif error.validator == "pattern" and field.endswith("url"):
            message = f"is {error.instance!r}; expected an http(s) URL"
            hint = "every claim needs a source a reader can follow"
        elif error.validator == "pattern":
            message = f"is {error.instance!r}; expected lowercase letters, digits and '_' (e.g. 'shusha')"
        elif error.validator == "const":
            message = f"is {error.instance!r}; expected {error.validator_value!r}"
        elif error.validator in ("type", "oneOf") and field == "geometry":
            message = f"is {json.dumps(error.instance)[:60]}; expected null or a Point"
        else:
            message = f"{error.message}; expected what the schema allows"
        problems.append(Problem(name, index, place, field, message, hint))
    return problems


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _geometry_problems(name: str, index: int, place: str | None, geometry: dict, kind: str | None) -> list[Problem]:
    def problem(message, hint=None):
        return [Problem(name, index, place, "geometry", message, hint)]

    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        return problem(f"cannot be read ({exc}); expected a GeoJSON geometry with [longitude, latitude] positions")
    if geom.is_empty:
        return problem("is empty; expected coordinates")
    want = ("Point",) if kind in POINT_KINDS else _GEOMETRY_FOR_KIND.get(kind, ("Polygon", "MultiPolygon"))
    if geom.geom_type not in want:
        return problem(f"is a {geom.geom_type}; expected a {' or '.join(want)} for a {kind}")
    if not geom.is_valid:
        return problem(f"is not valid ({shapely.is_valid_reason(geom)}); expected a simple, closed shape",
                       "fix it with shapely.make_valid or a GIS editor")
    x0, y0, x1, y1 = REGION_BOUNDS
    minx, miny, maxx, maxy = geom.bounds
    if minx < x0 or maxx > x1 or miny < y0 or maxy > y1:
        swapped = x0 <= miny and maxy <= x1 and y0 <= minx and maxx <= y1
        hint = ("latitude and longitude look swapped: GeoJSON positions are [longitude, latitude]" if swapped
                else None)
        return problem(f"lies outside the region (lon {x0}..{x1}, lat {y0}..{y1}); bounds are "
                       f"({minx:.4f}, {miny:.4f}, {maxx:.4f}, {maxy:.4f})", hint)
    return []


def _place_id(feature: Any) -> str | None:
    if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
        value = feature["properties"].get("id") or feature["properties"].get("place")
        return value if isinstance(value, str) else None
    return None


def check_places(name: str, features: list) -> list[Problem]:
    """Problems in one place file's features (each on its own, no cross-file checks)."""
    problems = []
    for index, feature in enumerate(features):
        place = _place_id(feature)
        found = _schema_problems(_PLACE_VALIDATOR, name, index, feature, place)
        problems += found
        if not found:
            problems += _geometry_problems(name, index, place, feature["geometry"], feature["properties"]["kind"])
    return problems


def check_claims(name: str, features: list) -> list[Problem]:
    """Problems in one claim file's features (each on its own, no cross-file checks)."""
    problems = []
    first, last = dt.date.fromisoformat(FIRST_DAY), dt.date.fromisoformat(LAST_DAY)
    for index, feature in enumerate(features):
        place = _place_id(feature)
        found = _schema_problems(_CLAIM_VALIDATOR, name, index, feature, place)
        problems += found
        if found:
            continue
        props = feature["properties"]

        def problem(field, message, hint=None):
            problems.append(Problem(name, index, place, field, message, hint))

        dates = {}
        for field in ("date", "date_earliest", "date_latest"):
            value = props.get(field)
            if value is None:
                continue
            day = _date(value)
            if day is None:
                problem(field, f"is {value!r}, which is not a real day; expected YYYY-MM-DD")
            elif not first <= day <= last:
                problem(field, f"is {value}; expected a day from {FIRST_DAY} to {LAST_DAY}")
            else:
                dates[field] = day
        if "date_earliest" in dates and "date" in dates and dates["date_earliest"] > dates["date"]:
            problem("date_earliest", f"is {dates['date_earliest']}, after 'date' {dates['date']}; expected date_earliest <= date")
        if "date_latest" in dates and "date" in dates and dates["date_latest"] < dates["date"]:
            problem("date_latest", f"is {dates['date_latest']}, before 'date' {dates['date']}; expected date <= date_latest")
        if (props.get("date_earliest") or props.get("date_latest")) and not props.get("note"):
            problem("note", "is missing; expected a note saying which source gives which date when the date has bounds")
        if props["claim"] == "handed_over" and not props.get("to"):
            problem("to", "is missing; expected the recipient of a handed_over place",
                    "one of azerbaijan, armenia, artsakh, russia")
        if implied_holder(props["claimant"], props["claim"], holder=props.get("holder"), to=props.get("to")) is None:
            problem("holder", f"is missing; a {props['claim']!r} claim by {props['claimant']!r} does not say who holds "
                              "the place; expected 'holder'", f"one of azerbaijan, armenian, russia")
        geometry = feature.get("geometry")
        new_place_fields = [f for f in ("place_names", "place_kind", "district", "place_source") if f in props]
        if geometry is not None:
            for field in ("place_names", "place_source"):
                if field not in props:
                    problem(field, "is missing; expected it with a geometry (a claim that adds a place must name it "
                                   "and cite where its coordinates come from)")
            problems += _geometry_problems(name, index, place, geometry, props.get("place_kind", "village"))
        elif new_place_fields:
            problem(new_place_fields[0], "is given without a geometry; expected a Point geometry for a new place")
    return problems


def claim_key(props: dict) -> str:
    """What makes two claims the same claim (used to find exact repeats)."""
    keep = {k: props.get(k) for k in ("place", "claimant", "claim", "holder", "to", "date", "date_earliest",
                                      "date_latest", "statement")}
    keep["url"] = (props.get("source") or {}).get("url")
    return json.dumps(keep, sort_keys=True, ensure_ascii=False)


def cross_check(place_files: Iterable[tuple[str, list]], claim_files: Iterable[tuple[str, list]]) -> list[Problem]:
    """Problems between features: duplicate ids, repeated claims, unknown places and parents."""
    problems: list[Problem] = []
    known: dict[str, tuple[str, int]] = {}
    parents: list[tuple[str, int, str, str]] = []
    for name, features in place_files:
        for index, feature in enumerate(features):
            pid = _place_id(feature)
            if pid is None:
                continue
            if pid in known:
                other = known[pid]
                problems.append(Problem(name, index, pid, "id", f"repeats the id of {other[0]} feature {other[1]}; "
                                                                "expected every place id to be unique"))
            else:
                known[pid] = (name, index)
            parent = feature["properties"].get("parent")
            if parent:
                parents.append((name, index, pid, parent))
    claim_files = list(claim_files)
    added: dict[str, tuple[str, int]] = {}
    for name, features in claim_files:
        for index, feature in enumerate(features):
            if isinstance(feature, dict) and feature.get("geometry") and _place_id(feature):
                pid = _place_id(feature)
                if pid in known or pid in added:
                    first = known.get(pid) or added[pid]
                    problems.append(Problem(name, index, pid, "geometry", f"adds place {pid!r}, already defined in "
                                            f"{first[0]} feature {first[1]}; expected a geometry only on the first claim "
                                            "about a new place", "remove the geometry and the place_* fields"))
                else:
                    added[pid] = (name, index)
                    district = feature["properties"].get("district")
                    if district:
                        parents.append((name, index, pid, district))
    everything = {**known, **added}
    for name, index, pid, parent in parents:
        if parent not in everything:
            close = difflib.get_close_matches(parent, list(everything), n=1)
            problems.append(Problem(name, index, pid, "parent" if (name, index) in known.values() else "district",
                                    f"is {parent!r}, which is no known place; expected the id of a district",
                                    f"did you mean {close[0]!r}?" if close else None))
    seen: dict[str, tuple[str, int]] = {}
    for name, features in claim_files:
        for index, feature in enumerate(features):
            pid = _place_id(feature)
            if pid is None or not isinstance(feature, dict):
                continue
            if pid not in everything:
                close = difflib.get_close_matches(pid, list(everything), n=1)
                problems.append(Problem(name, index, pid, "place", f"is {pid!r}, which is no known place; expected the "
                                        "id of a place in data/places, or a Point geometry with place_names to add it",
                                        f"did you mean {close[0]!r}?" if close else None))
            key = claim_key(feature["properties"])
            if key in seen:
                first = seen[key]
                problems.append(Problem(name, index, pid, "feature", f"exactly repeats {first[0]} feature {first[1]}; "
                                        "expected each claim once"))
            else:
                seen[key] = (name, index)
    return problems

