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
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely
from jsonschema import Draft202012Validator, ValidationError, validators
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
#: Deepest nesting of lists and objects a file may have: a MultiPolygon's coordinates inside a feature
#: inside the collection are 7 levels deep. Far deeper nesting would exhaust Python's recursion.
MAX_DEPTH = 32
#: Longest integer a file may write (Python refuses to read integers above 4,300 digits; no real
#: coordinate, date or count comes near this).
MAX_INTEGER_DIGITS = 30


def _ecma_pattern(pattern: str) -> str:
    """A JSON Schema ``pattern`` (ECMA-262) as a Python regex: ``$`` matches only at the very end.

    Python's ``$`` also matches before a final line break, so ``^[a-z_]+$`` would accept ``'shusha\\n'``
    as an id, and a second Shusha would appear. An unescaped ``$`` outside a character class becomes ``\\Z``.
    """
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
    return "".join(out)


def _pattern(validator, pattern: str, instance, schema):
    if validator.is_type(instance, "string") and not re.search(_ecma_pattern(pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


#: The schema's validator, with ``pattern`` matched as JSON Schema (and an editor) means it.
_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})
_CLAIM_VALIDATOR = _Validator(claim_feature_schema())
_PLACE_VALIDATOR = _Validator(place_feature_schema())
_GEOMETRY_FOR_KIND = {"line": ("LineString", "MultiLineString")}


def file_too_large(name: str, size: int, *, at_least: bool = False) -> Problem:
    """The problem for a file over :data:`MAX_FILE_BYTES` (checked before the file is read or parsed;
    ``at_least``: reading stopped at the limit)."""
    found = f"more than {MAX_FILE_BYTES / 2**20:.0f} MB" if at_least else f"{size / 2**20:.1f} MB"
    return Problem(
        name,
        None,
        None,
        None,
        f"file is {found}; expected at most {MAX_FILE_BYTES / 2**20:.0f} MB",
        "split the record into one file per period",
    )


class _LongInteger(ValueError):
    def __init__(self, digits: str):
        super().__init__(digits)
        self.digits = digits


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _LongInteger(text)
    return int(text)


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, from 1) of a byte offset in UTF-8 ``data``."""
    start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _too_deep(data: bytes) -> tuple[int, int, int] | None:
    """(depth, line, column) where ``data``'s lists and objects first nest deeper than :data:`MAX_DEPTH`."""
    if data.count(b"[") + data.count(b"{") <= MAX_DEPTH:
        return None
    blanked = _STRING.sub(lambda m: b'""'.center(len(m[0]), b" "), data)  # brackets inside strings do not count
    codes = np.frombuffer(blanked, dtype=np.uint8)
    steps = np.isin(codes, (ord("["), ord("{"))).astype(np.int32) - np.isin(codes, (ord("]"), ord("}")))
    depth = np.cumsum(steps)
    if not len(depth) or depth.max() <= MAX_DEPTH:
        return None
    offset = int(np.argmax(depth > MAX_DEPTH))
    return (int(depth.max()), *_line_column(data, offset))


def _with_duplicates_found(found: dict[int, list[str]]):
    """An ``object_pairs_hook`` building plain dicts that notes, by the dict's id, keys given twice
    (``json`` would keep the last one without a word)."""

    def hook(pairs: list[tuple[str, Any]]) -> dict:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            found[id(obj)] = list(dict.fromkeys(k for k, _ in pairs if k in seen or seen.add(k)))
        return obj

    return hook


