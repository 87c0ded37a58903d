"""The state of a place on a day, on tiny in-code records."""

import datetime as dt

import pytest

from tests.factories import SOURCE, claim, timeline

D = dt.date.fromisoformat


def test_both_sides_agree_after_capture_and_admission():
    t = timeline(
        [
            claim("shusha", "artsakh", "controls", "1994-05-12"),
            claim("shusha", "azerbaijan", "lost", "1992-05-08"),
            claim("shusha", "azerbaijan", "captured", "2020-11-08"),
            claim("shusha", "armenia", "denies", "2020-11-08"),
            claim("shusha", "artsakh", "lost", "2020-11-09"),
        ]
    )
    before = t.place_state("shusha", D("2020-11-07"))
    assert (before.holder, before.status) == ("armenian", "agreed")
    on = t.place_state("shusha", D("2020-11-08"))
    assert on.status == "contested" and on.holder is None
    assert dict(on.accounts) == {"azerbaijani": "azerbaijan", "armenian": "armenian"}
    after = t.place_state("shusha", D("2020-11-10"))
    assert (after.holder, after.status) == ("azerbaijan", "agreed")


def test_unanswered_claim_is_unconfirmed_not_contested():
    t = timeline(
        [
            claim("shusha", "artsakh", "controls", "1994-05-12"),
            claim("shusha", "azerbaijan", "captured", "2020-10-20"),
        ]
    )
    state = t.place_state("shusha", D("2020-10-21"))
    assert (state.holder, state.status, state.contested) == ("azerbaijan", "unconfirmed", False)


def test_denial_the_day_after_makes_it_contested():
    t = timeline(
        [
            claim("shusha", "artsakh", "controls", "1994-05-12"),
            claim("shusha", "azerbaijan", "captured", "2020-10-09"),
            claim("shusha", "armenia", "denies", "2020-10-10"),
        ]
    )
    assert t.place_state("shusha", D("2020-10-09")).status == "unconfirmed"
    assert t.place_state("shusha", D("2020-10-10")).status == "contested"


def test_same_day_disagreement_within_one_side_splits_it():
    t = timeline(
        [
            claim("shusha", "azerbaijan", "captured", "2020-11-08"),
            claim("shusha", "artsakh", "lost", "2020-11-09"),
            claim("shusha", "armenia", "denies", "2020-11-09"),
        ]
    )
    state = t.place_state("shusha", D("2020-11-09"))
    assert (state.status, state.holder) == ("unconfirmed", "azerbaijan")  # a split side neither confirms nor contests
    assert dict(state.accounts)["armenian"] == "split"


def test_a_split_third_party_does_not_contest_what_both_sides_agree_on():
    t = timeline(
        [
            claim("town", "azerbaijan", "controls", "2020-12-01", holder="russia"),
            claim("town", "artsakh", "controls", "2020-12-01", holder="russia"),
            claim("town", "observer", "controls", "2020-12-01", holder="azerbaijan"),
            claim("town", "russia", "controls", "2020-12-01"),
        ]
    )
    assert _show(t, "town", "2020-12-02") == ("agreed", "russia")


def test_when_every_account_that_speaks_is_split_the_place_is_contested():
    t = timeline([claim("town", "artsakh", "lost", "2020-11-09"), claim("town", "armenia", "denies", "2020-11-09")])
    assert _show(t, "town", "2020-11-10") == ("contested", None)


def test_district_claim_reaches_its_towns_and_sectors_and_shares_follow_area():
    t = timeline(
        [
            claim("d_held1994", "observer", "controls", "1994-05-12", holder="armenian"),
            claim("d_rest1994", "observer", "controls", "1994-05-12", holder="azerbaijan"),
            claim("d", "trilateral", "handed_over", "2020-11-20", to="azerbaijan"),
        ]
    )
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
    t = timeline(
        [
            claim("d", "azerbaijan", "lost", "1993-07-23"),
            claim("town", "azerbaijan", "controls", "1993-07-23"),
        ]
    )
    assert t.place_state("town", D("1993-07-24")).holder == "azerbaijan"
    assert t.place_state("d_rest1994", D("1993-07-24")).holder == "armenian"


