"""The page's logic through Streamlit's AppTest (no browser)."""

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run(date: str | None = None, **query: str) -> AppTest:
    """The page opened at ``?date=<date>&<query>`` (what is given), after its first run."""
    at = AppTest.from_file(APP, default_timeout=120)
    if date is not None:
        at.query_params["date"] = date
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def map_script(at) -> str:
    (component,) = [el for el in at.get("component_instance") if "feature_group" in str(el.proto.json_args)]
    return component.proto.json_args


def day_layer(at) -> str:
    """The map's per-rerun payload, as compact JSON text."""
    return map_script(at).replace('\\"', '"').replace(" ", "")


def test_date_in_url_opens_that_day():
    at = run("2020-11-08")
    assert at.slider[0].value == dt.date(2020, 11, 8)
    assert at.query_params["date"] == ["2020-11-08"] or at.query_params["date"] == "2020-11-08"
    assert '"date":"2020-11-08"' in day_layer(at)
    assert any("Shusha" in str(h.proto) for h in at.get("html"))  # the claims made that day, beside the map


def test_slider_sets_the_date_and_the_url():
    at = run("2020-11-08")
    at.slider[0].set_value(dt.date(2020, 11, 21)).run()
    assert not at.exception
    assert at.query_params["date"] in ("2020-11-21", ["2020-11-21"])
    assert '"date":"2020-11-21"' in day_layer(at)


@pytest.mark.parametrize(
    "bad,notice",
    [
        ("garbage", "is not a date"),
        ("2020-02-30", "is not a date"),
        ("1900-01-01", "before the record starts"),
        ("2099-01-01", "after the record ends"),
    ],
)
def test_bad_date_gives_a_notice_not_a_crash(bad, notice):
    at = run(bad)
    assert any(notice in w.body for w in at.warning)
    assert at.slider[0].value is not None


def test_base_map_does_not_change_with_the_date():
    """Only the day layer changes: the map script (and so the component key) stays the same."""
    a, b = run("2020-10-01"), run("2020-11-10")
    import json

    sa, sb = json.loads(map_script(a)), json.loads(map_script(b))
    assert sa["script"] == sb["script"]
    assert sa["feature_group"] != sb["feature_group"]


def test_place_in_the_url_shows_its_history_and_garbage_a_notice():
    at = run("2020-11-08", place="shusha")
    assert any("History of Shusha" in h.body for h in at.subheader)
    assert '"focus":["shusha"' in day_layer(at)

    at = run(place="atlantis")
    assert any("no place 'atlantis'" in w.body for w in at.warning)


def test_compare_two_days_lists_and_outlines_what_changed_hands():
    at = run("2020-11-10")
    at.date_input[0].set_value(dt.date(2020, 11, 7)).run()
    assert not at.exception
    assert any("Changed hands between" in h.body for h in at.subheader)
    changed = at.dataframe[0].value.set_index("place")
    assert changed.at["Shusha / Şuşa / Shushi", "before"] == "Armenian forces (Armenia / Artsakh)"  # words, not codes
    assert changed.at["Shusha / Şuşa / Shushi", "after"] == "Azerbaijan"
    assert '"compare":[' in day_layer(at)


def test_table_of_the_day_and_its_csv_download():
    at = run("2020-11-08")
    table = at.dataframe[-1].value
    shusha = table[table["place"] == "Shusha / Şuşa / Shushi"].iloc[0]
    assert shusha["status"] == "contested" and shusha["held by"] == "contested"
    assert any("Download this table" in str(b.proto) for b in at.get("download_button"))


def test_share_panel_has_downloads_an_embed_code_and_the_citation():
    at = run("2020-11-08")
    codes = [c.value for c in at.code]
    assert any(
        'src="http://127.0.0.1:8501/?date=2020-11-08&amp;embed=true"' in c and c.startswith("<iframe") for c in codes
    ), codes
    assert any(c.startswith("Karabakh control map, state on 8 Nov 2020, data as of ") for c in codes)
    labels = [b.proto.label for b in at.get("download_button")]
    assert any("HTML" in label for label in labels) and any("PNG" in label for label in labels)


