"""The data in data/ is tested like code: it validates, its areas match published figures, and the
days the issue names come out as the sources say."""

import datetime as dt
import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
import yaml

from geo.crs import METRIC as METRIC_CRS_FOR_AREAS
from geo.files import default_paths
from geo.load import validate_paths
from geo.schema import SCHEMA_DIR, schemas

ROOT = Path(__file__).resolve().parent.parent


def test_every_file_in_data_validates():
    assert validate_paths(default_paths()) == []


def test_published_schemas_are_current_and_referenced():
    for name, schema in schemas().items():
        assert json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")) == schema, (
            f"run python -m geo schema ({name})"
        )
    for path in default_paths():
        kind = "claims" if path.parent.name == "claims" else "places"
        assert json.loads(path.read_text(encoding="utf-8"))["$schema"] == f"../../schema/{kind}.schema.json", path


# Published figures (data/README.md, "Areas checked against published figures"), with the tolerance Natural
# Earth's 1:10m lines allow.
REFERENCE_KM2 = {"nkao": (4388, 0.04), "held_1994": (11650, 0.04)}


@pytest.mark.parametrize("pid", REFERENCE_KM2)
def test_areas_match_reference_figures(timeline, pid):
    expected, tolerance = REFERENCE_KM2[pid]
    area = timeline.record.places.loc[[pid]].to_crs(METRIC_CRS_FOR_AREAS).area.iloc[0] / 1e6
    assert abs(area - expected) / expected < tolerance, f"{pid}: {area:.0f} km² vs {expected}"


def test_held_area_outside_nkao_matches_reference(timeline):
    """Published: the occupied parts of the seven districts, about 7,634 km². Natural Earth's held area
    outside its NKAO line gives ~7,640 (data/README.md); the seven rayons' own polygons give ~7,250,
    since the rayon lines and the NKAO line were digitised separately (see data/README.md)."""
    places = timeline.record.places.to_crs(METRIC_CRS_FOR_AREAS)
    outside = places.at["held_1994", "geometry"].difference(places.at["nkao", "geometry"]).area / 1e6
    assert abs(outside - 7634) / 7634 < 0.04, outside
    seven = [
        f"{d}_district_held1994" for d in ["kalbajar", "lachin", "qubadli", "zangilan", "jabrayil", "fuzuli", "agdam"]
    ]
    rayons = places.loc[seven].geometry.difference(places.at["nkao", "geometry"]).area.sum() / 1e6
    assert abs(rayons - 7634) / 7634 < 0.08, rayons


REQUIRED_PLACES = (
    [
        "nkao",
        "held_1994",
        "ceasefire_1994",
        "stepanakert",
        "shusha",
        "hadrut",
        "martuni",
        "martakert",
        "askeran",
        "khojaly",
        "lachin",
        "kalbajar",
        "qubadli",
        "zangilan",
        "jabrayil",
        "fuzuli",
        "agdam",
        "talish",
        "sugovushan",
    ]
    + [
        f"{d}_district"
        for d in [
            "kalbajar",
            "lachin",
            "qubadli",
            "zangilan",
            "jabrayil",
            "fuzuli",
            "agdam",
            "khojavend",
            "khojaly",
            "shusha",
            "tartar",
        ]
    ]
    + ["khankendi_city"]
)


def test_required_places_have_names_in_both_languages_and_a_source(timeline):
    places = timeline.record.places
    for pid in REQUIRED_PLACES:
        names = places.at[pid, "names"]
        assert names.get("en") and places.at[pid, "source"]["url"], pid
        if places.at[pid, "kind"] in ("town", "city", "village", "district"):
            assert names.get("az") and names.get("hy") and names.get("ru"), pid
    assert {"en": "Shusha", "az": "Şuşa", "hy_latn": "Shushi", "ru": "Шуша"}.items() <= places.at[
        "shusha", "names"
    ].items()


