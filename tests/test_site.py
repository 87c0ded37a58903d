"""The static site (``python -m layers site``): its files, its browser rules against the Python rules they
mirror (run by node on the real record's data), and the page opened from disk in Debian's Chromium."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import subprocess
from pathlib import Path

import brotli
import pytest

from geo.query import parse_day, parse_place
from geo.safe_csv import to_csv
from geo.story import changes_between, pickable, pieces_of
from geo.table import state_table
from layers.i18n import LANGUAGES, strings
from layers.site import DEFAULT_DAY, SITE_KEYS, VARIANTS, all_pieces, precompress, site_words
from layers.snapshot import citation

ROOT = Path(__file__).resolve().parent.parent
SITE_STATE_JS = ROOT / "layers" / "js" / "site_state.js"
_BUILT: dict[str, Path] = {}


def build_site_once(tmp_path_factory) -> Path:
    """``python -m layers site --out DIR`` run once per test session (tests/test_deploy.py serves the same)."""
    if "out" not in _BUILT:
        from layers.__main__ import main

        out = tmp_path_factory.mktemp("site") / "site"
        assert main(["site", "--out", str(out), "--quiet"]) == 0
        _BUILT["out"] = out
    return _BUILT["out"]


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    return build_site_once(tmp_path_factory)


def manifest(site: Path) -> dict:
    html = (site / "index.html").read_text(encoding="utf-8")
    return json.loads(re.search(r"window\.KCM_SITE = (\{.*?\});\n", html)[1])


def part(site: Path, rel: str) -> dict:
    """A data file of the site (``kcmSiteLoaded({...});``) as the object it hands the page."""
    text = (site / rel).read_text(encoding="utf-8")
    assert text.startswith("kcmSiteLoaded(") and text.endswith(");\n")
    return json.loads(text[len("kcmSiteLoaded(") : -3])


def node(function: str, payload):
    """Run ``function(input)`` of layers/js/site_state.js (``S``) in node on ``payload``; its JSON result."""
    script = (
        f"const S = require({json.dumps(str(SITE_STATE_JS))});"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        f"process.stdout.write(JSON.stringify(({function})(input)));"
    )
    done = subprocess.run(
        ["node", "-e", script], input=json.dumps(payload), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# ---- the files ---------------------------------------------------------------------------------------


def test_the_site_is_index_html_and_content_hashed_files_with_gz_and_br_copies(site_dir):
    m = manifest(site_dir)
    named = [*m["data"].values(), m["table"], m["claimsCsv"], m["claimsGeojson"]]
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    named += re.findall(r'(?:src|href)="(assets/[^"]+)"', html)
    assert set(m["data"]) == set(VARIANTS)
    assert len(named) >= 12
    for rel in named:
        path = site_dir / rel
        content = path.read_bytes()
        digest = re.search(r"-([0-9a-f]{16})\.[a-z]+$", path.name)[1]
        assert hashlib.sha256(content).hexdigest()[:16] == digest, rel
        assert gzip.decompress((site_dir / f"{rel}.gz").read_bytes()) == content, rel
        assert brotli.decompress((site_dir / f"{rel}.br").read_bytes()) == content, rel
    assert gzip.decompress((site_dir / "index.html.gz").read_bytes()) == html.encode()
    assert m["first"] == "1988-01-01"


def test_the_map_data_of_a_first_visit_is_within_its_300_kb_budget_compressed(site_dir):
    for variant, rel in manifest(site_dir)["data"].items():
        assert (site_dir / f"{rel}.gz").stat().st_size < 300_000, variant  # what a browser without brotli gets


def test_the_page_names_only_its_own_files(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert refs and all(r.startswith("assets/") or r == "data:," for r in refs), refs
    for rel in refs:
        assert rel == "data:," or (site_dir / rel).exists()
    code = (site_dir / manifest(site_dir)["data"][""]).read_text(encoding="utf-8")
    # The data carries the sources' addresses as links to follow, never as something the page loads.
    assert not re.search(r"""(?:src=|url\(|fetch\()["']?https?:""", code)


def test_precompressed_copies_are_the_same_bytes_on_every_build(tmp_path):
    path = tmp_path / "a-0123456789abcdef.js"
    path.write_text("var x = 1;\n" * 500)
    first = [p.read_bytes() for p in precompress(path)]
    second = [p.read_bytes() for p in precompress(path)]
    assert first == second and len(first) == 2


def test_the_record_downloads_are_the_claims_table_and_geojson(site_dir, timeline):
    m = manifest(site_dir)
    from geo.table import claims_table

    assert (site_dir / m["claimsCsv"]).read_text(encoding="utf-8") == to_csv(claims_table(timeline.record))
    geo = json.loads((site_dir / m["claimsGeojson"]).read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(timeline.record.claims)
    shusha = [f for f in geo["features"] if f["properties"]["place_id"] == "shusha"]
    assert shusha and shusha[0]["geometry"]["type"] == "Point"
    assert shusha[0]["geometry"]["coordinates"][0] == pytest.approx(46.75, abs=0.1)  # lon first: EPSG:4326


def test_every_site_string_is_in_every_languages_strings_file():
    """The site's own words live with the rest, in layers/strings (tests/test_i18n.py checks those files
    agree key by key and placeholder by placeholder)."""
    for lang in LANGUAGES:
        missing = [key for key in SITE_KEYS if key not in strings(lang)]
        assert missing == [], lang
    assert site_words("hy")["find"] == strings("hy")["site.find"] != site_words("en")["find"]


def test_the_site_command_rejects_a_base_url_that_is_not_an_address(tmp_path, capsys):
    from layers.__main__ import main

    with pytest.raises(SystemExit):
        main(["site", "--out", str(tmp_path), "--base-url", "example.org"])
    assert "expected an http(s) address" in capsys.readouterr().err


# ---- the browser's rules against the Python ones, on the real record ----------------------------------


def test_place_lookup_follows_parse_place_for_every_name_in_any_case_and_script(site_dir, timeline):
    site = part(site_dir, manifest(site_dir)["data"]["hy"])["site"]
    stateful = pickable(timeline)
    queries = [
        "",
        "  ",
        "shusha",
        " Shusha ",
        "SHUSHI",
        "Շուշի",
        "ՇՈՒՇԻ",
        "шуша",
        "Şuşa",
        "şuşa",
        "ŞUŞA",
        "Khankendi",
        "stepanakert",
        "shusa",
        "agdam",
        "no such place",
        "zangilan_district",
        "Zəngilan",
    ]
    for pid in stateful.index:
        for name in stateful.at[pid, "names"].values():
            if name:
                queries += [name, name.upper(), name.lower()]
    got = node(
        "input => input.queries.map(q => S.lookup(q, input.places))", {"queries": queries, "places": site["places"]}
    )
    expected = [list(parse_place(q, stateful)) for q in queries]
    wrong = [(q, g, e) for q, g, e in zip(queries, got, expected, strict=True) if g != e]
    assert not wrong, wrong[:10]
    assert got[queries.index("Շուշի")] == ["shusha", None]  # the town, not the Shushi district


def test_date_reading_follows_parse_day(timeline):
    first, last = timeline.record.first_day, timeline.record.last_day
    inputs = [
        "2020-11-08",
        " 2020-11-08 ",
        "20201108",
        "",
        "2020-13-01",
        "2021-02-29",
        "2020-02-29",
        "1987-12-31",
        "2030-01-01",
        "yesterday",
        "2020-11-8",
        "2020/11/08",
        "1988-01-01",
        last.isoformat(),
    ]
    got = node(
        "input => input.days.map(d => S.parseDay(d, input.first, input.last, input.dflt))",
        {"days": inputs, "first": first.isoformat(), "last": last.isoformat(), "dflt": DEFAULT_DAY.isoformat()},
    )
    for text, (day, notice) in zip(inputs, got, strict=True):
        want_day, want_notice = parse_day(text, first, last, DEFAULT_DAY)
        assert (day, notice) == (want_day.isoformat(), want_notice), text


def test_compare_follows_changes_between(site_dir, timeline):
    site = part(site_dir, manifest(site_dir)["data"][""])["site"]
    first = timeline.record.first_day
    pairs = [
        (dt.date(2020, 9, 26), dt.date(2020, 11, 10)),
        (dt.date(2020, 11, 10), dt.date(2020, 11, 8)),
        (dt.date(1991, 1, 1), dt.date(1994, 5, 12)),
        (dt.date(2023, 9, 18), dt.date(2024, 1, 1)),
        (dt.date(2020, 12, 1), dt.date(2020, 12, 1)),
    ]
    got = node(
        "input => input.pairs.map(p => S.compare(input.site, p[0], p[1]))",
        {"site": site, "pairs": [[(a - first).days, (b - first).days] for a, b in pairs]},
    )
    for (a, b), rows in zip(pairs, got, strict=True):
        want = changes_between(timeline, min(a, b), max(a, b))
        assert [r["id"] for r in rows] == list(want["place_id"]), (a, b)
        assert [site["holdings"][r["before"]] for r in rows] == list(want["before"])
        assert [site["holdings"][r["after"]] for r in rows] == list(want["after"])
    assert len(got[0]) > 50  # the 2020 war


def test_a_places_pieces_are_those_of_pieces_of(timeline):
    every = all_pieces(timeline)
    for pid in pickable(timeline).index:
        assert every[pid] == pieces_of(timeline, pid), pid


def test_the_days_table_in_the_browser_is_state_table_as_csv(site_dir, timeline):
    table = part(site_dir, manifest(site_dir)["table"])["table"]
    first = timeline.record.first_day
    days = [
        first,
        dt.date(1992, 5, 8),
        dt.date(2020, 11, 8),
        dt.date(2020, 11, 10),
        dt.date(2022, 8, 26),
        timeline.record.last_day,
        *timeline.change_days[::17],
    ]
    got = node(
        "input => input.days.map(n => S.tableCsv(input.table, n))",
        {"table": table, "days": [(d - first).days for d in days]},
    )
    for day, text in zip(days, got, strict=True):
        assert text == to_csv(state_table(timeline, day)), day


def test_citation_and_the_days_claims_follow_python(site_dir, timeline):
    record = timeline.record
    day = dt.date(2020, 11, 8)
    for variant in VARIANTS:
        site = part(site_dir, manifest(site_dir)["data"][variant])["site"]
        text = node(
            "input => S.citation(input.t, input.day, input.months)",
            {"t": site["citation"], "day": day.isoformat(), "months": site["words"]["monthsShort"]},
        )
        assert text == citation(day, record.as_of, variant or None)
    rows = node(
        "input => S.dayClaims(input.days, input.n)", {"days": site["claimDays"], "n": (day - record.first_day).days}
    )
    assert rows == [i for i, d in enumerate(record.claims["date"]) if d == day] and len(rows) >= 2


# ---- the page, opened from disk ---------------------------------------------------------------------


def open_from_disk(browser, site: Path, query: str, **context):
    ctx = browser.new_context(viewport=context.pop("viewport", {"width": 1400, "height": 900}), accept_downloads=True)
    page = ctx.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.goto((site / "index.html").as_uri() + query)
    page.wait_for_selector("body[data-site-ready]", timeout=30_000)
    return ctx, page


def test_from_disk_the_page_opens_on_the_day_and_moves_with_no_other_request(browser, site_dir):
    ctx, page = open_from_disk(browser, site_dir, "?date=2020-11-08")
    try:
        assert page.locator('path[data-place="shusha"]').get_attribute("data-status") == "contested"
        assert "8 November 2020" in page.locator("#kcm-date").inner_text()
        assert "Claims made on 8 November 2020" in page.locator("#kcm-day-title").inner_text()
        assert page.locator("#kcm-day-claims li").count() >= 2
        page.locator(".kcm-timeline [data-step='1']").click()
        page.wait_for_function("() => location.search.includes('date=2020-11-09')")
        page.locator(".kcm-timeline [data-step='1']").click()
        page.wait_for_function("() => location.search.includes('date=2020-11-10')")
        assert page.locator('path[data-place="shusha"]').get_attribute("data-status") == "agreed"
        assert page.locator('path[data-place="shusha"]').get_attribute("data-holder") == "azerbaijan"
        assert all(u.startswith(("file://", "data:", "blob:")) for u in page.requests), page.requests
        assert page.errors == []
    finally:
        ctx.close()


def test_from_disk_a_place_in_armenian_opens_on_the_town_with_its_history(browser, site_dir):
    ctx, page = open_from_disk(browser, site_dir, "?place=Շուշի&lang=hy&date=2020-11-08")
    try:
        assert page.evaluate("document.documentElement.lang") == "hy"
        assert page.locator("#kcm-place").get_attribute("data-place") == "shusha"
        assert "Շուշի" in page.locator("#kcm-place-title").inner_text()
        assert page.locator("#kcm-place-history li").count() >= 3
        page.locator("path.kcm-focus[data-place=shusha]").wait_for()
        page.wait_for_function("() => kcm.map.getZoom() >= 9.5 && kcm.map.getBounds().contains([39.76, 46.75])")
        page.wait_for_function("() => new URLSearchParams(location.search).get('place') === 'shusha'")
        assert page.errors == []
    finally:
        ctx.close()


def test_from_disk_the_days_state_downloads_as_the_state_table(browser, site_dir, timeline):
    ctx, page = open_from_disk(browser, site_dir, "?date=2020-11-08")
    try:
        with page.expect_download() as info:
            page.locator("#kcm-day-csv").click()
        download = info.value
        assert download.suggested_filename == "karabakh-control-2020-11-08.csv"
        text = Path(download.path()).read_text(encoding="utf-8")
        assert text == to_csv(state_table(timeline, dt.date(2020, 11, 8)))  # what the app downloads
        assert page.locator("#kcm-claims-csv").get_attribute("download") == "karabakh-control-claims.csv"
        assert "data as of" in page.locator("#kcm-cite").inner_text()
        assert "?date=2020-11-08&amp;embed=1" in page.locator("#kcm-embed").inner_text()
    finally:
        ctx.close()


def test_from_disk_compare_outlines_and_lists_the_places_that_changed_hands(browser, site_dir):
    ctx, page = open_from_disk(browser, site_dir, "?date=2020-11-10&compare=2020-09-26")
    try:
        assert page.locator("#kcm-compare tbody tr").count() > 50
        assert page.locator("path.kcm-changed").count() > 50
        assert page.locator('#kcm-compare tr[data-place="shusha"]').count() == 1
        page.locator("#kcm-compare-clear").click()
        page.wait_for_function("() => !location.search.includes('compare=')")
        assert page.locator("path.kcm-changed").count() == 0
        assert page.locator(".kcm-legend").count() == 1
        assert page.locator(".kcm-timeline select[data-act='bookmark'] option").count() > 10
    finally:
        ctx.close()


def test_on_a_phone_the_panel_is_below_the_map_and_embed_shows_the_map_and_the_days_claims(browser, site_dir):
    ctx, page = open_from_disk(browser, site_dir, "?date=2020-11-08", viewport={"width": 390, "height": 844})
    try:
        map_box, panel_box = page.locator("#map").bounding_box(), page.locator("#kcm-panel").bounding_box()
        assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        ctx.close()
    ctx, page = open_from_disk(browser, site_dir, "?date=2020-11-08&embed=1")
    try:
        assert not page.locator(".kcm-head").is_visible()
        assert not page.locator("#kcm-share").is_visible()
        assert page.locator("#kcm-day-claims li").first.is_visible()
        assert "date=2020-11-08" in page.locator("#kcm-open-full").get_attribute("href")
        assert "embed=1" in page.evaluate("location.search")
    finally:
        ctx.close()


def test_a_bad_date_and_place_in_the_url_say_so_and_show_the_nearest_sensible_view(browser, site_dir):
    ctx, page = open_from_disk(browser, site_dir, "?date=2020-13-01&place=shusa")
    try:
        notices = page.locator("#kcm-notices").inner_text()
        assert "'2020-13-01' is not a date" in notices and "Did you mean 'shusha'?" in notices
        assert page.locator("#kcm-place").is_hidden()
        page.wait_for_function("() => location.search.includes('date=2020-11-10')")
    finally:
        ctx.close()
