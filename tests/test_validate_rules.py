"""The validator's rules, one test each, on tiny in-code features: every answer is pinned whole (file,
feature, place, field, message and hint), so that a changed word, bound or branch in geo/validate.py
fails a test. Written against mutation testing (README, "Mutation testing")."""

import json

import pytest

from geo.errors import Problem
from geo.validate import (
    MAX_FILE_BYTES,
    check_claims,
    check_places,
    claim_key,
    cross_check,
    file_too_large,
    read_collection,
)
from tests.factories import SOURCE, claim, place, square

GOOD = claim("shusha", "azerbaijan", "captured", "2020-11-08")["properties"]
POINT = {"type": "Point", "coordinates": [46.9, 39.3]}
PLACES = [place("shusha"), place("d", "district", geometry=square(46.0, 39.0, 0.2))]
#: A claim that adds a village with a position.
NEW = {
    **GOOD,
    "place": "newvillage",
    "place_names": {"en": "New village"},
    "place_kind": "village",
    "district": "d",
    "place_source": SOURCE,
}
CLAIM_FIELDS = (
    "place, claimant, claim, holder, to, date, date_earliest, date_latest, statement, source, note, "
    "except, place_names, place_kind, district, place_source, position_source"
)


def feature(props: dict, geometry=None, **extra) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props, **extra}


def without(props: dict, *keys: str) -> dict:
    return {k: v for k, v in props.items() if k not in keys}


def answers(problems: list[Problem]) -> list[tuple]:
    """(field, message, hint) of each problem, in order."""
    return [(p.field, p.message, p.hint) for p in problems]


def claim_answers(props: dict, geometry=None, place_id: str | None = "shusha") -> list[tuple]:
    """The validator's answer for one claim, checking it names the file, the feature and its place."""
    problems = check_claims("c.geojson", [feature(props, geometry)])
    assert all((p.file, p.feature, p.place) == ("c.geojson", 0, place_id) for p in problems), problems
    return answers(problems)


# --- a file as a whole: read_collection -----------------------------------------------------------


def whole_file(data: bytes) -> list[tuple]:
    features, problems = read_collection("f.geojson", data)
    assert features is None and all((p.file, p.feature, p.place) == ("f.geojson", None, None) for p in problems)
    return answers(problems)


def test_rule_a_file_over_the_size_limit_is_refused_with_its_size_and_a_hint():
    assert whole_file(b" " * (MAX_FILE_BYTES + 1)) == [
        (None, "file is 20.0 MB; expected at most 20 MB", "split the record into one file per period")
    ]
    assert file_too_large("big.geojson", 30 * 2**20 + 2**19) == Problem(
        "big.geojson",
        None,
        None,
        None,
        "file is 30.5 MB; expected at most 20 MB",
        "split the record into one file per period",
    )


def test_rule_a_file_of_exactly_the_size_limit_is_read():
    padded = b'{"type": "FeatureCollection", "features": []}'
    assert read_collection("f.geojson", padded.ljust(MAX_FILE_BYTES)) == ([], [])


@pytest.mark.parametrize("data", [b"", b" \n\t "])
def test_rule_an_empty_file_is_named_empty(data):
    assert whole_file(data) == [(None, "file is empty; expected a GeoJSON FeatureCollection", None)]


def test_rule_bytes_that_are_not_utf8_are_located_by_byte_and_line():
    assert whole_file(b'{"a":\n1,\n\xff}') == [
        (None, "not UTF-8 (byte 9, line 3); expected UTF-8 text", "save the file as UTF-8 in your editor")
    ]
    assert whole_file(b"\xff") == [
        (None, "not UTF-8 (byte 0, line 1); expected UTF-8 text", "save the file as UTF-8 in your editor")
    ]


def test_rule_text_that_is_not_json_is_located_by_line_and_column():
    assert whole_file(b'{"type": "FeatureCollection",\n "features": [}') == [
        (None, "not valid JSON at line 2, column 15: Expecting value; expected a GeoJSON FeatureCollection", None)
    ]


@pytest.mark.parametrize(
    ("text", "named"),
    [("[]", "list"), ('"x"', "string"), ("1", "number"), ("1.5", "number"), ("true", "boolean"), ("null", "null")],
)
def test_rule_a_json_document_that_is_not_an_object_is_named_by_its_json_type(text, named):
    assert whole_file(text.encode()) == [
        (None, f"is a JSON {named}; expected a GeoJSON FeatureCollection object", None)
    ]


def test_rule_an_object_that_is_not_a_feature_collection_names_its_type():
    assert whole_file(b'{"type": "Feature", "features": []}') == [
        ("type", "is 'Feature'; expected a GeoJSON FeatureCollection ('type': 'FeatureCollection')", None)
    ]
    assert whole_file(b'{"features": []}') == [
        ("type", "is None; expected a GeoJSON FeatureCollection ('type': 'FeatureCollection')", None)
    ]


@pytest.mark.parametrize(
    ("value", "found"),
    [("null", "missing"), ('"x"', "a string"), ("{}", "a object"), ("3", "a number"), ("false", "a boolean")],
)
def test_rule_features_must_be_a_list(value, found):
    assert whole_file(b'{"type": "FeatureCollection", "features": %s}' % value.encode()) == [
        ("features", f"is {found}; expected a list of Features", None)
    ]
    assert whole_file(b'{"type": "FeatureCollection"}') == [
        ("features", "is missing; expected a list of Features", None)
    ]


def test_rule_a_good_collection_gives_its_features_and_no_problem():
    assert read_collection("f.geojson", b'{"type": "FeatureCollection", "features": [{"a": 1}, 2]}') == (
        [{"a": 1}, 2],
        [],
    )


# --- what the schema says, in words ---------------------------------------------------------------


def test_rule_a_missing_field_is_named_and_a_misspelt_one_is_pointed_at():
    assert claim_answers(without(GOOD, "claimant")) == [("claimant", "is missing; expected it to be given", None)]
    misspelt = {**without(GOOD, "claimant"), "claimnt": "azerbaijan"}
    assert claim_answers(misspelt) == [
        ("claimant", "is missing; expected it to be given", "found 'claimnt': is it misspelt?"),
        ("claimnt", f"is not a known field; expected one of {CLAIM_FIELDS}", "did you mean 'claimant'?"),
    ]


def test_rule_an_unknown_field_like_no_known_one_gets_no_suggestion():
    assert claim_answers({**GOOD, "zzzz": 1}) == [
        ("zzzz", f"is not a known field; expected one of {CLAIM_FIELDS}", None)
    ]


def test_rule_a_field_of_the_feature_itself_is_named_without_properties():
    assert claim_answers({**GOOD, "source": without(SOURCE, "url")}) == [
        ("source.url", "is missing; expected it to be given", None)
    ]
    problems = check_claims("c.geojson", [{"type": "Feature", "properties": GOOD}])
    assert answers(problems) == [("geometry", "is missing; expected it to be given", None)]
    no_props = check_claims("c.geojson", [{"type": "Feature", "geometry": None}])
    assert [(p.place, p.field, p.message) for p in no_props] == [
        (None, "properties", "is missing; expected it to be given")
    ]


