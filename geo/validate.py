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

import numpy as np
import shapely
from jsonschema import Draft202012Validator
from shapely.geometry import shape

from geo.errors import Problem
from geo.schema import claim_feature_schema, place_feature_schema
from geo.vocabulary import (
    FIRST_DAY,
    HOLDERS,
    LAST_DAY,
    NON_HOLDING_KINDS,
    POINT_KINDS,
    RECIPIENTS,
    REGION_BOUNDS,
    SETTLEMENT_KINDS,
    implied_holder,
)

#: Files above this size are refused before parsing (the whole record is well under 1 MB).
MAX_FILE_BYTES = 20 * 1024 * 1024

_CLAIM_VALIDATOR = Draft202012Validator(claim_feature_schema())
_PLACE_VALIDATOR = Draft202012Validator(place_feature_schema())
_GEOMETRY_FOR_KIND = {"line": ("LineString", "MultiLineString")}


def file_too_large(name: str, size: int) -> Problem:
    """The problem for a file over :data:`MAX_FILE_BYTES` (checked before the file is read or parsed)."""
    return Problem(name, None, None, None,
                   f"file is {size / 2**20:.1f} MB; expected at most {MAX_FILE_BYTES / 2**20:.0f} MB",
                   "split the record into one file per period")


def read_collection(name: str, data: bytes) -> tuple[list[dict] | None, list[Problem]]:
    """Decode one file's bytes into its list of features, or say why not."""

    def fail(message: str, hint: str | None = None, field: str | None = None):
        return None, [Problem(name, None, None, field, message, hint)]

    if len(data) > MAX_FILE_BYTES:
        return None, [file_too_large(name, len(data))]
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
    if not isinstance(doc, dict):
        return fail(f"is a JSON {_json_type(doc)}; expected a GeoJSON FeatureCollection object")
    if doc.get("type") != "FeatureCollection":
        return fail(f"is {doc.get('type')!r}; expected a GeoJSON FeatureCollection ('type': 'FeatureCollection')",
                    field="type")
    features = doc.get("features")
    if not isinstance(features, list):
        found = "missing" if features is None else f"a {_json_type(features)}"
        return fail(f"is {found}; expected a list of Features", field="features")
    return features, []


_JSON_TYPES = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number", float: "number",
               type(None): "null"}
_EXPECTED_TYPES = {"object": "an object", "array": "a list", "string": "text", "number": "a number",
                   "integer": "a whole number", "boolean": "true or false", "null": "null"}


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _geometry_message(geometry: Any, *, claim: bool) -> str:
    """What is wrong with a geometry that fails the schema (a claim's must be null or a Point)."""
    expected = "null, a Point or a Polygon" if claim else "a GeoJSON geometry"
    if not isinstance(geometry, dict):
        return f"is {_shown(geometry)}; expected {expected}"
    if claim and geometry.get("type") not in ("Point", "Polygon", "MultiPolygon"):
        return (f"is a {geometry.get('type')}; expected {expected} (a claim adds a new place as a point, "
                "or an area as a polygon)")
    coordinates = geometry.get("coordinates")
    if coordinates in (None, []):
        return f"is empty (coordinates {_shown(coordinates)}); expected [longitude, latitude]"
    return f"has coordinates {_shown(coordinates)}; expected [longitude, latitude] in degrees"


def _dotted(path: list) -> str:
    """A field's dotted path; claim and place fields are named without 'properties.' (``source.url``)."""
    path = [str(p) for p in path]
    if path[:1] == ["properties"] and len(path) > 1:
        path = path[1:]
    return ".".join(path) or "feature"


def _field(error) -> str:
    path = list(error.absolute_path)
    if error.validator == "required":
        path.append(error.message.split("'")[1])
    return _dotted(path)


