"""The 2020 war's announcement list in data/README.md and the record stay in step (geo/announcements.py)."""

import datetime as dt

from geo.announcements import coverage, mismatches, read_announcements
from tests.factories import claim, record


def test_the_list_in_the_readme_and_the_record_agree(timeline):
    announced = read_announcements()
    assert announced, "data/README.md has no announcement list"
    problems = mismatches(timeline.record, announced)
    assert not problems, "\n".join(problems)


def test_the_list_covers_the_war_village_by_village(timeline):
    table = coverage(timeline.record, read_announcements())
    assert table.at["all", "announced"] >= 280  # the official totals: 5 cities, 4 towns, about 286 villages
    assert table.at["all", "in the record"] == table.at["all", "announced"]
    days = {a.day for a in read_announcements()}
    assert len(days) >= 20 and min(days) == dt.date(2020, 9, 27) and max(days) == dt.date(2020, 11, 9)


def test_a_mismatch_is_named_with_its_readme_line(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "# x\n\n## The 2020 war, announcement by announcement\n\n| date | district | count | settlements | source |\n"
        "| --- | --- | --- | --- | --- |\n| 2020-10-20 | d | 2 | town | [s](https://example.org) |\n"
        "| 2020-10-21 | d | 1 | town | [s](https://example.org) |\n",
        encoding="utf-8",
    )
    rec = record(
        [claim("town", "azerbaijan", "captured", "2020-10-20"), claim("shusha", "azerbaijan", "captured", "2020-11-08")]
    )
    problems = mismatches(rec, read_announcements(readme))
    assert any("line 7: count is 2 but 1 places are listed" in p for p in problems)
    assert any(
        "line 8: the record has no Azerbaijani 'captured' claim about 'town' on 2020-10-21" in p for p in problems
    )
    assert any("'shusha' on 2020-11-08 is missing from the announcement list" in p for p in problems)
