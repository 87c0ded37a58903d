"""Folium layers: a base map that carries every geometry once, and a small per-day layer of states.

The base map (:func:`base_map`) never changes with the date: it holds the places' shapes, the
context outlines, every claim's popup HTML and the style table, and defines ``window.kcm.apply``.
A day is then only :func:`day_payload` (a style key, a status and the claims in force per place),
sent as a :class:`DayState` inside a FeatureGroup: the app swaps that group on each slider move
without reloading the map, and snapshots add it to the map directly.
"""

from __future__ import annotations

import datetime as dt

import folium
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from geo.load import place_label
from geo.state import Timeline
from layers.popup import claim_html, esc, names_html, status_text
from layers.style import LEGEND_ROWS, PATTERNS, style_key, styles

#: Where the app serves Leaflet (Streamlit static serving, see .streamlit/config.toml).
LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
#: The view that shows the NKAO and all seven districts.
REGION_BOUNDS = [[38.85, 45.55], [40.55, 47.75]]
ATTRIBUTION = ('Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain) · '
               'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) · '
               'Claims: see each popup\'s sources · <a href="https://leafletjs.com/">Leaflet</a>')
POINT_RADIUS = {"city": 8, "town": 7}
CONTEXT_STYLE = {
    "country": {"color": "#9a9a9a", "weight": 1, "fillColor": "#f4f1ea", "fillOpacity": 1.0},
    "district": {"color": "#555555", "weight": 1.5, "fill": False},
    "oblast": {"color": "#111111", "weight": 2.5, "dashArray": "8 5", "fill": False},
    "area": {"color": "#7a4b00", "weight": 2, "dashArray": "2 5", "fill": False},
    "line": {"color": "#b00020", "weight": 2.5},
}


def _feature(geom, props: dict) -> dict:
    return {"type": "Feature", "geometry": mapping(geom), "properties": props}


def context_geojson(timeline: Timeline) -> dict:
    """Countries (the plain base), district outlines, the NKAO, the 1994 held area and line."""
    places = timeline.record.places
    order = ["country", "district", "area", "oblast", "line"]
    features = []
    for kind in order:
        for pid, row in places[places["kind"] == kind].iterrows():
            features.append(_feature(row.geometry, {"id": pid, "kind": kind, "label": place_label(row["names"]),
                                                    "style": CONTEXT_STYLE[kind]}))
    return {"type": "FeatureCollection", "features": features}


def places_geojson(timeline: Timeline) -> dict:
    """The places that change colour: district sectors (polygons) below settlements (points)."""
    places = timeline.record.places
    drawn = places.loc[list(timeline.days)]
    pieces = [p for ps in timeline.sectors.values() for p in ps]
    polygons = drawn.loc[pieces]
    zones = drawn[drawn["kind"] == "zone"]
    points = drawn[drawn.geometry.geom_type == "Point"]
    features = [_feature(row.geometry, {"id": pid, "kind": row["kind"], "label": place_label(row["names"]),
                                        "radius": POINT_RADIUS.get(row["kind"], 5)})
                for frame in (polygons, zones, points) for pid, row in frame.iterrows()]
    return {"type": "FeatureCollection", "features": features}


def day_payload(timeline: Timeline, day: dt.date) -> dict:
    """What changes with the date: per place [style key, escaped status text, claim rows in force]."""
    state = timeline.state_on(day)
    places = {}
    for pid, row in state.iterrows():
        text = status_text(row["holder"], row["status"], row["accounts"], row["shares"])
        places[pid] = [style_key(row["holder"], row["status"], row["uncertain"]), esc(text), list(row["claims"])]
    return {"date": day.isoformat(), "label": f"{day.day} {day:%B %Y}", "places": places}