def test_data_that_does_not_validate_gives_the_validators_messages_and_no_map(tmp_path, monkeypatch):
    import shutil

    from geo.files import DATA_DIR

    shutil.copytree(DATA_DIR / "places", tmp_path / "places")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "bad.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": '
        '{"place": "shushaa", "claimant": "azerbaijan", "claim": "captured", "date": "2020-11-08", '
        '"statement": "x", "source": {"title": "t", "publisher": "p", "date": "2020", "url": "https://example.org"}}}]}',
        encoding="utf-8",
    )
    monkeypatch.setenv("KCM_DATA", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert any("does not validate" in e.body for e in at.error)
    (code,) = [c.value for c in at.code]
    assert "bad.geojson: feature 0 (place 'shushaa'): place:" in code and "did you mean 'shusha'" in code
    assert not [el for el in at.get("component_instance")]  # no partial map


def test_the_chart_marks_the_day():
    at = run("2020-11-08")
    specs = [str(c.proto) for c in at.get("vega_lite_chart")]
    assert len(specs) == 2 and all("2020-11-08" in s for s in specs)


def test_text_from_the_url_is_never_markup():
    at = run("[Official update](https://evil.example/x)", place="![t](https://evil.example/p.png)")
    bodies = [w.body for w in at.warning]
    assert len(bodies) == 2
    assert all("](" not in b and "\\[" in b and "https\\:" in b for b in bodies), bodies


def test_picking_a_district_centres_the_map_on_its_pieces():
    at = run(place="agdam_district")
    focus = day_layer(at).split('"focus":[', 1)[1].split("]", 1)[0]
    assert '"agdam_district"' in focus and focus.count("__cell") >= 3


def test_a_language_in_the_url_sets_the_words_and_the_place_names():
    at = run("2020-11-08", lang="hy", place="shusha")
    assert at.title[0].value == "Ղարաբաղի վերահսկողության քարտեզ"
    assert any(h.body.startswith("Շուշի.") for h in at.subheader)  # the history of the town, in Armenian
    assert any("8 նոյեմբերի 2020" in h.body for h in at.subheader)
    assert at.query_params["lang"] in ("hy", ["hy"])
    table = at.dataframe[-1].value
    assert "Շուշի" in set(table["վայր"]) and "վիճելի" in set(table["կարգավիճակ"])


def test_a_running_app_sees_data_changed_on_disk(tmp_path, monkeypatch):
    import json
    import shutil

    from geo.files import DATA_DIR

    shutil.copytree(DATA_DIR / "places", tmp_path / "places")
    shutil.copytree(DATA_DIR / "claims", tmp_path / "claims")
    monkeypatch.setenv("KCM_DATA", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["date"] = "2020-11-08"
    at.query_params["place"] = "newvillage"
    at.run()
    assert any("no place 'newvillage'" in w.body for w in at.warning)
    claim = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [46.9, 39.3]},
        "properties": {
            "place": "newvillage",
            "claimant": "azerbaijan",
            "claim": "captured",
            "date": "2020-11-08",
            "statement": "A test claim.",
            "source": {"title": "t", "publisher": "p", "date": "2020", "url": "https://example.org", "kind": "report"},
            "note": None,
            "place_names": {"en": "New village"},
            "place_kind": "village",
            "district": "jabrayil_district",
            "place_source": {"title": "t", "publisher": "p", "date": "2020", "url": "https://example.org"},
        },
    }
    (tmp_path / "claims" / "new.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [claim]}), encoding="utf-8"
    )
    at.run()
    assert not at.exception
    assert any("changed on disk" in w.body for w in at.warning)
    assert "New village" in at.selectbox(key="place").options
