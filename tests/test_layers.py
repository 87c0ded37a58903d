"""Folium layers render what must be there, and every text from data is escaped."""

import datetime as dt

from layers.map import DayState, base_data, base_map, day_payload
from layers.popup import claim_html, safe_url
from layers.style import LEGEND_ROWS, style_key, styles
from tests.factories import SOURCE, claim, timeline


def render(t, day):
    m = base_map(base_data(t), leaflet_js="leaflet.js", leaflet_css="leaflet.css")
    DayState(day_payload(t, day)).add_to(m)
    return m.get_root().render()


def test_map_has_places_legend_attribution_and_day_but_no_cdn():
    t = timeline([claim("shusha", "azerbaijan", "captured", "2020-11-08"), claim("shusha", "armenia", "denies", "2020-11-08")])
    html = render(t, dt.date(2020, 11, 8))
    assert '"id": "shusha"' in html or '"id":"shusha"' in html
    assert "GeoNames" in html and "Natural Earth" in html
    for _, label in LEGEND_ROWS:
        assert label.split(":")[0] in html
    assert '"date": "2020-11-08"' in html and '"contested"' in html
    assert "cdn" not in html.lower() and "https://code.jquery" not in html


def test_note_with_html_shows_as_text_and_javascript_url_is_not_a_link():
    row = {"date": dt.date(2020, 11, 8), "date_earliest": None, "date_latest": None, "claimant": "azerbaijan",
           "claim": "captured", "holder": "azerbaijan", "statement": "<b>bold</b>", "note": "<script>alert(1)</script>",
           "source": {**SOURCE, "title": "<img src=x onerror=alert(1)>", "url": "javascript:alert(1)"}}
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


def test_day_payload_is_small_and_only_what_changes():
    t = timeline([claim("shusha", "artsakh", "controls", "1994-05-12"), claim("shusha", "azerbaijan", "captured", "2020-11-08")])
    payload = day_payload(t, dt.date(2020, 11, 9))
    assert set(payload) == {"date", "label", "places"}
    key, status, claims = payload["places"]["shusha"]
    assert key == "azerbaijan-unconfirmed" and claims == [0, 1] and "Claimed by Azerbaijan" in status
