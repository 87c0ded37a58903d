"""Folium layers render what must be there, and every text from data is escaped."""

import datetime as dt
import json

from layers.changes import change_lists
from layers.i18n import t as i18n_t
from layers.map import DayState, base_data, base_map, day_payload, publish
from layers.popup import claim_html, safe_url
from layers.style import LEGEND_ROWS, style_key, styles
from tests.factories import SOURCE, claim, district_places, place, timeline


def render(t, day):
    m = base_map(base_data(t), leaflet_js="leaflet.js", leaflet_css="leaflet.css")
    DayState(day_payload(day)).add_to(m)
    return m.get_root().render()


def t_(key):
    return i18n_t("en", key)


def test_map_has_places_legend_attribution_and_day_but_no_cdn():
    t = timeline(
        [claim("shusha", "azerbaijan", "captured", "2020-11-08"), claim("shusha", "armenia", "denies", "2020-11-08")]
    )
    html = render(t, dt.date(2020, 11, 8))
    assert '"id": "shusha"' in html or '"id":"shusha"' in html
    assert "GeoNames" in html and "Natural Earth" in html
    for _, key in LEGEND_ROWS:
        assert json.dumps(t_(key), ensure_ascii=False)[1:-1].split(":")[0] in html
    assert '"date": "2020-11-08"' in html and '"contested"' in html and "kcmInit(" in html
    assert "cdn" not in html.lower() and "https://code.jquery" not in html


def test_note_with_html_shows_as_text_and_javascript_url_is_not_a_link():
    row = {
        "date": dt.date(2020, 11, 8),
        "date_earliest": None,
        "date_latest": None,
        "claimant": "azerbaijan",
        "claim": "captured",
        "holder": "azerbaijan",
        "statement": "<b>bold</b>",
        "note": "<script>alert(1)</script>",
        "source": {**SOURCE, "title": "<img src=x onerror=alert(1)>", "url": "javascript:alert(1)"},
    }
    html = claim_html(row)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img" in html
    assert 'href="javascript' not in html
    assert safe_url("javascript:alert(1)") is None and safe_url("https://example.org/x") == "https://example.org/x"


def test_status_is_not_shown_by_colour_alone():
    table = styles()
    assert table[style_key(None, "contested", False)]["fillColor"].startswith("url(#")  # hatched
    assert table[style_key("azerbaijan", "unconfirmed", False)]["dashArray"]  # dashed
    assert table[style_key("armenian", "agreed", True)]["dashArray"] == "1 4"  # dotted


def test_a_day_is_a_few_bytes_and_the_change_lists_hold_every_state():
    t = timeline(
        [claim("shusha", "artsakh", "controls", "1994-05-12"), claim("shusha", "azerbaijan", "captured", "2020-11-08")]
    )
    assert day_payload(dt.date(2020, 11, 9)) == {"date": "2020-11-09"}
    assert day_payload(dt.date(2020, 11, 9), compare=["shusha"], ack=3) == {
        "date": "2020-11-09",
        "compare": ["shusha"],
        "ack": 3,
    }
    data = change_lists(t, ["shusha"])
    first = dt.date.fromisoformat(data["first"])
    flat = data["changes"]["shusha"]
    days = [first + dt.timedelta(days=n) for n in flat[::2]]
    keys = [data["states"][s][0] for s in flat[1::2]]
    assert days == [dt.date(1994, 5, 12), dt.date(2020, 11, 8)]
    assert keys == ["armenian", "azerbaijan-unconfirmed"]
    assert "Claimed by Azerbaijan" in data["states"][flat[3]][1] and data["states"][flat[3]][2] == [0, 1]
    assert data["history"]["shusha"] == [0, 1]
    assert (dt.date(2020, 11, 8) - first).days in data["changeDays"]


def test_place_names_from_data_are_escaped_in_tooltips_and_popups():
    places = [*district_places(), place("evil", "town", en="<img src=x onerror=alert(1)>")]
    t = timeline([claim("evil", "azerbaijan", "captured", "2020-11-08")], places)
    data = base_data(t)
    (evil,) = [f for f in data["places"]["features"] if f["properties"]["id"] == "evil"]
    assert evil["properties"]["label"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<img" not in data["headers"]["evil"] and "&lt;img" in data["headers"]["evil"]


def test_published_map_data_is_named_by_its_content_and_old_files_go(tmp_path):
    import json
    import os

    data = {"places": [1, 2, 3]}
    url = publish(data, tmp_path)
    (path,) = (tmp_path / "generated").glob("base-*.json")
    assert url == f"/app/static/generated/{path.name}" and json.loads(path.read_text()) == data
    assert publish(data, tmp_path) == url  # same data, same file, not rewritten
    os.utime(path, (0, 0))  # an old file of another record
    other = publish({"places": [4]}, tmp_path)
    assert other != url and not path.exists()