class PlaceLayer(MacroElement):
    """Every geometry and popup text, sent once; defines ``window.kcm.apply(payload)``."""

    _template = Template("""
{% macro header(this, kwargs) %}
<style>
.leaflet-container{background:#dde6ea}
.leaflet-control-attribution{font:11px/1.4 system-ui,sans-serif}
.kcm-date{background:#fff;padding:4px 8px;border-radius:4px;font:600 15px/1.3 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)}
.kcm-legend{background:#fff;padding:6px 8px;border-radius:4px;font:12px/1.4 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:260px}
.kcm-legend svg{vertical-align:middle;margin-right:4px}
.kcm-popup ul{padding-left:16px;margin:4px 0}.kcm-claim{margin-bottom:6px}.kcm-source{font-size:11px}
.kcm-statement{font-style:italic}.kcm-note{font-size:11px;color:#444}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var kcm = window.kcm = {map: map, layers: {}, styles: {{ this.styles|tojson }},
    headers: {{ this.headers|tojson }}, claims: {{ this.claims|tojson }}, day: null};
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution({{ this.attribution|tojson }});
  L.geoJSON({{ this.context|tojson }}, {interactive: false,
    style: function (f) { return f.properties.style; }}).addTo(map);
  var places = L.geoJSON({{ this.places|tojson }}, {
    pointToLayer: function (f, ll) { return L.circleMarker(ll, {radius: f.properties.radius}); },
    style: function () { return kcm.styles.unclaimed; },
    onEachFeature: function (f, layer) {
      kcm.layers[f.properties.id] = layer;
      layer.bindTooltip(f.properties.label);
      layer.bindPopup(kcm.headers[f.properties.id], {maxWidth: 380, maxHeight: 340, className: 'kcm-popup'});
    }
  }).addTo(map);
  places.eachLayer(function (layer) {
    var el = layer.getElement();
    el.classList.add('kcm-place');
    el.setAttribute('data-place', layer.feature.properties.id);
  });
  var first = places.getLayers()[0];
  var svg = first && first.getElement().ownerSVGElement;
  if (svg) {
    var ns = 'http://www.w3.org/2000/svg', defs = document.createElementNS(ns, 'defs');
    {{ this.patterns|tojson }}.forEach(function (p) {
      var pat = document.createElementNS(ns, 'pattern');
      pat.setAttribute('id', p.id); pat.setAttribute('patternUnits', 'userSpaceOnUse');
      pat.setAttribute('width', 10); pat.setAttribute('height', 10);
      pat.setAttribute('patternTransform', 'rotate(45)');
      p.colours.forEach(function (c, i) {
        var r = document.createElementNS(ns, 'rect');
        r.setAttribute('x', i * 5); r.setAttribute('width', 5); r.setAttribute('height', 10); r.setAttribute('fill', c);
        pat.appendChild(r);
      });
      defs.appendChild(pat);
    });
    svg.insertBefore(defs, svg.firstChild);
  }
  var DateBox = L.Control.extend({options: {position: 'topright'},
    onAdd: function () { var d = L.DomUtil.create('div', 'kcm-date'); d.id = 'kcm-date'; return d; }});
  kcm.dateBox = new DateBox().addTo(map).getContainer();
  var Legend = L.Control.extend({options: {position: 'bottomleft'},
    onAdd: function () { var d = L.DomUtil.create('div', 'kcm-legend'); d.innerHTML = {{ this.legend|tojson }}; return d; }});
  new Legend().addTo(map);
  // Zones (peacekeeping zone, Lachin corridor) lie over the sectors: drawn only while a claim is
  // in force, with a light fill so that the places below stay readable.
  kcm.style = function (layer, key) {
    var base = kcm.styles[key] || kcm.styles.unclaimed;
    if (layer.feature.properties.kind !== 'zone') { return base; }
    return key.indexOf('unclaimed') === 0 ? Object.assign({}, base, {opacity: 0, fillOpacity: 0})
      : Object.assign({}, base, {fillOpacity: 0.25, weight: 3, dashArray: '10 6'});
  };
  places.eachLayer(function (layer) { layer.setStyle(kcm.style(layer, 'unclaimed')); });
  kcm.apply = function (payload) {
    kcm.day = payload.date;
    kcm.dateBox.textContent = {{ this.title|tojson }} + ' — ' + payload.label;
    Object.keys(payload.places).forEach(function (id) {
      var layer = kcm.layers[id]; if (!layer) { return; }
      var s = payload.places[id], el = layer.getElement();
      if (layer._kcmKey !== s[0]) {
        layer.setStyle(kcm.style(layer, s[0]));
        layer._kcmKey = s[0];
        if (el) {
          el.setAttribute('data-style', s[0]);
          if (layer.feature.properties.kind === 'zone') { el.style.pointerEvents = s[0].indexOf('unclaimed') === 0 ? 'none' : ''; }
        }
      }
      var items = s[2].map(function (r) { return kcm.claims[r]; }).join('');
      layer.setPopupContent(kcm.headers[id] + '<p class="kcm-status">' + s[1] + '</p>' +
        '<div><b>Claims in force on ' + payload.date + '</b></div><ul>' + items + '</ul>');
    });
    map.getContainer().setAttribute('data-day', payload.date);
  };
  map.fitBounds({{ this.bounds|tojson }});
})();
{% endmacro %}
""")

    def __init__(self, data: dict, *, title: str = "Karabakh control map"):
        super().__init__()
        self._name = "PlaceLayer"
        for key, value in data.items():
            setattr(self, key, value)
        self.title = title