def test_rule_an_unknown_value_lists_the_allowed_ones_and_the_closest():
    assert claim_answers({**GOOD, "claimant": "azerbaijn"}) == [
        (
            "claimant",
            "is 'azerbaijn'; expected one of azerbaijan, armenia, artsakh, russia, trilateral, observer",
            "did you mean 'azerbaijan'?",
        )
    ]
    assert claim_answers({**GOOD, "claimant": "zzz"}) == [
        ("claimant", "is 'zzz'; expected one of azerbaijan, armenia, artsakh, russia, trilateral, observer", None)
    ]
    # null is allowed for a holder but is not offered as a value to write
    assert claim_answers({**GOOD, "holder": "armenia"}) == [
        ("holder", "is 'armenia'; expected one of azerbaijan, armenian, russia", "did you mean 'armenian'?")
    ]


def test_rule_a_claim_geometry_must_be_null_a_point_or_a_polygon():
    expected = "null, a Point or a Polygon"
    line = {"type": "LineString", "coordinates": [[46, 39], [46.1, 39]]}
    assert claim_answers(GOOD, 5) == [("geometry", f"is 5; expected {expected}", None)]
    assert claim_answers(GOOD, line) == [
        (
            "geometry",
            f"is a LineString; expected {expected} (a claim adds a new place as a point, or an area as a polygon)",
            None,
        )
    ]
    assert claim_answers(GOOD, {"type": "Point", "coordinates": []}) == [
        ("geometry", "is empty (coordinates []); expected [longitude, latitude]", None)
    ]
    assert claim_answers(GOOD, {"type": "Point"}) == [
        ("geometry", "is empty (coordinates null); expected [longitude, latitude]", None)
    ]
    assert claim_answers(GOOD, {"type": "Point", "coordinates": ["a", "b"]}) == [
        ("geometry", 'has coordinates ["a", "b"]; expected [longitude, latitude] in degrees', None)
    ]


def test_rule_a_place_geometry_must_be_a_geojson_geometry():
    bad = {**place("x"), "geometry": "here"}
    assert answers(check_places("p.geojson", [bad])) == [("geometry", 'is "here"; expected a GeoJSON geometry', None)]
    no_coordinates = {**place("x"), "geometry": {"type": "Point"}}
    assert answers(check_places("p.geojson", [no_coordinates])) == [
        ("geometry.coordinates", "is missing; expected it to be given", None)
    ]


@pytest.mark.parametrize(
    ("field", "value", "message", "hint"),
    [
        ("date", "8 Nov 2020", "is '8 Nov 2020'; expected a date as YYYY-MM-DD", None),
        ("place", "Shusha", "is 'Shusha'; expected lowercase letters, digits and '_' (e.g. 'shusha')", None),
        ("date", 20201108, "is 20201108; expected text", None),
        ("statement", 7, "is 7; expected text or null", None),
        ("source", "https://example.org", 'is "https://example.org"; expected an object', None),
        ("except", [], "[] should be non-empty; expected what the schema in schema/ allows", None),
    ],
)
def test_rule_a_value_of_the_wrong_form_says_which_form_is_expected(field, value, message, hint):
    place_id = value if field == "place" else "shusha"
    assert claim_answers({**GOOD, field: value}, place_id=place_id) == [(field, message, hint)]


def test_rule_a_source_url_must_be_http_because_a_reader_must_follow_it():
    assert claim_answers({**GOOD, "source": {**SOURCE, "url": "javascript:alert(1)"}}) == [
        (
            "source.url",
            "is 'javascript:alert(1)'; expected an http(s) URL",
            "every claim needs a source a reader can follow",
        )
    ]


def test_rule_empty_text_is_named_empty():
    assert claim_answers({**GOOD, "source": {**SOURCE, "title": ""}}) == [
        ("source.title", "is empty; expected text", None)
    ]


def test_rule_a_feature_must_be_a_feature_object():
    assert answers(check_claims("c.geojson", [7])) == [("feature", "is 7; expected a GeoJSON Feature object", None)]
    assert answers(check_claims("c.geojson", [{**feature(GOOD), "type": "Feat"}])) == [
        ("type", "is 'Feat'; expected 'Feature'", None)
    ]
    assert answers(check_claims("c.geojson", [feature([])])) == [("properties", "is []; expected an object", None)]


def test_rule_long_values_are_cut_to_sixty_characters_in_a_message():
    exactly = "a" * 56  # 60 characters with its brackets and quotes: shown whole
    assert claim_answers({**GOOD, "statement": [exactly]})[0][1] == f'is ["{exactly}"]; expected text or null'
    longer = "a" * 57
    assert claim_answers({**GOOD, "statement": [longer]})[0][1] == f'is ["{longer[:55]}...; expected text or null'


def test_rule_problems_come_in_the_order_of_their_fields():
    found = claim_answers({**GOOD, "date": "2020-13-01x", "claimant": "nobody", "claim": "x"})
    assert [field for field, _, _ in found] == ["claim", "claimant", "date"]


# --- what a schema cannot say about a claim -------------------------------------------------------


def test_rule_a_date_must_be_a_real_day():
    for value in ("2020-13-01", "2021-02-29", "2020-00-10"):
        assert claim_answers({**GOOD, "date": value}) == [
            ("date", f"is {value!r}, which is not a real day; expected YYYY-MM-DD", None)
        ]


def test_rule_a_date_with_a_line_break_after_it_is_not_a_date():
    assert claim_answers({**GOOD, "date": "2020-11-08\n"}) == [
        (
            "date",
            "is '2020-11-08\\n'; expected a date as YYYY-MM-DD",
            "remove the white space or line break at its start or end",
        )
    ]


@pytest.mark.parametrize(
    ("day", "inside"), [("1987-12-31", False), ("1988-01-01", True), ("2024-12-31", True), ("2025-01-01", False)]
)
def test_rule_a_date_lies_within_the_record(day, inside):
    expected = [] if inside else [("date", f"is {day}; expected a day from 1988-01-01 to 2024-12-31", None)]
    assert claim_answers({**GOOD, "date": day}) == expected


@pytest.mark.parametrize("field", ["date_earliest", "date_latest"])
def test_rule_a_date_bound_is_checked_like_the_date(field):
    assert claim_answers({**GOOD, field: "2020-02-30", "note": "n"}) == [
        (field, "is '2020-02-30', which is not a real day; expected YYYY-MM-DD", None)
    ]
    assert claim_answers({**GOOD, field: "1900-01-01", "note": "n"})[0] == (
        field,
        "is 1900-01-01; expected a day from 1988-01-01 to 2024-12-31",
        None,
    )


def test_rule_the_earliest_day_is_not_after_the_date_and_the_latest_not_before_it():
    assert claim_answers({**GOOD, "date_earliest": "2020-11-08", "date_latest": "2020-11-08", "note": "n"}) == []
    assert claim_answers({**GOOD, "date_earliest": "2020-11-09", "note": "n"}) == [
        ("date_earliest", "is 2020-11-09, after 'date' 2020-11-08; expected date_earliest <= date", None)
    ]
    assert claim_answers({**GOOD, "date_latest": "2020-11-07", "note": "n"}) == [
        ("date_latest", "is 2020-11-07, before 'date' 2020-11-08; expected date <= date_latest", None)
    ]
    # a bound that is not a real day is not compared
    assert claim_answers({**GOOD, "date": "2020-02-30", "date_earliest": "2020-03-01", "note": "n"}) == [
        ("date", "is '2020-02-30', which is not a real day; expected YYYY-MM-DD", None)
    ]


@pytest.mark.parametrize("bounds", [{"date_earliest": "2020-11-01"}, {"date_latest": "2020-11-09"}])
def test_rule_a_date_with_bounds_needs_a_note_saying_which_source_gives_which_date(bounds):
    message = "is missing; expected a note saying which source gives which date when the date has bounds"
    assert claim_answers({**GOOD, **bounds}) == [("note", message, None)]
    assert claim_answers({**GOOD, **bounds, "note": "AP says 1 Nov"}) == []
    assert claim_answers({**GOOD, **bounds, "note": 5}) == [("note", "is 5; expected text or null", None)]


