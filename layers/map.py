"""Folium layers: a base map that carries every geometry once, and a small per-day layer of states.

The base map (:func:`base_map`) never changes with the date: it holds the places' shapes, the
context outlines, every claim's popup HTML, the style table and each drawn place's change list
(:mod:`layers.changes`), so the browser can show any day by itself. A day is then only
:func:`day_payload` (the date, a few bytes), sent as a :class:`DayState` inside a FeatureGroup: the
app swaps that group on each slider move without reloading the map, and snapshots add it to the
map directly. The browser side is ``layers/js/`` (:data:`JS_FILES`).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import secrets
import threading
import time
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from geo.state import Timeline
from layers.changes import change_lists
from layers.i18n import browser_text, language, place_name, t
from layers.popup import about_label, claim_html, esc, names_html
from layers.style import CHANGED_OUTLINE, CONTEXT_STYLE, FOCUS_OUTLINE, LEGEND_ROWS, PATTERNS, ZONE_STYLE, styles

#: The view a map opens on, [[south, west], [north, east]]: the NKAO and all seven districts.
INITIAL_VIEW = [[38.85, 45.55], [40.55, 47.75]]
ATTRIBUTION = (
    'Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain) · '
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) · '
    'Claims: see each popup\'s sources · <a href="https://leafletjs.com/">Leaflet</a>'
)
POINT_RADIUS = {"city": 8, "town": 7}
#: Points are drawn in this order, so that towns and cities lie on top of villages and heights.
POINT_ORDER = {"hill": 0, "pass": 0, "road": 0, "village": 1, "town": 2, "city": 3}
#: The areas drawn as outlines on the map (the legend explains them); other areas only carry claims.
OUTLINED_AREAS = ("held_1994",)


def _feature(geom, props: dict) -> dict:
    return {"type": "Feature", "geometry": mapping(geom), "properties": props}


def context_geojson(timeline: Timeline) -> dict:
    """Countries (the plain base), district outlines, the NKAO, the 1994 held area and line."""
    places = timeline.record.places
    order = ["country", "district", "area", "oblast", "line"]
    features = []
    for kind in order:
        for pid, row in places[places["kind"] == kind].iterrows():
            if kind == "area" and pid not in OUTLINED_AREAS:
                continue  # an area that only carries claims (e.g. the positions of 10 Nov 2020) is not drawn
            features.append(
                _feature(row.geometry, {"id": pid, "kind": kind, "label": row["label"], "style": CONTEXT_STYLE[kind]})
            )
    return {"type": "FeatureCollection", "features": features}


def places_geojson(timeline: Timeline, lang: str | None = None) -> dict:
    """The places that change colour: district sectors (polygons) below settlements (points), towns and
    cities on top; each labelled in ``lang`` (every side's names without it)."""
    places = timeline.record.places
    drawn = places.loc[list(timeline.days)]
    drawn = drawn[drawn.geometry.notna()]  # a settlement with no known position is in the record, not on the map
    pieces = [p for ps in timeline.pieces.values() for p in ps]
    polygons = drawn.loc[pieces]
    zones = drawn[drawn["kind"] == "zone"]
    points = drawn[drawn.geometry.geom_type == "Point"]
    points = points.iloc[sorted(range(len(points)), key=lambda i: POINT_ORDER.get(points["kind"].iloc[i], 0))]
    features = [
        _feature(
            row.geometry,
            {
                "id": pid,
                "kind": row["kind"],
                "label": esc(place_name(row["names"], lang, row["label"])),
                "radius": POINT_RADIUS.get(row["kind"], 5),
            },
        )
        for frame in (polygons, zones, points)
        for pid, row in frame.iterrows()
    ]
    return {"type": "FeatureCollection", "features": features}


def day_payload(
    day: dt.date,
    *,
    compare: list[str] | None = None,
    focus: list[str] | None = None,
    ack: int | None = None,
    fit: bool = True,
) -> dict:
    """What a rerun sends: the day (the browser already has every place's change list), the places
    to outline as changed since a compared day, the places to centre on (a place and the pieces
    that draw it: :func:`geo.story.pieces_of`), and which in-map timeline
    move (``ack``) the rerun answers."""
    payload = {"date": day.isoformat()}
    if compare:
        payload["compare"] = list(compare)
    if focus:
        payload["focus"] = focus
    if ack:
        payload["ack"] = ack
    if focus and not fit:
        payload["fit"] = False  # outline the place but keep the view (a snapshot sets its own)
    return payload


#: The browser code, one file per job (``layers/js/``), in the order they build on each other: the pure
#: core, the Leaflet drawing, the timeline control, the bridge to Streamlit, and main, which wires them.
JS_FILES = ("core.js", "draw.js", "timeline.js", "bridge.js", "main.js")
JS_DIR = Path(__file__).with_name("js")
KCM_JS = "\n".join((JS_DIR / name).read_text(encoding="utf-8") for name in JS_FILES)

#: The map's own boxes and outlines (``layers/map.css``), its outline colours from ``layers/style.py``.
CSS = (
    Path(__file__)
    .with_name("map.css")
    .read_text(encoding="utf-8")
    .replace("%(focus)s", FOCUS_OUTLINE["color"])
    .replace("%(focus_w)s", str(FOCUS_OUTLINE["weight"]))
    .replace("%(changed)s", CHANGED_OUTLINE["color"])
    .replace("%(changed_w)s", str(CHANGED_OUTLINE["weight"]))
)


class PlaceLayer(MacroElement):
    """Every geometry, popup text and change list, sent once (or fetched from ``data_url``);
    the script is :data:`KCM_JS` (``layers/js/``), which defines ``window.kcm``."""

    _template = Template("""
{% macro header(this, kwargs) %}
<style>{{ this.css }}</style>
{% endmacro %}
{% macro script(this, kwargs) %}
{{ this.js }}
kcmInit({{ this._parent.get_name() }}, {{ this.source|tojson }}, {{ this.options|tojson }});
{% endmacro %}
""")

    def __init__(
        self,
        source: dict | str,
        *,
        title: str = "Karabakh control map",
        sync: bool = False,
        follow: str | None = None,
        timeline: bool = True,
        span: tuple[dt.date, dt.date] | None = None,
        citation: str | None = None,
        town_labels: bool = False,
    ):
        super().__init__()
        self._name = "PlaceLayer"
        self.source = source
        self.css = CSS
        self.js = KCM_JS
        self.options = {
            "title": title,
            "sync": sync,
            "follow": follow,
            "timeline": timeline,
            "citation": citation,
            "range": [d.isoformat() for d in span] if span else None,
            "townLabels": town_labels,
        }


def base_data(timeline: Timeline, lang: str | None = None) -> dict:
    """Everything the base map sends once (computed once per record and language; the app caches it).

    ``lang`` is the interface language and the language of place names (:mod:`layers.i18n`); without
    it the interface is English and places carry every side's name ("Shusha / Şuşa / Shushi")."""
    record = timeline.record
    ui = language(lang)
    places = places_geojson(timeline, lang)
    labels = record.places["label"]

    def title(pid: str) -> str:
        return place_name(record.places.at[pid, "names"], lang, labels[pid])

    return {
        "lang": ui,
        "styles": styles(),
        "places": places,
        "context": context_geojson(timeline),
        "headers": {
            f["properties"]["id"]: names_html(
                record.places.at[f["properties"]["id"], "names"], title=title(f["properties"]["id"]), lang=ui
            )
            + (f'<div class="kcm-note">{esc(t(ui, "popup.cell"))}</div>' if f["properties"]["kind"] == "cell" else "")
            for f in places["features"]
        },
        "claims": [
            claim_html(row, about=about_label(record.places, row["place"], lang), lang=ui)
            for row in record.claims.to_dict("records")
        ],
        "patterns": [
            {"id": f"kcm-{name}", "colours": list(p["colours"]), "size": p["size"]} for name, p in PATTERNS.items()
        ],
        "zoneStyle": ZONE_STYLE,
        "text": browser_text(ui),  # the interface's words, from layers/strings (the browser has none of its own)
        "legend": legend_html(ui),
        "attribution": ATTRIBUTION,
        "bounds": INITIAL_VIEW,
        "timeline": change_lists(timeline, [f["properties"]["id"] for f in places["features"]], lang=ui),
    }


class DayState(MacroElement):
    """Moves the base map to a day (a few bytes: see :func:`day_payload`)."""

    _template = Template("""
{% macro script(this, kwargs) %}
window.kcmApply({{ this.payload|tojson }});
{% endmacro %}
""")

    def __init__(self, payload: dict):
        super().__init__()
        self._name = "DayState"
        self.payload = payload


def legend_html(lang: str | None = None) -> str:
    """The legend, in ``lang``: every state's swatch, then every line the map draws."""
    ui = language(lang)
    table = styles()
    rows = []
    for key, text_key in LEGEND_ROWS:
        style = table[key]
        fill = style["fillColor"]
        pattern = ""
        if fill.startswith("url("):
            a, b = PATTERNS["contested"]["colours"]
            size = PATTERNS["contested"]["size"]
            pattern = (
                f'<defs><pattern id="lg-{key}" patternUnits="userSpaceOnUse" width="{size}" height="{size}" '
                f'patternTransform="rotate(45)"><rect width="{size / 2}" height="{size}" fill="{a}"/>'
                f'<rect x="{size / 2}" width="{size / 2}" height="{size}" fill="{b}"/></pattern></defs>'
            )
            fill = f"url(#lg-{key})"
        dash = f' stroke-dasharray="{style["dashArray"]}"' if style.get("dashArray") else ""
        rows.append(
            f'<div><svg width="22" height="14" aria-hidden="true">{pattern}<rect x="1" y="1" width="20" height="12" '
            f'fill="{fill}" fill-opacity="{style["fillOpacity"]}" stroke="{style["color"]}" stroke-width="2"{dash}/>'
            f"</svg>{esc(t(ui, text_key))}</div>"
        )

    def line(style: dict, text_key: str) -> str:
        dash = f' stroke-dasharray="{style["dashArray"]}"' if style.get("dashArray") else ""
        return (
            f'<div><svg width="22" height="14" aria-hidden="true"><line x1="1" y1="7" x2="21" y2="7" '
            f'stroke="{style["color"]}" stroke-width="{min(style.get("weight", 2.5), 3)}"{dash}/></svg>'
            f"{esc(t(ui, text_key))}</div>"
        )

    lines = "".join(
        [
            line(CONTEXT_STYLE["line"], "legend.line_1994"),
            line(CONTEXT_STYLE["oblast"], "legend.nkao"),
            line(CONTEXT_STYLE["area"], "legend.held_1994"),
            line(CHANGED_OUTLINE, "legend.changed"),
            line(FOCUS_OUTLINE, "legend.focus"),
        ]
    )
    return f"<b>{esc(t(ui, 'legend.title'))}</b>" + "".join(rows) + lines


def base_map(
    data: dict | str,
    *,
    leaflet_js: str | None,
    leaflet_css: str | None,
    tiles: str | None = None,
    height: str = "100%",
    sync: bool = False,
    follow: str | None = None,
    timeline: bool = True,
    span: tuple[dt.date, dt.date] | None = None,
    citation: str | None = None,
    zoom_control: bool = True,
    town_labels: bool = False,
    title: str = "Karabakh control map",
) -> folium.Map:
    """The map without any day applied (it opens on the record's last day until told otherwise).

    ``data`` is :func:`base_data`, inlined, or the URL of its JSON (the app serves it once as a static file).
    Leaflet is loaded from ``leaflet_js``/``leaflet_css`` (the app passes its own static copy,
    :data:`bridge.LEAFLET_JS`; a snapshot inlines it and passes None: never a CDN); ``tiles`` is optional (no
    tile server answers offline, and the country outlines are a plain base). ``sync`` makes the in-map timeline
    report to the Streamlit app where it stopped; ``follow`` is the label of the page's date slider, which the
    map then follows as soon as it moves (before the rerun); ``timeline=False`` hides the timeline control;
    ``span`` (first, last day) gives the timeline a span of its own, chosen at start (a snapshot of a range);
    ``citation`` is a text with ``{day}`` that the element ``#kcm-citation`` shows for each day;
    ``zoom_control=False`` leaves out the +/− buttons (a picture); ``town_labels`` names the cities and towns on
    the map itself (a picture names its places); ``title`` heads the date box."""
    m = folium.Map(
        location=[39.7, 46.7],
        zoom_start=8,
        tiles=tiles,
        control_scale=True,
        height=height,
        prefer_canvas=False,
        min_zoom=6,
        max_zoom=14,
        zoom_snap=0.25,
        zoom_control=zoom_control,
    )
    # Per-instance asset lists: only Leaflet, from where we serve it (the class-level lists, and
    # jQuery/Bootstrap that folium adds by default, would be fetched from CDNs).
    m.default_js = [("leaflet", leaflet_js)] if leaflet_js else []
    m.default_css = [("leaflet_css", leaflet_css)] if leaflet_css else []
    PlaceLayer(
        data,
        sync=sync,
        follow=follow,
        timeline=timeline,
        span=span,
        citation=citation,
        town_labels=town_labels,
        title=title,
    ).add_to(m)
    return m


#: How often the map data a running app has published is checked to be there (and put back if not).
PUBLISH_CHECK_S = 0.1


class _Published:
    """The map data files this process serves, kept where the browser fetches them.

    Each file is held open with a shared ``flock``: another app instance on the same checkout sees it is
    live and never removes it, however old it is, and the lock goes when this process ends. A thread
    checks every :data:`PUBLISH_CHECK_S` seconds that each file is still there (``git clean -fdX``
    removes ``static/generated``) and writes it again if not; it also renews their modification time,
    so that instances that only look at the age see them as live too.
    """

    def __init__(self):
        self.files: dict[Path, tuple[bytes, int]] = {}  # path -> (content, descriptor holding the lock)
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.renewed = time.monotonic()

    def hold(self, path: Path, content: bytes, *, keep_s: float) -> None:
        with self.lock:
            old = self.files.pop(path, None)
            if old:
                os.close(old[1])
            self.files[path] = (content, self._open(path, content))
            while len(self.files) > 64:  # records and languages long replaced: let them go
                os.close(self.files.pop(next(iter(self.files)))[1])
            self.renew_s = min(3600.0, keep_s / 4)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._watch, name="kcm-published-map-data", daemon=True)
                self.thread.start()

    def release(self, path: Path) -> None:
        with self.lock:
            held = self.files.pop(path, None)
            if held:
                os.close(held[1])

    def holds(self, path: Path) -> bool:
        return path in self.files

    @staticmethod
    def _open(path: Path, content: bytes, *, write: bool = False) -> int:
        """Write ``path`` if asked, missing or not the right size; open it and take a shared lock on it
        (on the same file: a remover may unlink it between the write and the lock, so check, and try again)."""
        for _ in range(10):
            try:
                write = write or path.stat().st_size != len(content)
            except FileNotFoundError:
                write = True
            if write:
                _write_new(path, content)
                write = False
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                if os.path.samestat(os.fstat(fd), os.stat(path)):
                    os.utime(path)  # live from now, for anyone who only reads the age
                    return fd
            except FileNotFoundError:
                pass
            os.close(fd)
        raise OSError(f"{path} keeps disappearing while it is being published")

    def _watch(self) -> None:
        while True:
            time.sleep(PUBLISH_CHECK_S)
            with self.lock:
                renew = time.monotonic() - self.renewed > self.renew_s
                for path, (content, fd) in list(self.files.items()):
                    try:
                        if not path.parent.parent.is_dir():  # the static folder itself is gone: not ours to make
                            continue
                        try:
                            same = os.path.samestat(os.fstat(fd), os.stat(path))
                        except FileNotFoundError:
                            same = False
                        if not same:  # removed (or replaced): put it back and hold the new file
                            os.close(fd)
                            self.files[path] = (content, self._open(path, content, write=True))
                        elif renew:
                            os.utime(path)
                    except OSError:
                        continue  # a full disk, say: try again at the next check
                if renew:
                    self.renewed = time.monotonic()