def _duplicate_problems(name: str, doc: Any, found: dict[int, list[str]]) -> list[Problem]:
    """A problem for every key given twice in one object, naming the feature and the field."""
    problems = []
    stack: list[tuple[Any, list]] = [(doc, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key in found.get(id(value), ()):
                index, place, field = None, None, [*path, key]
                if path[:1] == ["features"] and len(path) > 1:
                    index, field = path[1], field[2:]
                    place = _place_id(doc["features"][index])
                problems.append(
                    Problem(
                        name,
                        index,
                        place,
                        _dotted(field) if field else "feature",
                        "is given twice in one object (only the last would count); expected each field once",
                        "delete the copy that is wrong",
                    )
                )
            stack += [(v, [*path, k]) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, [*path, i]) for i, v in enumerate(value)]
    return sorted(problems, key=lambda p: (p.feature if p.feature is not None else -1, p.field or ""))


def read_collection(name: str, data: bytes) -> tuple[list[dict] | None, list[Problem]]:
    """Decode one file's bytes into its list of features, or say why not.

    Every way a file can fail to be a FeatureCollection is one problem naming the file (and the line
    and column where known): too large, empty, not UTF-8, not JSON, nested too deep, an integer too
    long to read, or another type of JSON. Keys given twice in one object are problems too, but the
    features are still returned, to be checked.
    """

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
        return fail(
            f"not UTF-8 (byte {exc.start}, line {line}); expected UTF-8 text", "save the file as UTF-8 in your editor"
        )
    duplicates: dict[int, list[str]] = {}
    recursion = False
    try:
        doc = json.loads(text, object_pairs_hook=_with_duplicates_found(duplicates), parse_int=_integer)
    except json.JSONDecodeError as exc:
        return fail(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; expected a GeoJSON FeatureCollection"
        )
    except _LongInteger as exc:
        # where it is written as a number: the same digits inside a string before it do not count
        digits = re.compile(rb"(?<![\d.eE+-])" + re.escape(exc.digits.encode()) + rb"(?![\d])")
        found = digits.search(_STRING.sub(lambda m: b" " * len(m[0]), data))
        where = found.start() if found else -1
        at = " at line {}, column {}".format(*_line_column(data, where)) if where >= 0 else ""
        return fail(
            f"has an integer of {len(exc.digits.lstrip('-'))} digits{at}; expected numbers of at most "
            f"{MAX_INTEGER_DIGITS} digits"
        )
    except RecursionError:
        recursion = True  # nested far too deep: said below, with where
    except ValueError as exc:  # what the checks here did not foresee: still one problem, never a traceback
        return fail(f"cannot be read as JSON ({str(exc)[:80]}); expected a GeoJSON FeatureCollection")
    deep = _too_deep(data)  # also when json could read it: checks and messages recurse into the values
    if deep:
        return fail(
            f"nests lists and objects {deep[0]} levels deep (level {MAX_DEPTH + 1} at line {deep[1]}, "
            f"column {deep[2]}); expected at most {MAX_DEPTH} (a GeoJSON file needs fewer than 10)"
        )
    if recursion:
        return fail("nests lists and objects too deep to be read; expected a GeoJSON FeatureCollection")
    if not isinstance(doc, dict):
        return fail(f"is a JSON {_json_type(doc)}; expected a GeoJSON FeatureCollection object")
    problems = _duplicate_problems(name, doc, duplicates) if duplicates else []
    if doc.get("type") != "FeatureCollection":
        return None, problems + fail(
            f"is {repr(doc.get('type'))[:60]}; expected a GeoJSON FeatureCollection ('type': 'FeatureCollection')",
            field="type",
        )[1]
    features = doc.get("features")
    if not isinstance(features, list):
        found = "missing" if features is None else f"a {_json_type(features)}"
        return None, problems + fail(f"is {found}; expected a list of Features", field="features")[1]
    return features, problems


_JSON_TYPES = {
    dict: "object",
    list: "list",
    str: "string",
    bool: "boolean",
    int: "number",
    float: "number",
    type(None): "null",
}
_EXPECTED_TYPES = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


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
        return (
            f"is a {geometry.get('type')}; expected {expected} (a claim adds a new place as a point, "
            "or an area as a polygon)"
        )
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


def _schema_problems(
    validator: Draft202012Validator, name: str, index: int, feature: Any, place: str | None
) -> list[Problem]:
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
                problems.append(
                    Problem(
                        name,
                        index,
                        place,
                        _dotted([*error.absolute_path, unknown]),
                        f"is not a known field; expected one of {', '.join(allowed)}",
                        f"did you mean {close[0]!r}?" if close else None,
                    )
                )
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
        if error.validator == "pattern" and isinstance(value, str) and value != value.strip():
            hint = "remove the white space or line break at its start or end"
        problems.append(Problem(name, index, place, field, message, hint))
    return problems


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


#: How many levels of lists hold a position in each type of geometry (a Point's coordinates are one).
_POSITION_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _coordinates_problem(geometry: dict) -> tuple[str, str | None] | None:
    """What is wrong with a geometry's coordinates that shapely would pass over: numbers written as
    text (shapely reads ``"46.9"``), and polygon rings that are empty, too short or not closed (shapely
    closes a ring silently). ``None`` when their structure is sound (or the type is not one of ours)."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    depth = _POSITION_DEPTH.get(kind)
    if depth is None or coordinates in (None, []):
        return None  # an unknown type or empty coordinates: said below

    def position(value, where):
        if not isinstance(value, list) or len(value) not in (2, 3):
            return f"cannot be read: {where} is {_shown(value)}; expected a [longitude, latitude] position", None
        for i, number in enumerate(value):
            if not _is_number(number):
                found = "text" if isinstance(number, str) else _json_type(number)
                return (
                    f"has a coordinate {_shown(number)} ({found}) at {where}[{i}]; expected numbers "
                    "(degrees, not in quotes)",
                    'write 46.75, not "46.75"',
                )
        return None

    def walk(value, level, where):
        if level == 0:
            return position(value, where)
        if not isinstance(value, list):
            return f"cannot be read: {where} is {_shown(value)}; expected a list", None
        for i, item in enumerate(value):
            found = walk(item, level - 1, f"{where}[{i}]")
            if found:
                return found
        if kind in ("Polygon", "MultiPolygon") and level == 1:  # a ring
            if len(value) < 4:
                return (
                    f"has a ring with {len(value)} position{'s' if len(value) != 1 else ''} at {where}; "
                    "expected at least 4 (three corners and the first again)",
                    None,
                )
            if value[0] != value[-1]:
                return (
                    f"has a ring that is not closed at {where}: it starts at {_shown(value[0])} and ends at "
                    f"{_shown(value[-1])}; expected its last position to repeat its first",
                    "add the first position again at the end of the ring",
                )
        return None

    return walk(coordinates, depth, "coordinates")


def _geometry_problems(name: str, index: int, place: str | None, geometry: dict, kind: str | None) -> list[Problem]:
    def problem(message, hint=None):
        return [Problem(name, index, place, "geometry", message, hint)]

    structure = _coordinates_problem(geometry) if isinstance(geometry, dict) else None
    if structure:
        return problem(*structure)
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
        return problem(
            f"is not valid ({shapely.is_valid_reason(geom)}); expected a simple, closed shape",
            "fix it with shapely.make_valid or a GIS editor",
        )
    x0, y0, x1, y1 = REGION_BOUNDS
    minx, miny, maxx, maxy = geom.bounds
    if minx < x0 or maxx > x1 or miny < y0 or maxy > y1:
        swapped = x0 <= miny and maxy <= x1 and y0 <= minx and maxx <= y1
        hint = "latitude and longitude look swapped: GeoJSON positions are [longitude, latitude]" if swapped else None
        return problem(
            f"lies outside the region: its bounds are ({minx:.4f}, {miny:.4f}, {maxx:.4f}, {maxy:.4f}); "
            f"expected longitude {x0}..{x1} and latitude {y0}..{y1}",
            hint,
        )
    return []


#: Characters that reorder how text is displayed without showing themselves (Unicode's bidirectional
#: controls): U+202E makes "ahsuhS" display as "Shusha". No name or text in the record needs them.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: Control characters: none in a one-line field (an id, a name, a title, a URL); a statement or a note
#: may break lines (the Unix or the Windows way) and hold tabs.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROLS_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # a line may end "\r\n"
_MULTILINE_FIELDS = ("statement", "note")


def _strings(value: Any, path: list) -> Iterable[tuple[list, str]]:
    """Every string in ``value`` (keys included), with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (_BIDI_CONTROLS.search(key) or _CONTROLS.search(key)):
                yield [*path, key], key
            yield from _strings(item, [*path, key])
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, [*path, i])