def test_rule_a_handover_names_its_recipient():
    assert claim_answers({**GOOD, "claim": "handed_over"})[0] == (
        "to",
        "is missing; expected the recipient of a handed_over place",
        "one of azerbaijan, armenia, artsakh, armenian, russia",
    )
    assert claim_answers({**GOOD, "claim": "handed_over", "to": "azerbaijan"}) == []
    assert claim_answers({**GOOD, "claim": "handed_over", "to": "nobody"}) == [
        ("to", "is 'nobody'; expected one of azerbaijan, armenia, artsakh, armenian, russia", None)
    ]


def test_rule_a_handover_without_a_recipient_is_reported_once_on_to():
    assert [field for field, _, _ in claim_answers({**GOOD, "claim": "handed_over"})] == ["to"]


def test_rule_a_sides_claim_never_rests_on_a_reference_work():
    reference = {**SOURCE, "kind": "reference"}
    assert claim_answers({**GOOD, "claimant": "armenia", "claim": "denies", "source": reference}) == [
        (
            "source.kind",
            "is 'reference' for a claim by 'armenia'; expected the side's own statement ('official') or a "
            "report of it ('report')",
            "a side's claim never rests on a reference work alone: cite the statement or a contemporary report, "
            "or make it an 'observer' claim with the reference as its source",
        )
    ]
    observer = {**GOOD, "claimant": "observer", "claim": "controls", "holder": "armenian", "source": reference}
    assert claim_answers(observer) == []
    # a source or claimant already wrong is not judged again
    assert [f for f, _, _ in claim_answers({**GOOD, "source": {**reference, "url": "ftp://x"}})] == ["source.url"]
    assert [f for f, _, _ in claim_answers({**GOOD, "claimant": "nobody", "source": reference})] == ["claimant"]


@pytest.mark.parametrize("kind", ["evacuated", "accepted_terms"])
def test_rule_a_claim_that_says_nothing_about_the_holder_names_none(kind):
    assert claim_answers({**GOOD, "claim": kind}) == []
    assert claim_answers({**GOOD, "claim": kind, "holder": "armenian"}) == [
        ("holder", f"is 'armenian'; expected null: a {kind!r} claim says nothing about who holds the place", None)
    ]
    assert claim_answers({**GOOD, "claim": kind, "holder": "x"}) == [
        ("holder", "is 'x'; expected one of azerbaijan, armenian, russia", None)
    ]


def test_rule_a_declaration_may_name_the_state_it_means():
    assert claim_answers({**GOOD, "claim": "declares", "holder": "azerbaijan"}) == []
    assert claim_answers({**GOOD, "claim": "declares"}) == []


@pytest.mark.parametrize("claimant", ["observer", "trilateral"])
def test_rule_a_claim_that_does_not_imply_its_holder_must_name_it(claimant):
    assert claim_answers({**GOOD, "claimant": claimant, "claim": "controls"}) == [
        (
            "holder",
            f"is missing; a 'controls' claim by {claimant!r} does not say who holds the place; expected 'holder'",
            "one of azerbaijan, armenian, russia",
        )
    ]
    assert claim_answers({**GOOD, "claimant": claimant, "claim": "controls", "holder": "russia"}) == []


def test_rule_the_holder_is_not_judged_when_what_it_follows_from_is_already_wrong():
    assert [f for f, _, _ in claim_answers({**GOOD, "claimant": "observer", "claim": "conquers"})] == ["claim"]
    assert [f for f, _, _ in claim_answers({**GOOD, "claimant": "nobody", "claim": "controls"})] == ["claimant"]
    assert [f for f, _, _ in claim_answers({**GOOD, "claim": "handed_over", "to": 3})] == ["to"]


# --- a claim that adds a place --------------------------------------------------------------------


def test_rule_a_claim_with_a_position_names_the_place_and_cites_its_coordinates():
    assert claim_answers(NEW, POINT, place_id="newvillage") == []
    assert claim_answers(without(NEW, "place_names", "place_source"), POINT, place_id="newvillage") == [
        (
            "place_names",
            "is missing; expected it with a geometry (a claim that adds a place must name it and cite "
            "where its coordinates come from)",
            None,
        ),
        (
            "place_source",
            "is missing; expected it with a geometry (a claim that adds a place must name it and cite "
            "where its coordinates come from)",
            None,
        ),
    ]


def test_rule_a_new_place_is_a_village_unless_its_kind_is_given():
    polygon = square(46.0, 39.0)
    assert claim_answers(without(NEW, "place_kind"), polygon, place_id="newvillage") == [
        ("geometry", "is a Polygon; expected a Point for a place of kind 'village'", None)
    ]
    assert claim_answers({**NEW, "place_kind": "area"}, polygon, place_id="newvillage") == []
    # an unknown kind is reported once, and the geometry is judged as a village's
    assert claim_answers({**NEW, "place_kind": "hamlet"}, polygon, place_id="newvillage") == [
        (
            "place_kind",
            "is 'hamlet'; expected one of district, sector, zone, oblast, area, country, city, town, "
            "village, hill, road, pass, line",
            None,
        ),
        ("geometry", "is a Polygon; expected a Point for a place of kind 'village'", None),
    ]


def test_rule_a_new_place_without_a_position_has_names_a_district_and_a_source():
    assert claim_answers(without(NEW, "place_source", "district"), place_id="newvillage") == [
        (
            "district",
            "is missing; expected it for a new place without a position (its names, its district and where "
            "they come from), or a Point geometry",
            None,
        ),
        (
            "place_source",
            "is missing; expected it for a new place without a position (its names, its district and "
            "where they come from), or a Point geometry",
            None,
        ),
    ]
    only_kind = {**GOOD, "place_kind": "town"}
    assert [f for f, _, _ in claim_answers(only_kind)] == ["place_names", "district", "place_source"]


def test_rule_a_position_source_goes_with_the_position_it_gives():
    assert claim_answers({**NEW, "position_source": SOURCE}, place_id="newvillage") == [
        (
            "position_source",
            "is given without a geometry; expected a Point geometry with the coordinates it gives",
            "add the geometry, or remove position_source",
        )
    ]
    assert (
        claim_answers(
            {**NEW, "position_source": SOURCE}, {"type": "Point", "coordinates": [46.8, 39.4]}, place_id="newvillage"
        )
        == []
    )


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [("village", True), ("town", True), ("city", True), ("road", True), ("hill", False), ("area", False)],
)
def test_rule_only_a_settlement_or_a_road_may_be_recorded_without_a_position(kind, allowed):
    expected = (
        []
        if allowed
        else [
            (
                "place_kind",
                f"is {kind!r} without a geometry; expected a Point or Polygon geometry (only a settlement or a "
                "road may be recorded without a position)",
                None,
            )
        ]
    )
    assert claim_answers({**NEW, "place_kind": kind}, place_id="newvillage") == expected


# --- geometries -----------------------------------------------------------------------------------


def geometry_answers(geometry, kind="town") -> list[tuple]:
    return answers(check_places("p.geojson", [{**place("x", kind), "geometry": geometry}]))