def state(date: str) -> pd.DataFrame:
    out = subprocess.run(
        [sys.executable, "-m", "geo", "state", "--date", date, "--format", "csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return pd.read_csv(StringIO(out), keep_default_na=False, dtype=str).set_index("place_id")


def test_cli_state_columns():
    df = state("2020-11-08")
    assert {"kind", "names", "holder", "contested", "claimants", "last_claim_date", "source_url"} <= set(df.columns)
    assert df.loc["shusha", "names"].split(";")[:2] == ["Shusha", "Şuşa"]


def test_shusha_contested_on_8_november_2020():
    row = state("2020-11-08").loc["shusha"]
    assert row["contested"] == "True"
    assert "Azerbaijani side: azerbaijan" in row["claimants"] and "Armenian side: armenian" in row["claimants"]


def test_shusha_held_by_azerbaijan_by_both_sides_on_10_november_2020():
    row = state("2020-11-10").loc["shusha"]
    assert (row["holder"], str(row["contested"])) == ("azerbaijan", "False")
    assert "Azerbaijani side: azerbaijan" in row["claimants"] and "Armenian side: azerbaijan" in row["claimants"]


def test_before_the_2020_war_lachin_kalbajar_armenian_and_agdam_fuzuli_split():
    df = state("2020-01-01")
    assert df.loc["lachin_district", "holder"] == "armenian"
    assert df.loc["lachin", "holder"] == "armenian" and df.loc["kalbajar", "holder"] == "armenian"
    assert df.loc["kalbajar_district_held1994", "holder"] == "armenian"
    for d in ("agdam", "fuzuli"):
        assert df.loc[f"{d}_district", "holder"] == "divided"
        assert df.loc[f"{d}_district_held1994", "holder"] == "armenian"
        assert df.loc[f"{d}_district_rest1994", "holder"] == "azerbaijan"
        assert "armenian" in df.loc[f"{d}_district", "shares"] and "azerbaijan" in df.loc[f"{d}_district", "shares"]


def test_agdam_handed_over_by_21_november_2020():
    df = state("2020-11-21")
    assert df.loc["agdam_district", "holder"] == "azerbaijan" and df.loc["agdam", "holder"] == "azerbaijan"
    before = state("2020-11-19")
    assert before.loc["agdam", "holder"] == "armenian"


def test_cli_claims_lists_every_claim_with_its_source():
    out = subprocess.run(
        [sys.executable, "-m", "geo", "claims", "--format", "csv"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    df = pd.read_csv(StringIO(out), keep_default_na=False)
    assert {"place_id", "names", "date", "claimant", "claim", "source_url"} <= set(df.columns)
    assert (df["source_url"].str.startswith("http")).all()
    assert {"azerbaijan", "armenia", "artsakh"} <= set(df["claimant"])
    assert dt.date.fromisoformat(df["date"].min()) >= dt.date(1988, 1, 1)


def test_record_holds_300_sourced_claims_about_150_places_over_every_period_from_both_sides():
    out = subprocess.run(
        [sys.executable, "-m", "geo", "claims", "--format", "csv"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    df = pd.read_csv(StringIO(out), keep_default_na=False)
    assert len(df) >= 300 and df["place_id"].nunique() >= 150
    assert (df["source_title"] != "").all() and (df["source_publisher"] != "").all()
    assert df["date"].between("1988-01-01", "2024-12-31").all()
    periods = {
        "1988 start": ("1988-01-01", "1988-12-31"),
        "1991 NKAO and NKR": ("1991-01-01", "1991-12-31"),
        "1992 Shusha, Lachin": ("1992-05-01", "1992-05-31"),
        "1993 districts": ("1993-01-01", "1993-12-31"),
        "1994 counter-offensives and Bishkek": ("1994-01-01", "1994-05-31"),
        "April 2016": ("2016-04-01", "2016-04-30"),
        "2020 war": ("2020-09-27", "2020-11-10"),
        "handovers": ("2020-11-11", "2020-12-01"),
        "September 2023": ("2023-09-19", "2023-10-15"),
        "dissolution": ("2024-01-01", "2024-01-01"),
    }
    for name, (a, b) in periods.items():
        assert df["date"].between(a, b).any(), name
    war = df[df["date"].between("2020-09-27", "2020-11-10")]
    assert {"azerbaijan", "armenia", "artsakh"} <= set(war["claimant"])
    assert (
        war["claimant"].isin(["armenia", "artsakh"]) & war["claim"].isin(["denies", "lost", "controls"])
    ).sum() >= 30


def test_the_2020_war_moves_village_by_village_with_contested_days(timeline):
    """Scrubbing 27 Sep – 10 Nov 2020: settlements change hands on many days, some contested on the way."""
    places = timeline.record.places
    settlements = [p for p in timeline.days if places.at[p, "kind"] in ("village", "town", "city")]
    war = [dt.date(2020, 9, 27) + dt.timedelta(days=i) for i in range(45)]
    moved_on = {
        d: [
            p
            for p in settlements
            if timeline.place_state(p, d) != timeline.place_state(p, d - dt.timedelta(days=1))
            and timeline.place_state(p, d).holder == "azerbaijan"
        ]
        for d in war
    }
    days_with_moves = [d for d, moved in moved_on.items() if moved]
    assert len(days_with_moves) >= 15
    assert sum(map(len, moved_on.values())) >= 60  # village by village, not a district at a time
    contested = {p for p in settlements for d in war if timeline.place_state(p, d).status == "contested"}
    assert {"shusha", "hadrut"} <= contested and len(contested) >= 8


def test_pre_commit_hook_validates_the_whole_record_when_data_changes():
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    }
    hook = hooks["validate-data"]
    assert hooks["ruff-check"]["entry"].startswith("./run ruff check")  # lint, as CI runs it (.ci/run)
    assert hooks["ruff-format"]["entry"].startswith("./run ruff format --check")
    assert hook["entry"] == "./run geo validate" and hook["pass_filenames"] is False
    changed = [p.relative_to(ROOT).as_posix() for p in default_paths()] + [
        "schema/claims.schema.json",
        "geo/validate.py",
    ]
    assert all(re.search(hook["files"], path) for path in changed)
    assert not re.search(hook["files"], "README.md")