#: Names of the control characters most often met (Unicode gives control characters no name).
_CONTROL_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}


def _character_name(char: str) -> str:
    name = unicodedata.name(char, None) or _CONTROL_NAMES.get(char)
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def _text_problems(name: str, index: int, place: str | None, feature: dict, *, failed: set[str]) -> list[Problem]:
    """Invisible characters in a feature's properties: bidirectional controls anywhere, control
    characters (a line break at the end of a name, an escape sequence) outside statements and notes."""
    problems = []
    for path, text in _strings(feature.get("properties"), ["properties"]):
        field = _dotted(path)
        if any(field == f or field.startswith(f + ".") for f in failed):  # the schema has said what is wrong
            continue
        controls = _CONTROLS_IN_TEXT if field in _MULTILINE_FIELDS else _CONTROLS
        for pattern, what, hint in (
            (
                _BIDI_CONTROLS,
                "a bidirectional control that makes text display in another order than it is written",
                "delete it (it is invisible: retype the text if need be)",
            ),
            (controls, "a control character", "delete it; a line break or a tab belongs only in statement and note"),
        ):
            found = pattern.search(text)
            if found:
                problems.append(
                    Problem(
                        name,
                        index,
                        place,
                        field,
                        f"contains {_character_name(found[0])} at character {found.start() + 1}, "
                        f"{what}; expected plain text",
                        hint,
                    )
                )
                break
    return problems


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
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
            problems += _text_problems(name, index, place, feature, failed={p.field for p in found})
        if (
            isinstance(feature, dict)
            and isinstance(feature.get("properties"), dict)
            and not _failed_fields(found) & {"feature", "properties", "geometry", "kind"}
        ):
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
            problems += _text_problems(name, index, place, feature, failed={p.field for p in found})
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
        problem(
            "date_earliest",
            f"is {dates['date_earliest']}, after 'date' {dates['date']}; expected date_earliest <= date",
        )
    if "date_latest" in dates and "date" in dates and dates["date_latest"] < dates["date"]:
        problem(
            "date_latest", f"is {dates['date_latest']}, before 'date' {dates['date']}; expected date <= date_latest"
        )
    if (props.get("date_earliest") or props.get("date_latest")) and not props.get("note") and "note" not in failed:
        problem("note", "is missing; expected a note saying which source gives which date when the date has bounds")
    if props.get("claim") == "handed_over" and not props.get("to") and "to" not in failed:
        problem("to", "is missing; expected the recipient of a handed_over place", f"one of {', '.join(RECIPIENTS)}")
    source = props.get("source")
    if (
        isinstance(source, dict)
        and source.get("kind") == "reference"
        and props.get("claimant") != "observer"
        and "source" not in failed
        and "claimant" not in failed
    ):
        problem(
            "source.kind",
            f"is 'reference' for a claim by {props.get('claimant')!r}; expected the side's own "
            "statement ('official') or a report of it ('report')",
            "a side's claim never rests on a reference work alone: cite the statement or a contemporary report, "
            "or make it an 'observer' claim with the reference as its source",
        )
    if props.get("claim") in NON_HOLDING_KINDS:
        if props.get("claim") != "declares" and props.get("holder") is not None and "holder" not in failed:
            problem(
                "holder",
                f"is {props['holder']!r}; expected null: a {props['claim']!r} claim says nothing about "
                "who holds the place",
            )
    elif props.get("claim") == "handed_over" and not props.get("to"):
        pass  # said above, on 'to': the recipient is the holder
    elif (
        not failed & {"claimant", "claim", "holder", "to"}
        and implied_holder(props["claimant"], props["claim"], holder=props.get("holder"), to=props.get("to")) is None
    ):
        problem(
            "holder",
            f"is missing; a {props['claim']!r} claim by {props['claimant']!r} does not say who holds "
            "the place; expected 'holder'",
            f"one of {', '.join(HOLDERS)}",
        )
    geometry = feature.get("geometry")
    new_place_fields = [f for f in ("place_names", "place_kind", "district", "place_source") if f in props]
    if geometry is not None and "geometry" not in failed:
        for field in ("place_names", "place_source"):
            if field not in props:
                problem(
                    field,
                    "is missing; expected it with a geometry (a claim that adds a place must name it "
                    "and cite where its coordinates come from)",
                )
        kind = "village" if "place_kind" in failed else props.get("place_kind", "village")
        problems += _geometry_problems(name, index, place, geometry, kind)
    if "position_source" in props and geometry is None:
        problem(
            "position_source",
            "is given without a geometry; expected a Point geometry with the coordinates it gives",
            "add the geometry, or remove position_source",
        )
    if geometry is None and new_place_fields:
        # a settlement whose position no source gives: in the record (its claims count), not on the map
        for field in ("place_names", "district", "place_source"):
            if field not in props:
                problem(
                    field,
                    "is missing; expected it for a new place without a position (its names, its "
                    "district and where they come from), or a Point geometry",
                )
        if props.get("place_kind", "village") not in (*SETTLEMENT_KINDS, "road") and "place_kind" not in failed:
            problem(
                "place_kind",
                f"is {props.get('place_kind')!r} without a geometry; expected a Point or Polygon "
                "geometry (only a settlement or a road may be recorded without a position)",
            )
    return problems