def test_rule_a_geometry_that_cannot_be_read_says_why():
    assert geometry_answers({"type": "Circle", "coordinates": [46, 39]}, "district") == [
        (
            "geometry",
            "cannot be read (Unknown geometry type: 'circle'); expected a GeoJSON geometry with "
            "[longitude, latitude] positions",
            None,
        )
    ]


def test_rule_an_empty_geometry_is_named_empty():
    assert geometry_answers({"type": "Polygon", "coordinates": []}, "district") == [
        ("geometry", "is empty; expected coordinates", None)
    ]


@pytest.mark.parametrize(
    ("kind", "geometry", "expected"),
    [
        ("village", square(46, 39), "a Point"),
        ("line", POINT, "a LineString or MultiLineString"),
        ("district", POINT, "a Polygon or MultiPolygon"),
    ],
)
def test_rule_a_place_has_the_geometry_its_kind_calls_for(kind, geometry, expected):
    assert geometry_answers(geometry, kind) == [
        ("geometry", f"is a {geometry['type']}; expected {expected} for a place of kind {kind!r}", None)
    ]


@pytest.mark.parametrize(
    ("kind", "geometry"),
    [
        ("pass", POINT),
        ("line", {"type": "LineString", "coordinates": [[46, 39], [46.1, 39]]}),
        ("line", {"type": "MultiLineString", "coordinates": [[[46, 39], [46.1, 39]]]}),
        ("zone", square(46, 39)),
        ("area", {"type": "MultiPolygon", "coordinates": [square(46, 39)["coordinates"]]}),
    ],
)
def test_rule_a_geometry_of_the_right_type_inside_the_region_passes(kind, geometry):
    assert geometry_answers(geometry, kind) == []


def test_rule_coordinates_are_finite_numbers():
    assert geometry_answers({"type": "Point", "coordinates": [float("inf"), 39.3]}) == [
        ("geometry", "has a coordinate that is not a finite number; expected [longitude, latitude] in degrees", None)
    ]


def test_rule_a_polygon_must_be_valid():
    bowtie = {"type": "Polygon", "coordinates": [[[46, 39], [46.1, 39.1], [46, 39.1], [46.1, 39], [46, 39]]]}
    assert geometry_answers(bowtie, "district") == [
        (
            "geometry",
            "is not valid (Self-intersection[46.05 39.05]); expected a simple, closed shape",
            "fix it with shapely.make_valid or a GIS editor",
        )
    ]


@pytest.mark.parametrize(("lon", "lat"), [(44.5, 38.3), (48.5, 41.2), (44.5, 41.2), (48.5, 38.3)])
def test_rule_the_region_includes_its_edges(lon, lat):
    assert geometry_answers({"type": "Point", "coordinates": [lon, lat]}) == []


@pytest.mark.parametrize(("lon", "lat"), [(44.49, 39), (48.51, 39), (46, 38.29), (46, 41.21)])
def test_rule_a_geometry_outside_the_region_is_refused_with_its_bounds(lon, lat):
    assert geometry_answers({"type": "Point", "coordinates": [lon, lat]}) == [
        (
            "geometry",
            f"lies outside the region: its bounds are ({lon:.4f}, {lat:.4f}, {lon:.4f}, {lat:.4f}); expected "
            "longitude 44.5..48.5 and latitude 38.3..41.2",
            None,
        )
    ]


def test_rule_a_polygon_reaching_out_of_the_region_is_refused_with_its_bounds():
    assert geometry_answers(square(48.45, 39, 0.1), "district") == [
        (
            "geometry",
            "lies outside the region: its bounds are (48.4500, 39.0000, 48.5500, 39.1000); expected "
            "longitude 44.5..48.5 and latitude 38.3..41.2",
            None,
        )
    ]


SWAPPED = "latitude and longitude look swapped: GeoJSON positions are [longitude, latitude]"


@pytest.mark.parametrize(
    ("lon", "lat", "swapped"),
    [
        (39.3, 46.9, True),
        (38.3, 44.5, True),
        (41.2, 48.5, True),  # on the edges, swapped
        (38.29, 46.9, False),
        (41.21, 46.9, False),
        (39.3, 44.49, False),
        (39.3, 48.51, False),
    ],
)
def test_rule_a_position_with_latitude_and_longitude_swapped_is_pointed_out(lon, lat, swapped):
    (problem,) = geometry_answers({"type": "Point", "coordinates": [lon, lat]})
    assert problem[1].startswith("lies outside the region") and problem[2] == (SWAPPED if swapped else None)


def test_rule_a_place_whose_kind_or_geometry_already_failed_is_not_checked_again():
    bowtie = {"type": "Polygon", "coordinates": [[[46, 39], [46.1, 39.1], [46, 39.1], [46.1, 39], [46, 39]]]}
    bad_kind = {**place("x", "hamlet"), "geometry": bowtie}
    assert [f for f, _, _ in answers(check_places("p.geojson", [bad_kind]))] == ["kind"]
    # a problem in another field leaves the geometry checked
    bad_names = place("x", "district", geometry=bowtie)
    bad_names["properties"]["names"] = {}
    assert [f for f, _, _ in answers(check_places("p.geojson", [bad_names]))] == ["names.en", "geometry"]
    assert answers(check_places("p.geojson", [{"type": "Feature", "geometry": POINT, "properties": []}])) == [
        ("properties", "is []; expected an object", None)
    ]


def test_rule_a_claim_whose_geometry_failed_the_schema_is_not_checked_again():
    assert claim_answers(NEW, {"type": "Point", "coordinates": ["a", 39]}, place_id="newvillage") == [
        ("geometry", 'has coordinates ["a", 39]; expected [longitude, latitude] in degrees', None)
    ]  # not 'cannot be read'
    assert claim_answers(NEW, {"type": "Point", "coordinates": [500, 39]}, place_id="newvillage")[0][1].startswith(
        "lies outside the region"
    )  # numbers pass the schema: the position is then checked


def test_rule_a_feature_is_known_by_its_id_or_the_place_its_claim_is_about():
    (by_id,) = check_places("p.geojson", [{**place("x"), "geometry": None}])
    assert by_id.place == "x"
    (by_place,) = check_claims("c.geojson", [feature({**GOOD, "date": "x"})])
    assert by_place.place == "shusha"
    (numbered,) = check_claims("c.geojson", [feature({**GOOD, "place": 5})])
    assert numbered.place is None
    assert [p.feature for p in check_claims("c.geojson", [feature(GOOD), 7, feature(GOOD)])] == [1]


# --- between features: cross_check ----------------------------------------------------------------


def cross(places: list, claims: list) -> list[Problem]:
    return cross_check([("p.geojson", places)], [("c.geojson", claims)])


def test_rule_every_place_id_is_unique():
    assert cross([place("a"), place("b"), place("a")], []) == [
        Problem(
            "p.geojson", 2, "a", "id", "repeats the id of p.geojson feature 0; expected every place id to be unique"
        )
    ]


def test_rule_a_parent_is_a_known_place():
    assert cross([place("d", "district"), place("t", parent="d")], []) == []
    assert cross([place("dd", "district"), place("t", parent="d")], []) == [
        Problem(
            "p.geojson",
            1,
            "t",
            "parent",
            "is 'd', which is no known place; expected the id of a district",
            "did you mean 'dd'?",
        )
    ]
    assert cross([place("t", parent="qqqq")], [])[0].hint is None