def test_uncertain_date_is_in_force_from_earliest_and_flagged_until_latest():
    t = timeline(
        [
            claim(
                "shusha",
                "azerbaijan",
                "lost",
                "1993-04-03",
                date_earliest="1993-04-01",
                date_latest="1993-04-05",
                note="AP says 1 April; the ministry 3 April; other sources 5 April",
            ),
        ]
    )
    assert t.place_state("shusha", D("1993-03-31")).status == "unclaimed"
    mid = t.place_state("shusha", D("1993-04-02"))
    assert mid.holder == "armenian" and mid.uncertain
    assert not t.place_state("shusha", D("1993-04-05")).uncertain


def test_before_any_claim_a_place_is_unclaimed():
    t = timeline([claim("shusha", "azerbaijan", "captured", "2020-11-08")])
    assert t.place_state("shusha", D("1990-01-01")).status == "unclaimed"


def test_answers_come_from_the_precomputed_index():
    t = timeline(
        [claim("shusha", "azerbaijan", "captured", "2020-11-08"), claim("shusha", "armenia", "denies", "2020-11-08")]
    )
    assert t.days["shusha"] == [D("2020-11-08")]
    assert D("2020-11-08") in t.change_days


def test_claims_in_force_keep_one_per_claimant_with_sources():
    t = timeline(
        [
            claim("shusha", "artsakh", "controls", "1994-05-12"),
            claim("shusha", "artsakh", "lost", "2020-11-09"),
            claim("shusha", "azerbaijan", "captured", "2020-11-08"),
        ]
    )
    state = t.place_state("shusha", D("2020-11-10"))
    rows = t.record.claims.iloc[list(state.claims)]
    assert sorted(rows["claimant"]) == ["artsakh", "azerbaijan"]
    assert set(rows["claim"]) == {"lost", "captured"}


def test_district_share_follows_its_settlements_through_their_cells():
    from tests.factories import district_places, place

    places = district_places() + [
        place("village", "village", parent="d", geometry={"type": "Point", "coordinates": [46.09, 39.09]})
    ]
    t = timeline(
        [
            claim("d_held1994", "observer", "controls", "1994-05-12", holder="armenian"),
            claim("d_rest1994", "observer", "controls", "1994-05-12", holder="azerbaijan"),
            claim("village", "azerbaijan", "captured", "2020-10-20"),
            claim("village", "armenia", "lost", "2020-10-21"),
        ],
        places,
    )
    assert t.record.places.at["village__cell", "parent"] == "village"
    before, after = t.shares("d", D("2020-01-01")), t.shares("d", D("2020-10-22"))
    assert before["azerbaijan"] == pytest.approx(2 / 3, abs=0.02)  # the rest sector is two thirds of the district
    assert 0.7 < after["azerbaijan"] < 0.99  # plus the village's cell in the held sector
    assert t.state_on(D("2020-10-22")).loc["d", "status"] == "divided"


# --- claims about areas ---------------------------------------------------------------------------


def _show(t, place, day):
    s = t.place_state(place, D(day))
    return s.status, s.holder


def test_an_area_claim_speaks_for_the_places_lying_in_it():
    t = timeline(
        [
            claim("town", "artsakh", "controls", "1994-05-12"),
            claim("zone_a", "trilateral", "controls", "2020-11-10", holder="azerbaijan"),
        ]
    )
    assert _show(t, "town", "2020-11-09") == ("agreed", "armenian")
    assert _show(t, "town", "2020-11-10") == ("agreed", "azerbaijan")
    assert "zone_a" in t.scopes["town"] and "zone_a" not in t.scopes["shusha"]  # shusha lies outside it
    assert t.place_state("shusha", D("2020-11-10")).status == "unclaimed"


