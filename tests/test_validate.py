"""Bad input gets a clear answer naming file, feature and field; files are never modified."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import DataError
from geo.load import read_record, validate_paths
from geo.validate import MAX_FILE_BYTES, check_claims, cross_check
from tests.factories import SOURCE, claim, district_places, record

ROOT = Path(__file__).resolve().parent.parent

GOOD = claim("shusha", "azerbaijan", "captured", "2020-11-08")["properties"]
#: A claim that adds a village (as data/claims/2020_war_villages.geojson does).
NEW = {
    **GOOD,
    "place": "newvillage",
    "place_names": {"en": "New village", "az": "Yeni kənd"},
    "place_kind": "village",
    "district": "jabrayil_district",
    "place_source": SOURCE,
}
POINT = {"type": "Point", "coordinates": [46.9, 39.3]}


def feature(props, geometry=None) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False).encode("utf-8")


def without(props: dict, key: str) -> dict:
    return {k: v for k, v in props.items() if k != key}


def town(pid: str, geometry=None, **props) -> dict:
    return {
        "type": "Feature",
        "id": pid,
        "geometry": geometry or POINT,
        "properties": {"id": pid, "kind": "town", "names": {"en": pid.title()}, "source": SOURCE, **props},
    }


def district(pid: str, geometry) -> dict:
    return {**town(pid, geometry), "properties": {**town(pid)["properties"], "kind": "district"}}


class Bad(NamedTuple):
    """One bad file: where it goes (``claims`` or ``places``) and the answer it must get."""

    desc: str
    folder: str
    data: bytes
    feature: int | None  # None: the problem is about the file as a whole
    place: str | None
    field: str | None
    fragment: str


BOWTIE = {"type": "Polygon", "coordinates": [[[46, 39], [46.1, 39.1], [46, 39.1], [46.1, 39], [46, 39]]]}

BAD_FILES = [
    # the file as a whole
    Bad(
        "not JSON",
        "claims",
        b'{"type": "FeatureCollection",\n "features": [}',
        None,
        None,
        None,
        "not valid JSON at line 2, column 15",
    ),
    Bad(
        "not UTF-8",
        "claims",
        b'{"type": "FeatureCollection",\n "features": [],\n "name": "\xc5\x9eu\xfea"}',
        None,
        None,
        None,
        "not UTF-8 (byte 60, line 3)",
    ),
    Bad("empty", "claims", b"", None, None, None, "file is empty"),
    Bad("only white space", "places", b"  \n", None, None, None, "file is empty"),
    Bad("a JSON list", "claims", b"[1, 2]", None, None, None, "is a JSON list; expected a GeoJSON FeatureCollection"),
    Bad(
        "a single Feature",
        "claims",
        json.dumps(feature(GOOD)).encode(),
        None,
        None,
        "type",
        "is 'Feature'; expected a GeoJSON FeatureCollection",
    ),
    Bad("no features", "claims", b'{"type": "FeatureCollection"}', None, None, "features", "is missing"),
    Bad("very large file", "claims", collection() + b" " * MAX_FILE_BYTES, None, None, None, "expected at most 20 MB"),
    # one field of one feature
    Bad(
        "feature not an object",
        "claims",
        collection(feature(GOOD), 7),
        1,
        None,
        "feature",
        "is 7; expected a GeoJSON Feature object",
    ),
    Bad(
        "feature without properties",
        "claims",
        collection({"type": "Feature", "geometry": None}),
        0,
        None,
        "properties",
        "is missing",
    ),
    Bad(
        "missing field", "claims", collection(feature(without(GOOD, "claimant"))), 0, "shusha", "claimant", "is missing"
    ),
    Bad(
        "misspelt field",
        "claims",
        collection(feature({**without(GOOD, "date"), "dat": "2020-11-08"})),
        0,
        "shusha",
        "dat",
        "is not a known field; expected one of place, claimant, claim, holder, to, date",
    ),
    Bad(
        "misspelt field is named where it is missing",
        "claims",
        collection(feature({**without(GOOD, "date"), "dat": "2020-11-08"})),
        0,
        "shusha",
        "date",
        "found 'dat'",
    ),
    Bad(
        "misspelt source field",
        "claims",
        collection(feature({**GOOD, "source": {**without(SOURCE, "url"), "ulr": SOURCE["url"]}})),
        0,
        "shusha",
        "source.ulr",
        "did you mean 'url'",
    ),
    Bad(
        "unknown place id",
        "claims",
        collection(feature({**GOOD, "place": "shushaa"})),
        0,
        "shushaa",
        "place",
        "did you mean 'shusha'",
    ),
    Bad(
        "place id in capitals",
        "claims",
        collection(feature({**GOOD, "place": "Shusha"})),
        0,
        "Shusha",
        "place",
        "expected lowercase letters",
    ),
    Bad(
        "impossible date",
        "claims",
        collection(feature({**GOOD, "date": "2020-13-01"})),
        0,
        "shusha",
        "date",
        "is '2020-13-01', which is not a real day; expected YYYY-MM-DD",
    ),
    Bad(
        "29 February of a common year",
        "claims",
        collection(feature({**GOOD, "date": "2021-02-29"})),
        0,
        "shusha",
        "date",
        "not a real day",
    ),
    Bad(
        "malformed date",
        "claims",
        collection(feature({**GOOD, "date": "8 Nov 2020"})),
        0,
        "shusha",
        "date",
        "expected a date as YYYY-MM-DD",
    ),
    Bad(
        "malformed earliest date",
        "claims",
        collection(feature({**GOOD, "date_earliest": "2020/11/01", "note": "n"})),
        0,
        "shusha",
        "date_earliest",
        "expected a date as YYYY-MM-DD",
    ),
    Bad(
        "date outside the record",
        "claims",
        collection(feature({**GOOD, "date": "1987-12-31"})),
        0,
        "shusha",
        "date",
        "expected a day from 1988-01-01 to 2024-12-31",
    ),
    Bad(
        "date given as a number",
        "claims",
        collection(feature({**GOOD, "date": 20201108})),
        0,
        "shusha",
        "date",
        "is 20201108; expected text",
    ),
    Bad(
        "earliest day after the date",
        "claims",
        collection(feature({**GOOD, "date_earliest": "2020-11-09", "note": "n"})),
        0,
        "shusha",
        "date_earliest",
        "is 2020-11-09, after 'date' 2020-11-08; expected date_earliest <= date",
    ),
    Bad(
        "latest day before the date",
        "claims",
        collection(feature({**GOOD, "date_latest": "2020-11-01", "note": "n"})),
        0,
        "shusha",
        "date_latest",
        "expected date <= date_latest",
    ),
    Bad(
        "uncertain date without a note",
        "claims",
        collection(feature({**GOOD, "date_latest": "2020-11-09"})),
        0,
        "shusha",
        "note",
        "expected a note saying which source gives which date",
    ),
    Bad(
        "unknown claimant",
        "claims",
        collection(feature({**GOOD, "claimant": "azerbaijn"})),
        0,
        "shusha",
        "claimant",
        "expected one of azerbaijan, armenia, artsakh, russia, trilateral, observer. Hint: did you mean 'azerbaijan'",
    ),
    Bad(
        "unknown kind of claim",
        "claims",
        collection(feature({**GOOD, "claim": "capture"})),
        0,
        "shusha",
        "claim",
        "expected one of controls, captured, lost, withdrew, handed_over, denies, evacuated, accepted_terms, "
        "declares. Hint: did you mean 'captured'",
    ),
    Bad(
        "unknown holder",
        "claims",
        collection(feature({**GOOD, "holder": "armenia"})),
        0,
        "shusha",
        "holder",
        "expected one of azerbaijan, armenian, russia. Hint: did you mean 'armenian'",
    ),
    Bad(
        "handed over to no one",
        "claims",
        collection(feature({**GOOD, "claim": "handed_over"})),
        0,
        "shusha",
        "to",
        "expected the recipient",
    ),
    Bad(
        "observer without holder",
        "claims",
        collection(feature({**GOOD, "claimant": "observer", "claim": "controls"})),
        0,
        "shusha",
        "holder",
        "does not say who holds the place",
    ),
    Bad(
        "source without URL",
        "claims",
        collection(feature({**GOOD, "source": without(SOURCE, "url")})),
        0,
        "shusha",
        "source.url",
        "is missing",
    ),
    Bad(
        "source URL not http",
        "claims",
        collection(feature({**GOOD, "source": {**SOURCE, "url": "javascript:alert(1)"}})),
        0,
        "shusha",
        "source.url",
        "expected an http(s) URL",
    ),
    Bad(
        "source given as a bare URL",
        "claims",
        collection(feature({**GOOD, "source": SOURCE["url"]})),
        0,
        "shusha",
        "source",
        "expected an object",
    ),
    Bad(
        "source without a title",
        "claims",
        collection(feature({**GOOD, "source": {**SOURCE, "title": ""}})),
        0,
        "shusha",
        "source.title",
        "is empty; expected text",
    ),
    Bad(
        "exact repeat of a claim",
        "claims",
        collection(feature(GOOD), feature(GOOD)),
        1,
        "shusha",
        "feature",
        "exactly repeats claims/bad.geojson feature 0",
    ),
    # a claim that adds a place: its geometry and place_* fields
    Bad(
        "new village as a polygon",
        "claims",
        collection(feature(NEW, BOWTIE)),
        0,
        "newvillage",
        "geometry",
        "is a Polygon; expected a Point for a place of kind 'village'",
    ),
    Bad(
        "new area as a point",
        "claims",
        collection(feature({**NEW, "place_kind": "area"}, {"type": "Point", "coordinates": [46.7, 39.8]})),
        0,
        "newvillage",
        "geometry",
        "is a Point; expected a Polygon or MultiPolygon for a place of kind 'area'",
    ),
    Bad(
        "new place with empty coordinates",
        "claims",
        collection(feature(NEW, {"type": "Point", "coordinates": []})),
        0,
        "newvillage",
        "geometry",
        "is empty",
    ),
    Bad(
        "new place with a NaN coordinate",
        "claims",
        collection(feature(NEW, {"type": "Point", "coordinates": [float("nan"), 39.3]})),
        0,
        "newvillage",
        "geometry",
        "not a finite number",
    ),
    Bad(
        "new place outside the region",
        "claims",
        collection(feature(NEW, {"type": "Point", "coordinates": [2.35, 48.85]})),
        0,
        "newvillage",
        "geometry",
        "lies outside the region",
    ),
    Bad(
        "new place with latitude and longitude swapped",
        "claims",
        collection(feature(NEW, {"type": "Point", "coordinates": [39.3, 46.9]})),
        0,
        "newvillage",
        "geometry",
        "latitude and longitude look swapped",
    ),
    Bad(
        "new place without names",
        "claims",
        collection(feature(without(NEW, "place_names"), POINT)),
        0,
        "newvillage",
        "place_names",
        "is missing; expected it with a geometry",
    ),
    Bad(
        "new place without a position or a district",
        "claims",
        collection(feature({k: v for k, v in NEW.items() if k != "district"})),
        0,
        "newvillage",
        "district",
        "is missing; expected it for a new place without a position",
    ),
    Bad(
        "new height without a position",
        "claims",
        collection(feature({**NEW, "place_kind": "hill"})),
        0,
        "newvillage",
        "place_kind",
        "is 'hill' without a geometry; expected a Point or Polygon geometry",
    ),
    Bad(
        "a side's claim resting on a reference work",
        "claims",
        collection(feature({**GOOD, "source": {**SOURCE, "kind": "reference"}})),
        0,
        "shusha",
        "source.kind",
        "is 'reference' for a claim by 'azerbaijan'; expected the side's own statement",
    ),
    Bad(
        "source without its kind",
        "claims",
        collection(feature({**GOOD, "source": {k: v for k, v in SOURCE.items() if k != "kind"}})),
        0,
        "shusha",
        "source.kind",
        "is missing; expected it to be given",
    ),
    Bad(
        "new place in an unknown district",
        "claims",
        collection(feature({**NEW, "district": "jabrayil_distrct"}, POINT)),
        0,
        "newvillage",
        "district",
        "did you mean 'jabrayil_district'",
    ),
    Bad(
        "new place that already exists",
        "claims",
        collection(feature({**NEW, "place": "shusha"}, POINT)),
        0,
        "shusha",
        "geometry",
        "adds place 'shusha', already defined in",
    ),
    # place files
    Bad(
        "invalid polygon",
        "places",
        collection(district("bow", BOWTIE)),
        0,
        "bow",
        "geometry",
        "is not valid (Self-intersection",
    ),
    Bad(
        "empty polygon",
        "places",
        collection(district("hole", {"type": "Polygon", "coordinates": []})),
        0,
        "hole",
        "geometry",
        "is empty",
    ),
    Bad(
        "null geometry of a place",
        "places",
        collection({**town("nowhere"), "geometry": None}),
        0,
        "nowhere",
        "geometry",
        "is null; expected a GeoJSON geometry",
    ),
    Bad(
        "unreadable coordinates",
        "places",
        collection(district("knot", {"type": "Polygon", "coordinates": [[46, 39]]})),
        0,
        "knot",
        "geometry",
        "cannot be read",
    ),
    Bad(
        "district drawn as a point",
        "places",
        collection(district("dot", POINT)),
        0,
        "dot",
        "geometry",
        "is a Point; expected a Polygon or MultiPolygon for a place of kind 'district'",
    ),
    Bad(
        "town with latitude and longitude swapped",
        "places",
        collection(town("flip", {"type": "Point", "coordinates": [39.3, 46.9]})),
        0,
        "flip",
        "geometry",
        "latitude and longitude look swapped",
    ),
    Bad(
        "duplicate place id",
        "places",
        collection(town("twin"), town("twin")),
        1,
        "twin",
        "id",
        "repeats the id of places/bad.geojson feature 0",
    ),
    Bad(
        "unknown parent",
        "places",
        collection(town("child", parent="atlantis")),
        0,
        "child",
        "parent",
        "is 'atlantis', which is no known place",
    ),
    Bad(
        "unknown kind of place",
        "places",
        collection(town("odd", kind="hamlet")),
        0,
        "odd",
        "kind",
        "expected one of district, sector",
    ),
]


def where(bad: Bad) -> str:
    """The start of the message the case must get: ``file: feature N (place 'id'): field: ``."""
    text = f"{bad.folder}/bad.geojson"
    if bad.feature is not None:
        text += f": feature {bad.feature}" + (f" (place {bad.place!r})" if bad.place else "")
    return text + (f": {bad.field}: " if bad.field else ": ")


@pytest.mark.parametrize("bad", BAD_FILES, ids=[b.desc for b in BAD_FILES])
def test_bad_input_is_reported_naming_file_feature_and_field(bad, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # file names are shown relative to the working folder
    path = tmp_path / bad.folder / "bad.geojson"
    path.parent.mkdir()
    path.write_bytes(bad.data)
    problems = [str(p) for p in validate_paths([path])]
    assert any(p.startswith(where(bad)) and bad.fragment in p for p in problems), problems
    assert all("; expected" in p for p in problems), problems


def test_every_problem_is_reported_at_once():
    features = [
        feature({**GOOD, "date": "2020-02-30"}),
        feature({**GOOD, "claimant": "nobody"}),
        feature({**GOOD, "place": "nowhere"}),
        feature({**GOOD, "dat": "2020-11-08", "date": "2021-02-29"}),
    ]
    with pytest.raises(DataError) as info:
        record(features)
    assert {p.feature for p in info.value.problems} == {0, 1, 2, 3}
    assert {p.field for p in info.value.problems if p.feature == 3} == {"dat", "date"}
    assert "5 problems" in str(info.value)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from([*GOOD, *NEW, "geometry", "properties", "type"]), value=JSON)
def test_any_json_in_any_field_gets_problems_never_a_traceback(key, value):
    if key in ("geometry", "properties", "type"):
        bad = {**feature(NEW, POINT), key: value}
    else:
        bad = feature({**NEW, key: value}, POINT)
    problems = check_claims("c", [bad]) + cross_check([("p", district_places())], [("c", [bad, bad])])
    assert all(p.file == "c" and p.feature in (0, 1) for p in problems)


def _digest(folder: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cli_validate_over_a_folder_of_bad_files_exits_nonzero_and_changes_nothing(tmp_path):
    folder = tmp_path / "bad"
    for number, bad in enumerate(BAD_FILES):
        path = folder / bad.folder / f"{number:02d}.geojson"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bad.data)
    before, data_before = _digest(folder), _digest(ROOT / "data")
    result = subprocess.run(
        [sys.executable, "-m", "geo", "validate", str(folder), "data/places"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1, result.stderr
    for number, bad in enumerate(BAD_FILES):
        assert f"{bad.folder}/{number:02d}.geojson: " in result.stderr, bad.desc
    assert "problems found" in result.stderr
    assert _digest(folder) == before  # byte for byte, and no file added or removed
    assert _digest(ROOT / "data") == data_before


def test_validate_paths_checks_claims_against_the_real_places(tmp_path):
    good = tmp_path / "claims" / "good.geojson"
    good.parent.mkdir()
    good.write_bytes(collection(feature(GOOD), feature(NEW, POINT)))
    assert validate_paths([good]) == []


def test_read_record_of_a_broken_file_raises_one_error(tmp_path):
    bad = tmp_path / "claims" / "bad.geojson"
    bad.parent.mkdir()
    bad.write_text("{not json")
    with pytest.raises(DataError, match="not valid JSON at line 1"):
        read_record([bad])


def test_a_note_may_break_lines_the_windows_way_and_a_handover_without_recipient_is_one_problem():
    assert check_claims("c", [feature({**GOOD, "note": "first line\r\nsecond line"})]) == []
    problems = check_claims("c", [feature({**GOOD, "claim": "handed_over"})])
    assert [p.field for p in problems] == ["to"]
    problems = check_claims("c", [feature({**GOOD, "statement": ["\x01"]})])
    assert [p.field for p in problems] == ["statement"]  # not again for the characters inside


def test_a_long_integer_is_located_where_it_is_a_number_not_where_its_digits_first_appear_in_text():
    from geo.validate import read_collection

    digits = "1" * 40
    data = f'{{"type": "FeatureCollection", "name": "{digits}",\n "features": [{digits}]}}'.encode()
    (problem,) = read_collection("f", data)[1]
    assert "at line 2, column 15" in problem.message
