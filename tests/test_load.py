"""The load test itself runs: two sessions of two steps against the test server, no errors."""

import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def test_load_test_smoke(app_url, browser):  # browser: skips or fails exactly as the other browser tests do
    command = [
        sys.executable,
        "-m",
        "benchmarks.load",
        "--sessions",
        "2",
        "--steps",
        "2",
        "--url",
        app_url,
        "--timeout",
        "120",
        "--step-timeout",
        "60",
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "steps measured: 4 of 4" in result.stdout
    assert "errors: 0 " in result.stdout and "requests blocked (not to 127.0.0.1): 0" in result.stdout


def test_the_benchmarks_synthetic_record_is_a_valid_record(tmp_path):
    from benchmarks import synthetic
    from geo.files import default_paths
    from geo.load import read_record

    record = read_record(default_paths(synthetic.write(tmp_path / "synthetic", 2)))
    real = read_record()
    assert len(record.claims) > 1.5 * len(real.claims)  # every settlement's claims again, about its copy


def test_a_village_placed_by_a_gazetteer_keeps_both_sources():
    """The names come from the announcement (place_source), the coordinates from a gazetteer
    (position_source): the places table gives each, and a village without a position gives none."""
    from geo.load import record_from_features
    from geo.table import places_table
    from tests.factories import SOURCE, claim, place, square

    gazetteer = {**SOURCE, "title": "Village (gazetteer)", "url": "https://example.org/gazetteer/village"}
    new = {"place_names": {"en": "Village"}, "place_kind": "village", "district": "d", "place_source": SOURCE}
    placed = claim("village", "azerbaijan", "captured", "2020-10-20", **new, position_source=gazetteer)
    placed["geometry"] = {"type": "Point", "coordinates": [46.05, 39.05]}
    unplaced = claim("hamlet", "azerbaijan", "captured", "2020-10-20", **{**new, "place_names": {"en": "Hamlet"}})
    record = record_from_features(
        [("p.geojson", [place("d", "district", geometry=square(46.0, 39.0, 0.2))])], [("c.geojson", [placed, unplaced])]
    )
    table = places_table(record).set_index("place_id")
    assert table.at["village", "source_url"] == SOURCE["url"]
    assert table.at["village", "position_source_url"] == gazetteer["url"]
    assert pd.isna(table.at["hamlet", "position_source_url"]) and table.at["d", "position_source_url"] == SOURCE["url"]