def test_on_the_same_day_the_place_then_its_district_then_the_smallest_area_wins():
    same_day = [
        claim("big_area", "observer", "controls", "2020-11-10", holder="russia"),
        claim("zone_a", "observer", "controls", "2020-11-10", holder="armenian"),
    ]
    assert _show(timeline(same_day), "town", "2020-11-11") == ("agreed", "armenian")  # the zone is smaller
    with_district = same_day + [claim("d", "observer", "controls", "2020-11-10", holder="azerbaijan")]
    assert _show(timeline(with_district), "town", "2020-11-11") == ("agreed", "azerbaijan")
    with_own = with_district + [claim("town", "observer", "controls", "2020-11-10", holder="russia")]
    assert _show(timeline(with_own), "town", "2020-11-11") == ("agreed", "russia")
    assert timeline(with_own).scopes["town"] == ["town", "d_held1994", "d", "zone_a", "big_area"]


def test_a_later_area_claim_wins_over_an_earlier_claim_about_the_place():
    t = timeline(
        [
            claim("town", "artsakh", "denies", "2020-10-20"),
            claim("town", "azerbaijan", "captured", "2020-10-20"),
            claim("big_area", "armenia", "lost", "2021-01-01"),
        ]
    )
    assert _show(t, "town", "2020-12-01") == ("contested", None)
    assert _show(t, "town", "2021-01-01") == ("agreed", "azerbaijan")


def test_a_polygon_carried_by_a_claim_is_an_area():
    polygon = {
        "type": "Polygon",
        "coordinates": [[[46.0, 39.0], [46.06, 39.0], [46.06, 39.06], [46.0, 39.06], [46.0, 39.0]]],
    }
    area = claim(
        "new_area",
        "observer",
        "controls",
        "2020-11-10",
        holder="russia",
        geometry=polygon,
        place_names={"en": "An area"},
        place_kind="area",
        place_source={**SOURCE},
    )
    t = timeline([area])
    assert _show(t, "town", "2020-11-10") == ("agreed", "russia")  # the only account that speaks
    assert "new_area" in t.scopes["town"] and "new_area" not in t.scopes["shusha"]


def test_an_account_answered_since_by_two_others_that_agree_is_stale():
    t = timeline(
        [
            claim("town", "observer", "controls", "2016-04-15", holder="armenian"),
            claim("town", "azerbaijan", "captured", "2016-04-02"),
            claim("town", "artsakh", "controls", "2016-04-03"),
            claim("town", "azerbaijan", "controls", "2020-10-23"),
            claim("town", "armenia", "lost", "2020-11-21"),
        ]
    )
    assert _show(t, "town", "2020-11-01") == ("contested", None)
    assert _show(t, "town", "2020-11-21") == ("agreed", "azerbaijan")  # the 2016 observer is stale


def test_a_denial_is_not_outvoted_by_one_newer_voice():
    t = timeline(
        [
            claim("town", "azerbaijan", "captured", "2020-10-20"),
            claim("town", "armenia", "denies", "2020-10-21"),
            claim("town", "observer", "controls", "2020-11-01", holder="azerbaijan"),
        ]
    )
    assert _show(t, "town", "2020-11-02") == ("contested", None)


def test_reference_works_never_make_a_place_contested_or_agreed_on_their_own():
    reference = {**SOURCE, "kind": "reference"}
    alone = timeline([claim("town", "observer", "controls", "1994-05-12", holder="armenian", source=reference)])
    assert _show(alone, "town", "2000-01-01") == ("unconfirmed", "armenian")
    against = timeline(
        [
            claim("town", "azerbaijan", "controls", "1994-05-12"),
            claim("town", "observer", "controls", "1994-05-12", holder="armenian", source=reference),
        ]
    )
    assert _show(against, "town", "2000-01-01") == ("agreed", "azerbaijan")
    reported = {**SOURCE, "kind": "report"}
    against_report = timeline(
        [
            claim("town", "azerbaijan", "controls", "1994-05-12"),
            claim("town", "observer", "controls", "1994-05-12", holder="armenian", source=reported),
        ]
    )
    assert _show(against_report, "town", "2000-01-01") == ("contested", None)