def test_rule_a_place_a_claim_adds_has_a_known_district():
    new = feature({**NEW, "district": "dd"}, POINT)
    assert cross(PLACES, [new]) == [
        Problem(
            "c.geojson",
            0,
            "newvillage",
            "district",
            "is 'dd', which is no known place; expected the id of a district",
            "did you mean 'd'?",
        )
    ]
    assert cross(PLACES, [feature(NEW, POINT)]) == []
    # the district may itself be added by a claim
    district = feature({**NEW, "place": "nd", "place_kind": "district"}, square(46, 39))
    del district["properties"]["district"]
    assert cross(PLACES, [district, feature({**NEW, "district": "nd"}, POINT)]) == []


def test_rule_a_place_is_added_once():
    repeat = {**NEW, "statement": "again"}
    assert cross(PLACES, [feature(NEW, POINT), feature(repeat, POINT)]) == [
        Problem(
            "c.geojson",
            1,
            "newvillage",
            "geometry",
            "adds place 'newvillage', already defined in c.geojson "
            "feature 0; expected a geometry or place_names only on the first claim about a new place",
            "remove the geometry and the place_* fields",
        )
    ]
    assert cross(PLACES, [feature({**NEW, "place": "shusha"}, POINT)])[0].message.startswith(
        "adds place 'shusha', already defined in p.geojson feature 0;"
    )
    # place names alone (no position) add a place too
    assert cross(PLACES, [feature(NEW), feature(repeat)])[0].field == "geometry"
    # a later claim about the added place, without geometry or names, is fine
    assert cross(PLACES, [feature(NEW, POINT), feature({**GOOD, "place": "newvillage", "date": "2020-11-09"})]) == []


def test_rule_a_claim_is_about_a_known_place():
    assert cross(PLACES, [feature({**GOOD, "place": "shushaa"})]) == [
        Problem(
            "c.geojson",
            0,
            "shushaa",
            "place",
            "is 'shushaa', which is no known place; expected the id of a place "
            "in data/places, or a Point geometry with place_names to add it",
            "did you mean 'shusha'?",
        )
    ]
    assert cross(PLACES, [feature({**GOOD, "place": "qqqqqq"})])[0].hint is None


def test_rule_the_places_a_claim_leaves_out_are_known():
    assert cross(PLACES, [feature({**GOOD, "place": "d", "except": ["shusha"]})]) == []
    assert cross(PLACES, [feature({**GOOD, "place": "d", "except": ["shusha", "shushaa", 5]})]) == [
        Problem(
            "c.geojson",
            0,
            "d",
            "except",
            "names 'shushaa', which is no known place; expected the ids of places inside the claim's place",
            "did you mean 'shusha'?",
        )
    ]
    assert cross(PLACES, [feature({**GOOD, "place": "d", "except": "shushaa"})]) == []  # the schema's to say


def test_rule_each_claim_is_made_once():
    assert cross(PLACES, [feature(GOOD), feature({**GOOD, "note": "the same claim, noted"})]) == [
        Problem("c.geojson", 1, "shusha", "feature", "exactly repeats c.geojson feature 0; expected each claim once")
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"claimant": "armenia"},
        {"claim": "lost"},
        {"holder": "armenian"},
        {"to": "russia"},
        {"date": "2020-11-09"},
        {"date_earliest": "2020-11-01"},
        {"date_latest": "2020-11-09"},
        {"statement": "said otherwise"},
        {"place": "d"},
        {"source": {**SOURCE, "url": "https://example.org/other"}},
    ],
)
def test_rule_claims_that_differ_in_what_they_say_or_where_it_is_written_are_two_claims(change):
    assert claim_key(GOOD) != claim_key({**GOOD, **change})
    assert [p.field for p in cross(PLACES, [feature(GOOD), feature({**GOOD, **change})]) if p.field == "feature"] == []


def test_rule_a_claim_key_reads_a_source_without_a_url():
    assert json.loads(claim_key({**GOOD, "source": "https://example.org"}))["url"] is None
    assert json.loads(claim_key(GOOD))["url"] == SOURCE["url"]


def test_rule_cross_checks_skip_what_is_not_a_feature():
    assert (
        cross([7, {"type": "Feature", "properties": {"kind": "town"}}, *PLACES], [7, feature({**GOOD, "place": 5})])
        == []
    )


# --- added after the mutation run: what the first tests left open ---------------------------------


def test_rule_values_are_shown_as_written_not_escaped():
    assert claim_answers({**GOOD, "statement": ["Şuşa"]}) == [("statement", 'is ["Şuşa"]; expected text or null', None)]


@pytest.mark.parametrize("kind", ["Polygon", "MultiPolygon"])
def test_rule_a_claims_empty_polygon_is_named_empty_not_of_the_wrong_type(kind):
    assert claim_answers(GOOD, {"type": kind, "coordinates": []}) == [
        ("geometry", "is empty (coordinates []); expected [longitude, latitude]", None)
    ]


# --- hostile input: what a file can do to the reader ----------------------------------------------

COLLECTION = b'{"type": "FeatureCollection", "features": %s}'
DUPLICATE = (
    "is given twice in one object (only the last would count); expected each field once",
    "delete the copy that is wrong",
)


def test_rule_a_file_read_only_up_to_the_limit_says_it_is_larger():
    assert file_too_large("f.geojson", MAX_FILE_BYTES, at_least=True) == Problem(
        "f.geojson",
        None,
        None,
        None,
        "file is more than 20 MB; expected at most 20 MB",
        "split the record into one file per period",
    )


@pytest.mark.parametrize(
    ("number", "where"), [(b"1" * 31, "line 1, column 44"), (b"-" + b"1" * 31, "line 1, column 44")]
)
def test_rule_an_integer_longer_than_thirty_digits_is_refused_where_it_is(number, where):
    assert whole_file(COLLECTION % (b"[" + number + b"]")) == [
        (None, f"has an integer of 31 digits at {where}; expected numbers of at most 30 digits", None)
    ]


def test_rule_an_integer_of_thirty_digits_is_read():
    assert read_collection("f.geojson", COLLECTION % (b"[" + b"9" * 30 + b"]")) == ([int("9" * 30)], [])
    assert read_collection("f.geojson", COLLECTION % (b"[-" + b"9" * 30 + b"]")) == ([-int("9" * 30)], [])


def test_rule_a_long_integer_is_located_by_line_and_character():
    data = '{"type": "FeatureCollection",\n "name": "Şuşa", "features": [%s]}' % ("1" * 31)
    assert whole_file(data.encode()) == [
        (None, "has an integer of 31 digits at line 2, column 31; expected numbers of at most 30 digits", None)
    ]


def test_rule_nesting_deeper_than_32_levels_is_refused_where_it_begins():
    assert whole_file(COLLECTION % (b"[" * 32 + b"]" * 32)) == [
        (
            None,
            "nests lists and objects 33 levels deep (level 33 at line 1, column 74); expected at most 32 (a GeoJSON "
            "file needs fewer than 10)",
            None,
        )
    ]
    deep = b'{"type": "FeatureCollection",\n "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert whole_file(deep) == [
        (
            None,
            "nests lists and objects 100001 levels deep (level 33 at line 2, column 45); expected at most 32 (a "
            "GeoJSON file needs fewer than 10)",
            None,
        )
    ]


def test_rule_nesting_of_32_levels_is_read_and_brackets_in_text_do_not_count():
    assert read_collection("f.geojson", COLLECTION % (b"[" * 31 + b"]" * 31))[1] == []
    assert read_collection("f.geojson", COLLECTION % (b'["' + b"[{" * 40 + b'"]'))[1] == []
    assert read_collection("f.geojson", COLLECTION % (b'["\\"' + b"[" * 40 + b'"]'))[1] == []  # an escaped quote