def _schema_problems(validator: Draft202012Validator, name: str, index: int, feature: Any, place: str | None) -> list[Problem]:
    problems = []
    claim = validator is _CLAIM_VALIDATOR
    for error in sorted(validator.iter_errors(feature), key=lambda e: list(map(str, e.absolute_path))):
        field = _field(error)
        value = error.instance
        hint = None
        if error.validator == "required":
            missing = field.rsplit(".", 1)[-1]
            message = "is missing; expected it to be given"
            extra = [k for k in value if k not in error.schema.get("properties", {})]
            close = difflib.get_close_matches(missing, extra, n=1)
            hint = f"found {close[0]!r}: is it misspelt?" if close else None
        elif error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for unknown in (k for k in value if k not in allowed):
                close = difflib.get_close_matches(unknown, allowed, n=1)
                problems.append(Problem(name, index, place, _dotted([*error.absolute_path, unknown]),
                                        f"is not a known field; expected one of {', '.join(allowed)}",
                                        f"did you mean {close[0]!r}?" if close else None))
            continue
        elif error.validator == "enum":
            allowed = [v for v in error.validator_value if v is not None]
            message = f"is {value!r}; expected one of {', '.join(map(str, allowed))}"
            close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
            hint = f"did you mean {close[0]!r}?" if close else None
        elif field == "geometry" or field.startswith("geometry."):
            field, message = "geometry", _geometry_message(feature.get("geometry"), claim=claim)
        elif error.validator == "pattern" and "date" in field:
            message = f"is {value!r}; expected a date as YYYY-MM-DD"
        elif error.validator == "pattern" and field.endswith("url"):
            message = f"is {value!r}; expected an http(s) URL"
            hint = "every claim needs a source a reader can follow"
        elif error.validator == "pattern":
            message = f"is {value!r}; expected lowercase letters, digits and '_' (e.g. 'shusha')"
        elif error.validator == "const":
            message = f"is {value!r}; expected {error.validator_value!r}"
        elif error.validator == "type" and field == "feature":
            message = f"is {_shown(value)}; expected a GeoJSON Feature object"
        elif error.validator == "type":
            wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
            message = f"is {_shown(value)}; expected {' or '.join(_EXPECTED_TYPES.get(t, t) for t in wanted)}"
        elif error.validator == "minLength":
            message = "is empty; expected text"
        else:
            message = f"{error.message}; expected what the schema in schema/ allows"
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
        return problem(f"is a {geom.geom_type}; expected a {' or '.join(want)} for a place of kind {kind!r}")
    if not np.isfinite(shapely.get_coordinates(geom)).all():  # json reads NaN and Infinity
        return problem("has a coordinate that is not a finite number; expected [longitude, latitude] in degrees")
    if not geom.is_valid:
        return problem(f"is not valid ({shapely.is_valid_reason(geom)}); expected a simple, closed shape",
                       "fix it with shapely.make_valid or a GIS editor")
    x0, y0, x1, y1 = REGION_BOUNDS
    minx, miny, maxx, maxy = geom.bounds
    if minx < x0 or maxx > x1 or miny < y0 or maxy > y1:
        swapped = x0 <= miny and maxy <= x1 and y0 <= minx and maxx <= y1
        hint = ("latitude and longitude look swapped: GeoJSON positions are [longitude, latitude]" if swapped
                else None)
        return problem(f"lies outside the region: its bounds are ({minx:.4f}, {miny:.4f}, {maxx:.4f}, {maxy:.4f}); "
                       f"expected longitude {x0}..{x1} and latitude {y0}..{y1}", hint)
    return []


def _place_id(feature: Any) -> str | None:
    if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
        value = feature["properties"].get("id") or feature["properties"].get("place")
        return value if isinstance(value, str) else None
    return None


def _failed_fields(problems: list[Problem]) -> set[str]:
    """Top-level fields that already failed the schema: the checks after it leave them alone."""
    return {p.field.split(".")[0] for p in problems if p.field}


def check_places(name: str, features: list) -> list[Problem]:
    """Problems in one place file's features (each on its own, no cross-file checks)."""
    problems = []
    for index, feature in enumerate(features):
        place = _place_id(feature)
        found = _schema_problems(_PLACE_VALIDATOR, name, index, feature, place)
        problems += found
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict) \
                and not _failed_fields(found) & {"feature", "properties", "geometry", "kind"}:
            problems += _geometry_problems(name, index, place, feature["geometry"], feature["properties"]["kind"])
    return problems


def check_claims(name: str, features: list) -> list[Problem]:
    """Problems in one claim file's features (each on its own, no cross-file checks)."""
    problems = []
    for index, feature in enumerate(features):
        place = _place_id(feature)
        found = _schema_problems(_CLAIM_VALIDATOR, name, index, feature, place)
        problems += found
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
            problems += _claim_problems(name, index, place, feature, failed=_failed_fields(found))
    return problems


