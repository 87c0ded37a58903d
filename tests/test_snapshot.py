"""Snapshots: a self-contained HTML file that draws offline, PNGs of it, and the command line."""

import datetime as dt
import io
import re
import subprocess
import sys

import pytest
from PIL import Image

from deploy.local import ROOT
from geo.names import place_label
from layers.__main__ import main
from layers.map import base_data
from layers.snapshot import PNG_SIZE, citation, every_day, snapshot_html, snapshot_png
from tests.factories import claim, district_places, place
from tests.factories import timeline as make_timeline

DAY = dt.date(2020, 11, 8)


@pytest.fixture()
def offline(browser, tmp_path):
    """Open an HTML string from disk with every other request aborted; the page records what it tried."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.blocked, page.errors = [], []
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))

    def open_html(html: str):
        path = tmp_path / "snapshot.html"
        path.write_text(html, encoding="utf-8")
        url = path.as_uri()
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url == url
                else (page.blocked.append(route.request.url), route.abort())
            ),
        )
        page.goto(url)
        return page

    yield open_html
    context.close()


def test_html_is_self_contained_and_draws_with_the_network_blocked(offline, timeline):
    html = snapshot_html(timeline, [DAY])
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)=", html)  # nothing loaded from anywhere
    page = offline(html)
    assert page.locator("path.kcm-place").count() > 100
    assert page.locator('path[data-place="shusha"]').get_attribute("data-style") == "contested"
    assert page.locator("#kcm-date").inner_text() == "Karabakh control map — 8 November 2020"
    legend = page.locator(".kcm-legend")
    assert legend.is_visible() and "Who claimed control" in legend.inner_text()
    assert page.locator("#kcm-citation").inner_text() == citation(DAY, timeline.record.as_of)
    assert "state on 8 Nov 2020, data as of " in page.locator("#kcm-citation").inner_text()
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    page.evaluate("window.kcm.layers.shusha.openPopup()")
    popup = page.locator(".leaflet-popup-content")
    assert "Contested" in popup.inner_text() and popup.locator("a[href^='http']").count() >= 2
    assert page.blocked == [] and page.errors == []


def test_each_drawn_place_carries_its_status_and_holder(offline, timeline):
    page = offline(snapshot_html(timeline, [DAY]))
    shusha = page.locator('path[data-place="shusha"]')
    assert (shusha.get_attribute("data-status"), shusha.get_attribute("data-holder")) == ("contested", "")
    stepanakert = page.locator('path[data-place="stepanakert"]')
    assert (stepanakert.get_attribute("data-status"), stepanakert.get_attribute("data-holder")) == (
        "agreed",
        "armenian",
    )
    statuses = set(page.eval_on_selector_all("path.kcm-place", "els => els.map(e => e.getAttribute('data-status'))"))
    assert statuses <= {"agreed", "unconfirmed", "contested", "unclaimed", "divided"} and "agreed" in statuses


def test_a_failure_while_drawing_is_said_in_the_map_not_a_blank_page(offline, timeline):
    html = snapshot_html(timeline, [DAY]).replace('"changes":', '"changes_broken":', 1)  # data the code cannot draw
    page = offline(html)
    alert = page.locator(".kcm-error[role=alert]")
    alert.wait_for(timeout=10_000)
    assert "could not be drawn" in alert.inner_text()


def test_range_page_steps_and_plays_through_its_days_offline(offline, timeline):
    days = every_day(dt.date(2020, 11, 7), dt.date(2020, 11, 9), dt.timedelta(days=1))
    page = offline(snapshot_html(timeline, days))
    shusha = page.locator('path[data-place="shusha"]')
    assert page.locator("#kcm-date").inner_text().endswith("7 November 2020")
    assert shusha.get_attribute("data-style") == "armenian"
    layers = page.evaluate("Object.keys(window.kcm.map._layers).length")
    assert page.locator(".kcm-timeline select[data-act=period]").input_value() == "range"
    assert page.locator(".kcm-range").evaluate("r => [r.min, r.max].map(Number).map(window.kcm.iso)") == [
        "2020-11-07",
        "2020-11-09",
    ]

    page.locator(".kcm-range").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("#kcm-date").inner_text().endswith("8 November 2020")
    assert shusha.get_attribute("data-style") == "contested"
    assert "state on 8 Nov 2020" in page.locator("#kcm-citation").inner_text()
    # the previous day's layers are removed, not piled up
    assert page.evaluate("Object.keys(window.kcm.map._layers).length") == layers

    page.locator(".kcm-timeline [data-act=play]").click()  # play from the 8th: on to the 9th, then stop
    page.locator('#kcm-date:has-text("9 November 2020")').wait_for(timeout=5_000)
    page.locator('.kcm-timeline [data-act=play][aria-label="Play"]').wait_for(timeout=5_000)
    assert page.blocked == [] and page.errors == []


def test_place_and_language_options(offline, timeline):
    page = offline(snapshot_html(timeline, [DAY], place="shusha", lang="az"))
    centre = page.evaluate("[window.kcm.map.getCenter().lat, window.kcm.map.getCenter().lng, window.kcm.map.getZoom()]")
    lon, lat = timeline.record.places.at["shusha", "geometry"].coords[0]
    assert centre[:2] == pytest.approx([lat, lon], abs=0.01) and centre[2] == 11
    assert page.evaluate("window.kcm.layers.shusha.getTooltip().getContent()") == "Şuşa"
    page.evaluate("window.kcm.layers.shusha.openPopup()")
    assert page.locator(".leaflet-popup-content .kcm-names b").inner_text() == "Şuşa"
    assert page.errors == []


def test_names_from_data_are_escaped_and_fall_back_to_all_sides_names():
    places = [*district_places(), place("evil", "town", en="<img src=x onerror=alert(1)>")]
    t = make_timeline([claim("shusha", "azerbaijan", "captured", "2020-11-08")], places)
    data = base_data(t, "ru")
    labels = {f["properties"]["id"]: f["properties"]["label"] for f in data["places"]["features"]}
    assert labels["evil"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<img" not in data["headers"]["evil"]
    assert labels["shusha"] == place_label(t.record.places.at["shusha", "names"])  # no Russian name: all sides'


def test_a_snapshot_in_a_language_names_its_towns_in_it_marks_the_place_and_has_no_zoom_buttons(offline, timeline):
    page = offline(snapshot_html(timeline, [DAY], place="shusha", lang="hy"))
    assert page.locator(".leaflet-control-zoom").count() == 0
    labels = page.locator(".leaflet-tooltip.kcm-label").all_inner_texts()
    assert "Շուշի" in labels and "Ստեփանակերտ" in labels  # the towns named on the picture, in Armenian
    assert page.locator("#kcm-date").inner_text().startswith("Ղարաբաղի վերահսկողության քարտեզ")
    assert "նոյ 2020" in page.locator("#kcm-citation").inner_text()
    assert "kcm-focus" in page.locator('path[data-place="shusha"]').get_attribute("class")
    assert "Վիճելի" in page.locator(".kcm-legend").inner_text()
    assert page.errors == []


def test_pngs_in_two_languages_differ(browser, timeline):
    az = snapshot_png(timeline, DAY, width=800, height=600, browser=browser, lang="az")
    hy = snapshot_png(timeline, DAY, width=800, height=600, browser=browser, lang="hy")
    assert az != hy


def test_png_has_the_asked_size_and_shows_the_map(browser, timeline):
    png = snapshot_png(timeline, DAY, width=1000, height=750, browser=browser)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (1000, 750)
    assert len(image.getcolors(maxcolors=1 << 20)) > 200  # not blank: fills, hatching, text
    # the Armenian-held fill (#E69F00 at 0.55 over the country base #f4f1ea), much of the map on 8 Nov 2020
    orange = (236, 196, 105)
    near = sum(
        n
        for n, rgb in image.getcolors(maxcolors=1 << 20)
        if all(abs(a - b) <= 6 for a, b in zip(rgb, orange, strict=True))
    )
    assert near > 0.05 * 1000 * 750  # (11% on that day; 0.1% on 1 Jan 2024)


def test_command_line_writes_a_file_per_day_a_gif_and_a_timeline_page(tmp_path):
    out = tmp_path / "war"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "layers",
            "snapshot",
            "--from",
            "2020-11-01",
            "--to",
            "2020-11-15",
            "--every",
            "1w",
            "--out-dir",
            str(out),
            "--width",
            "400",
            "--height",
            "300",
            "--quiet",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "2020-11-01.png",
        "2020-11-01_to_2020-11-15.gif",
        "2020-11-01_to_2020-11-15.html",
        "2020-11-08.png",
        "2020-11-15.png",
    ]
    with Image.open(out / "2020-11-08.png") as png, Image.open(out / "2020-11-01_to_2020-11-15.gif") as gif:
        assert png.size == (400, 300) and gif.n_frames == 3


def test_command_line_writes_html_for_a_day_and_for_each_day_of_a_range(tmp_path, timeline):
    assert main(["snapshot", "--date", "2020-11-08", "--out", str(tmp_path / "day.html")]) == 0
    assert citation(DAY, timeline.record.as_of) in (tmp_path / "day.html").read_text(encoding="utf-8")
    out = tmp_path / "range"
    assert (
        main(
            [
                "snapshot",
                "--from",
                "2020-11-07",
                "--to",
                "2020-11-08",
                "--format",
                "html",
                "--out-dir",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "2020-11-07.html",
        "2020-11-07_to_2020-11-08.html",
        "2020-11-08.html",
    ]
    assert '"range": ["2020-11-07", "2020-11-08"]' in (out / "2020-11-07_to_2020-11-08.html").read_text(
        encoding="utf-8"
    )
    assert '"timeline": false' in (out / "2020-11-07.html").read_text(encoding="utf-8")


def test_tiles_only_when_asked_for(timeline):
    assert "tile.openstreetmap.org" not in snapshot_html(timeline, [DAY])
    assert "tile.openstreetmap.org" in snapshot_html(timeline, [DAY], tiles="OpenStreetMap")


@pytest.mark.parametrize(
    "args,message",
    [
        (["--date", "2020-11-08", "--out", "map.jpg"], "expected a file name ending in .html or .png"),
        (["--date", "2020-11-08"], "expected a file name ending in .html or .png"),
        (["--from", "2020-11-08", "--to", "2020-11-01", "--out-dir", "x"], "is before --from"),
        (["--date", "2099-01-01", "--out", "x.html"], "outside the record"),
        (["--date", "2020-11-08", "--out", "x.html", "--place", "shsha"], "did you mean shusha"),
        (["--from", "2020-11-01", "--to", "2020-11-08", "--every", "0d", "--out-dir", "x"], "not a step"),
        (["--out", "x.html"], "give either --date"),
    ],
)
def test_command_line_rejects_bad_input_saying_what_was_expected(args, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["snapshot", *args])
    assert exit_.value.code == 2 and message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_app_downloads_the_days_html_and_png(page, app_url, tmp_path):
    page.goto(f"{app_url}/?date=2020-11-08")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download HTML").click()
    assert download.value.suggested_filename == "karabakh-control-map-2020-11-08.html"
    html = tmp_path / "day.html"
    download.value.save_as(html)
    assert "state on 8 Nov 2020, data as of" in html.read_text(encoding="utf-8")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download PNG").click()
    download.value.save_as(tmp_path / "day.png")
    with Image.open(tmp_path / "day.png") as png:
        assert png.size == PNG_SIZE
    assert page.outside_requests == []


def test_embed_mode_shows_the_map_without_title_or_panels(page, app_url):
    page.goto(f"{app_url}/?date=2020-11-08&embed=true")
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator('#kcm-date:has-text("8 November 2020")').wait_for(timeout=60_000)
    assert page.locator("h1").count() == 0
    assert page.get_by_text("Download, embed, cite").count() == 0
    assert page.outside_requests == []
