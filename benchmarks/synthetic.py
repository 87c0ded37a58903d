"""A synthetic record N times the real one (places and claims), for measuring how costs grow.

Every settlement and every claim is copied N-1 times: a copied settlement gets a new id and a
point moved a little within its district (so that it gets its own cell on the map); a copied claim
speaks about the copy of its place (or, for districts and zones, about the same place a few days
later), so that the copies make their own change points instead of repeating the originals.

    python -m benchmarks.synthetic --factor 10 --out /tmp/kcm-x10
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from pathlib import Path

from geo.files import DATA_DIR

JITTER_DEG = 0.03


def _copy_id(pid: str, k: int) -> str:
    return f"{pid}_x{k}"


def _moved(geometry: dict, rng: random.Random) -> dict:
    lon, lat = geometry["coordinates"]
    return {
        "type": "Point",
        "coordinates": [
            round(lon + rng.uniform(-JITTER_DEG, JITTER_DEG), 5),
            round(lat + rng.uniform(-JITTER_DEG, JITTER_DEG), 5),
        ],
    }


def _shift(text: str | None, days: int) -> str | None:
    return None if text is None else (dt.date.fromisoformat(text) + dt.timedelta(days=days)).isoformat()


def write(out: Path, factor: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    (out / "claims").mkdir(parents=True)
    shutil.copytree(DATA_DIR / "places", out / "places", ignore=shutil.ignore_patterns("settlements.geojson"))
    settlements = json.loads((DATA_DIR / "places" / "settlements.geojson").read_text(encoding="utf-8"))
    copied = {f["properties"]["id"] for f in settlements["features"]}
    features = list(settlements["features"])
    for k in range(1, factor):
        for f in settlements["features"]:
            p = f["properties"]
            features.append(
                {
                    **f,
                    "id": _copy_id(p["id"], k),
                    "geometry": _moved(f["geometry"], rng),
                    "properties": {
                        **p,
                        "id": _copy_id(p["id"], k),
                        "names": {lang: f"{n} {k}" for lang, n in p["names"].items()},
                    },
                }
            )
    (out / "places" / "settlements.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8"
    )
    for path in sorted((DATA_DIR / "claims").glob("*.geojson")):
        claims = json.loads(path.read_text(encoding="utf-8"))["features"]
        copied |= {f["properties"]["place"] for f in claims if f.get("geometry") or "place_names" in f["properties"]}
    for path in sorted((DATA_DIR / "claims").glob("*.geojson")):
        claims = json.loads(path.read_text(encoding="utf-8"))["features"]
        out_features = list(claims)
        for k in range(1, factor):
            for f in claims:
                p = dict(f["properties"])
                geometry = f.get("geometry")
                if p["place"] in copied:
                    p["place"] = _copy_id(p["place"], k)
                    if geometry and geometry.get("type") == "Point":
                        geometry = _moved(geometry, rng)
                    if "place_names" in p:  # the claim that adds the place (with a position or without)
                        p["place_names"] = {lang: f"{n} {k}" for lang, n in p["place_names"].items()}
                else:  # a district, sector or zone: the same place, a few days later
                    p["date"], p["date_earliest"], p["date_latest"] = (
                        _shift(p.get(key), k) for key in ("date", "date_earliest", "date_latest")
                    )
                    if p["date"] > "2024-12-31":
                        continue
                p["statement"] = f"{p['statement']} (synthetic copy {k})"
                out_features.append({**f, "geometry": geometry, "properties": p})
        (out / "claims" / path.name).write_text(
            json.dumps({"type": "FeatureCollection", "features": out_features}, ensure_ascii=False), encoding="utf-8"
        )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="./run benchmarks.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    write(args.out, args.factor)
    print(args.out)


if __name__ == "__main__":
    main()
