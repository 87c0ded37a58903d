/* Karabakh control map, Leaflet drawing: the context outlines, every place drawn once, restyled by
 * its state, its popup, and the hatch pattern. Each drawn place's element carries data-place,
 * data-status (agreed / unconfirmed / contested / unclaimed / divided), data-holder and data-style,
 * so that tests, scripts and assistive technology can read the state. Uses kcmCore (core.js).
 */
(function (root) {
  'use strict';
  var core = root.kcmCore;

  /** The context: countries, district outlines, the NKAO, the 1994 line (never interactive). */
  function context(map, data) {
    return L.geoJSON(data.context, {interactive: false, style: function (f) { return f.properties.style; }}).addTo(map);
  }

  /** The style of a place in state `entry` (an entry of the state table, or null for unclaimed):
   * zones lie over the sectors and are drawn only while a claim is in force, lightly. */
  function style(data, feature, entry) {
    var key = entry ? entry[0] : 'unclaimed', base = data.styles[key] || data.styles.unclaimed;
    if (feature.properties.kind !== 'zone') { return base; }
    var zone = entry && entry[3] !== 'unclaimed' ? data.zoneStyle.shown : data.zoneStyle.hidden;
    return Object.assign({}, base, zone);
  }

  /** Every place as one L.geoJSON layer; returns {group, layers: id -> layer}. With `townLabels`, the
   * cities and towns are named on the map itself (a picture has no tooltips). */
  function places(map, data, popup, townLabels) {
    var layers = {};
    var group = L.geoJSON(data.places, {
      pointToLayer: function (f, ll) { return L.circleMarker(ll, {radius: f.properties.radius}); },
      style: function () { return data.styles.unclaimed; },
      onEachFeature: function (f, layer) {
        var id = f.properties.id;
        layers[id] = layer;
        layer._kcmState = null;
        var town = f.properties.kind === 'city' || f.properties.kind === 'town';
        layer.bindTooltip(f.properties.label, townLabels && town
          ? {permanent: true, direction: 'right', offset: [6, 0], className: 'kcm-label'} : {});
        layer.bindPopup(function () { return popup(id); },
          {maxWidth: Math.min(380, map.getSize().x - 60), maxHeight: 360, className: 'kcm-popup'});
        layer.off('click', layer._openPopup, layer);  // main.js chooses what a click opens (nearby towns first)
      }
    }).addTo(map);
    group.eachLayer(function (layer) {
      var el = layer.getElement(), kind = layer.feature.properties.kind;
      el.classList.add('kcm-place');
      el.setAttribute('data-place', layer.feature.properties.id);
      if (kind !== 'cell') {  // a cell is a drawing of its settlement, which is reached instead
        el.setAttribute('tabindex', '0');
        el.setAttribute('role', 'button');
      } else {
        el.setAttribute('aria-hidden', 'true');
      }
      layer.setStyle(style(data, layer.feature, null));
    });
    addPatterns(group, data.patterns);
    return {group: group, layers: layers};
  }

  /** Restyle one place to its state `index` in the state table (-1: unclaimed); false if unchanged. */
  function restyle(data, layer, index) {
    if (layer._kcmState === index) { return false; }
    layer._kcmState = index;
    var entry = index < 0 ? null : data.timeline.states[index];
    layer.setStyle(style(data, layer.feature, entry));
    var el = layer.getElement();
    if (el) {
      if (el.getAttribute('role') === 'button') {  // its accessible name says the place and its state
        el.setAttribute('aria-label', unescape(layer.feature.properties.label) + ': ' +
          (entry ? unescape(entry[1]) : data.text.noClaim));
      }
      el.setAttribute('data-style', entry ? entry[0] : 'unclaimed');
      el.setAttribute('data-status', entry ? entry[3] : 'unclaimed');
      el.setAttribute('data-holder', entry && entry[4] ? entry[4] : '');
      if (layer.feature.properties.kind === 'zone') {
        el.style.pointerEvents = entry && entry[3] !== 'unclaimed' ? '' : 'none';
      }
    }
    return true;
  }

  var scratch = typeof document !== 'undefined' ? document.createElement('textarea') : null;
  function unescape(html) { scratch.innerHTML = html; return scratch.value; }

  /** The colour of a state in the history bar: its holder's where one is shown, else its status's. */
  function colour(t, entry) {
    var shown = (entry[3] === 'agreed' || entry[3] === 'unconfirmed') && entry[4] ? entry[4] : entry[3];
    return t.colours[shown] || t.colours.unclaimed;
  }

  /** The popup: names, the state and the claims in force on day n, the whole history with its bar. */
  function popupHtml(data, id, n, text) {
    var t = data.timeline, s = core.stateIndex(t.changes[id], n);
    var entry = s < 0 ? null : t.states[s];
    var inForce = (entry ? entry[2] : []).map(function (r) { return data.claims[r]; }).join('');
    var rows = t.history[id] || [];
    return data.headers[id] + '<p class="kcm-status">' + (entry ? entry[1] : text.noClaim) + '</p>' +
      '<div><b>' + text.inForce + ' ' + text.label(n) + '</b></div><ul>' + (inForce || '<li>' + text.none + '</li>') + '</ul>' +
      '<details class="kcm-history"><summary>' + text.history(rows.length) + '</summary>' + stripSvg(t, id, n, text) +
      '<ul>' + rows.map(function (r) { return data.claims[r]; }).join('') + '</ul></details>';
  }

  function stripSvg(t, id, n, text) {
    var lastDay = text.lastDay, w = 340, h = 14;
    var rects = core.strip(t.changes[id], lastDay, w, 3).map(function (seg) {
      var entry = t.states[seg.state];
      return '<rect x="' + seg.x.toFixed(1) + '" width="' + seg.width.toFixed(1) + '" height="' + h + '" fill="' +
        colour(t, entry) + '"><title>' + text.label(seg.day) + ': ' + entry[1] + '</title></rect>';
    });
    var now = n / Math.max(lastDay, 1) * w;
    return '<svg class="kcm-strip" width="' + w + '" height="' + (h + 12) + '" role="img" aria-label="' + text.stripLabel + '">' +
      '<rect width="' + w + '" height="' + h + '" fill="' + t.colours.unclaimed + '"/>' + rects.join('') +
      '<line x1="' + now + '" x2="' + now + '" y1="0" y2="' + (h + 3) + '" stroke="#000" stroke-width="2"/>' +
      '<text x="0" y="' + (h + 11) + '" font-size="9">' + t.first.slice(0, 4) + '</text><text x="' + w +
      '" y="' + (h + 11) + '" font-size="9" text-anchor="end">' + t.last.slice(0, 4) + '</text></svg>';
  }

  /** The SVG patterns (the contested hatch), defined once in the map's SVG, from the style table. */
  function addPatterns(group, patterns) {
    var first = group.getLayers()[0];
    var svg = first && first.getElement().ownerSVGElement;
    if (!svg) { return; }
    var ns = 'http://www.w3.org/2000/svg', defs = document.createElementNS(ns, 'defs');
    patterns.forEach(function (p) {
      var pat = document.createElementNS(ns, 'pattern');
      pat.setAttribute('id', p.id);
      pat.setAttribute('patternUnits', 'userSpaceOnUse');
      pat.setAttribute('width', p.size);
      pat.setAttribute('height', p.size);
      pat.setAttribute('patternTransform', 'rotate(45)');
      p.colours.forEach(function (c, i) {
        var r = document.createElementNS(ns, 'rect');
        r.setAttribute('x', i * p.size / p.colours.length);
        r.setAttribute('width', p.size / p.colours.length);
        r.setAttribute('height', p.size);
        r.setAttribute('fill', c);
        pat.appendChild(r);
      });
      defs.appendChild(pat);
    });
    svg.insertBefore(defs, svg.firstChild);
  }

  root.kcmDraw = {context: context, places: places, restyle: restyle, popupHtml: popupHtml, style: style};
}(typeof self !== 'undefined' ? self : this));