def _adds_place(feature: dict) -> bool:
    """A claim adds its place when it carries a geometry, or place names without one (a settlement
    whose position is not known)."""
    props = feature.get("properties")
    return bool(feature.get("geometry")) or (isinstance(props, dict) and "place_names" in props)


def claim_key(props: dict) -> str:
    """What makes two claims the same claim (used to find exact repeats)."""
    keep = {
        k: props.get(k)
        for k in ("place", "claimant", "claim", "holder", "to", "date", "date_earliest", "date_latest", "statement")
    }
    source = props.get("source")
    keep["url"] = source.get("url") if isinstance(source, dict) else None
    return json.dumps(keep, sort_keys=True, ensure_ascii=False)


#: Which place a name means first when several have it (as the URL's ``?place=`` does): a settlement
#: before a district or a sector of the same name.
_KIND_ORDER = ("city", "town", "village", "hill", "pass", "road", "district", "sector", "zone", "area", "oblast")


def _names_of(feature: Any) -> tuple[dict, str | None]:
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        return {}, None
    names = props.get("names") if "id" in props else props.get("place_names")
    kind = props.get("kind") if "id" in props else props.get("place_kind", "village")
    return (names if isinstance(names, dict) else {}), kind if isinstance(kind, str) else None


def _parent_of(feature: Any) -> str | None:
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        return None
    parent = props.get("parent") if "id" in props else props.get("district")
    return parent if isinstance(parent, str) else None


