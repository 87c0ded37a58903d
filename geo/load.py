"""Read place and claim files into a :class:`Record`, validating everything first.

``read_record()`` reads ``data/places/*.geojson`` and ``data/claims/*.geojson``; it raises one
:class:`~geo.errors.DataError` listing every problem, or returns the places as a GeoDataFrame
(EPSG:4326, indexed by place id) and the claims as a DataFrame with each claim's holder resolved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
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
#: The app, ``python -m geo`` and ``python -m layers`` all read it through :func:`data_dir`.
DATA_ENV = "KCM_DATA"


def data_dir() -> Path:
    """The data folder every command and the app read: ``$KCM_DATA`` if set (relative to the working
    folder), else the project's ``data/``."""
    value = os.environ.get(DATA_ENV, "").strip()
    return Path(value).expanduser() if value else DATA_DIR


def default_paths(folder: Path | None = None) -> list[Path]:
    """Every ``places/*.geojson`` and ``claims/*.geojson`` of a data folder (default :func:`data_dir`)."""
    folder = data_dir() if folder is None else Path(folder)
    return sorted((folder / "places").glob("*.geojson")) + sorted((folder / "claims").glob("*.geojson"))


def expand(paths: list[Path]) -> list[Path]:
    """Files given, and the ``*.geojson`` files inside folders given (a folder named ``*.geojson`` in a
    folder is looked into, not read)."""
    out: dict[str, Path] = {}  # a file given twice (itself and in its folder) is read once
    for path in paths:
        found = sorted(p for p in path.rglob("*.geojson") if not p.is_dir()) if path.is_dir() else [path]
        for file in found:
            out.setdefault(os.path.abspath(file), file)
    return list(out.values())


def empty_folders(paths: list[Path]) -> list[Problem]:
    """A problem for each folder given that holds no ``*.geojson`` file: nothing in it would be checked."""
    return [
        Problem(
            display_name(path),
            None,
            None,
            None,
            "is a folder with no .geojson file in it; expected GeoJSON files, or a folder holding them",
            "give the files themselves, or the data folder",
        )
        for path in paths
        if path.is_dir() and not expand([path])
    ]


def folder_problems(folder: Path) -> list[Problem]:
    """A problem when ``folder`` is no data folder (its ``places/`` or ``claims/`` missing), naming
    ``$KCM_DATA`` when that is where it came from."""
    missing = [sub for sub in ("places", "claims") if not (folder / sub).is_dir()]
    if not missing:
        return []
    setting = os.environ.get(DATA_ENV, "").strip()
    hint = (
        f"{DATA_ENV} is set to {setting!r}; unset it to use {display_name(DATA_DIR)}"
        if setting
        else "run the command from a checkout of the project"
    )
    return [
        Problem(
            display_name(folder),
            None,
            None,
            None,
            f"has no {' or '.join(s + '/' for s in missing)} folder; expected a data folder with places/ and claims/",
            hint,
        )
    ]


def _real(path: Path) -> Path:
    """``path`` with every symbolic link followed (never raising, even on a loop of links)."""
    return Path(os.path.realpath(path))


def is_claim_file(path: Path, features: list) -> bool:
    """Claim files live in a ``claims`` folder, point at the claims schema, or hold claim features."""
    if path.parent.name == "claims":
        return True
    if path.parent.name == "places":
        return False
    return any(
        isinstance(f, dict) and isinstance(f.get("properties"), dict) and "claimant" in f["properties"]
        for f in features
    )


def display_name(path: Path) -> str:
    """How messages name a file: relative to the working folder when it is inside it (a symbolic link
    by its own name, not its target's)."""
    for absolute in (Path(os.path.abspath(path)), _real(path)):
        try:
            return str(absolute.relative_to(Path.cwd()))
        except ValueError:
            continue
    return str(path)


_FILE_TYPES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(name: str, path: Path, info: os.stat_result) -> Problem:
    what = next((text for test, text in _FILE_TYPES if test(info.st_mode)), "not a regular file")
    link = f" (a link to {os.path.realpath(path)})" if os.path.islink(path) else ""
    return Problem(
        name,
        None,
        None,
        None,
        f"is {what}{link}, not a regular file; expected a GeoJSON file",
        "only regular files are read",
    )


def read_data_file(path: Path, name: str | None = None) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file, read up to :data:`~geo.validate.MAX_FILE_BYTES` and no further;
    or the problem that stopped it. A folder, a FIFO (which would block), a device (``/dev/zero`` never
    ends) or a socket, also behind a symbolic link, is refused before a byte is read."""
    name = display_name(path) if name is None else name
    limit = validate.MAX_FILE_BYTES
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None, _not_regular(name, path, info)
        if info.st_size > limit:  # refused before it is read into memory
            return None, file_too_large(name, info.st_size)
        # O_NONBLOCK: should the path become a FIFO between the stat and the open, opening it cannot block.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        return None, Problem(name, None, None, None, f"cannot be read ({exc.strerror}); expected a readable file")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, _not_regular(name, path, info)
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):  # a file that grows, or says it is empty (/proc), is cut off too
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return None, file_too_large(name, size, at_least=True)
        return b"".join(chunks), None
    except OSError as exc:
        return None, Problem(name, None, None, None, f"cannot be read ({exc.strerror}); expected a readable file")
    finally:
        os.close(fd)


def read_features(
    paths: list[Path], *, unsaved: Mapping[Path, bytes] | None = None
) -> tuple[list[tuple[str, list]], list[tuple[str, list]], list[Problem]]:
    """Read and check each file on its own: (place files, claim files, problems).

    ``unsaved`` gives the content of files that are checked as they would be written (by ``add-claim``)
    instead of as they are on disk.
    """
    unsaved = {_real(path): data for path, data in (unsaved or {}).items()}
    place_files, claim_files, problems = [], [], []
    for path in expand(paths):
        name = display_name(path)
        data = unsaved.get(_real(path))
        if data is None:
            data, problem = read_data_file(path, name)
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
        parent = _real(path).parent
        if parent.name not in ("places", "claims"):
            return None
        folders.add(parent.parent)
    folder = folders.pop() if len(folders) == 1 else None
    return folder if folder is not None and (folder / "places").is_dir() else None


def validate_paths(
    paths: list[Path] | None = None, *, unsaved: Mapping[Path, bytes] | None = None, folder: Path | None = None
) -> list[Problem]:
    """Every problem in ``paths`` (default: all of the data folder). ``unsaved``: see :func:`read_features`.

    Files given on their own are checked with the rest of the data folder (``folder``, default
    :func:`data_dir`) as context — the places its claims add, the claims they could repeat — and only
    their own problems are reported.
    """
    if folder is None:
        folder = _data_folder_of(paths or []) or data_dir()
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
    chosen = {_real(p) for p in given}
    context = [p for p in everything if _real(p) not in chosen]
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
    places = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS).set_index("id", drop=False)
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