def test_rule_a_key_given_twice_is_a_problem_naming_feature_and_field_and_the_features_are_still_checked():
    data = (
        b'{"type": "FeatureCollection", "type": "FeatureCollection", "features": [{"type": "Feature", '
        b'"properties": {"place": "shusha", "date": "1", "date": "2"}, "geometry": null}, '
        b'{"type": "Feature", "type": "Feature"}]}'
    )
    features, problems = read_collection("f.geojson", data)
    assert features[0]["properties"]["date"] == "2" and len(features) == 2
    assert [(p.file, p.feature, p.place, p.field, p.message, p.hint) for p in problems] == [
        ("f.geojson", None, None, "type", *DUPLICATE),
        ("f.geojson", 0, "shusha", "date", *DUPLICATE),
        ("f.geojson", 1, None, "type", *DUPLICATE),
    ]


def test_rule_a_duplicate_key_is_reported_beside_what_else_is_wrong_with_the_file():
    assert whole_file(b'{"type": "Feature", "type": "Feature", "features": []}') == [
        ("type", *DUPLICATE),
        ("type", "is 'Feature'; expected a GeoJSON FeatureCollection ('type': 'FeatureCollection')", None),
    ]
    assert whole_file(b'{"type": "FeatureCollection", "features": 1, "features": 2}') == [
        ("features", *DUPLICATE),
        ("features", "is a number; expected a list of Features", None),
    ]
    found = read_collection("f.geojson", b'{"type": "FeatureCollection", "features": [], "x": {"a": 1, "a": 1}}')
    assert found == ([], [Problem("f.geojson", None, None, "x.a", *DUPLICATE)])
    listed = read_collection("f.geojson", b'{"type": "FeatureCollection", "features": [{"a": [{"b": 1, "b": 2}]}]}')
    assert listed[1] == [Problem("f.geojson", 0, None, "a.0.b", *DUPLICATE)]


def test_rule_a_long_type_is_cut_in_the_message():
    assert whole_file(('{"type": "%s", "features": []}' % ("x" * 100)).encode()) == [
        ("type", f"is '{'x' * 59}; expected a GeoJSON FeatureCollection ('type': 'FeatureCollection')", None)
    ]


def test_rule_white_space_around_an_id_is_pointed_out():
    assert claim_answers({**GOOD, "place": "shusha\n"}, place_id="shusha\n") == [
        (
            "place",
            "is 'shusha\\n'; expected lowercase letters, digits and '_' (e.g. 'shusha')",
            "remove the white space or line break at its start or end",
        )
    ]
    assert claim_answers({**GOOD, "place": "Shusha"}, place_id="Shusha")[0][2] is None  # no white space: no hint


def test_rule_a_dollar_inside_a_pattern_class_or_escaped_is_left_as_written():
    from geo.validate import _ecma_pattern

    assert _ecma_pattern("^[a-z]+$") == r"^[a-z]+\Z"
    assert _ecma_pattern("^[$]\\$$") == r"^[$]\$\Z"
    assert _ecma_pattern("^a\\[$") == r"^a\[\Z"


def coordinate_answers(geometry, kind="town") -> list[tuple]:
    return geometry_answers(geometry, kind)


TEXT_NUMBER = 'write 46.75, not "46.75"'


@pytest.mark.parametrize(
    ("value", "shown"), [('"46.9"', '"46.9" (text)'), ("true", "true (boolean)"), ("null", "null (null)")]
)
def test_rule_a_coordinate_is_a_number_not_text(value, shown):
    geometry = {"type": "Point", "coordinates": [json.loads(value), 39.3]}
    assert coordinate_answers(geometry) == [
        (
            "geometry",
            f"has a coordinate {shown} at coordinates[0]; expected numbers (degrees, not in quotes)",
            TEXT_NUMBER,
        )
    ]


@pytest.mark.parametrize(
    ("geometry", "kind", "message"),
    [
        (
            {"type": "Point", "coordinates": [46.9]},
            "town",
            "cannot be read: coordinates is [46.9]; expected a [longitude, latitude] position",
        ),
        (
            {"type": "Point", "coordinates": [46.9, 39.3, 100, 1]},
            "town",
            "cannot be read: coordinates is [46.9, 39.3, 100, 1]; expected a [longitude, latitude] position",
        ),
        (
            {"type": "Point", "coordinates": "x"},
            "town",
            'cannot be read: coordinates is "x"; expected a [longitude, latitude] position',
        ),
        (
            {"type": "LineString", "coordinates": [[46, 39], 5]},
            "line",
            "cannot be read: coordinates[1] is 5; expected a [longitude, latitude] position",
        ),
        ({"type": "LineString", "coordinates": 5}, "line", "cannot be read: coordinates is 5; expected a list"),
        (
            {"type": "MultiPolygon", "coordinates": [square(46, 39)["coordinates"], 7]},
            "district",
            "cannot be read: coordinates[1] is 7; expected a list",
        ),
    ],
)
def test_rule_a_position_is_a_list_of_two_or_three_numbers_at_the_depth_its_type_calls_for(geometry, kind, message):
    assert coordinate_answers(geometry, kind) == [("geometry", message, None)]


def test_rule_a_position_may_carry_a_height():
    assert coordinate_answers({"type": "Point", "coordinates": [46.9, 39.3, 100]}) == []


@pytest.mark.parametrize(
    ("geometry", "kind", "where"),
    [
        ({"type": "MultiPoint", "coordinates": [[46, 39], ["a", 1]]}, "district", "coordinates[1][0]"),
        ({"type": "MultiLineString", "coordinates": [[[46, 39], [46.1, "a"]]]}, "line", "coordinates[0][1][1]"),
    ],
)
def test_rule_a_coordinate_written_as_text_is_located_in_its_geometry(geometry, kind, where):
    assert coordinate_answers(geometry, kind) == [
        ("geometry", f'has a coordinate "a" (text) at {where}; expected numbers (degrees, not in quotes)', TEXT_NUMBER)
    ]


@pytest.mark.parametrize(
    ("ring", "count"),
    [([[46, 39], [46.1, 39], [46, 39]], "3 positions"), ([[46, 39]], "1 position"), ([], "0 positions")],
)
def test_rule_a_ring_has_at_least_four_positions(ring, count):
    assert coordinate_answers({"type": "Polygon", "coordinates": [ring]}, "district") == [
        (
            "geometry",
            f"has a ring with {count} at coordinates[0]; expected at least 4 (three corners and the first again)",
            None,
        )
    ]


def test_rule_a_ring_of_four_closed_positions_is_a_ring():
    triangle = [[46, 39], [46.1, 39], [46.1, 39.1], [46, 39]]
    assert coordinate_answers({"type": "Polygon", "coordinates": [triangle]}, "district") == []


@pytest.mark.parametrize(
    ("geometry", "where"),
    [
        ({"type": "Polygon", "coordinates": [[[46, 39], [46.1, 39], [46.1, 39.1], [46, 39.1]]]}, "coordinates[0]"),
        (
            {"type": "MultiPolygon", "coordinates": [[[[46, 39], [46.1, 39], [46.1, 39.1], [46, 39.1]]]]},
            "coordinates[0][0]",
        ),
    ],
)
def test_rule_a_ring_ends_where_it_starts(geometry, where):
    assert coordinate_answers(geometry, "district") == [
        (
            "geometry",
            f"has a ring that is not closed at {where}: it starts at [46, 39] and ends at [46, 39.1]; expected "
            "its last position to repeat its first",
            "add the first position again at the end of the ring",
        )
    ]


