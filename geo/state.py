"""Who held each place on a given day, by each side's account.

The rules, in words (the README's "How a day's state is computed" says the same):

- A claim about a place also speaks for every place inside it (a district's handover covers its
  towns); the claim about the place itself wins over one about a district on the same day.
- Each *account* (Azerbaijani side, Armenian side, third parties; see :mod:`geo.vocabulary`) holds
  what its newest claim in force says. Two of its claimants saying different things on the same
  day leave that account split.
- All accounts agree: the place is held, *agreed*. They disagree: from the day they stopped agreeing,
  an account that has spoken since is *responding*, one that has not is silent. Responding accounts
  that disagree make the place *contested*; several responding accounts that agree make it *agreed*
  (a stale claim does not outvote them); a single voice against silence is *unconfirmed* (shown
  with its holder, flagged). The record never picks a winner.
- A claim whose date is uncertain (``date_earliest``..``date_latest``) is in force from its earliest
  day and marks the place *uncertain* until its latest day.

:class:`Timeline` computes each place's change points once; :meth:`Timeline.state_on` then answers
for any day with one binary search per place, without rescanning the record.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from geo.load import CONTEXT_KINDS, METRIC_CRS_FOR_AREAS, Record
from geo.vocabulary import CLAIMANTS, NON_HOLDING_KINDS

SPLIT = "split"  # an account whose claimants disagree on the same day


@dataclass(frozen=True)
class PlaceState:
    """The state of one place from a given day until its next change."""

    holder: str | None  # agreed or unconfirmed holder; None when contested or unclaimed
    status: str  # "agreed" | "unconfirmed" | "contested" | "unclaimed"
    uncertain: bool
    accounts: tuple[tuple[str, str], ...] = ()  # (account, holder or "split"), sorted
    claims: tuple[int, ...] = ()  # row numbers in Record.claims of the claims in force, one per claimant
    last_claim: dt.date | None = None

    @property
    def contested(self) -> bool:
        return self.status == "contested"


UNCLAIMED = PlaceState(holder=None, status="unclaimed", uncertain=False)


@dataclass
class Timeline:
    """Each place's states over time, precomputed from a :class:`Record`."""

    record: Record
    days: dict[str, list[dt.date]] = field(default_factory=dict)  # place -> change days (sorted)
    states: dict[str, list[PlaceState]] = field(default_factory=dict)  # place -> state from each change day
    sectors: dict[str, list[str]] = field(default_factory=dict)  # district -> the pieces it is drawn as
    areas: dict[str, float] = field(default_factory=dict)  # piece -> km²

    @classmethod
    def from_record(cls, record: Record) -> Timeline:
        timeline = cls(record)
        places = record.places
        claimable = places[~places["kind"].isin(CONTEXT_KINDS)]
        chains = {pid: ancestors(pid, places["parent"]) for pid in claimable.index}
        by_place = defaultdict(list)
        for row, (place, kind) in enumerate(zip(record.claims["place"], record.claims["claim"], strict=True)):
            if kind not in NON_HOLDING_KINDS:  # shown with the place, but they say nothing about who holds it
                by_place[place].append(row)
        claims = record.claims
        for pid in claimable.index:
            rows = [(depth, r) for depth, anc in enumerate([pid, *chains[pid]]) for r in by_place.get(anc, [])]
            timeline.days[pid], timeline.states[pid] = _changes(rows, claims)
        # A district is drawn and measured as its pieces: the settlement cells of each sector, or the
        # sector itself where no settlement lies in it.
        sectors = claimable[claimable["kind"] == "sector"]
        cells = claimable[claimable["kind"] == "cell"]
        with_cells = set(places.loc[cells["parent"], "parent"])
        pieces = cells.assign(district=[places.at[places.at[p, "parent"], "parent"] for p in cells["parent"]])
        bare = sectors[~sectors.index.isin(with_cells)].assign(district=lambda df: df["parent"])
        drawn = pd.concat([bare, pieces])
        timeline.sectors = {d: list(group.index) for d, group in drawn.groupby("district")}
        timeline.areas = dict(drawn.geometry.to_crs(METRIC_CRS_FOR_AREAS).area / 1e6)
        return timeline

    @property
    def change_days(self) -> list[dt.date]:
        """Every day on which some place's state changes, sorted."""
        return sorted({d for days in self.days.values() for d in days})

    def place_state(self, place: str, day: dt.date) -> PlaceState:
        days = self.days.get(place, [])
        i = bisect.bisect_right(days, day) - 1
        return self.states[place][i] if i >= 0 else UNCLAIMED

    def shares(self, district: str, day: dt.date) -> dict[str, float]:
        """Share of a district's area by holder on ``day`` ('contested' and 'unclaimed' included)."""
        total = defaultdict(float)
        for sector in self.sectors.get(district, []):
            state = self.place_state(sector, day)
            key = state.holder if state.status in ("agreed", "unconfirmed") else state.status
            total[key] += self.areas[sector]
        area = sum(total.values())
        return {k: v / area for k, v in sorted(total.items(), key=lambda kv: -kv[1])} if area else {}

    def state_on(self, day: dt.date) -> pd.DataFrame:
        """One row per place: its state on ``day``. Districts aggregate their sectors."""
        rows = []
        places = self.record.places
        for pid in self.days:
            state = self.place_state(pid, day)
            row = {"place_id": pid, "kind": places.at[pid, "kind"], "holder": state.holder, "status": state.status,
                   "contested": state.contested, "uncertain": state.uncertain,
                   "accounts": dict(state.accounts), "claims": list(state.claims),
                   "last_claim_date": state.last_claim, "shares": None}
            if pid in self.sectors:
                shares = self.shares(pid, day)
                row["shares"] = shares
                sector_states = [self.place_state(s, day) for s in self.sectors[pid]]
                holders = {s.holder for s in sector_states}
                statuses = {s.status for s in sector_states}
                if len(holders) == 1 and statuses <= {"agreed", "unconfirmed"}:
                    row["holder"] = holders.pop()
                    row["status"] = "unconfirmed" if "unconfirmed" in statuses else "agreed"
                else:
                    row["holder"] = None
                    row["status"] = "contested" if "contested" in statuses else "divided"
                row["contested"] = "contested" in statuses
                row["uncertain"] = any(s.uncertain for s in sector_states)
            rows.append(row)
        return pd.DataFrame(rows).set_index("place_id", drop=False)