_PUBLISHED = _Published()


def _write_new(path: Path, content: bytes) -> None:
    """Write ``path`` through a temporary file of this process's own, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")  # several servers at once
    try:
        tmp.write_bytes(content)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _unused(path: Path, keep_s: float) -> bool:
    """Whether another record's file can go: older than ``keep_s`` and held by no running instance."""
    try:
        if time.time() - path.stat().st_mtime <= keep_s:
            return False
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while any instance holds it
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False
    finally:
        os.close(fd)


def publish(data: dict, static_dir: Path, *, keep_s: float = 24 * 3600) -> str:
    """Write :func:`base_data` where the app serves static files, as ``generated/base-<hash>.json``
    (named by its content, so a browser never holds a stale copy), and return its URL for
    :func:`base_map`.

    The file stays there while this process runs: it is held (see :class:`_Published`), and written
    again within :data:`PUBLISH_CHECK_S` seconds whenever it is removed. Other records' files (and
    temporary files) older than ``keep_s`` seconds are removed, unless a running instance holds them.
    """
    content = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    name = f"base-{hashlib.sha256(content).hexdigest()[:16]}.json"
    target = Path(static_dir) / "generated" / name
    _PUBLISHED.hold(target, content, keep_s=keep_s)
    for old in [*target.parent.glob("base-*.json"), *target.parent.glob(".base-*.tmp")]:
        if old == target:
            continue
        if _PUBLISHED.holds(old) and time.time() - old.stat().st_mtime > keep_s:
            _PUBLISHED.release(old)  # one of ours made old by hand: no page of this process asks for it
        if not _PUBLISHED.holds(old) and _unused(old, keep_s):
            old.unlink(missing_ok=True)
    return f"/app/static/generated/{name}"


def day_group(timeline: Timeline, day: dt.date, **payload) -> folium.FeatureGroup:
    """The per-day layer for ``st_folium(..., feature_group_to_add=...)`` (or to add to a snapshot);
    ``payload`` takes :func:`day_payload`'s keywords."""
    group = folium.FeatureGroup(name="day", control=False)
    DayState(day_payload(day, **payload)).add_to(group)
    return group


__all__ = ["DayState", "PlaceLayer", "base_data", "base_map", "day_group", "day_payload", "publish"]