class _Known:
    """The ids of every place, and the places each name means: the hints for an unknown id."""

    def __init__(self, features: dict[str, Any]):
        self.features = features
        self.ids = list(features)
        self.lowered = {pid.casefold(): pid for pid in self.ids}
        named: dict[str, list[tuple[int, str]]] = {}
        self.spelt: dict[str, str] = {}
        for pid, feature in features.items():
            names, kind = _names_of(feature)
            rank = _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
            for name in (n.strip() for n in names.values() if isinstance(n, str) and n.strip()):
                self.spelt.setdefault(name.casefold(), name)
                if (rank, pid) not in named.get(name.casefold(), []):
                    named.setdefault(name.casefold(), []).append((rank, pid))
        self.named = {name: [pid for _, pid in sorted(pids)] for name, pids in named.items()}

    def kind(self, pid: str) -> str | None:
        return _names_of(self.features[pid])[1] if pid in self.features else None

    def district_of(self, pid: str) -> str | None:
        """The district a place lies in (itself for a district), through its sector if it has one."""
        for _ in range(4):
            if pid is None or pid not in self.features:
                return None
            if self.kind(pid) == "district":
                return pid
            pid = _parent_of(self.features[pid])
        return None

    def hint(self, value: Any, *, district: bool = False) -> str | None:
        """'did you mean ...?' for a misspelt id; the id, when a place's name was given for it (and for
        a ``district``, the district that place lies in)."""
        if not isinstance(value, str):
            return None
        key = value.strip().casefold()
        meant = self.named.get(key) or ([self.lowered[key]] if key in self.lowered else None)
        if meant and district:
            for pid in meant:
                found = self.district_of(pid)
                if found == pid:
                    return f"{value!r} is a name; the district's id is {pid!r}"
                if found:
                    return f"{value!r} is the name of the {self.kind(pid)} {pid!r}, which lies in {found!r}"
        if meant:
            others = f" (also the name of {', '.join(map(repr, meant[1:4]))})" if len(meant) > 1 else ""
            return f"{value!r} is a name; the place's id is {meant[0]!r}{others}"
        candidates = [p for p in self.ids if self.kind(p) == "district"] if district else self.ids

        def by_id():
            close = difflib.get_close_matches(value, candidates, n=1)
            return f"did you mean {close[0]!r}?" if close else None

        def by_name():
            close = difflib.get_close_matches(key, list(self.named), n=1, cutoff=0.75)
            if not close:
                return None
            pid = self.named[close[0]][0]
            pid = (self.district_of(pid) or pid) if district else pid
            return f"did you mean {pid!r} ({self.spelt[close[0]]})?"

        # something written like an id is most likely a misspelt id; anything else, a misspelt name
        first, second = (by_id, by_name) if re.fullmatch(r"[a-z0-9_]+", value) else (by_name, by_id)
        return first() or second()


