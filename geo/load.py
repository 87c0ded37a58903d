"""Read place and claim files into a :class:`Record`, validating everything first.

``read_record()`` reads ``data/places/*.geojson`` and ``data/claims/*.geojson``; it raises one
:class:`~geo.errors.DataError` listing every problem, or returns the places as a GeoDataFrame
(EPSG:4326, indexed by place id) and the claims as a DataFrame with each claim's holder resolved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

from geo import validate
from geo.cells import settlement_cells
from geo.crs import METRIC, STORED
from geo.errors import DataError, Problem
from geo.validate import check_claims, check_places, claim_key, cross_check, file_too_large, read_collection
from geo.vocabulary import implied_holder

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CRS = STORED
METRIC_CRS_FOR_AREAS = METRIC
#: Kinds that are drawn as context and carry no claims of their own (outlines, lines, countries).
CONTEXT_KINDS = ("country", "line", "area", "oblast")


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


#: Environment variable naming another data folder (with places/ and claims/), e.g. a synthetic record.
DATA_ENV = "KCM_DATA"


def data_dir() -> Path:
    """The folder the app reads: ``$KCM_DATA`` if set, else the project's ``data/``."""
    return Path(os.environ.get(DATA_ENV) or DATA_DIR)


def default_paths(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted((data_dir / "places").glob("*.geojson")) + sorted((data_dir / "claims").glob("*.geojson"))


def expand(paths: list[Path]) -> list[Path]:
    out = []
    for path in paths:
        out += sorted(path.rglob("*.geojson")) if path.is_dir() else [path]
    return out


def is_claim_file(path: Path, features: list) -> bool:
    """Claim files live in a ``claims`` folder, point at the claims schema, or hold claim features."""
    if path.parent.name == "claims":
        return True
    if path.parent.name == "places":
        return False
    return any(isinstance(f, dict) and isinstance(f.get("properties"), dict) and "claimant" in f["properties"]
               for f in features)


def display_name(path: Path) -> str:
    """How messages name a file: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read_bytes(path: Path, name: str) -> tuple[bytes | None, Problem | None]:
    try:
        size = path.stat().st_size
        if size > validate.MAX_FILE_BYTES:  # refused before it is read into memory
            return None, file_too_large(name, size)
        return path.read_bytes(), None
    except OSError as exc:
        return None, Problem(name, None, None, None, f"cannot be read ({exc.strerror}); expected a readable file")


def read_features(paths: list[Path], *, unsaved: Mapping[Path, bytes] | None = None
                  ) -> tuple[list[tuple[str, list]], list[tuple[str, list]], list[Problem]]:
    """Read and check each file on its own: (place files, claim files, problems).

    ``unsaved`` gives the content of files that are checked as they would be written (by ``add-claim``)
    instead of as they are on disk.
    """
    unsaved = {path.resolve(): data for path, data in (unsaved or {}).items()}
    place_files, claim_files, problems = [], [], []
    for path in expand(paths):
        name = display_name(path)
        data = unsaved.get(path.resolve())
        if data is None:
            data, problem = _read_bytes(path, name)
            if problem:
                problems.append(problem)
                continue
        features, found = read_collection(name, data)
        problems += found
        if features is None:
            continue
        if is_claim_file(path, features):
            problems += check_claims(name, features)
            claim_files.append((name, features))
        else:
            problems += check_places(name, features)
            place_files.append((name, features))
    return place_files, claim_files, problems


def _data_folder_of(paths: list[Path]) -> Path | None:
    """The data folder that every one of ``paths`` lies in (as ``<folder>/places/…`` or ``<folder>/claims/…``)."""
    folders = set()
    for path in expand(paths):
        parent = path.resolve().parent
        if parent.name not in ("places", "claims"):
            return None
        folders.add(parent.parent)
    folder = folders.pop() if len(folders) == 1 else None
    return folder if folder is not None and (folder / "places").is_dir() else None


def validate_paths(paths: list[Path] | None = None, *, unsaved: Mapping[Path, bytes] | None = None,
                   folder: Path | None = None) -> list[Problem]:
    """Every problem in ``paths`` (default: all of the data folder). ``unsaved``: see :func:`read_features`.

    Files given on their own are checked with the rest of the data folder (``folder``, default
    :func:`data_dir`) as context — the places its claims add, the claims they could repeat — and only
    their own problems are reported.
    """
    if folder is None:
        folder = _data_folder_of(paths or []) or data_dir()
    everything = default_paths(folder)
    if not paths:
        place_files, claim_files, problems = read_features(everything, unsaved=unsaved)
        return problems + cross_check(place_files, claim_files)
    given = expand(paths)
    names = {display_name(p) for p in given}
    place_files, claim_files, problems = read_features(given, unsaved=unsaved)
    chosen = {p.resolve() for p in given}
    context = [p for p in everything if p.resolve() not in chosen]
    context_places, context_claims, _ = read_features(context)
    found = cross_check(context_places + place_files, context_claims + claim_files)
    return problems + [p for p in found if p.file in names]


def read_record(paths: list[Path] | None = None) -> Record:
    """Read, validate and join places and claims; raise :class:`DataError` with every problem."""
    paths = default_paths() if not paths else paths
    place_files, claim_files, problems = read_features(paths)
    problems += cross_check(place_files, claim_files)
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
            rows.append({"id": props["id"], "kind": props["kind"], "names": props["names"],
                         "parent": props.get("parent"), "source": props["source"], "file": name,
                         "geometry": shape(feature["geometry"])})
    claims = []
    for name, features in claim_files:
        for index, feature in enumerate(features):
            props = feature["properties"]
            if feature.get("geometry") or "place_names" in props:  # a new place (maybe without a position)
                rows.append({"id": props["place"], "kind": props.get("place_kind", "village"),
                             "names": props["place_names"], "parent": props.get("district"),
                             "source": props["place_source"], "file": name,
                             "geometry": shape(feature["geometry"]) if feature.get("geometry") else None})
            date = dt.date.fromisoformat(props["date"])
            earliest = dt.date.fromisoformat(props["date_earliest"]) if props.get("date_earliest") else None
            latest = dt.date.fromisoformat(props["date_latest"]) if props.get("date_latest") else None
            claims.append({
                "claim_id": hashlib.sha1(claim_key(props).encode()).hexdigest()[:12],
                "place": props["place"], "claimant": props["claimant"], "claim": props["claim"],
                "holder": implied_holder(props["claimant"], props["claim"], holder=props.get("holder"), to=props.get("to")),
                "to": props.get("to"), "date": date, "date_earliest": earliest, "date_latest": latest,
                "start": earliest or date, "statement": props.get("statement"), "note": props.get("note"),
                "source": props["source"], "source_kind": props["source"].get("kind", "report"),
                "except": tuple(props.get("except") or ()),
                "weak": props["claimant"] == "observer" and props["source"].get("kind") == "reference",
                "file": name, "feature": index,
            })
    places = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS).set_index("id", drop=False)
    places.index.name = None
    places["parent"] = assign_sectors(places)
    places = pd.concat([places, settlement_cells(places)])
    places["label"] = distinct_labels(places)
    columns = ["claim_id", "place", "claimant", "claim", "holder", "to", "date", "date_earliest", "date_latest",
               "start", "statement", "note", "source", "source_kind", "weak", "except", "file", "feature"]
    claims_df = pd.DataFrame(claims, columns=columns)
    claims_df = claims_df.sort_values(["start", "date", "place", "claimant", "claim_id"], kind="stable").reset_index(drop=True)
    return Record(places=places, claims=claims_df, files=tuple(n for n, _ in place_files + claim_files))


def assign_sectors(places: gpd.GeoDataFrame) -> pd.Series:
    """Point places whose parent is a district get the district's sector that contains them.

    A district is split into sectors along the 1994 line; a settlement belongs to the sector it lies in
    (or the nearest one, since Natural Earth's coarse lines can put a town just outside its district).
    The district itself is set explicitly in the data, never by point-in-polygon.
    """
    parents = places["parent"].copy()
    sectors = places[places["kind"] == "sector"]
    by_district = {d: group for d, group in sectors.groupby("parent")}
    for pid, row in places[places.geometry.geom_type == "Point"].iterrows():
        group = by_district.get(row["parent"])
        if group is None or group.empty:
            continue
        distances = shapely.distance(group.geometry.values, row.geometry)
        parents[pid] = group.index[distances.argmin()]
    return parents


def place_label(names: dict) -> str:
    """'Shusha / Şuşa / Shushi': the distinct English, Azerbaijani and Armenian-side names."""
    labels = []
    for lang in ("en", "az", "hy_latn"):
        name = names.get(lang)
        if name and name not in labels:
            labels.append(name)
    return " / ".join(labels)


def distinct_labels(places: gpd.GeoDataFrame) -> pd.Series:
    """Each place's label (:func:`place_label`), with its district added where two places would
    otherwise read the same ("Kurdlar (Fuzuli District)", "Kurdlar (Jabrayil District)"); a cell
    reads as its settlement."""
    base = pd.Series({pid: place_label(names) for pid, names in places["names"].items()})
    cells = places["kind"] == "cell"
    counts = base[~cells].value_counts()
    labels = base.copy()
    for pid in base[~cells].index:
        if counts[base[pid]] > 1:
            district = _district(places, pid)
            if district and district != pid:
                labels[pid] = f"{base[pid]} ({places.at[district, 'names']['en']})"
    again = labels[~cells].value_counts()
    for pid in labels[~cells].index:  # same name in the same district (or no district): the id decides
        if again[labels[pid]] > 1:
            labels[pid] = f"{labels[pid]} [{pid}]"
    for pid, settlement in places.loc[cells, "parent"].items():
        labels[pid] = labels.get(settlement, base[pid])
    return labels


def _district(places: gpd.GeoDataFrame, pid: str) -> str | None:
    seen = set()
    while isinstance(pid, str) and pid in places.index and pid not in seen:
        if places.at[pid, "kind"] == "district":
            return pid
        seen.add(pid)
        pid = places.at[pid, "parent"]
    return None


def all_names(names: dict) -> str:
    """All of a place's names, ``;``-separated, without repeats."""
    return ";".join(dict.fromkeys(v for v in names.values() if v))

