"""Bad input gets a clear answer naming file, feature and field; files are never modified."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.errors import DataError
from geo.load import read_record, validate_paths
from geo.validate import read_collection
from tests.factories import SOURCE, claim, district_places, record

ROOT = Path(__file__).resolve().parent.parent


def write_claims(tmp_path: Path, features) -> Path:
    path = tmp_path / "claims" / "bad.geojson"
    path.parent.mkdir(exist_ok=True)
    text = features if isinstance(features, (str, bytes)) else json.dumps({"type": "FeatureCollection", "features": features})
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


GOOD = claim("shusha", "azerbaijan", "captured", "2020-11-08")["properties"]

BAD_CLAIMS = [
    # (description, properties or raw text, field, message fragment)
    ("unknown place", {**GOOD, "place": "shushaa"}, "place", "did you mean 'shusha'"),
    ("impossible date", {**GOOD, "date": "2020-13-01"}, "date", "not a real day"),
    ("malformed date", {**GOOD, "date": "8 Nov 2020"}, "date", "expected a date as YYYY-MM-DD"),
    ("date outside record", {**GOOD, "date": "1987-12-31"}, "date", "expected a day from 1988-01-01"),
    ("end before start", {**GOOD, "date_earliest": "2020-11-09", "note": "x"}, "date_earliest", "after 'date'"),
    ("unknown claimant", {**GOOD, "claimant": "azerbaijn"}, "claimant", "did you mean 'azerbaijan'"),
    ("unknown claim kind", {**GOOD, "claim": "capture"}, "claim", "did you mean 'captured'"),
    ("misspelt field", {**{k: v for k, v in GOOD.items() if k != "date"}, "dat": "2020-11-08"}, "dat", "did you mean 'date'"),
    ("missing field", {k: v for k, v in GOOD.items() if k != "claimant"}, "claimant", "is missing"),
    ("source without URL", {**GOOD, "source": {k: v for k, v in SOURCE.items() if k != "url"}}, "source.url", "is missing"),
    ("javascript URL", {**GOOD, "source": {**SOURCE, "url": "javascript:alert(1)"}}, "source.url", "http(s) URL"),
    ("handed over to no one", {**GOOD, "claim": "handed_over"}, "to", "recipient"),
    ("observer without holder", {**GOOD, "claimant": "observer", "claim": "controls"}, "holder", "does not say who holds"),
]


@pytest.mark.parametrize("desc,props,field,fragment", BAD_CLAIMS, ids=[b[0] for b in BAD_CLAIMS])
def test_bad_claim_is_reported_with_file_feature_and_field(desc, props, field, fragment):
    features = [claim("shusha", "artsakh", "controls", "1994-05-12"), {"type": "Feature", "geometry": None, "properties": props}]
    with pytest.raises(DataError) as info:
        record(features)
    messages = [str(p) for p in info.value.problems]
    match = [m for m in messages if m.startswith("claims.geojson: feature 1") and f": {field}:" in m]
    assert match, messages
    assert any(fragment in m for m in match), match


def test_every_problem_is_reported_at_once():
    features = [{"type": "Feature", "geometry": None, "properties": {**GOOD, "date": "2020-02-30"}},
                {"type": "Feature", "geometry": None, "properties": {**GOOD, "claimant": "nobody"}},
                {"type": "Feature", "geometry": None, "properties": {**GOOD, "place": "nowhere"}}]
    with pytest.raises(DataError) as info:
        record(features)
    assert {p.feature for p in info.value.problems} == {0, 1, 2}
    assert "3 problems" in str(info.value)


@pytest.mark.parametrize("geometry,fragment", [
    ({"type": "Point", "coordinates": [39.76, 46.75]}, "latitude and longitude look swapped"),
    ({"type": "Point", "coordinates": [2.35, 48.85]}, "outside the region"),
    ({"type": "Polygon", "coordinates": [[[46, 39], [46.1, 39.1], [46, 39.1], [46.1, 39], [46, 39]]]}, "expected null or a Point"),
    ({"type": "Point", "coordinates": []}, "geometry"),
])
def test_bad_geometry_of_a_new_place(geometry, fragment):
    new = {"type": "Feature", "geometry": geometry,
           "properties": {**GOOD, "place": "newvillage", "place_names": {"en": "New"}, "place_source": SOURCE}}
    with pytest.raises(DataError) as info:
        record([new])
    assert any("feature 0 (place 'newvillage')" in str(p) and fragment in str(p) for p in info.value.problems), \
        [str(p) for p in info.value.problems]


def test_exact_repeat_and_duplicate_place_ids():
    places = district_places()
    places.append(places[-1])
    with pytest.raises(DataError) as info:
        record([claim("shusha", "artsakh", "controls", "1994-05-12")] * 2, places)
    text = str(info.value)
    assert "exactly repeats claims.geojson feature 0" in text
    assert "repeats the id of places.geojson feature 4" in text


@pytest.mark.parametrize("data,fragment", [
    (b"", "file is empty"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b'{"type": "FeatureCollection",\n "features": [}', "not valid JSON at line 2, column"),
    (b'{"type": "Feature"}', "expected a GeoJSON FeatureCollection"),
    (b'[1, 2]', "expected a GeoJSON FeatureCollection"),
])
def test_unreadable_files(data, fragment):
    features, problems = read_collection("data/claims/x.geojson", data)
    assert features is None
    assert problems[0].file == "data/claims/x.geojson" and fragment in problems[0].message


def test_very_large_file_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr("geo.validate.MAX_FILE_BYTES", 100)
    _, problems = read_collection("big.geojson", b"{" + b" " * 200 + b"}")
    assert "expected at most" in problems[0].message


def _digest(paths):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_cli_validate_lists_problems_exits_nonzero_and_never_writes(tmp_path):
    bad = write_claims(tmp_path, [{"type": "Feature", "geometry": None, "properties": {**GOOD, "date": "2020-13-01"}},
                                  {"type": "Feature", "geometry": None, "properties": {**GOOD, "place": "nowhere"}}])
    watched = [bad, *sorted((ROOT / "data").rglob("*.geojson"))]
    before = _digest(watched)
    result = subprocess.run([sys.executable, "-m", "geo", "validate", str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "feature 0 (place 'shusha'): date: is '2020-13-01'" in result.stderr
    assert "feature 1 (place 'nowhere'): place:" in result.stderr
    assert "2 problems found" in result.stderr
    assert _digest(watched) == before


def test_validate_paths_checks_claims_against_the_real_places(tmp_path):
    good = write_claims(tmp_path, [claim("shusha", "azerbaijan", "captured", "2020-11-08")])
    assert validate_paths([good]) == []


def test_read_record_of_a_broken_file_raises_one_error(tmp_path):
    bad = write_claims(tmp_path, "{not json")
    with pytest.raises(DataError, match="not valid JSON at line 1"):
        read_record([bad])
