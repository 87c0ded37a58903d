"""How places are named to a reader: a label of the distinct names, made unique by district where two
places share a name, and all of a place's names for searching."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd


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
