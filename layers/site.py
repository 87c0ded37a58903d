"""The static viewer: ``./run layers site --out DIR`` writes the app's map and timeline over the whole
record as plain files that any web server, CDN, object store or GitHub Pages serves, and that open from disk.

What it writes::

    DIR/index.html                      the page (the only file without a hash: cache it briefly)
    DIR/assets/kcm-<hash>.js            the app's browser code (layers/js/, :data:`layers.map.JS_FILES`)
                                        and the site's own (:data:`SITE_JS_FILES`: the URL state, the side panel)
    DIR/assets/leaflet-<hash>.js|.css   Leaflet, its images inlined
    DIR/assets/site-<hash>.css          the map's and the page's styles
    DIR/assets/data-<lang>-<hash>.js    per language: the map's data (:func:`layers.map.base_data`) and the
                                        side panel's (:func:`site_data`), loaded as a script so that the page
                                        also works from ``file://``, where a browser refuses ``fetch``
    DIR/assets/table-<hash>.js          the state of every place over time as CSV lines (:func:`table_data`),
                                        loaded only when a viewer downloads a day's state
    DIR/assets/claims-<hash>.csv|.geojson  the whole record, for download
    …and a ``.gz`` and a ``.br`` copy of each text file beside it (nginx ``gzip_static``, ``brotli_static``).

Every file but ``index.html`` is named by its content, so it can be cached forever (``immutable``); a
new build writes new names and leaves the old files in place (a page loaded before the update still
finds its data), and writes ``index.html`` last, atomically. The page makes no request to any other
host: Leaflet, the data and the downloads are all in ``DIR``.
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from shapely.geometry import mapping

from geo import safe_csv
from geo.query import KIND_RANK
from geo.state import Timeline, ancestors
from geo.story import history_rows, pickable
from geo.table import claims_table, state_table
from layers.i18n import LANGUAGES, language, months, place_name, t
from layers.map import CSS, JS_DIR, KCM_JS, base_data, legend_html
from layers.popup import esc, holding_words, names_html, status_text
from layers.snapshot import LEAFLET_DIR, citation_template

#: The day the site opens on without ``?date=`` (the app's ``DEFAULT_DAY`` in app.py: the 10 November statement).
DEFAULT_DAY = dt.date(2020, 11, 10)
#: The data variants: "" is the app without ``?lang=`` (English words, every side's names); then each language.
VARIANTS = ("", *LANGUAGES)
#: The site's own browser code, after :data:`layers.map.JS_FILES`: the pure URL state and look-ups
#: (tested by ``node --test tests/js``), then the page (map, side panel, URL, downloads).
SITE_JS_FILES = ("site_state.js", "site.js")
#: Files worth a precompressed copy.
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".csv", ".geojson", ".svg", ".txt")
HASH_CHARS = 16
TITLE = "Karabakh control map"

#: The page's own words (in layers/strings, as every word of the interface, under ``site.*``).
SITE_KEYS = (
    "site.panel",
    "site.find",
    "site.clear",
    "site.place_state",
    "site.downloads",
    "site.record_csv",
    "site.record_geojson",
    "site.day_csv",
    "site.copy",
    "site.copied",
    "site.open_full",
    "site.loading",
    "site.compare_clear",
    "site.noscript",
    "site.map",
)
#: The app's strings the page uses, by the name the browser code reads them under.
APP_STRINGS = {
    "title": "title",
    "caption": "app.caption",
    "language": "app.language",
    "compare": "app.compare",
    "compareHelp": "app.compare.help",
    "place": "app.place",
    "placePlaceholder": "app.place.placeholder",
    "changed": "app.changed",
    "changedNone": "app.changed.none",
    "history": "app.history",
    "dayClaims": "app.day_claims",
    "dayClaimsNone": "app.day_claims.none",
    "share": "app.share",
    "embed": "app.share.embed",
    "cite": "app.share.cite",
    "keys": "app.keys",
    "credits": "app.credits",
    "colPlace": "col.place",
    "colBefore": "col.before",
    "colAfter": "col.after",
}


def site_words(lang: str) -> dict:
    """Every word the page shows in ``lang`` (a language code), the app's and the site's own."""
    ui = language(lang)
    words = {name: t(ui, key) for name, key in APP_STRINGS.items()}
    words.update({key.removeprefix("site.").replace(".", "_"): t(ui, key) for key in SITE_KEYS})
    words["months"] = months(ui)
    words["monthsShort"] = months(ui, short=True)
    return words


def _day_number(timeline: Timeline, day: dt.date) -> int:
    return (day - timeline.record.first_day).days


def _flat_changes(pairs) -> list[int]:
    """``[(day number, value index), ...]`` as a flat change list without repeats (layers/js/core.js stateIndex)."""
    flat: list[int] = []
    for n, value in pairs:
        if flat and flat[-1] == value:
            continue
        flat += [n, value]
    return flat


def all_pieces(timeline: Timeline) -> dict[str, list[str]]:
    """:func:`geo.story.pieces_of` for every place at once (each piece's ancestors are walked once, not once
    per place): a place and the drawn pieces that show it."""
    parents = timeline.record.places["parent"].to_dict()
    pieces = [p for ps in timeline.pieces.values() for p in ps]
    inside: dict[str, list[str]] = {}
    for piece in pieces:
        for pid in ancestors(piece, parents):
            inside.setdefault(pid, []).append(piece)
    return {pid: [pid, *(p for p in inside.get(pid, []) if p != pid)] for pid in timeline.days}


def evaluation_days(timeline: Timeline) -> list[dt.date]:
    """The days on which any place's state can change: the record's first day and every change day."""
    return sorted({timeline.record.first_day, *timeline.change_days})


def site_data(timeline: Timeline, lang: str | None = None, *, drawn: set[str] | None = None) -> dict:
    """What the side panel needs beside the map's data, in ``lang`` (None: every side's names, as the app
    without ``?lang=``): the look-up of ``?place=`` (:func:`geo.query.parse_place`'s rules), the days of the
    claims, each place's holding over time (compare two days: :func:`geo.story.changes_between`), the pieces
    that draw a place, and a header, a history and states for the places the map does not draw itself
    (districts, sectors, settlements without a position). ``drawn`` is the set of ids the map draws."""
    record = timeline.record
    ui = language(lang)
    places = record.places
    pick = pickable(timeline)
    drawn = drawn or set()
    holdings: list[str] = []
    texts: list[str] = []

    def index(table: list[str], value: str) -> int:
        if value not in table:
            table.append(value)
        return table.index(value)

    look = []
    for pid in pick.index:
        names = [n for n in dict.fromkeys(str(v) for v in places.at[pid, "names"].values() if v)]
        look.append(
            [
                pid,
                KIND_RANK.get(places.at[pid, "kind"], len(KIND_RANK)),
                names,
                place_name(places.at[pid, "names"], lang, places.at[pid, "label"]),
            ]
        )
    holding = {}
    for pid in pick.index:
        if places.at[pid, "kind"] == "district":
            continue  # a district is its pieces (changes_between leaves it out)
        holding[pid] = _flat_changes(
            (_day_number(timeline, d), index(holdings, s.holding))
            for d, s in zip(timeline.days[pid], timeline.states[pid], strict=True)
        )
        if timeline.days[pid] and timeline.days[pid][0] > record.first_day:
            holding[pid] = [0, index(holdings, "unclaimed"), *holding[pid]]
        elif not timeline.days[pid]:
            holding[pid] = [0, index(holdings, "unclaimed")]
    own = {}  # the places the map does not draw: their header, history and state over time
    for pid in pick.index:
        if pid in drawn:
            continue
        title = place_name(places.at[pid, "names"], lang, places.at[pid, "label"])
        district = pid in timeline.pieces
        states = []
        for d in sorted({record.first_day, *change_days_of(timeline, pid)}):
            s = timeline.district_state(pid, d) if district else timeline.place_state(pid, d)
            shares = timeline.shares(pid, d) if district else None
            text = status_text(s.holder, s.status, dict(s.accounts), shares, lang=ui)
            states.append((_day_number(timeline, d), index(texts, esc(text))))
        own[pid] = {
            "header": names_html(places.at[pid, "names"], title=title, lang=ui),
            "history": history_rows(timeline, pid),
            "states": _flat_changes(states),
        }
    pieces = {
        pid: shown
        for pid, every in all_pieces(timeline).items()
        if pid in pick.index and (shown := [p for p in every if p in drawn]) != [pid]
    }
    cells = {pid: places.at[pid, "parent"] for pid in drawn if places.at[pid, "kind"] == "cell"}
    return {
        "lang": lang or "",
        "ui": ui,
        "words": site_words(ui),
        "defaultDay": DEFAULT_DAY.isoformat(),
        "asOf": record.as_of.isoformat(),
        "citation": citation_template(record.as_of, ui),
        "claimDays": [_day_number(timeline, d) for d in record.claims["date"]],
        "places": look,
        "holdings": holdings,
        "holdingWords": [holding_words(h, ui) for h in holdings],
        "holding": holding,
        "pieces": pieces,
        "cells": cells,
        "own": own,
        "ownTexts": texts,
        "legend": legend_html(ui),
        "languages": LANGUAGES,
    }


def csv_records(table) -> list[str]:
    """The text of each record of ``table`` as CSV that no spreadsheet runs (:func:`geo.safe_csv.to_csv`, as
    the app's download and ``python -m geo state --format csv`` write it), the header first: one call for
    the whole table, cut into records by the CSV reader (a quoted cell may hold a line break)."""
    raw: list[str] = []

    def lines():
        for line in io.StringIO(safe_csv.to_csv(table), newline="\n"):  # lines end at \n only, as written
            raw.append(line)
            yield line

    records = []
    for _ in csv.reader(lines()):
        records.append("".join(raw))
        raw.clear()
    return records


def change_days_of(timeline: Timeline, pid: str) -> list[dt.date]:
    """The days on which ``pid``'s row can change: its own change days and, for a district (which is its
    pieces: :meth:`geo.state.Timeline.district_state`), its pieces' change days."""
    days = set(timeline.days.get(pid, []))
    for piece in timeline.pieces.get(pid, []):
        days.update(timeline.days.get(piece, []))
    return sorted(days)


def table_data(timeline: Timeline) -> dict:
    """The day's table (:func:`geo.table.state_table`, as ``python -m geo state --format csv`` writes it:
    :func:`csv_records`)
    for every day, as CSV: a header, the distinct lines, and each place's change list over them.

    The whole table is computed on the record's first day; after that, on each change day, only the rows
    of the places whose state can change that day (:func:`change_days_of`), from a view of the timeline
    holding those places and the pieces they are drawn as (a row depends only on its place and its
    pieces; ``tests/test_site.py`` checks the result against whole tables)."""
    first = timeline.record.first_day
    index: dict[str, int] = {}
    full = state_table(timeline, first)
    header = csv_records(full.iloc[:0])[0]
    order = list(full["place_id"])
    changes: dict[str, list[tuple[int, int]]] = {pid: [] for pid in order}

    def add(table, n: int) -> None:
        for pid, line in zip(table["place_id"], csv_records(table)[1:], strict=True):
            changes[pid].append((n, index.setdefault(line, len(index))))

    add(full, 0)
    by_day: dict[dt.date, set[str]] = {}
    for pid in order:
        for day in change_days_of(timeline, pid):
            if day > first:
                by_day.setdefault(day, set()).add(pid)
    for day in sorted(by_day):
        keep = set(by_day[day])
        for pid in by_day[day]:
            keep.update(timeline.pieces.get(pid, []))
        view = replace(timeline, days={p: d for p, d in timeline.days.items() if p in keep})
        table = state_table(view, day)
        add(table[table["place_id"].isin(by_day[day])], _day_number(timeline, day))
    return {
        "header": header,
        "lines": list(index),
        "order": order,
        "changes": {pid: _flat_changes(changes[pid]) for pid in order},
    }


def claims_geojson(timeline: Timeline) -> dict:
    """Every claim as a GeoJSON feature: the claim's fields (:func:`geo.table.claims_table`) and its place's
    geometry (none for a place without a known position), in EPSG:4326."""
    record = timeline.record
    table = claims_table(record)
    geoms = record.places.geometry
    features = []
    for row in table.to_dict("records"):
        geom = geoms.get(row["place_id"])
        shape = mapping(geom) if geom is not None and not geom.is_empty else None
        features.append(
            {"type": "Feature", "geometry": shape, "properties": {k: (None if v == "" else v) for k, v in row.items()}}
        )
    return {"type": "FeatureCollection", "name": "karabakh_control_claims", "features": features}


def _hashed(stem: str, ext: str, content: bytes) -> str:
    return f"{stem}-{hashlib.sha256(content).hexdigest()[:HASH_CHARS]}{ext}"


def precompress(path: Path) -> list[Path]:
    """Write ``path.gz`` (gzip -9, no time stamp: the same bytes on every build) and ``path.br`` (brotli)."""
    import brotli

    data = path.read_bytes()
    written = []
    for suffix, packed in (
        (".gz", gzip.compress(data, compresslevel=9, mtime=0)),
        (".br", brotli.compress(data, quality=11)),
    ):
        target = path.with_name(path.name + suffix)
        _write_atomic(target, packed)
        written.append(target)
    return written


def _write_atomic(target: Path, content: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(content)
    tmp.replace(target)


def leaflet_css() -> str:
    """Leaflet's CSS with the images it points at as data: URIs (one file, nothing more to fetch)."""

    def data_uri(match: re.Match) -> str:
        png = base64.b64encode((LEAFLET_DIR / match[1]).read_bytes()).decode()
        return f"url(data:image/png;base64,{png})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8"))


