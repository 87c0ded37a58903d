"""Who held each place on a given day, by each side's account.

The rules, in words (the README's "How a day's state is computed" says the same):

- A claim speaks for its place and for every place inside it: a sector's and a district's claims
  for their settlements, an area's (the peacekeeping zone, the Lachin corridor, the NKAO, the area
  held 1994–2020, a polygon a claim carries: :mod:`geo.areas`) for every place lying in it. On the
  same day the most specific claim wins: the place itself, then its sector, its district, then the
  smallest area holding it. A later claim wins over an earlier one, whatever its scope. A claim's
  ``except`` names places inside it that its text leaves out ("the district, except the corridor").
- Each *account* (Azerbaijani side, Armenian side, third parties; see :mod:`geo.vocabulary`) holds
  what its newest claim in force says. Two of its claimants saying different things on the same
  day leave that account split: it neither confirms nor contests the others (one voice beside a
  split account is unconfirmed; if every account that speaks is split, the place is contested).
- All accounts agree: the place is held, *agreed*. They disagree: from the day they stopped agreeing,
  an account that has spoken since is *responding*, one that has not is silent. Responding accounts
  that disagree make the place *contested*; several responding accounts that agree make it *agreed*
  (a stale claim does not outvote them); a single voice against silence is *unconfirmed* (shown
  with its holder, flagged). The record never picks a winner.
- A third party's account that rests only on reference works (an observer's claim from an
  encyclopaedia or a later summary) is shown but never makes a place contested or agreed: it decides
  only where no one else speaks, and then the place is unconfirmed.
- Claims that say nothing about who holds a place (``evacuated``, ``accepted_terms``, ``declares``)
  are listed with it but never change its state.
- A claim whose date is uncertain (``date_earliest``..``date_latest``) is in force from its earliest
  day and marks the place *uncertain* until its latest day.
- A district's state is its pieces' (its settlement cells and the sectors without settlements):
  one holder if they all agree, else *divided*, with each holder's share of the area.
- A settlement no source places lies somewhere in its district: when every piece of the district is
  agreed held by one holder, by claims newer than any that speaks for the settlement, so is it
  (wherever it lies, that is what every account says of that spot); its claims in force are then its
  own and its district's.

:class:`Timeline` computes each place's change points once; :meth:`Timeline.place_state` then answers
for any day with one binary search, without rescanning the record.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from geo.areas import areas_holding
from geo.crs import METRIC
from geo.load import Record
from geo.vocabulary import (
    AREA_KINDS,
    CLAIMANTS,
    CONTEXT_KINDS,
    NON_HOLDING_KINDS,
    SETTLEMENT_KINDS,
    SOURCE_KINDS,
    Status,
    holding,
)

SPLIT = "split"  # an account whose claimants disagree on the same day
#: Every kind of source: the default for :meth:`Timeline.from_record`.
ALL_SOURCES = tuple(SOURCE_KINDS)
#: The sides' own statements and reports of them: what the app can limit the map to.
STATEMENTS_AND_REPORTS = ("official", "report")


@dataclass(frozen=True)
class PlaceState:
    """The state of one place from a given day until its next change."""

    holder: str | None  # agreed or unconfirmed holder; None when contested or unclaimed
    status: Status
    uncertain: bool
    accounts: tuple[tuple[str, str], ...] = ()  # (account, holder or "split"), sorted
    claims: tuple[int, ...] = ()  # row numbers in Record.claims of the claims in force, one per claimant
    last_claim: dt.date | None = None

    @property
    def contested(self) -> bool:
        return self.status == Status.CONTESTED

    @property
    def holding(self) -> str:
        """Its holder where one is shown, else its status (:func:`geo.vocabulary.holding`)."""
        return holding(self.holder, self.status)


UNCLAIMED = PlaceState(holder=None, status=Status.UNCLAIMED, uncertain=False)


@dataclass
class Timeline:
    """Each place's states over time, precomputed from a :class:`Record`."""

    record: Record
    days: dict[str, list[dt.date]] = field(default_factory=dict)  # place -> change days (sorted)
    states: dict[str, list[PlaceState]] = field(default_factory=dict)  # place -> state from each change day
    #: place -> the places whose claims speak for it, most specific first (itself, its sector,
    #: district, then the areas holding it, smallest first)
    scopes: dict[str, list[str]] = field(default_factory=dict)
    pieces: dict[str, list[str]] = field(default_factory=dict)  # district -> the pieces it is drawn as
    areas: dict[str, float] = field(default_factory=dict)  # piece -> km²
    sources: tuple[str, ...] = ALL_SOURCES  # the kinds of source whose claims were counted

    @classmethod
    def from_record(cls, record: Record, *, sources: Collection[str] = ALL_SOURCES) -> Timeline:
        """Compute every place's change points.

        Parameters
        ----------
        record
            The places and claims.
        sources
            Count only claims whose source is of these kinds (:data:`geo.vocabulary.SOURCE_KINDS`),
            e.g. :data:`STATEMENTS_AND_REPORTS` to leave reference works out.
        """
        timeline = cls(record, sources=tuple(k for k in SOURCE_KINDS if k in sources))
        places = record.places
        claims = record.claims
        claimable = places[~places["kind"].isin(CONTEXT_KINDS)]
        in_areas = areas_holding(places)
        for pid in claimable.index:
            timeline.scopes[pid] = [pid, *ancestors(pid, places["parent"]), *in_areas.get(pid, [])]
        counted = claims["source_kind"].isin(timeline.sources) & ~claims["claim"].isin(NON_HOLDING_KINDS)
        by_place = defaultdict(list)
        for row in counted[counted].index:
            by_place[claims.at[row, "place"]].append(row)
        leaves_out = claims["except"].to_numpy()
        columns = _Columns.of(claims)
        for pid, scope in timeline.scopes.items():
            inside = set(scope)
            rows = [
                (depth, r)
                for depth, speaker in enumerate(scope)
                for r in by_place.get(speaker, [])
                if not inside.intersection(leaves_out[r])
            ]  # "the district, except the corridor"
            timeline.days[pid], timeline.states[pid] = _changes(rows, columns)
        # A district is drawn and measured as its pieces: the settlement cells of each sector, or the
        # sector itself where no settlement lies in it.
        sectors = claimable[claimable["kind"] == "sector"]
        cells = claimable[claimable["kind"] == "cell"]
        with_cells = set(places.loc[cells["parent"], "parent"])
        pieces = cells.assign(district=[places.at[places.at[p, "parent"], "parent"] for p in cells["parent"]])
        bare = sectors[~sectors.index.isin(with_cells)].assign(district=lambda df: df["parent"])
        drawn = pd.concat([bare, pieces])
        timeline.pieces = {d: list(group.index) for d, group in drawn.groupby("district")}
        timeline.areas = dict(drawn.geometry.to_crs(METRIC).area / 1e6)
        timeline._place_unplaced(claimable)
        return timeline

    def _place_unplaced(self, claimable: pd.DataFrame) -> None:
        """A settlement without a position follows its district where every piece of it is agreed
        (the module's rules, last point)."""
        unplaced = claimable.index[claimable.geometry.isna() & claimable["kind"].isin(SETTLEMENT_KINDS)]
        kinds = claimable["kind"]
        districts: dict[str, tuple[list[dt.date], list[PlaceState]]] = {}
        for pid in unplaced:
            district = next((p for p in self.scopes[pid][1:] if kinds.get(p) == "district"), None)
            if district not in self.pieces:
                continue
            if district not in districts:
                days = sorted({d for piece in self.pieces[district] for d in self.days[piece]})
                districts[district] = (days, [self.district_state(district, d) for d in days])
            self.days[pid], self.states[pid] = _where_its_district_is(
                self.days[pid], self.states[pid], *districts[district]
            )

    @property
    def change_days(self) -> list[dt.date]:
        """Every day on which some place's state changes, sorted."""
        return sorted({d for days in self.days.values() for d in days})

    def place_state(self, place: str, day: dt.date) -> PlaceState:
        return _state_at(self.days.get(place, []), self.states.get(place, []), day)

    def shares(self, district: str, day: dt.date) -> dict[str, float]:
        """Share of a district's area by holder on ``day`` ('contested' and 'unclaimed' included), largest first."""
        total = defaultdict(float)
        for piece in self.pieces.get(district, []):
            total[self.place_state(piece, day).holding] += self.areas[piece]
        area = sum(total.values())
        return {k: v / area for k, v in sorted(total.items(), key=lambda kv: -kv[1])} if area else {}

    def district_state(self, district: str, day: dt.date) -> PlaceState:
        """A district's state from its pieces: one holder if they all show the same, else divided.

        Its accounts, claims in force and last claim come from its pieces as well as from the claims
        about the district itself.
        """
        own = self.place_state(district, day)
        states = [self.place_state(p, day) for p in self.pieces.get(district, [])]
        if not states:
            return own
        shown = {s.holding for s in states}
        if len(shown) == 1 and states[0].status in (Status.AGREED, Status.UNCONFIRMED, Status.UNCLAIMED):
            status = Status.UNCONFIRMED if any(s.status == Status.UNCONFIRMED for s in states) else states[0].status
            holder = states[0].holder
        elif len(shown) == 1 and states[0].status == Status.CONTESTED:
            holder, status = None, Status.CONTESTED
        else:
            holder, status = None, Status.DIVIDED
        accounts: dict[str, set] = defaultdict(set)
        for s in [own, *states]:
            for account, said in s.accounts:
                accounts[account].add(said)
        claims = sorted({r for s in [own, *states] for r in s.claims})
        last = max((s.last_claim for s in [own, *states] if s.last_claim), default=None)
        return PlaceState(
            holder=holder,
            status=status,
            uncertain=any(s.uncertain for s in states),
            accounts=tuple(sorted((a, " / ".join(sorted(h))) for a, h in accounts.items())),
            claims=tuple(claims),
            last_claim=last,
        )

    def state_on(self, day: dt.date) -> pd.DataFrame:
        """One row per place: its state on ``day``. Districts are their pieces (:meth:`district_state`)."""
        rows = []
        places = self.record.places
        for pid in self.days:
            is_district = pid in self.pieces
            state = self.district_state(pid, day) if is_district else self.place_state(pid, day)
            rows.append(
                {
                    "place_id": pid,
                    "kind": places.at[pid, "kind"],
                    "holder": state.holder,
                    "status": str(state.status),
                    "contested": state.contested,
                    "uncertain": state.uncertain,
                    "accounts": dict(state.accounts),
                    "claims": list(state.claims),
                    "last_claim_date": state.last_claim,
                    "shares": self.shares(pid, day) if is_district else None,
                }
            )
        return pd.DataFrame(rows).set_index("place_id", drop=False)