def test_rule_a_line_needs_no_closing():
    assert coordinate_answers({"type": "LineString", "coordinates": [[46, 39], [46.1, 39], [46.1, 39.1]]}, "line") == []


BIDI = (
    "a bidirectional control that makes text display in another order than it is written; expected plain text",
    "delete it (it is invisible: retype the text if need be)",
)
CONTROL = (
    "a control character; expected plain text",
    "delete it; a line break or a tab belongs only in statement and note",
)


@pytest.mark.parametrize(
    ("props", "field", "found", "what"),
    [
        ({"statement": "a\u202eb"}, "statement", "U+202E RIGHT-TO-LEFT OVERRIDE at character 2", BIDI),
        ({"statement": "\u061c\x01"}, "statement", "U+061C ARABIC LETTER MARK at character 1", BIDI),  # the first found
        ({"statement": "bell\x07"}, "statement", "U+0007 BELL at character 5", CONTROL),
        ({"note": "x\x1b[31m"}, "note", "U+001B ESCAPE at character 2", CONTROL),
        (
            {"source": {**SOURCE, "title": "T\nitle"}},
            "source.title",
            "U+000A LINE FEED at character 2",
            CONTROL,
        ),
        (
            {"source": {**SOURCE, "title": "T\u200fitle"}},
            "source.title",
            "U+200F RIGHT-TO-LEFT MARK at character 2",
            BIDI,
        ),
        (
            {"source": {**SOURCE, "title": "T\x7f"}},
            "source.title",
            "U+007F DELETE at character 2",
            CONTROL,
        ),
        (
            {"source": {**SOURCE, "title": "T\u2069"}},
            "source.title",
            "U+2069 POP DIRECTIONAL ISOLATE at character 2",
            BIDI,
        ),
    ],
)
def test_rule_text_holds_no_invisible_characters(props, field, found, what):
    message, hint = what
    assert claim_answers({**GOOD, **props}) == [(field, f"contains {found}, {message}", hint)]


def test_rule_a_statement_or_a_note_may_break_lines_and_hold_tabs():
    assert claim_answers({**GOOD, "statement": "line\nbreak\ttab", "note": "a\nb"}) == []


def test_rule_a_note_may_break_lines_the_windows_way():
    assert claim_answers({**GOOD, "note": "first line\r\nsecond line"}) == []


def test_rule_a_place_name_holds_no_control_character():
    props = {**NEW, "place_names": {"en": "X\x85"}}
    assert claim_answers(props, POINT, place_id="newvillage") == [
        ("place_names.en", "contains U+0085 at character 2, " + CONTROL[0], CONTROL[1])
    ]
    named = place("x")
    named["properties"]["names"]["az"] = "Şuşa\u202e"
    assert answers(check_places("p.geojson", [named])) == [
        ("names.az", "contains U+202E RIGHT-TO-LEFT OVERRIDE at character 5, " + BIDI[0], BIDI[1])
    ]


def test_rule_a_key_with_an_invisible_character_is_reported_once():
    assert claim_answers({**GOOD, "source": {**SOURCE, "t\u202eitle": "x"}}) == [
        (
            "source.t\u202eitle",
            "is not a known field; expected one of title, publisher, date, url, kind",
            "did you mean 'title'?",
        )
    ]
    assert claim_answers({**GOOD, "not\x01e": "x"}) == [
        ("not\x01e", f"is not a known field; expected one of {CLAIM_FIELDS}", "did you mean 'note'?")
    ]


def test_rule_a_field_that_failed_the_schema_is_not_judged_again_for_its_characters():
    assert [field for field, _, _ in claim_answers({**GOOD, "statement": ["\x01"]})] == ["statement"]


# --- hints for an unknown id: the names the record knows --------------------------------------------


def named_places() -> list[dict]:
    places = [
        place("shusha", az="Şuşa", hy_latn="Shushi"),
        place("d", "district", geometry=square(46.0, 39.0, 0.2)),
        place("d_s", "sector", parent="d", geometry=square(46.0, 39.0, 0.1)),
        place("t", "town", parent="d"),
        place("kurd_d", "village", parent="d"),
        place("kurd_e", "village", parent="d"),
    ]
    places[1]["properties"]["names"]["en"] = "Dist"
    for p in places[4:]:
        p["properties"]["names"]["en"] = "Kurdlar"
    return places


def place_hint(value: str) -> str | None:
    (problem,) = cross(named_places(), [feature({**GOOD, "place": value})])
    assert (problem.field, problem.message) == (
        "place",
        f"is {value!r}, which is no known place; expected the id of a "
        "place in data/places, or a Point geometry with place_names to add it",
    )
    return problem.hint


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("Shusha", "'Shusha' is a name; the place's id is 'shusha'"),
        ("shushi", "'shushi' is a name; the place's id is 'shusha'"),
        ("Şuşa", "'Şuşa' is a name; the place's id is 'shusha'"),
        ("SHUSHA", "'SHUSHA' is a name; the place's id is 'shusha'"),
        ("T", "'T' is a name; the place's id is 't'"),
        ("kurdlar", "'kurdlar' is a name; the place's id is 'kurd_d' (also the name of 'kurd_e')"),
        ("Kurdlar ", "'Kurdlar ' is a name; the place's id is 'kurd_d' (also the name of 'kurd_e')"),
        ("Shushaa", "did you mean 'shusha' (Shusha)?"),
        ("Shoosha", "did you mean 'shusha' (Shusha)?"),
        ("shushaa", "did you mean 'shusha'?"),
        ("xxxxx", None),
    ],
)
def test_rule_an_unknown_place_is_answered_with_the_id_its_name_or_spelling_points_to(value, hint):
    assert place_hint(value) == hint


def district_hint(value: str) -> tuple[str, str | None]:
    new = {**NEW, "district": value}
    (problem,) = cross(named_places(), [feature(new, POINT)])
    assert (problem.feature, problem.place, problem.field) == (0, "newvillage", "district")
    return problem.message, problem.hint


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("Dist", "'Dist' is a name; the district's id is 'd'"),
        ("T", "'T' is the name of the town 't', which lies in 'd'"),
        ("Kurdlar", "'Kurdlar' is the name of the village 'kurd_d', which lies in 'd'"),
        ("dd", "did you mean 'd'?"),
        ("Dst", "did you mean 'd' (Dist)?"),
    ],
)
def test_rule_an_unknown_district_is_answered_with_the_district_meant(value, hint):
    assert district_hint(value) == (f"is {value!r}, which is no known place; expected the id of a district", hint)


@pytest.mark.parametrize(
    ("value", "kind", "hint"),
    [
        ("t", "town", "'t' lies in 'd'"),
        ("d_s", "sector", "'d_s' lies in 'd'"),
        ("shusha", "town", None),
    ],
)
def test_rule_a_parent_or_district_that_is_not_a_district_names_the_district_it_lies_in(value, kind, hint):
    assert district_hint(value) == (f"is {value!r}, a {kind}; expected the id of a district", hint)
    child = place("v", "village", parent=value)
    assert cross([*named_places(), child], []) == [
        Problem("p.geojson", 6, "v", "parent", f"is {value!r}, a {kind}; expected the id of a district", hint)
    ]


# --- added after the second mutation run ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b'\n{"type": "FeatureCollection", "features": [' + b"1" * 31 + b"]}\n\n", "line 2, column 44"),
        (b'{\n"type": "FeatureCollection",\n "features": [' + b"1" * 31 + b"]}", "line 3, column 15"),
    ],
)
def test_rule_a_long_integer_is_located_from_the_line_break_before_it(data, where):
    assert whole_file(data) == [
        (None, f"has an integer of 31 digits at {where}; expected numbers of at most 30 digits", None)
    ]


