"""Property-based tests of the state computation (hypothesis)."""

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from geo.errors import DataError
from tests.factories import SOURCE, claim, district_places, timeline

PLACES = ["shusha", "town", "d", "d_held1994", "zone_a", "big_area"]  # areas speak for the places in them
KINDS = [
    ("azerbaijan", "captured"),
    ("azerbaijan", "lost"),
    ("armenia", "denies"),
    ("artsakh", "controls"),
    ("artsakh", "lost"),
    ("observer", "controls"),
    ("trilateral", "accepted_terms"),
]
DAYS = [dt.date(2020, 10, 1) + dt.timedelta(days=i) for i in range(0, 40, 3)]

claims_strategy = st.lists(
    st.tuples(st.sampled_from(PLACES), st.sampled_from(KINDS), st.sampled_from(DAYS[:-1]), st.booleans()),
    min_size=1,
    max_size=8,
    unique_by=lambda c: (c[0], c[1], c[2]),
)


def make(spec):
    place, (claimant, kind), day, odd = spec
    extra = {"holder": "armenian" if odd else "azerbaijan"} if claimant == "observer" else {}
    if claimant == "observer" and odd:  # a reference work: shown, never deciding on its own
        extra["source"] = {**SOURCE, "kind": "reference"}
    return claim(place, claimant, kind, day.isoformat(), **extra)


def states(t):
    return {day: t.state_on(day)[["holder", "status", "uncertain"]].to_dict("index") for day in DAYS}


@settings(max_examples=40, deadline=None)
@given(
    claims_strategy,
    st.tuples(st.sampled_from(PLACES), st.sampled_from(KINDS), st.sampled_from(DAYS[1:]), st.booleans()),
)
def test_adding_a_claim_never_changes_a_day_before_it(specs, extra):
    base = [make(s) for s in specs]
    added = make(extra)
    try:
        before, after = timeline(base), timeline(base + [added])
    except DataError:
        assume(False)  # the extra claim exactly repeats one already there
    for day in DAYS:
        if day < extra[2]:
            assert states(before)[day] == states(after)[day]


@settings(max_examples=40, deadline=None)
@given(claims_strategy, st.randoms())
def test_order_of_files_and_features_does_not_change_any_day(specs, rnd):
    features = [make(s) for s in specs]
    shuffled = features[:]
    rnd.shuffle(shuffled)
    half = len(shuffled) // 2
    a = timeline(features)
    from geo.load import record_from_features
    from geo.state import Timeline

    b = Timeline.from_record(
        record_from_features(
            [("p.geojson", district_places())], [("z.geojson", shuffled[:half]), ("a.geojson", shuffled[half:])]
        )
    )
    for day in DAYS:
        sa = a.state_on(day)[["holder", "status", "uncertain"]].to_dict("index")
        sb = b.state_on(day)[["holder", "status", "uncertain"]].to_dict("index")
        assert sa == sb
