"""Read a data folder into a :class:`Record`: every file validated, then places and claims joined.

``read_record()`` reads ``data/places/*.geojson`` and ``data/claims/*.geojson``; it raises one
:class:`~geo.errors.DataError` listing every problem, or returns the places as a GeoDataFrame
(EPSG:4326, indexed by place id) and the claims as a DataFrame with each claim's holder resolved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape

from geo.cells import assign_sectors, settlement_cells
from geo.crs import STORED
from geo.errors import DataError, Problem
from geo.files import (
    data_dir,
    data_folder_of,
    default_paths,
    display_name,
    empty_folders,
    expand,
    folder_problems,
    read_features,
    real_path,
)
from geo.names import distinct_labels
from geo.validate import check_claims, check_places, claim_key, cross_check
from geo.vocabulary import implied_holder


@dataclass(frozen=True)
class Record:
    """Everything the map knows: places and the claims about them."""

    places: gpd.GeoDataFrame
    claims: pd.DataFrame
    files: tuple[str, ...]

    @property
    def first_day(self) -> dt.date:
        return min(self.claims["start"])

    @property
    def last_day(self) -> dt.date:
        return max([*self.claims["date"], *(d for d in self.claims["date_latest"] if d is not None)])

    @property
    def as_of(self) -> dt.date:
        """The date of the newest claim: 'data as of' in citations."""
        return max(self.claims["date"])


def validate_paths(
    paths: list[Path] | None = None, *, unsaved: Mapping[Path, bytes] | None = None, folder: Path | None = None
) -> list[Problem]:
    """Every problem in ``paths`` (default: all of the data folder). ``unsaved``: see :func:`read_features`.

    Files given on their own are checked with the rest of the data folder (``folder``, default
    :func:`data_dir`) as context — the places its claims add, the claims they could repeat — and only
    their own problems are reported.
    """
    if folder is None:
        folder = data_folder_of(paths or []) or data_dir()
    everything = default_paths(folder)
    if not paths:
        problems = folder_problems(folder)
        if problems:
            return problems
        place_files, claim_files, problems = read_features(everything, unsaved=unsaved)
        return problems + cross_check(place_files, claim_files)
    given = expand(paths)
    names = {display_name(p) for p in given}
    place_files, claim_files, problems = read_features(given, unsaved=unsaved)
    problems = empty_folders(paths) + problems
    chosen = {real_path(p) for p in given}
    context = [p for p in everything if real_path(p) not in chosen]
    context_places, context_claims, _ = read_features(context)
    found = cross_check(context_places + place_files, context_claims + claim_files)
    return problems + [p for p in found if p.file in names]


def read_record(paths: list[Path] | None = None) -> Record:
    """Read, validate and join places and claims (default: all of :func:`data_dir`); raise
    :class:`DataError` with every problem."""
    where = None
    if not paths:
        where = data_dir()
        problems = folder_problems(where)
        if problems:
            raise DataError(problems)
        paths = default_paths(where)
    place_files, claim_files, problems = read_features(paths)
    problems += cross_check(place_files, claim_files)
    if not problems and not any(features for _, features in claim_files):  # a map of nothing: say so
        name = display_name(where / "claims") if where else display_name(paths[0])
        problems.append(
            Problem(name, None, None, None, "holds no claim; expected at least one claim file with claims in it")
        )
    if problems:
        raise DataError(problems)
    return build_record(place_files, claim_files)


def record_from_features(place_files: list[tuple[str, list]], claim_files: list[tuple[str, list]]) -> Record:
    """Validate in-memory features (``(file name, features)`` pairs) and build a :class:`Record`."""
    problems = [p for name, features in place_files for p in check_places(name, features)]
    problems += [p for name, features in claim_files for p in check_claims(name, features)]
    problems += cross_check(place_files, claim_files)
    if problems:
        raise DataError(problems)
    return build_record(place_files, claim_files)


def build_record(place_files: list[tuple[str, list]], claim_files: list[tuple[str, list]]) -> Record:
    """Turn already validated features into a :class:`Record`."""
    rows = []
    for name, features in place_files:
        for feature in features:
            props = feature["properties"]
            rows.append(
                {
                    "id": props["id"],
                    "kind": props["kind"],
                    "names": props["names"],
                    "parent": props.get("parent"),
                    "source": props["source"],
                    "position_source": props["source"],
                    "file": name,
                    "geometry": shape(feature["geometry"]),
                }
            )
    claims = []
    for name, features in claim_files:
        for index, feature in enumerate(features):
            props = feature["properties"]
            if feature.get("geometry") or "place_names" in props:  # a new place (maybe without a position)
                rows.append(
                    {
                        "id": props["place"],
                        "kind": props.get("place_kind", "village"),
                        "names": props["place_names"],
                        "parent": props.get("district"),
                        "source": props["place_source"],
                        # where its coordinates come from: the place's source, or a gazetteer's page
                        "position_source": props.get("position_source", props["place_source"])
                        if feature.get("geometry")
                        else None,
                        "file": name,
                        "geometry": shape(feature["geometry"]) if feature.get("geometry") else None,
                    }
                )
            date = dt.date.fromisoformat(props["date"])
            earliest = dt.date.fromisoformat(props["date_earliest"]) if props.get("date_earliest") else None
            latest = dt.date.fromisoformat(props["date_latest"]) if props.get("date_latest") else None
            claims.append(
                {
                    "claim_id": hashlib.sha1(claim_key(props).encode()).hexdigest()[:12],
                    "place": props["place"],
                    "claimant": props["claimant"],
                    "claim": props["claim"],
                    "holder": implied_holder(
                        props["claimant"], props["claim"], holder=props.get("holder"), to=props.get("to")
                    ),
                    "to": props.get("to"),
                    "date": date,
                    "date_earliest": earliest,
                    "date_latest": latest,
                    "start": earliest or date,
                    "statement": props.get("statement"),
                    "note": props.get("note"),
                    "source": props["source"],
                    "source_kind": props["source"].get("kind", "report"),
                    "except": tuple(props.get("except") or ()),
                    "weak": props["claimant"] == "observer" and props["source"].get("kind") == "reference",
                    "file": name,
                    "feature": index,
                }
            )
    places = gpd.GeoDataFrame(rows, geometry="geometry", crs=STORED).set_index("id", drop=False)
    places.index.name = None
    places["parent"] = assign_sectors(places)
    places = pd.concat([places, settlement_cells(places)])
    places["label"] = distinct_labels(places)
    columns = [
        "claim_id",
        "place",
        "claimant",
        "claim",
        "holder",
        "to",
        "date",
        "date_earliest",
        "date_latest",
        "start",
        "statement",
        "note",
        "source",
        "source_kind",
        "weak",
        "except",
        "file",
        "feature",
    ]
    claims_df = pd.DataFrame(claims, columns=columns)
    claims_df = claims_df.sort_values(["start", "date", "place", "claimant", "claim_id"], kind="stable").reset_index(
        drop=True
    )
    return Record(places=places, claims=claims_df, files=tuple(n for n, _ in place_files + claim_files))