def base_data(timeline: Timeline) -> dict:
    """Everything the base map sends once (computed once per record; the app caches it)."""
    record = timeline.record
    places = places_geojson(timeline)
    return {
        "styles": styles(),
        "places": places,
        "context": context_geojson(timeline),
        "headers": {f["properties"]["id"]: names_html(record.places.at[f["properties"]["id"], "names"])
                    + ('<div class="kcm-note">The area nearest to this place within its district sector.</div>'
                       if f["properties"]["kind"] == "cell" else "")
                    for f in places["features"]},
        "claims": [claim_html(row) for row in record.claims.to_dict("records")],
        "patterns": [{"id": f"kcm-{name}", "colours": list(colours)} for name, colours in PATTERNS.items()],
        "legend": legend_html(),
        "attribution": ATTRIBUTION,
        "bounds": REGION_BOUNDS,
    }


class DayState(MacroElement):
    """Applies one day's states to the base map's places (a few KB)."""

    _template = Template("""
{% macro script(this, kwargs) %}
window.kcm && window.kcm.apply({{ this.payload|tojson }});
{% endmacro %}
""")

    def __init__(self, payload: dict):
        super().__init__()
        self._name = "DayState"
        self.payload = payload


def legend_html() -> str:
    table = styles()
    rows = []
    for key, label in LEGEND_ROWS:
        style = table[key]
        fill = style["fillColor"]
        pattern = ""
        if fill.startswith("url("):
            a, b = PATTERNS["contested"]
            pattern = (f'<defs><pattern id="lg-{key}" patternUnits="userSpaceOnUse" width="6" height="6" '
                       f'patternTransform="rotate(45)"><rect width="3" height="6" fill="{a}"/>'
                       f'<rect x="3" width="3" height="6" fill="{b}"/></pattern></defs>')
            fill = f"url(#lg-{key})"
        dash = f' stroke-dasharray="{style["dashArray"]}"' if style.get("dashArray") else ""
        rows.append(f'<div><svg width="22" height="14">{pattern}<rect x="1" y="1" width="20" height="12" fill="{fill}" '
                    f'fill-opacity="{style["fillOpacity"]}" stroke="{style["color"]}" stroke-width="2"{dash}/></svg>'
                    f"{esc(label)}</div>")
    lines = (f'<div><svg width="22" height="14"><line x1="1" y1="7" x2="21" y2="7" stroke="{CONTEXT_STYLE["line"]["color"]}" '
             f'stroke-width="2.5"/></svg>1994 ceasefire line</div>'
             f'<div><svg width="22" height="14"><line x1="1" y1="7" x2="21" y2="7" stroke="#111" stroke-width="2.5" '
             f'stroke-dasharray="8 5"/></svg>NKAO (1923–1991)</div>')
    return "<b>Who claimed control</b>" + "".join(rows) + lines


def base_map(data: dict, *, leaflet_js: str | None = LEAFLET_JS, leaflet_css: str | None = LEAFLET_CSS,
             tiles: str | None = None, height: str = "100%") -> folium.Map:
    """The map without any day applied. Leaflet is loaded from ``leaflet_js``/``leaflet_css``
    (the app's own static copy by default: no CDN); ``tiles`` is optional (no tile server answers
    offline, and the country outlines are a plain base)."""
    m = folium.Map(location=[39.7, 46.7], zoom_start=8, tiles=tiles, control_scale=True, height=height,
                   prefer_canvas=False, min_zoom=6, max_zoom=14, zoom_snap=0.25)
    # Per-instance asset lists: only Leaflet, from where we serve it (the class-level lists, and
    # jQuery/Bootstrap that folium adds by default, would be fetched from CDNs).
    m.default_js = [("leaflet", leaflet_js)] if leaflet_js else []
    m.default_css = [("leaflet_css", leaflet_css)] if leaflet_css else []
    PlaceLayer(data).add_to(m)
    return m


def day_group(timeline: Timeline, day: dt.date) -> folium.FeatureGroup:
    """The per-day layer for ``st_folium(..., feature_group_to_add=...)``."""
    group = folium.FeatureGroup(name="day", control=False)
    DayState(day_payload(timeline, day)).add_to(group)
    return group



__all__ = ["DayState", "PlaceLayer", "base_map", "day_group", "day_payload"]