class _LazyHints:
    """:class:`_Known`, built the first time a hint is needed (most records need none)."""

    def __init__(self, defined: dict[str, Any]):
        self.defined, self.known = defined, None

    def hint(self, value: Any, *, district: bool = False) -> str | None:
        self.known = self.known or _Known(self.defined)
        return self.known.hint(value, district=district)

    def kind(self, pid: str) -> str | None:
        return _names_of(self.defined.get(pid))[1]

    def district_of(self, pid: str) -> str | None:
        self.known = self.known or _Known(self.defined)
        return self.known.district_of(pid)


def cross_check(place_files: Iterable[tuple[str, list]], claim_files: Iterable[tuple[str, list]]) -> list[Problem]:
    """Problems between features: duplicate ids, repeated claims, unknown places and parents."""
    problems: list[Problem] = []
    place_files, claim_files = list(place_files), list(claim_files)
    defined: dict[str, Any] = {}  # place id -> the feature that defines it (for the hints)
    known: dict[str, tuple[str, int]] = {}
    parents: list[tuple[str, int, str, str]] = []
    for name, features in place_files:
        for index, feature in enumerate(features):
            pid = _place_id(feature)
            if pid is None:
                continue
            if pid in known:
                other = known[pid]
                problems.append(
                    Problem(
                        name,
                        index,
                        pid,
                        "id",
                        f"repeats the id of {other[0]} feature {other[1]}; expected every place id to be unique",
                    )
                )
            else:
                known[pid] = (name, index)
                defined[pid] = feature
            parent = feature["properties"].get("parent")
            if isinstance(parent, str):
                parents.append((name, index, pid, parent))
    added: dict[str, tuple[str, int]] = {}
    for name, features in claim_files:
        for index, feature in enumerate(features):
            if isinstance(feature, dict) and _adds_place(feature) and _place_id(feature):
                pid = _place_id(feature)
                if pid in known or pid in added:
                    first = known.get(pid) or added[pid]
                    problems.append(
                        Problem(
                            name,
                            index,
                            pid,
                            "geometry",
                            f"adds place {pid!r}, already defined in "
                            f"{first[0]} feature {first[1]}; expected a geometry or place_names only "
                            "on the first claim about a new place",
                            "remove the geometry and the place_* fields",
                        )
                    )
                else:
                    added[pid] = (name, index)
                    defined[pid] = feature
                    district = feature["properties"].get("district")
                    if isinstance(district, str):
                        parents.append((name, index, pid, district))
    everything = {**known, **added}
    hints = _LazyHints(defined)
    for name, index, pid, parent in parents:
        field = "parent" if (name, index) in known.values() else "district"
        if parent not in everything:
            problems.append(
                Problem(
                    name,
                    index,
                    pid,
                    field,
                    f"is {parent!r}, which is no known place; expected the id of a district",
                    hints.hint(parent, district=True),
                )
            )
        elif hints.kind(parent) != "district":
            inside = hints.district_of(parent)
            problems.append(
                Problem(
                    name,
                    index,
                    pid,
                    field,
                    f"is {parent!r}, a {hints.kind(parent)}; expected the id of a district",
                    f"{parent!r} lies in {inside!r}" if inside else None,
                )
            )
    seen: dict[str, tuple[str, int]] = {}
    for name, features in claim_files:
        for index, feature in enumerate(features):
            pid = _place_id(feature)
            if pid is None or not isinstance(feature, dict):
                continue
            if pid not in everything:
                problems.append(
                    Problem(
                        name,
                        index,
                        pid,
                        "place",
                        f"is {pid!r}, which is no known place; expected the "
                        "id of a place in data/places, or a Point geometry with place_names to add it",
                        hints.hint(pid),
                    )
                )
            left_out = feature["properties"].get("except") if isinstance(feature.get("properties"), dict) else None
            for other in left_out if isinstance(left_out, list) else []:
                if isinstance(other, str) and other not in everything:
                    problems.append(
                        Problem(
                            name,
                            index,
                            pid,
                            "except",
                            f"names {other!r}, which is no known place; "
                            "expected the ids of places inside the claim's place",
                            hints.hint(other),
                        )
                    )
            key = claim_key(feature["properties"])
            if key in seen:
                first = seen[key]
                problems.append(
                    Problem(
                        name,
                        index,
                        pid,
                        "feature",
                        f"exactly repeats {first[0]} feature {first[1]}; expected each claim once",
                    )
                )
            else:
                seen[key] = (name, index)
    return problems
