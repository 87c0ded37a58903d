"""Flat tables of a day's state and of the claim record, for the command line, CSV and the app."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.files import data_dir
from geo.load import Record
from geo.names import all_names
from geo.state import Timeline
from geo.vocabulary import ACCOUNTS, CLAIMANTS, HOLDERS, STATUS_LABELS, Status, holding


def _holder_text(holder: str | None, status: str, shares: dict | None) -> str:
    """Who held it, in words: the holder, 'contested', 'no claim', or a district's shares
    ('divided: Armenian forces 93 %, Azerbaijan 6 %, contested 1 %')."""
    text = HOLDERS.get(holding(holder, status)) or STATUS_LABELS.get(status, status)
    if shares and status == Status.DIVIDED:
        parts = ", ".join(
            f"{HOLDERS.get(k) or STATUS_LABELS.get(k, k)} {v:.0%}" for k, v in shares.items() if v >= 0.005
        )
        return f"{text}: {parts}"
    return text


def state_table(timeline: Timeline, day: dt.date) -> pd.DataFrame:
    """One row per place on ``day``: ids, names, holder, whether contested, who claims what, sources."""
    record = timeline.record
    state = timeline.state_on(day)
    state = state[state["kind"] != "cell"]  # a cell is a drawing of its settlement
    names = record.places["names"]
    urls = [source["url"] for source in record.claims["source"]]
    kinds = record.claims["source_kind"].to_numpy()
    return pd.DataFrame(
        {
            "place_id": state.index,
            "kind": state["kind"].to_numpy(),
            "label": [record.places.at[p, "label"] for p in state.index],
            "names": [all_names(names[p]) for p in state.index],
            "holder": [holding(h, s) for h, s in zip(state["holder"], state["status"], strict=True)],
            "held_by": [
                _holder_text(h, s, sh)
                for h, s, sh in zip(state["holder"], state["status"], state["shares"], strict=True)
            ],
            "status": state["status"].to_numpy(),
            "contested": state["contested"].astype(bool).to_numpy(),
            "uncertain": state["uncertain"].astype(bool).to_numpy(),
            "claimants": [
                "; ".join(f"{ACCOUNTS[a]}: {h}" for a, h in accounts.items()) for accounts in state["accounts"]
            ],
            "shares": [
                "; ".join(f"{k} {v:.0%}" for k, v in shares.items()) if shares else "" for shares in state["shares"]
            ],
            "source_kinds": [" ".join(sorted({kinds[r] for r in rows})) for rows in state["claims"]],
            "last_claim_date": [d.isoformat() if d else "" for d in state["last_claim_date"]],
            "source_url": [" ".join(dict.fromkeys(urls[r] for r in rows)) for rows in state["claims"]],
        }
    )


def places_table(record: Record) -> pd.DataFrame:
    """Every place a claim can name (no derived cells): id, kind, district, names, position, where it
    is defined, and the sources of its names and of its position."""
    places = record.places[record.places["kind"] != "cell"]
    district = [_district_of(places, pid) for pid in places.index]
    points = places.geometry.geom_type == "Point"
    return pd.DataFrame(
        {
            "place_id": places.index,
            "kind": places["kind"].to_numpy(),
            "district": district,
            "label": places["label"].to_numpy(),
            "names": [all_names(n) for n in places["names"]],
            "lon": [round(g.x, 5) if p else None for g, p in zip(places.geometry, points, strict=True)],
            "lat": [round(g.y, 5) if p else None for g, p in zip(places.geometry, points, strict=True)],
            "file": places["file"].to_numpy(),
            "source_url": [source["url"] for source in places["source"]],
            "position_source_url": [s["url"] if isinstance(s, dict) else None for s in places["position_source"]],
        }
    )


def _district_of(places, pid: str) -> str:
    """The district a place lies in (itself for a district), through its sector if it has one."""
    seen = set()
    while isinstance(pid, str) and pid not in seen:
        if places.at[pid, "kind"] == "district":
            return pid
        seen.add(pid)
        pid = places.at[pid, "parent"] if pid in places.index else None
    return ""


def claims_table(record: Record) -> pd.DataFrame:
    """Every claim record, one row each, sorted by date."""
    places = record.places
    claims = record.claims
    return pd.DataFrame(
        {
            "claim_id": claims["claim_id"],
            "place_id": claims["place"],
            "names": [all_names(places.at[p, "names"]) for p in claims["place"]],
            "date": [d.isoformat() for d in claims["date"]],
            "date_earliest": [d.isoformat() if d else "" for d in claims["date_earliest"]],
            "date_latest": [d.isoformat() if d else "" for d in claims["date_latest"]],
            "claimant": claims["claimant"],
            "claimant_label": [CLAIMANTS[c].label for c in claims["claimant"]],
            "claim": claims["claim"],
            "holder": claims["holder"],
            "holder_label": [HOLDERS.get(h, "") for h in claims["holder"]],
            "statement": claims["statement"].fillna(""),
            "note": claims["note"].fillna(""),
            "source_title": [s["title"] for s in claims["source"]],
            "source_publisher": [s["publisher"] for s in claims["source"]],
            "source_date": [s["date"] for s in claims["source"]],
            "source_url": [s["url"] for s in claims["source"]],
            "source_kind": claims["source_kind"],
            "file": claims["file"],
            "feature": claims["feature"],
        }
    )


def stats_tables(record: Record) -> dict[str, pd.DataFrame]:
    """Claims per year, per claimant, per kind of claim and per side and kind of source; places per kind;
    and, for the 2020 war, each district's announced settlements against the record
    (:mod:`geo.announcements`)."""
    from geo.announcements import coverage, read_announcements

    claims = record.claims.assign(year=[d.year for d in record.claims["date"]])
    readme = data_dir() / "README.md"
    announced = read_announcements(readme) if readme.exists() else []
    war = (
        {
            "the 2020 war: settlements announced as taken, and those with Azerbaijan's claim of that day": coverage(
                record, announced
            )
        }
        if announced
        else {}
    )
    return {
        **war,
        "claims per year": claims.groupby("year").size().rename("claims").to_frame(),
        "claims per claimant": claims.groupby("claimant").size().rename("claims").to_frame(),
        "claims per kind": claims.groupby("claim").size().rename("claims").to_frame(),
        "claims per side and kind of source": claims.assign(
            side=[CLAIMANTS[c].label for c in claims["claimant"]]
        ).pivot_table(index="side", columns="source_kind", values="claim_id", aggfunc="count", fill_value=0),
        "places per kind": record.places.assign(unplaced=record.places.geometry.isna())
        .groupby("kind")
        .agg(places=("kind", "size"), without_a_position=("unplaced", "sum")),
        "totals": pd.DataFrame(
            {"count": [len(claims), claims["place"].nunique(), claims["source"].map(lambda s: s["url"]).nunique()]},
            index=["claims", "places with claims", "distinct source URLs"],
        ),
    }