PAGE_CSS = """
*{box-sizing:border-box}html,body{margin:0;height:100%}
body{font:14px/1.45 system-ui,sans-serif;color:#111;display:flex;flex-direction:column}
.kcm-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 16px;padding:6px 12px;border-bottom:1px solid #ccc}
.kcm-head h1{font-size:18px;margin:0}
.kcm-langs a{margin-right:8px}.kcm-langs a[aria-current]{font-weight:700;color:#111}
.kcm-layout{flex:1;display:flex;min-height:0}
#map{flex:1;min-width:0;height:100%}
#kcm-panel{width:400px;max-width:42vw;overflow:auto;padding:8px 12px;border-left:1px solid #ccc}
#kcm-panel h2{font-size:15px;margin:14px 0 6px}#kcm-panel ul{padding-left:18px;margin:4px 0}
#kcm-panel .kcm-claim{margin-bottom:8px}.kcm-source{font-size:12px}.kcm-statement{font-style:italic}
.kcm-note,.kcm-about,.kcm-small{font-size:12px;color:#333}
.kcm-notices:empty{display:none}
.kcm-notices{background:#fff4d6;border:1px solid #c98a00;padding:6px 8px;border-radius:4px}
.kcm-row-form{display:flex;gap:4px;flex-wrap:wrap;align-items:center}
.kcm-row-form input{flex:1;min-width:140px;min-height:30px}
#kcm-panel button,#kcm-panel select,#kcm-panel input{font:inherit;min-height:30px}
#kcm-panel pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:6px;margin:4px 0;font-size:12px}
#kcm-panel table{border-collapse:collapse;width:100%;font-size:13px}
#kcm-panel td,#kcm-panel th{border-bottom:1px solid #ddd;text-align:left;padding:2px 4px}
.kcm-downloads li{margin:4px 0}
body.kcm-embed .kcm-head,body.kcm-embed .kcm-full-only{display:none}
body.kcm-embed .kcm-layout{flex-direction:column}body.kcm-embed #map{flex:none;height:72vh}
body.kcm-embed #kcm-panel{width:auto;max-width:none;border-left:0;border-top:1px solid #ccc}
@media (max-width:760px){.kcm-layout{flex-direction:column}#map{flex:none;height:68vh}
#kcm-panel{width:auto;max-width:none;border-left:0;border-top:1px solid #ccc;overflow:visible}
body{display:block;height:auto}html{height:auto}}
"""