def test_leaving_out_reference_works():
    from geo.state import STATEMENTS_AND_REPORTS, Timeline
    from tests.factories import record

    reference = {**SOURCE, "kind": "reference"}
    rec = record(
        [
            claim("town", "observer", "controls", "1994-05-12", holder="armenian", source=reference),
            claim("town", "azerbaijan", "captured", "2020-10-20"),
        ]
    )
    assert _show(Timeline.from_record(rec), "town", "2000-01-01") == ("unconfirmed", "armenian")
    only = Timeline.from_record(rec, sources=STATEMENTS_AND_REPORTS)
    assert _show(only, "town", "2000-01-01") == ("unclaimed", None)
    assert _show(only, "town", "2020-10-21") == ("agreed", "azerbaijan")


@pytest.mark.parametrize("kind", ["evacuated", "accepted_terms", "declares"])
def test_claims_that_say_nothing_about_the_holder_change_no_state(kind):
    base = [claim("town", "artsakh", "controls", "1994-05-12")]
    extra = {"holder": "azerbaijan"} if kind == "declares" else {}
    t = timeline(base + [claim("town", "artsakh", kind, "2023-09-20", **extra)])
    assert t.days["town"] == timeline(base).days["town"]
    assert _show(t, "town", "2023-09-21") == ("agreed", "armenian")


def test_a_district_is_divided_by_its_pieces_not_contested_by_one():
    t = timeline(
        [
            claim("d_rest1994", "observer", "controls", "1994-05-12", holder="azerbaijan"),
            claim("d_rest1994", "azerbaijan", "controls", "1994-05-12"),
            claim("town", "azerbaijan", "captured", "2020-10-20"),
            claim("town", "armenia", "denies", "2020-10-20"),
        ]
    )
    state = t.district_state("d", D("2020-10-21"))
    assert (state.status, state.holder) == ("divided", None)
    shares = t.shares("d", D("2020-10-21"))
    assert set(shares) == {"azerbaijan", "contested"} and abs(sum(shares.values()) - 1) < 1e-9
    assert state.last_claim == D("2020-10-20") and state.claims  # from its pieces


def test_a_district_whose_pieces_all_agree_has_their_holder():
    t = timeline([claim("d", "azerbaijan", "controls", "1994-05-12"), claim("d", "artsakh", "lost", "1994-05-12")])
    state = t.district_state("d", D("2000-01-01"))
    assert (state.status, state.holder) == ("agreed", "azerbaijan")


def test_a_settlement_without_a_known_position_is_in_the_record_but_not_on_the_map():
    from layers.map import base_data

    lost = claim(
        "lost_village",
        "azerbaijan",
        "captured",
        "2020-10-20",
        place_names={"en": "Lost village"},
        place_kind="village",
        district="d",
        place_source=SOURCE,
        note="Position unknown: no source for its coordinates was found; not drawn on the map.",
    )
    t = timeline([lost, claim("d", "artsakh", "controls", "1994-05-12")])
    assert t.scopes["lost_village"] == ["lost_village", "d", "big_area"]  # its district, and an area holding it all
    assert _show(t, "lost_village", "2000-01-01") == ("agreed", "armenian")
    assert _show(t, "lost_village", "2020-10-21") == ("unconfirmed", "azerbaijan")
    drawn = {f["properties"]["id"] for f in base_data(t)["places"]["features"]}
    assert "lost_village" not in drawn and "town" in drawn


def test_places_that_share_a_name_are_labelled_by_their_district():
    from tests.factories import district_places, place, record, square

    places = district_places() + [
        place("e", "district", geometry=square(46.3, 39.0, 0.1)),
        place(
            "kurdlar_d", "village", parent="d", geometry={"type": "Point", "coordinates": [46.15, 39.1]}, az="Kürdlər"
        ),
        place(
            "kurdlar_e", "village", parent="e", geometry={"type": "Point", "coordinates": [46.35, 39.05]}, az="Kürdlər"
        ),
    ]
    for p in places[-2:]:
        p["properties"]["names"]["en"] = "Kurdlar"
    labels = record([claim("kurdlar_d", "azerbaijan", "captured", "2020-10-20")], places).places["label"]
    assert labels["kurdlar_d"] == "Kurdlar / Kürdlər (D)" and labels["kurdlar_e"] == "Kurdlar / Kürdlər (E)"
    assert labels["shusha"] == "Shusha / Şuşa / Shushi"  # a name no other place has stays as it is
