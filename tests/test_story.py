"""Reading the story: key days, changes, what changed hands, the series, a place's history, the URL."""

import datetime as dt

from geo.query import parse_place
from geo.story import BOOKMARKS, PERIODS, changes_between, history_rows, series
from tests import factories
from tests.factories import claim, district_places

D = dt.date


def test_every_key_day_has_a_claim_dated_that_day(timeline):
    dated = set(timeline.record.claims["date"])
    missing = [b for b in BOOKMARKS if b.day not in dated]
    assert not missing, missing


def test_periods_cover_the_record_and_each_is_inside_it():
    # which period is the narrowest holding a day is the browser core's rule (tests/js/core.test.js)
    assert PERIODS[0].first <= D(1988, 1, 1) and PERIODS[0].last >= D(2024, 12, 31)
    assert all(PERIODS[0].first <= p.first <= p.last <= PERIODS[0].last for p in PERIODS)


def test_changes_between_two_days_lists_what_changed_hands(timeline):
    changed = changes_between(timeline, D(2020, 11, 7), D(2020, 11, 10)).set_index("place_id")
    assert changed.at["shusha", "before"] == "armenian" and changed.at["shusha", "after"] == "azerbaijan"
    assert "stepanakert" not in changed.index
    assert changes_between(timeline, D(2005, 1, 1), D(2005, 1, 2)).empty
    assert not changed.index.str.endswith("__cell").any()


def test_series_areas_add_up_and_follow_the_war(timeline):
    s = series(timeline)
    totals = s.groupby("date")["area_km2"].sum()
    assert totals.max() - totals.min() < 1  # the pieces always cover the same land
    area = s.pivot_table(index="date", columns="holder", values="area_km2", fill_value=0)

    def on(day, holder):
        return float(area[holder][area.index <= day].iloc[-1])

    assert on(D(2020, 9, 1), "armenian") > on(D(2020, 12, 31), "armenian") * 2  # the 2020 war and handovers
    assert on(D(2020, 9, 1), "armenian") > 10_000


def test_a_place_history_includes_its_district_claims_in_date_order():
    places = district_places()
    t = factories.timeline(
        [
            claim("d", "azerbaijan", "controls", "1990-01-01"),
            claim("town", "artsakh", "captured", "1993-01-01"),
            claim("shusha", "azerbaijan", "captured", "2020-11-08"),
        ],
        places,
    )
    rows = history_rows(t, "town")
    assert list(t.record.claims.iloc[rows]["place"]) == ["d", "town"]


def test_place_in_the_url_by_id_or_name_and_a_notice_for_garbage(timeline):
    places = timeline.record.places
    assert parse_place("shusha", places) == ("shusha", None)
    assert parse_place("Şuşa", places)[0] == "shusha"
    assert parse_place("", places) == (None, None)
    pid, notice = parse_place("shushaa", places)
    assert pid is None and "no place 'shushaa'" in notice and "Did you mean 'shusha'" in notice
    assert parse_place("<script>", places)[0] is None


def test_a_settlement_wins_over_a_district_with_the_same_name(timeline):
    places = timeline.record.places
    assert places.at["shusha_district", "names"].get("hy") == places.at["shusha", "names"]["hy"] == "Շուշի"
    assert parse_place("Շուշի", places) == ("shusha", None)
    assert parse_place("Шуша", places) == ("shusha", None)


def test_pieces_of_a_place_are_what_draws_it(timeline):
    from geo.story import pieces_of

    district = pieces_of(timeline, "agdam_district")
    assert district[0] == "agdam_district" and set(district[1:]) == set(timeline.pieces["agdam_district"])
    sector = pieces_of(timeline, "agdam_district_held1994")
    assert 1 < len(sector) < len(district)
    assert pieces_of(timeline, "shusha") == ["shusha", "shusha__cell"]