INDEX_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{leaflet_css}">
<link rel="stylesheet" href="{site_css}">
<script>
// The manifest of this build and the early start of the map data's download (its language from ?lang=).
window.KCM_SITE = {manifest};
(function (site) {{
  site.parts = [];
  window.kcmSiteLoaded = function (part) {{ site.parts.push(part); if (site.onPart) {{ site.onPart(part); }} }};
  var lang = (new URLSearchParams(location.search).get('lang') || '').trim().toLowerCase().replace(/-/g, '_');
  if (lang === 'hy_latn') {{ lang = 'hy'; }}
  if (new URLSearchParams(location.search).has('lang') && !(lang in site.data)) {{ lang = 'en'; }}
  if (!(lang in site.data)) {{ lang = ''; }}
  site.variant = lang;
  var s = document.createElement('script');
  s.src = site.data[lang];
  s.onerror = function () {{ site.failed = s.src; if (site.onFail) {{ site.onFail(s.src); }} }};
  document.head.appendChild(s);
}}(window.KCM_SITE));
</script>
</head>
<body>
<header class="kcm-head"><h1 id="kcm-title">{title}</h1>
<nav class="kcm-langs" id="kcm-langs" aria-label="Language"></nav></header>
<main class="kcm-layout">
<div id="map" role="region" aria-label="Map"></div>
<aside id="kcm-panel" aria-label="The day and the places"><p id="kcm-loading">Loading the map…</p></aside>
</main>
<noscript><p>{noscript} <a href="{claims_csv}">CSV</a>, <a href="{claims_geojson}">GeoJSON</a>.</p></noscript>
<script src="{leaflet_js}"></script>
<script src="{kcm_js}"></script>
</body>
</html>
"""


@dataclass
class SiteFiles:
    """What :func:`write_site` wrote: the page, each asset (relative paths) and their sizes."""

    out: Path
    index: Path
    assets: dict[str, str] = field(default_factory=dict)  # role -> path relative to ``out``
    written: list[Path] = field(default_factory=list)


def site_js() -> str:
    """The browser code of the site: the app's (:data:`layers.map.KCM_JS`) and the site's own files."""
    return KCM_JS + "\n" + "\n".join((JS_DIR / name).read_text(encoding="utf-8") for name in SITE_JS_FILES)


def _script_payload(part: dict) -> bytes:
    """A data file the page loads as a script: ``kcmSiteLoaded({...})`` (JSON is a JavaScript literal)."""
    text = json.dumps(part, separators=(",", ":"), ensure_ascii=False)
    return ("kcmSiteLoaded(" + text.replace("</", "<\\/") + ");\n").encode("utf-8")


def write_site(timeline: Timeline, out: Path, *, base_url: str | None = None, progress=None) -> SiteFiles:
    """Write the static site for ``timeline`` into ``out`` (created if needed) and return what was written.

    Parameters
    ----------
    timeline : the record's :class:`Timeline` (its sources decide what the site counts).
    out : the folder to serve.
    base_url : the public address of the site (``https://example.org/map/``), used in the embed code and
        the citation; without it the page uses its own address.
    progress : a callable taking a line of text, told what is being written (None: quiet).
    """
    say = progress or (lambda text: None)
    assets_dir = out / "assets"
    assets_dir.mkdir(parents=True, exist_ok=True)
    files = SiteFiles(out=out, index=out / "index.html")

    def put(role: str, stem: str, ext: str, content: bytes) -> str:
        name = _hashed(stem, ext, content)
        target = assets_dir / name
        if not target.exists() or target.read_bytes() != content:
            _write_atomic(target, content)
        files.written.append(target)
        if ext in COMPRESSIBLE:
            files.written += precompress(target)
        files.assets[role] = f"assets/{name}"
        return files.assets[role]

    say("browser code and Leaflet")
    put("leaflet_js", "leaflet", ".js", (LEAFLET_DIR / "leaflet.js").read_bytes())
    put("leaflet_css", "leaflet", ".css", leaflet_css().encode("utf-8"))
    put("kcm_js", "kcm", ".js", site_js().encode("utf-8"))
    put("site_css", "site", ".css", (CSS + PAGE_CSS).encode("utf-8"))
    say("the record for download")
    put("claims_csv", "claims", ".csv", safe_csv.to_csv_bytes(claims_table(timeline.record)))  # no formula runs
    put(
        "claims_geojson",
        "claims",
        ".geojson",
        json.dumps(claims_geojson(timeline), ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
    )
    say("the state of every place on every day")
    put("table", "table", ".js", _script_payload({"table": table_data(timeline)}))
    data = {}
    for variant in VARIANTS:
        say(f"the map's data ({variant or 'every side’s names'})")
        lang = variant or None
        base = base_data(timeline, lang)
        drawn = {f["properties"]["id"] for f in base["places"]["features"]}
        part = {"variant": variant, "map": base, "site": site_data(timeline, lang, drawn=drawn)}
        data[variant] = put(f"data:{variant}", f"data-{variant or 'all'}", ".js", _script_payload(part))
    manifest = {
        "data": data,
        "table": files.assets["table"],
        "claimsCsv": files.assets["claims_csv"],
        "claimsGeojson": files.assets["claims_geojson"],
        "baseUrl": base_url or None,
        "first": timeline.record.first_day.isoformat(),
        "last": timeline.record.last_day.isoformat(),
    }
    html = INDEX_HTML.format(
        title=esc(TITLE),
        description=esc(t("en", "app.caption")),
        manifest=json.dumps(manifest, ensure_ascii=False).replace("</", "<\\/"),
        noscript=esc(t("en", "site.noscript")),
        **files.assets,
    )
    say("index.html")
    _write_atomic(files.index, html.encode("utf-8"))  # last: every file it names is already there
    files.written.append(files.index)
    files.written += precompress(files.index)
    (out / ".nojekyll").touch()  # GitHub Pages: serve the files as they are
    return files


def add_parser(sub) -> argparse.ArgumentParser:
    """The ``site`` subcommand of ``python -m layers``."""
    p = sub.add_parser(
        "site",
        help="the static viewer: the map and timeline over the whole record as files to serve",
        description="Write a static site (index.html, the browser code, Leaflet and the map's data "
        "as content-hashed files, with .gz and .br copies) into --out: serve it with "
        "any web server or CDN (deploy/), or open index.html from disk.",
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder to write (created if needed)")
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="the site's public address (https://…/), used in the embed code and the citation",
    )
    p.add_argument(
        "--without-reference",
        action="store_true",
        help="leave out claims whose source is a reference work (the sides' statements and reports only)",
    )
    p.add_argument("--quiet", action="store_true", help="say nothing but errors")
    p.set_defaults(parser=p)
    return p


def main(args: argparse.Namespace) -> int:
    """Run ``python -m layers site`` with parsed ``args``."""
    from geo import read_record
    from geo.errors import DataError
    from geo.state import ALL_SOURCES, STATEMENTS_AND_REPORTS

    if args.base_url and not re.match(r"https?://[^/\s]+", args.base_url):
        args.parser.error(
            f"--base-url is {args.base_url!r}; expected an http(s) address such as https://example.org/map/"
        )
    try:
        record = read_record()
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    timeline = Timeline.from_record(record, sources=STATEMENTS_AND_REPORTS if args.without_reference else ALL_SOURCES)
    progress = None if args.quiet else (lambda text: print(f"writing {text}", file=sys.stderr))
    files = write_site(timeline, args.out, base_url=args.base_url, progress=progress)
    size = sum(p.stat().st_size for p in files.written if p.suffix not in (".gz", ".br"))
    if not args.quiet:
        print(
            f"wrote {args.out}/index.html and {len(files.written) - 1} files "
            f"({size / 1e6:.1f} MB before compression); "
            f"serve {args.out} (deploy/) or open {args.out / 'index.html'}"
        )
    return 0


__all__ = [
    "DEFAULT_DAY",
    "SITE_JS_FILES",
    "VARIANTS",
    "SiteFiles",
    "claims_geojson",
    "site_data",
    "table_data",
    "write_site",
]