def ancestors(pid: str, parents: pd.Series) -> list[str]:
    """The places that contain ``pid`` by its parents, innermost first (its sector, its district, ...)."""
    chain, seen = [], {pid}
    parent = parents.get(pid)
    while isinstance(parent, str) and parent not in seen:
        chain.append(parent)
        seen.add(parent)
        parent = parents.get(parent)
    return chain


def _not_stale(voices: dict[str, str], spoke: dict[str, dt.date]) -> dict[str, str]:
    """The accounts whose word still counts: an account is stale when at least two accounts have
    spoken since its last claim and all of them say the same other holder."""
    current = dict(voices)
    while True:
        for account, said in current.items():
            newer = {current[b] for b in current if spoke[b] > spoke[account]}
            if (
                sum(spoke[b] > spoke[account] for b in current) >= 2
                and len(newer) == 1
                and SPLIT not in newer
                and newer != {said}
            ):
                del current[account]
                break
        else:
            return current


def _state_at(days: list[dt.date], states: list[PlaceState], day: dt.date) -> PlaceState:
    """The state in force on ``day`` of a place whose states change on ``days`` (one binary search)."""
    i = bisect.bisect_right(days, day) - 1
    return states[i] if i >= 0 else UNCLAIMED


def _where_its_district_is(
    days: list[dt.date], states: list[PlaceState], district_days: list[dt.date], district_states: list[PlaceState]
) -> tuple[list[dt.date], list[PlaceState]]:
    """An unplaced settlement's change points, where its district's agreed state, newer than what
    speaks for the settlement itself, takes over."""
    out_days, out_states = [], []
    for day in sorted(set(days) | set(district_days)):
        own = _state_at(days, states, day)
        whole = _state_at(district_days, district_states, day)
        newer = whole.last_claim is not None and (own.last_claim is None or whole.last_claim > own.last_claim)
        if (
            newer
            and whole.status == Status.AGREED
            and whole.holder is not None
            and (own.status, own.holder) != (Status.AGREED, whole.holder)
        ):
            state = PlaceState(
                holder=whole.holder,
                status=Status.AGREED,
                uncertain=whole.uncertain,
                accounts=whole.accounts,
                claims=tuple(sorted(set(own.claims) | set(whole.claims))),
                last_claim=whole.last_claim,
            )
        else:
            state = own
        if not out_states or state != out_states[-1]:
            out_days.append(day)
            out_states.append(state)
    return out_days, out_states