def test_rule_many_lists_side_by_side_are_not_deep():
    assert read_collection("f.geojson", COLLECTION % (b"[" + b",".join([b"[]"] * 40) + b"]"))[1] == []
    # 32 levels deep, with more than 32 brackets in all: read
    assert read_collection("f.geojson", COLLECTION % (b"[" + b"[]," * 5 + b"[" * 30 + b"]" * 30 + b"]"))[1] == []


def test_rule_text_before_deep_nesting_does_not_move_where_it_is_said_to_begin():
    assert whole_file(COLLECTION % (b'["a", "b", ' + b"[" * 40 + b"]" * 40 + b"]")) == [
        (
            None,
            "nests lists and objects 42 levels deep (level 33 at line 1, column 84); expected at most 32 (a GeoJSON "
            "file needs fewer than 10)",
            None,
        )
    ]


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        (b'{"type": "FeatureCollection", "features": [], "x": {"y": {"a": 1, "a": 2}}}', ["x.y.a"]),
        (b'{"type": "FeatureCollection", "x": {"k": 1, "k": 2}, "features": []}', ["x.k"]),  # found behind a list
        (b'{"type": "FeatureCollection", "features": [], "x": {"b": 1, "b": 1, "a": 1, "a": 1}}', ["x.a", "x.b"]),
    ],
)
def test_rule_every_duplicate_key_outside_the_features_is_found_and_named_by_its_path(data, fields):
    features, problems = read_collection("f.geojson", data)
    assert features == [] and [(p.feature, p.field) for p in problems] == [(None, f) for f in fields]


def test_rule_a_duplicate_key_in_features_that_are_not_a_list_is_named_too():
    assert whole_file(b'{"type": "FeatureCollection", "features": {"a": 1, "a": 2}}') == [
        ("features.a", *DUPLICATE),
        ("features", "is a object; expected a list of Features", None),
    ]


def hint_for(places: list, value: str) -> str | None:
    (problem,) = [p for p in cross(places, [feature({**GOOD, "place": value})]) if p.field == "place"]
    return problem.hint


def test_rule_an_id_written_in_capitals_points_to_the_id():
    assert hint_for(named_places(), "D") == "'D' is a name; the place's id is 'd'"


def test_rule_a_misspelt_name_points_to_its_place_and_for_a_district_to_the_district_it_lies_in():
    assert place_hint("Kurdlr") == "did you mean 'kurd_d' (Kurdlar)?"
    assert district_hint("Kurdlr")[1] == "did you mean 'd' (Kurdlar)?"


def test_rule_a_name_only_somewhat_like_a_known_one_gets_no_suggestion():
    assert place_hint("Shxxha") is None  # 0.67 alike: below the 0.75 a suggestion needs


def test_rule_a_misspelt_district_is_matched_against_districts_only():
    places = [*named_places(), place("t_x1", "town", parent="d")]
    assert hint_for(places, "t_x2") == "did you mean 't_x1'?"
    (problem,) = cross(places, [feature({**NEW, "district": "t_x2"}, POINT)])
    assert problem.hint == "did you mean 'd' (T_X1)?"  # not the town 't_x1': by its name, the district it lies in


def test_rule_a_name_shared_by_places_means_a_settlement_before_a_district_or_a_line():
    places = [
        place("a_district", "district", geometry=square(46.0, 39.0, 0.2)),
        place("z_village", "village", parent="a_district"),
        place("m_line", "line", geometry={"type": "LineString", "coordinates": [[46, 39], [46.1, 39]]}),
    ]
    for p in places:
        p["properties"]["names"]["en"] = "Lachin"
    assert hint_for(places, "Lachin") == (
        "'Lachin' is a name; the place's id is 'z_village' (also the name of 'a_district', 'm_line')"
    )


def test_rule_a_name_shared_by_many_places_names_three_others_each_once():
    places = [place(f"k{i}", "village") for i in range(5)]
    for p in places:
        p["properties"]["names"]["en"] = "Kurdlar"
    places[0]["properties"]["names"]["az"] = "Kurdlar"  # the same name in two languages: one place
    assert (
        hint_for(places, "Kurdlar") == "'Kurdlar' is a name; the place's id is 'k0' (also the name of 'k1', 'k2', 'k3')"
    )


def test_rule_names_that_are_not_text_or_are_blank_are_passed_over():
    bad = place("b", "village")
    bad["properties"]["names"] = {"en": 5, "az": "  ", "ru": "Bee"}
    assert hint_for([bad], "Bee") == "'Bee' is a name; the place's id is 'b'"


def test_rule_the_district_a_place_lies_in_is_looked_for_four_levels_up():
    places = [
        place("d", "district", geometry=square(46.0, 39.0, 0.2)),
        place("y", "village", parent="d"),
        place("x", "village", parent="y"),
        place("w", "village", parent="x"),
        place("v", "village", parent="w"),
    ]
    found = cross(
        places, [feature({**NEW, "district": "v"}, POINT), feature({**NEW, "place": "nv2", "district": "w"}, POINT)]
    )
    assert [(p.place, p.hint) for p in found if p.field == "district"] == [
        ("newvillage", None),
        ("nv2", "'w' lies in 'd'"),
    ]


def test_rule_a_chain_of_parents_through_an_unknown_place_leads_to_no_district():
    places = [place("d", "district", geometry=square(46.0, 39.0, 0.2)), place("v", "village", parent="nowhere")]
    found = cross(places, [feature({**NEW, "district": "v"}, POINT)])
    assert [(p.field, p.message, p.hint) for p in found] == [
        ("parent", "is 'nowhere', which is no known place; expected the id of a district", None),
        ("district", "is 'v', a village; expected the id of a district", None),
    ]


def test_rule_a_place_a_claim_adds_lies_in_the_district_it_names():
    found = cross(
        named_places(), [feature(NEW, POINT), feature({**NEW, "place": "nv2", "district": "newvillage"}, POINT)]
    )
    assert [(p.place, p.field, p.message, p.hint) for p in found] == [
        ("nv2", "district", "is 'newvillage', a village; expected the id of a district", "'newvillage' lies in 'd'")
    ]


def test_rule_a_long_integer_at_the_very_start_or_written_twice_is_located_where_reading_stopped():
    number = b"1" * 31
    assert whole_file(number) == [
        (None, "has an integer of 31 digits at line 1, column 1; expected numbers of at most 30 digits", None)
    ]
    assert whole_file(COLLECTION % (b"[" + number + b", " + number + b"]")) == [
        (None, "has an integer of 31 digits at line 1, column 44; expected numbers of at most 30 digits", None)
    ]


def test_rule_a_long_integer_is_located_where_it_is_written_as_a_number_not_in_text_before_it():
    number = b"1" * 31
    data = b'{"type": "FeatureCollection", "name": "' + number + b'", "features": [' + number + b"]}"
    assert whole_file(data) == [
        (None, "has an integer of 31 digits at line 1, column 87; expected numbers of at most 30 digits", None)
    ]


def test_rule_the_names_of_a_place_a_claim_adds_are_known_to_the_hints():
    found = cross(named_places(), [feature(NEW, POINT), feature({**GOOD, "place": "New village"})])
    assert [(p.field, p.hint) for p in found] == [("place", "'New village' is a name; the place's id is 'newvillage'")]