def _claim_problems(name: str, index: int, place: str | None, feature: dict, *, failed: set[str]) -> list[Problem]:
    """What a schema cannot say about one claim: real days in order, a holder, a well-formed new place."""
    props = feature["properties"]
    problems = []

    def problem(field, message, hint=None):
        problems.append(Problem(name, index, place, field, message, hint))

    first, last = dt.date.fromisoformat(FIRST_DAY), dt.date.fromisoformat(LAST_DAY)
    dates = {}
    for field in ("date", "date_earliest", "date_latest"):
        value = props.get(field)
        if value is None or field in failed:
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
    if (props.get("date_earliest") or props.get("date_latest")) and not props.get("note") and "note" not in failed:
        problem("note", "is missing; expected a note saying which source gives which date when the date has bounds")
    if props.get("claim") == "handed_over" and not props.get("to") and "to" not in failed:
        problem("to", "is missing; expected the recipient of a handed_over place", f"one of {', '.join(RECIPIENTS)}")
    source = props.get("source")
    if isinstance(source, dict) and source.get("kind") == "reference" and props.get("claimant") != "observer" \
            and "source" not in failed and "claimant" not in failed:
        problem("source.kind", f"is 'reference' for a claim by {props.get('claimant')!r}; expected the side's own "
                               "statement ('official') or a report of it ('report')",
                "a side's claim never rests on a reference work alone: cite the statement or a contemporary report, "
                "or make it an 'observer' claim with the reference as its source")
    if props.get("claim") in NON_HOLDING_KINDS:
        if props.get("claim") != "declares" and props.get("holder") is not None and "holder" not in failed:
            problem("holder", f"is {props['holder']!r}; expected null: a {props['claim']!r} claim says nothing about "
                              "who holds the place")
    elif not failed & {"claimant", "claim", "holder", "to"} and \
            implied_holder(props["claimant"], props["claim"], holder=props.get("holder"), to=props.get("to")) is None:
        problem("holder", f"is missing; a {props['claim']!r} claim by {props['claimant']!r} does not say who holds "
                          "the place; expected 'holder'", f"one of {', '.join(HOLDERS)}")
    geometry = feature.get("geometry")
    new_place_fields = [f for f in ("place_names", "place_kind", "district", "place_source") if f in props]
    if geometry is not None and "geometry" not in failed:
        for field in ("place_names", "place_source"):
            if field not in props:
                problem(field, "is missing; expected it with a geometry (a claim that adds a place must name it "
                               "and cite where its coordinates come from)")
        kind = "village" if "place_kind" in failed else props.get("place_kind", "village")
        problems += _geometry_problems(name, index, place, geometry, kind)
    elif geometry is None and new_place_fields:
        # a settlement whose position no source gives: in the record (its claims count), not on the map
        for field in ("place_names", "district", "place_source"):
            if field not in props:
                problem(field, "is missing; expected it for a new place without a position (its names, its "
                               "district and where they come from), or a Point geometry")
        if props.get("place_kind", "village") not in (*SETTLEMENT_KINDS, "road") and "place_kind" not in failed:
            problem("place_kind", f"is {props.get('place_kind')!r} without a geometry; expected a Point or Polygon "
                                  "geometry (only a settlement or a road may be recorded without a position)")
    return problems


def _adds_place(feature: dict) -> bool:
    """A claim adds its place when it carries a geometry, or place names without one (a settlement
    whose position is not known)."""
    props = feature.get("properties")
    return bool(feature.get("geometry")) or (isinstance(props, dict) and "place_names" in props)


def claim_key(props: dict) -> str:
    """What makes two claims the same claim (used to find exact repeats)."""
    keep = {k: props.get(k) for k in ("place", "claimant", "claim", "holder", "to", "date", "date_earliest",
                                      "date_latest", "statement")}
    source = props.get("source")
    keep["url"] = source.get("url") if isinstance(source, dict) else None
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
            if isinstance(parent, str):
                parents.append((name, index, pid, parent))
    claim_files = list(claim_files)
    added: dict[str, tuple[str, int]] = {}
    for name, features in claim_files:
        for index, feature in enumerate(features):
            if isinstance(feature, dict) and _adds_place(feature) and _place_id(feature):
                pid = _place_id(feature)
                if pid in known or pid in added:
                    first = known.get(pid) or added[pid]
                    problems.append(Problem(name, index, pid, "geometry", f"adds place {pid!r}, already defined in "
                                            f"{first[0]} feature {first[1]}; expected a geometry or place_names only on "
                                            "the first claim about a new place", "remove the geometry and the place_* fields"))
                else:
                    added[pid] = (name, index)
                    district = feature["properties"].get("district")
                    if isinstance(district, str):
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
            left_out = feature["properties"].get("except") if isinstance(feature.get("properties"), dict) else None
            for other in left_out if isinstance(left_out, list) else []:
                if isinstance(other, str) and other not in everything:
                    close = difflib.get_close_matches(other, list(everything), n=1)
                    problems.append(Problem(name, index, pid, "except", f"names {other!r}, which is no known place; "
                                            "expected the ids of places inside the claim's place",
                                            f"did you mean {close[0]!r}?" if close else None))
            key = claim_key(feature["properties"])
            if key in seen:
                first = seen[key]
                problems.append(Problem(name, index, pid, "feature", f"exactly repeats {first[0]} feature {first[1]}; "
                                        "expected each claim once"))
            else:
                seen[key] = (name, index)
    return problems