@dataclass(frozen=True)
class _Columns:
    """The claim columns the walk reads, as arrays, taken once for every place."""

    start: object
    latest: object
    holder: object
    claimant: object
    date: object
    weak: object

    @classmethod
    def of(cls, claims: pd.DataFrame) -> _Columns:
        return cls(*(claims[c].to_numpy() for c in ("start", "date_latest", "holder", "claimant", "date", "weak")))


def _changes(rows: list[tuple[int, int]], columns: _Columns) -> tuple[list[dt.date], list[PlaceState]]:
    """Walk one place's claims (``(depth, row)``, depth 0 = about the place itself) through time.

    The claims come into force in order of their first day; each account keeps only its newest
    claims (and each claimant its newest), updated as they come, so a place with many claims costs
    one pass over them, not one per change day."""
    start, latest, holder = columns.start, columns.latest, columns.holder
    claimant, date, weak = columns.claimant, columns.date, columns.weak
    events = sorted({start[r] for _, r in rows} | {latest[r] for _, r in rows if latest[r] is not None})
    pending = sorted(rows, key=lambda dr: start[dr[1]])
    rank: dict[str, int] = {}  # the accounts in the order the place's scope gives them (judged in that order)
    for _, r in rows:
        for account in CLAIMANTS[claimant[r]].accounts:
            rank.setdefault(account, len(rank))
    taken = 0
    days, states = [], []
    diverged: dt.date | None = None
    # newest claim per claimant (most specific first on the same day) -> "claims in force"
    per_claimant: dict[str, tuple] = {}
    per_account: dict[str, tuple[tuple, list[int]]] = {}  # account -> (newest key, the claims with it)
    last_claim = None
    for day in events:
        while taken < len(pending) and start[pending[taken][1]] <= day:
            d, r = pending[taken]
            taken += 1
            key = (start[r], date[r], -d)  # in force since, then said later, then more specific
            best = per_claimant.get(claimant[r])
            if best is None or key > best[0]:
                per_claimant[claimant[r]] = (key, r)
            for account in CLAIMANTS[claimant[r]].accounts:
                top = per_account.get(account)
                if top is None or key > top[0]:
                    per_account[account] = (key, [r])
                elif key == top[0]:
                    top[1].append(r)
            last_claim = date[r] if last_claim is None or date[r] > last_claim else last_claim
        accounts, spoke, strong = {}, {}, set()
        deciding = []
        for account, (top, rows_top) in sorted(per_account.items(), key=lambda item: rank[item[0]]):
            said = {holder[r] for r in rows_top}
            accounts[account] = said.pop() if len(said) == 1 else SPLIT
            spoke[account] = top[0]
            deciding += rows_top
            if not all(weak[r] for r in rows_top):
                strong.add(account)
        uncertain = any(latest[r] is not None and day < latest[r] for r in deciding)
        # reference-only third-party accounts are shown but decide only where no one else speaks
        voices = {a: h for a, h in accounts.items() if a in strong}
        single = {a: h for a, h in voices.items() if h != SPLIT}  # a split account neither confirms nor contests
        if not accounts:
            state_holder, status = None, Status.UNCLAIMED
        elif not voices:
            said = set(accounts.values())
            state_holder = said.pop() if len(said) == 1 and SPLIT not in said else None
            status = Status.UNCONFIRMED if state_holder else Status.UNCLAIMED
        elif not single:
            state_holder, status = None, Status.CONTESTED  # every account that speaks is split
        elif len(set(single.values())) == 1:
            state_holder = next(iter(single.values()))
            # all who speak with one voice agree; one voice beside a split account is unconfirmed
            status = Status.AGREED if len(single) > 1 or len(voices) == 1 else Status.UNCONFIRMED
            diverged = None if status == Status.AGREED else diverged or day
        else:
            diverged = diverged or day
            current = _not_stale(single, spoke)
            responding = [current[a] for a in current if spoke[a] >= diverged]
            said = set(responding)
            if len(said) == 1:
                # several accounts answering alike outweigh a stale one; a single voice is unconfirmed
                state_holder = said.pop()
                status = Status.AGREED if len(responding) > 1 else Status.UNCONFIRMED
            else:
                state_holder, status = None, Status.CONTESTED
        state = PlaceState(
            holder=state_holder,
            status=status,
            uncertain=uncertain,
            accounts=tuple(sorted(accounts.items())),
            claims=tuple(sorted((r for _, r in per_claimant.values()), key=lambda r: (start[r], r))),
            last_claim=last_claim,
        )
        if not states or state != states[-1]:
            days.append(day)
            states.append(state)
    return days, states


__all__ = ["ALL_SOURCES", "AREA_KINDS", "STATEMENTS_AND_REPORTS", "PlaceState", "Timeline", "ancestors"]
