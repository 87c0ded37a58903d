"""The one table of who can claim, what a claim can say, and who can hold a place.

Everything that names a side, a kind of claim or a holder reads it from here: the validator, the
state computation, the map's style table and the JSON Schemas (``schema/``) all agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: Holders a place can have. ``armenian`` stands for the forces of Armenia and of the Nagorno-Karabakh
#: Republic (Artsakh) together: the record keeps who said what in ``claimant``, not in the holder.
HOLDERS: dict[str, str] = {
    "azerbaijan": "Azerbaijan",
    "armenian": "Armenian forces (Armenia / Artsakh)",
    "russia": "Russian peacekeepers",
}

#: Accounts: whose version of events a claim belongs to. A place is contested when the accounts' claims
#: in force disagree.
ACCOUNTS: dict[str, str] = {
    "azerbaijani": "Azerbaijani side",
    "armenian": "Armenian side",
    "third_party": "Third parties",
}


@dataclass(frozen=True)
class Claimant:
    label: str
    #: The accounts this claimant speaks for (a joint statement speaks for all its signatories).
    accounts: tuple[str, ...]
    #: The holder meant by "we" in its claims (``None``: every claim must name its holder).
    own: str | None
    #: The holder meant by "the other side" in a "lost" or "withdrew" claim.
    other: str | None


CLAIMANTS: dict[str, Claimant] = {
    "azerbaijan": Claimant("Azerbaijan", ("azerbaijani",), "azerbaijan", "armenian"),
    "armenia": Claimant("Armenia", ("armenian",), "armenian", "azerbaijan"),
    "artsakh": Claimant("Artsakh / Nagorno-Karabakh Republic", ("armenian",), "armenian", "azerbaijan"),
    "russia": Claimant("Russia (peacekeepers)", ("third_party",), "russia", None),
    "trilateral": Claimant(
        "Trilateral statement (Azerbaijan, Armenia, Russia)", ("azerbaijani", "armenian", "third_party"), None, None
    ),
    "observer": Claimant("Third-party observer", ("third_party",), None, None),
}

#: Kinds of claim, with what each says about the holder after it.
CLAIM_KINDS: dict[str, str] = {
    "controls": "the claimant (or the named holder) holds the place",
    "captured": "the claimant took the place",
    "lost": "the claimant lost the place to the other side",
    "withdrew": "the claimant withdrew from the place",
    "handed_over": "the place was handed over to the holder named in 'to'",
    "denies": "the claimant denies the other side's claim; it still holds the place",
    "evacuated": "civilians were evacuated from the place; says nothing about who holds it",
    "accepted_terms": "the claimant accepted terms (a ceasefire, a disarmament, a handover on a later day) "
    "that do not by themselves change who holds the place",
    "declares": "a declaration about the place's status (a referendum, independence, recognition of a "
    "state's borders), not about who holds it on the ground; 'holder' may name the state meant",
}

#: Kinds of claim that are recorded and shown but say nothing about who holds the place on the ground:
#: they never change a place's state.
NON_HOLDING_KINDS = ("evacuated", "accepted_terms", "declares")

#: How strong a claim's source is, strongest first: the side's own statement, a report of it, a
#: reference work written later. A side's claim never rests on a reference work alone.
SOURCE_KINDS: dict[str, str] = {
    "official": (
        "the claimant's own statement: its ministry, president, government, official channel or the text itself"
    ),
    "report": "a report of the statement by a news agency or the press",
    "reference": "a reference work: an encyclopaedia, a later summary or retrospective",
}


class Status(StrEnum):
    """A place's state on a day, as :mod:`geo.state` computes it and the map, tables and charts show it."""

    AGREED = "agreed"  # every account that speaks says the same holder
    UNCONFIRMED = "unconfirmed"  # one account's holder, not answered by the others since
    CONTESTED = "contested"  # the accounts that answer disagree
    UNCLAIMED = "unclaimed"  # no claim speaks for the place on that day
    DIVIDED = "divided"  # a district whose pieces have different holders


#: What the map, the tables and the charts show for a status: words, never codes.
STATUS_LABELS: dict[str, str] = {
    Status.AGREED: "agreed",
    Status.UNCONFIRMED: "claimed by one side, not answered",
    Status.CONTESTED: "contested",
    Status.UNCLAIMED: "no claim",
    Status.DIVIDED: "divided",
}


def holding(holder: str | None, status: str) -> str:
    """The one projection of a state onto a single value: its holder where one is shown (agreed or
    unconfirmed), else the status itself ('contested', 'divided', 'unclaimed')."""
    if status in (Status.AGREED, Status.UNCONFIRMED) and holder:
        return holder
    return str(status)


#: Where a handed-over place went: the recipient named in ``to`` -> holder.
RECIPIENTS: dict[str, str] = {
    "azerbaijan": "azerbaijan",
    "armenia": "armenian",
    "artsakh": "armenian",
    "armenian": "armenian",
    "russia": "russia",
}

#: Languages of place names, in the order the map shows them.
NAME_LANGUAGES: dict[str, str] = {
    "en": "English",
    "az": "Azerbaijani",
    "hy_latn": "Armenian (romanised)",
    "hy": "Armenian",
    "ru": "Russian",
}

#: Kinds of place. Polygons: district, sector (a district's part on one side of the 1994 line), zone,
#: oblast, area, country; points: city, town, village, hill, road; lines: line.
PLACE_KINDS = (
    "district",
    "sector",
    "zone",
    "oblast",
    "area",
    "country",
    "city",
    "town",
    "village",
    "hill",
    "road",
    "pass",
    "line",
)
POINT_KINDS = ("city", "town", "village", "hill", "road", "pass")
#: Kinds of area whose claims speak for every place lying in them (as a district's do for its places).
AREA_KINDS = ("zone", "oblast", "area")
#: Settlements: what the map counts as towns and villages.
SETTLEMENT_KINDS = ("city", "town", "village")

#: The record's bounds: no claim may be dated outside them.
FIRST_DAY = "1988-01-01"
LAST_DAY = "2024-12-31"

#: (west, south, east, north) in degrees: the box every geometry must fall in (the South Caucasus around
#: Karabakh); the validator's, not a view (the map opens on layers.map.INITIAL_VIEW).
REGION_BOUNDS = (44.5, 38.3, 48.5, 41.2)


def implied_holder(claimant: str, kind: str, *, holder: str | None = None, to: str | None = None) -> str | None:
    """Who holds the place according to one claim (``None`` if the claim does not say).

    Parameters
    ----------
    claimant, kind
        Keys of :data:`CLAIMANTS` and :data:`CLAIM_KINDS`.
    holder
        An explicit holder given in the claim; it wins over what the kind implies.
    to
        The recipient of a ``handed_over`` claim.
    """
    if holder is not None:
        return holder
    who = CLAIMANTS[claimant]
    if kind in NON_HOLDING_KINDS:
        return None
    if kind == "handed_over":
        return RECIPIENTS.get(to or "")
    if kind in ("controls", "captured", "denies"):
        return who.own
    if kind in ("lost", "withdrew"):
        return who.other
    return None


#: Kinds that are drawn as context and carry no claims of their own (outlines, lines, countries).
CONTEXT_KINDS = ("country", "line", "area", "oblast")
