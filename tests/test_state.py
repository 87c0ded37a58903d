"""The state of a place on a day, on tiny in-code records."""

import datetime as dt

import pytest

from tests.factories import claim, timeline

D = dt.date.fromisoformat


def test_both_sides_agree_after_capture_and_admission():
    t = timeline([
        claim("shusha", "artsakh", "controls", "1994-05-12"),
        claim("shusha", "azerbaijan", "lost", "1992-05-08"),
        claim("shusha", "azerbaijan", "captured", "2020-11-08"),
        claim("shusha", "armenia", "denies", "2020-11-08"),
        claim("shusha", "artsakh", "lost", "2020-11-09"),
    ])
    before = t.place_state("shusha", D("2020-11-07"))
    assert (before.holder, before.status) == ("armenian", "agreed")
    on = t.place_state("shusha", D("2020-11-08"))
    assert on.status == "contested" and on.holder is None
    assert dict(on.accounts) == {"azerbaijani": "azerbaijan", "armenian": "armenian"}
    after = t.place_state("shusha", D("2020-11-10"))
    assert (after.holder, after.status) == ("azerbaijan", "agreed")


def test_unanswered_claim_is_unconfirmed_not_contested():
    t = timeline([
        claim("shusha", "artsakh", "controls", "1994-05-12"),
        claim("shusha", "azerbaijan", "captured", "2020-10-20"),
    ])
    state = t.place_state("shusha", D("2020-10-21"))
    assert (state.holder, state.status, state.contested) == ("azerbaijan", "unconfirmed", False)


def test_denial_the_day_after_makes_it_contested():
    t = timeline([
        claim("shusha", "artsakh", "controls", "1994-05-12"),
        claim("shusha", "azerbaijan", "captured", "2020-10-09"),
        claim("shusha", "armenia", "denies", "2020-10-10"),
    ])
    assert t.place_state("shusha", D("2020-10-09")).status == "unconfirmed"
    assert t.place_state("shusha", D("2020-10-10")).status == "contested"


def test_same_day_disagreement_within_one_side_splits_it():
    t = timeline([
        claim("shusha", "azerbaijan", "captured", "2020-11-08"),
        claim("shusha", "artsakh", "lost", "2020-11-09"),
        claim("shusha", "armenia", "denies", "2020-11-09"),
    ])
    state = t.place_state("shusha", D("2020-11-09"))
    assert state.status == "contested"
    assert dict(state.accounts)["armenian"] == "split"


def test_district_claim_reaches_its_towns_and_sectors_and_shares_follow_area():
    t = timeline([
        claim("d_held1994", "observer", "controls", "1994-05-12", holder="armenian"),
        claim("d_rest1994", "observer", "controls", "1994-05-12", holder="azerbaijan"),
        claim("d", "trilateral", "handed_over", "2020-11-20", to="azerbaijan"),
    ])
    day = D("2020-01-01")
    assert t.place_state("town", day).holder == "armenian"  # inherits its sector
    shares = t.shares("d", day)
    assert set(shares) == {"armenian", "azerbaijan"} and abs(sum(shares.values()) - 1) < 1e-9
    row = t.state_on(day).loc["d"]
    assert row["status"] == "divided"
    after = D("2020-11-21")
    assert t.place_state("town", after).holder == "azerbaijan"
    assert t.shares("d", after) == {"azerbaijan": pytest.approx(1.0)}


def test_own_claim_beats_district_claim_on_the_same_day():
    t = timeline([
        claim("d", "azerbaijan", "lost", "1993-07-23"),
        claim("town", "azerbaijan", "controls", "1993-07-23"),
    ])
    assert t.place_state("town", D("1993-07-24")).holder == "azerbaijan"
    assert t.place_state("d_rest1994", D("1993-07-24")).holder == "armenian"


def test_uncertain_date_is_in_force_from_earliest_and_flagged_until_latest():
    t = timeline([
        claim("shusha", "azerbaijan", "lost", "1993-04-03", date_earliest="1993-04-01", date_latest="1993-04-05",
              note="AP says 1 April; the ministry 3 April; other sources 5 April"),
    ])
    assert t.place_state("shusha", D("1993-03-31")).status == "unclaimed"
    mid = t.place_state("shusha", D("1993-04-02"))
    assert mid.holder == "armenian" and mid.uncertain
    assert not t.place_state("shusha", D("1993-04-05")).uncertain


def test_before_any_claim_a_place_is_unclaimed():
    t = timeline([claim("shusha", "azerbaijan", "captured", "2020-11-08")])
    assert t.place_state("shusha", D("1990-01-01")).status == "unclaimed"


def test_answers_come_from_the_precomputed_index():
    t = timeline([claim("shusha", "azerbaijan", "captured", "2020-11-08"),
                  claim("shusha", "armenia", "denies", "2020-11-08")])
    assert t.days["shusha"] == [D("2020-11-08")]
    assert D("2020-11-08") in t.change_days


def test_claims_in_force_keep_one_per_claimant_with_sources():
    t = timeline([
        claim("shusha", "artsakh", "controls", "1994-05-12"),
        claim("shusha", "artsakh", "lost", "2020-11-09"),
        claim("shusha", "azerbaijan", "captured", "2020-11-08"),
    ])
    state = t.place_state("shusha", D("2020-11-10"))
    rows = t.record.claims.iloc[list(state.claims)]
    assert sorted(rows["claimant"]) == ["artsakh", "azerbaijan"]
    assert set(rows["claim"]) == {"lost", "captured"}


def test_district_share_follows_its_settlements_through_their_cells():
    from tests.factories import district_places, place

    places = district_places() + [place("village", "village", parent="d",
                                        geometry={"type": "Point", "coordinates": [46.09, 39.09]})]
    t = timeline([
        claim("d_held1994", "observer", "controls", "1994-05-12", holder="armenian"),
        claim("d_rest1994", "observer", "controls", "1994-05-12", holder="azerbaijan"),
        claim("village", "azerbaijan", "captured", "2020-10-20"),
        claim("village", "armenia", "lost", "2020-10-21"),
    ], places)
    assert t.record.places.at["village__cell", "parent"] == "village"
    before, after = t.shares("d", D("2020-01-01")), t.shares("d", D("2020-10-22"))
    assert before["azerbaijan"] == pytest.approx(2 / 3, abs=0.02)  # the rest sector is two thirds of the district
    assert 0.7 < after["azerbaijan"] < 0.99  # plus the village's cell in the held sector
    assert t.state_on(D("2020-10-22")).loc["d", "status"] == "divided"