def ancestors(pid: str, parents: pd.Series) -> list[str]:
    """The places that contain ``pid``, innermost first (its sector, its district, ...)."""
    chain, seen = [], {pid}
    parent = parents.get(pid)
    while isinstance(parent, str) and parent not in seen:
        chain.append(parent)
        seen.add(parent)
        parent = parents.get(parent)
    return chain


def _changes(rows: list[tuple[int, int]], claims: pd.DataFrame) -> tuple[list[dt.date], list[PlaceState]]:
    """Walk one place's claims (``(depth, row)``, depth 0 = about the place itself) through time."""
    start = claims["start"].to_numpy()
    latest = claims["date_latest"].to_numpy()
    holder = claims["holder"].to_numpy()
    claimant = claims["claimant"].to_numpy()
    date = claims["date"].to_numpy()
    events = sorted({start[r] for _, r in rows} | {latest[r] for _, r in rows if latest[r] is not None})
    days, states = [], []
    diverged: dt.date | None = None
    for day in events:
        in_force = [(d, r) for d, r in rows if start[r] <= day]
        # newest claim per claimant (most specific first on the same day) -> "claims in force"
        per_claimant: dict[str, tuple] = {}
        per_account: dict[str, list[tuple]] = defaultdict(list)
        for d, r in in_force:
            key = (start[r], -d)
            best = per_claimant.get(claimant[r])
            if best is None or key > best[0]:
                per_claimant[claimant[r]] = (key, r)
            for account in CLAIMANTS[claimant[r]].accounts:
                per_account[account].append((key, r))
        accounts, spoke = {}, {}
        for account, entries in per_account.items():
            top = max(k for k, _ in entries)
            said = {holder[r] for k, r in entries if k == top}
            accounts[account] = said.pop() if len(said) == 1 else SPLIT
            spoke[account] = top[0]
        deciding = [r for account, entries in per_account.items() for k, r in entries
                    if k == max(k2 for k2, _ in entries)]
        uncertain = any(latest[r] is not None and day < latest[r] for r in deciding)
        values = set(accounts.values())
        if not accounts:
            state_holder, status = None, "unclaimed"
        elif len(values) == 1 and SPLIT not in values:
            state_holder, status, diverged = values.pop(), "agreed", None
        else:
            diverged = diverged or day
            responding = [accounts[a] for a, when in spoke.items() if when >= diverged]
            said = set(responding)
            if len(said) == 1 and SPLIT not in said:
                # several accounts answering alike outweigh a stale one; a single voice is unconfirmed
                state_holder = said.pop()
                status = "agreed" if len(responding) > 1 else "unconfirmed"
            else:
                state_holder, status = None, "contested"
        state = PlaceState(
            holder=state_holder, status=status, uncertain=uncertain,
            accounts=tuple(sorted(accounts.items())),
            claims=tuple(sorted((r for _, r in per_claimant.values()), key=lambda r: (start[r], r))),
            last_claim=max(date[r] for _, r in in_force),
        )
        if not states or state != states[-1]:
            days.append(day)
            states.append(state)
    return days, states
