/* Karabakh control map: the map's behaviour in the browser (the app and the snapshots share it).
 *
 * kcmInit(map, data, options) draws the context and every place once, then
 *   kcm.go(n)       shows day n (days since data.timeline.first): a binary search in each place's
 *                   change list, restyling only the places whose state changed;
 *   kcm.set(p)      applies what the server sends on each rerun ({date, ack, compare, focus});
 *   the timeline control (play/pause, speed, steps, previous/next change, period, key days) moves
 *   the day in the browser with no round trip, and tells the app where it stopped (kcm.sync);
 *   the page's own date slider is followed the moment it moves (followPageSlider, kcm.follow).
 * `data` is the object built by layers/map.py:base_data, or a URL to fetch it from (the app serves it
 * once as a static file, so that reruns never re-send the geometry).
 */
(function () {
  'use strict';
  var DAY_MS = 864e5;
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];

  window.kcmInit = function (map, data, options) {
    if (typeof data === 'string') {
      fetch(data).then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status + ' for ' + data); }
        return r.json();
      }).then(function (d) { init(map, d, options || {}); }, function (error) {
        // Never a silently empty map: say what failed, in the map itself.
        var box = L.DomUtil.create('div', 'kcm-error', map.getContainer());
        box.setAttribute('role', 'alert');
        box.textContent = 'The map\'s data could not be loaded (' + error.message + '). Reload the page; ' +
          'if it persists, the server is not serving static files (see .streamlit/config.toml).';
      });
    } else {
      init(map, data, options || {});
    }
  };

  function init(map, data, options) {
    var t = data.timeline;
    var epoch = Date.parse(t.first + 'T00:00:00Z');
    function dayNumber(iso) { return Math.round((Date.parse(iso + 'T00:00:00Z') - epoch) / DAY_MS); }
    if (options.range) {  // a snapshot of a range: its own span, first in the list and chosen
      var span = options.range.map(dayNumber);
      t = Object.assign({}, t, {periods: [['range', options.range[0] + ' – ' + options.range[1], span[0], span[1]]]
        .concat(t.periods)});
    }
    var lastDay = dayNumber(t.last);
    var kcm = window.kcm = {map: map, data: data, layers: {}, day: null, n: null, sent: 0, compare: [], focus: []};

    kcm.iso = function (n) { return new Date(epoch + n * DAY_MS).toISOString().slice(0, 10); };
    kcm.number = dayNumber;
    kcm.label = function (n, short) {
      var d = new Date(epoch + n * DAY_MS), month = MONTHS[d.getUTCMonth()];
      return d.getUTCDate() + ' ' + (short ? month.slice(0, 3) : month) + ' ' + d.getUTCFullYear();
    };

    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(data.attribution);
    L.geoJSON(data.context, {interactive: false, style: function (f) { return f.properties.style; }}).addTo(map);

    // ---- the places: drawn once, restyled by state -------------------------------------------------
    kcm.style = function (layer, key) {
      var base = data.styles[key] || data.styles.unclaimed;
      if (layer.feature.properties.kind !== 'zone') { return base; }
      // Zones (peacekeeping zone, Lachin corridor) lie over the sectors: drawn only while a claim is in
      // force, with a light fill so that the places below stay readable.
      return key.indexOf('unclaimed') === 0 ? Object.assign({}, base, {opacity: 0, fillOpacity: 0})
        : Object.assign({}, base, {fillOpacity: 0.25, weight: 3, dashArray: '10 6'});
    };
    var places = L.geoJSON(data.places, {
      pointToLayer: function (f, ll) { return L.circleMarker(ll, {radius: f.properties.radius}); },
      style: function () { return data.styles.unclaimed; },
      onEachFeature: function (f, layer) {
        var id = f.properties.id;
        kcm.layers[id] = layer;
        layer._kcmState = null;
        layer.bindTooltip(f.properties.label);
        layer.bindPopup(function () { return kcm.popup(id); },
          {maxWidth: Math.min(380, map.getSize().x - 60), maxHeight: 360, className: 'kcm-popup'});
      }
    }).addTo(map);
    places.eachLayer(function (layer) {
      var el = layer.getElement();
      el.classList.add('kcm-place');
      el.setAttribute('data-place', layer.feature.properties.id);
      layer.setStyle(kcm.style(layer, 'unclaimed'));
    });
    addPatterns(places, data.patterns);
    map.on('popupopen', function (e) { kcm.openPopup = e.popup; });
    map.on('popupclose', function (e) { if (kcm.openPopup === e.popup) { kcm.openPopup = null; } });

    function stateIndex(id, n) {
      var list = t.changes[id] || [], lo = 0, hi = list.length / 2;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (list[2 * mid] <= n) { lo = mid + 1; } else { hi = mid; }
      }
      return lo ? list[2 * lo - 1] : -1;
    }
    kcm.state = function (id, n) {
      var s = stateIndex(id, n === undefined ? kcm.n : n);
      return s < 0 ? ['unclaimed', 'No claim about this place in the record for this day.', []] : t.states[s];
    };

    // ---- popups: names, the state and claims in force, the whole history ----------------------------
    kcm.popup = function (id) {
      var s = kcm.state(id);
      var inForce = s[2].map(function (r) { return data.claims[r]; }).join('');
      var rows = t.history[id] || [];
      return data.headers[id] + '<p class="kcm-status">' + s[1] + '</p>' +
        '<div><b>Claims in force on ' + kcm.label(kcm.n) + '</b></div><ul>' + (inForce || '<li>none</li>') + '</ul>' +
        '<details class="kcm-history"><summary>Whole history: ' + rows.length + ' claim' + (rows.length === 1 ? '' : 's') +
        '</summary>' + strip(id) + '<ul>' + rows.map(function (r) { return data.claims[r]; }).join('') + '</ul></details>';
    };
    function strip(id) {  // the place's states over the record as a bar, today marked
      var list = t.changes[id] || [], w = 340, h = 14, out = [];
      for (var i = 0; i < list.length; i += 2) {
        var x0 = list[i] / lastDay * w, x1 = (i + 2 < list.length ? list[i + 2] : lastDay) / lastDay * w;
        var key = t.states[list[i + 1]][0].split('-')[0];
        out.push('<rect x="' + x0.toFixed(1) + '" width="' + Math.max(x1 - x0, 0.5).toFixed(1) + '" height="' + h +
          '" fill="' + (t.colours[key] || t.colours.unclaimed) + '"><title>' + kcm.label(list[i]) + ': ' +
          t.states[list[i + 1]][1] + '</title></rect>');
      }
      var now = kcm.n / lastDay * w;
      return '<svg class="kcm-strip" width="' + w + '" height="' + (h + 12) + '" role="img" aria-label="States over time">' +
        '<rect width="' + w + '" height="' + h + '" fill="' + t.colours.unclaimed + '"/>' + out.join('') +
        '<line x1="' + now + '" x2="' + now + '" y1="0" y2="' + (h + 3) + '" stroke="#000" stroke-width="2"/>' +
        '<text x="0" y="' + (h + 11) + '" font-size="9">' + t.first.slice(0, 4) + '</text><text x="' + w +
        '" y="' + (h + 11) + '" font-size="9" text-anchor="end">' + t.last.slice(0, 4) + '</text></svg>';
    }

    // ---- one day -----------------------------------------------------------------------------------
    kcm.go = function (n) {
      n = Math.max(0, Math.min(lastDay, Math.round(n)));
      if (n === kcm.n) { return; }
      kcm.n = n;
      kcm.day = kcm.iso(n);
      Object.keys(kcm.layers).forEach(function (id) {
        var layer = kcm.layers[id], s = stateIndex(id, n);
        if (layer._kcmState === s) { return; }
        layer._kcmState = s;
        var key = s < 0 ? 'unclaimed' : t.states[s][0];
        layer.setStyle(kcm.style(layer, key));
        var el = layer.getElement();
        if (el) {
          el.setAttribute('data-style', key);
          if (layer.feature.properties.kind === 'zone') { el.style.pointerEvents = key.indexOf('unclaimed') === 0 ? 'none' : ''; }
        }
      });
      if (kcm.openPopup) { kcm.openPopup.update(); }  // its day, claims in force and history bar
      dateBox.textContent = options.title + ' — ' + kcm.label(n);
      var cite = options.citation && document.getElementById('kcm-citation');
      if (cite) { cite.textContent = options.citation.replace('{day}', kcm.label(n, true)); }
      map.getContainer().setAttribute('data-day', kcm.day);
      control.show(n);
    };

    kcm.set = function (payload) {
      // A rerun answering an older move of the in-map timeline must not pull the map back, nor one
      // answering an older position of the page's slider (the newer one is on its way).
      if (payload.ack && payload.ack !== kcm.sent) { return; }
      if (payload.ack) { stopDriving(); }
      var stale = control.playing() || (!payload.ack && (kcm.driving ||
        (kcm.pageDay != null && payload.date && kcm.number(payload.date) !== kcm.pageDay)));
      if (payload.date && !stale) {
        var n = kcm.number(payload.date);
        if (n < control.min || n > control.max) { control.setPeriod(narrowest(n)); }
        kcm.go(n);
      }
      kcm.compare.forEach(function (id) { var l = kcm.layers[id]; if (l && l.getElement()) { l.getElement().classList.remove('kcm-changed'); } });
      kcm.compare = payload.compare || [];
      kcm.compare.forEach(function (id) { var l = kcm.layers[id]; if (l && l.getElement()) { l.getElement().classList.add('kcm-changed'); } });
      // focus: the place picked in the page, as the drawn pieces that show it (a district is its cells)
      var focus = (payload.focus || []).filter(function (id) { return kcm.layers[id]; });
      if (focus.join(' ') !== kcm.focus.join(' ')) {
        kcm.focus.forEach(function (id) { var el = kcm.layers[id].getElement(); if (el) { el.classList.remove('kcm-focus'); } });
        if (focus.length) {
          var bounds = L.latLngBounds([]);
          focus.forEach(function (id) {
            var layer = kcm.layers[id], el = layer.getElement();
            bounds.extend(layer.getBounds ? layer.getBounds() : layer.getLatLng());
            if (el) { el.classList.add('kcm-focus'); }
          });
          map.fitBounds(bounds, {maxZoom: 10});
        }
        kcm.focus = focus;
      }
    };

    // Each move of the in-map timeline gets a number (kcm.sent) at once; where it stops is posted
    // 250 ms later. Until the app has answered the newest move (a rerun carrying its `ack`), the map
    // is the one driving: reruns answering older moves or other widgets, and the page's slider
    // catching up with days the map posted, must not pull it back.
    var syncTimer = null, answerTimer = null;
    kcm.driving = false;
    kcm.posted = {};  // days posted and not yet answered
    function stopDriving() { clearTimeout(syncTimer); clearTimeout(answerTimer); kcm.driving = false; kcm.posted = {}; }
    kcm.sync = function () {
      if (!options.sync || window.parent === window) { return; }
      var seq = kcm.sent += 1;
      kcm.driving = true;
      clearTimeout(syncTimer);
      clearTimeout(answerTimer);
      syncTimer = setTimeout(function () {
        kcm.posted[kcm.day] = seq;
        kcm.echo = kcm.day;  // the page's slider will be moved there by the answer, maybe after it
        window.parent.postMessage({isStreamlitMessage: true, type: 'streamlit:setComponentValue',
          value: {day: kcm.day, seq: seq}, dataType: 'json'}, '*');
        answerTimer = setTimeout(stopDriving, 5000);  // no answer: stop waiting
      }, 250);
    };
    // The viewer moved the page's slider: that is now the newest move, the map's pending one is dropped.
    kcm.follow = function (n) {
      kcm.pageDay = n;
      var echo = kcm.echo === kcm.iso(n) || (kcm.driving && kcm.iso(n) in kcm.posted);
      kcm.echo = null;
      if (echo) { return; }  // the page catching up with the map, not a move of the viewer's
      if (kcm.driving) { kcm.sent += 1; stopDriving(); }  // an answer to the dropped move is now stale
      control.stop();
      kcm.go(n);
    };

    // ---- controls ----------------------------------------------------------------------------------
    var DateBox = L.Control.extend({options: {position: 'topright'},
      onAdd: function () { var d = L.DomUtil.create('div', 'kcm-date'); d.id = 'kcm-date'; return d; }});
    var dateBox = new DateBox().addTo(map).getContainer();
    var Legend = L.Control.extend({options: {position: 'bottomleft'},
      onAdd: function () { var d = L.DomUtil.create('div', 'kcm-legend'); d.innerHTML = data.legend; return d; }});
    new Legend().addTo(map);

    function narrowest(n) {  // the range of a snapshot if it holds n, else the narrowest period that does
      var fits = t.periods.filter(function (p) { return p[2] <= n && n <= p[3]; });
      if (!fits.length) { return t.periods[0][0]; }
      if (options.range && fits[0][0] === 'range') { return 'range'; }
      return fits.reduce(function (a, b) { return b[3] - b[2] < a[3] - a[2] ? b : a; })[0];
    }
    var control = timelineControl(kcm, t, lastDay, narrowest);
    if (options.timeline !== false) { control.addTo(map); }

    if (options.follow) { followPageSlider(kcm, options.follow, epoch); }
    map.fitBounds(data.bounds, {paddingBottomRight: [0, options.timeline === false ? 0 : 60]});  // above the timeline
    var start = window.kcmPending && window.kcmPending.date ? kcm.number(window.kcmPending.date) : lastDay;
    control.setPeriod(narrowest(start));
    kcm.go(start);
    if (window.kcmPending) { kcm.set(window.kcmPending); }
  }

  // The server's per-rerun payload can arrive before the data has been fetched.
  window.kcmApply = function (payload) {
    window.kcmPending = payload;
    if (window.kcm) { window.kcm.set(payload); }
  };

  function timelineControl(kcm, t, lastDay, narrowest) {
    var playing = null, speed = 10;
    var c = {min: 0, max: lastDay};
    var div = L.DomUtil.create('div', 'kcm-timeline');
    div.setAttribute('role', 'group');
    div.setAttribute('aria-label', 'Timeline');
    div.innerHTML =
      '<div class="kcm-row">' +
      '<button type="button" data-act="play" title="Play / pause (Space)" aria-label="Play">&#9654;</button>' +
      '<select data-act="speed" title="Playback speed" aria-label="Playback speed">' +
      '<option value="2">2 days/s</option><option value="10" selected>10 days/s</option>' +
      '<option value="35">5 weeks/s</option><option value="180">6 months/s</option><option value="730">2 years/s</option></select>' +
      '<button type="button" data-act="prev" title="Previous change (Page Down)" aria-label="Previous change">&laquo;</button>' +
      '<button type="button" data-step="-7" title="Back a week (Shift+Left)" aria-label="Back a week">&minus;7</button>' +
      '<button type="button" data-step="-1" title="Back a day (Left)" aria-label="Back a day">&minus;1</button>' +
      '<button type="button" data-step="1" title="Forward a day (Right)" aria-label="Forward a day">+1</button>' +
      '<button type="button" data-step="7" title="Forward a week (Shift+Right)" aria-label="Forward a week">+7</button>' +
      '<button type="button" data-act="next" title="Next change (Page Up)" aria-label="Next change">&raquo;</button>' +
      '<select data-act="period" title="Span of the timeline" aria-label="Span of the timeline">' +
      t.periods.map(function (p) { return '<option value="' + p[0] + '">' + p[1] + '</option>'; }).join('') + '</select>' +
      '<select data-act="bookmark" title="Key days" aria-label="Key days"><option value="">Key days…</option>' +
      t.bookmarks.map(function (b) { return '<option value="' + b[0] + '">' + b[1] + '</option>'; }).join('') + '</select>' +
      '</div><div class="kcm-row"><span class="kcm-tl-from"></span>' +
      '<input type="range" class="kcm-range" step="1" aria-label="Date on the in-map timeline">' +
      '<span class="kcm-tl-to"></span></div>';
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    var range = div.querySelector('.kcm-range'), play = div.querySelector('[data-act="play"]');
    var period = div.querySelector('[data-act="period"]'), bookmark = div.querySelector('[data-act="bookmark"]');

    function move(n, settle) { stop(); kcm.go(n); if (settle) { kcm.sync(); } }
    function change(dir) {
      var days = t.changeDays, n = kcm.n, i;
      if (dir > 0) { for (i = 0; i < days.length && days[i] <= n; i++) {} return i < days.length ? days[i] : n; }
      for (i = days.length - 1; i >= 0 && days[i] >= n; i--) {}
      return i >= 0 ? days[i] : n;
    }
    function stop(quiet) {  // quiet: the page took over, nothing to tell it
      if (!playing) { return; }
      clearInterval(playing);
      playing = null;
      play.innerHTML = '&#9654;';
      play.setAttribute('aria-label', 'Play');
      if (!quiet) { kcm.sync(); }
    }
    c.playing = function () { return playing !== null; };
    c.stop = function () { stop(true); };
    c.toggle = function () {
      if (playing) { stop(); return; }
      if (kcm.n >= c.max) { kcm.go(c.min); }
      var carry = 0;
      play.innerHTML = '&#10074;&#10074;';
      play.setAttribute('aria-label', 'Pause');
      playing = setInterval(function () {
        carry += speed / 10;
        var step = Math.floor(carry);
        carry -= step;
        if (!step) { return; }
        if (kcm.n + step >= c.max) { kcm.go(c.max); stop(); } else { kcm.go(kcm.n + step); }
      }, 100);
    };
    c.show = function (n) {
      if (n < c.min || n > c.max) { c.setPeriod(narrowest(n)); }
      range.value = n;
      range.setAttribute('aria-valuetext', kcm.label(n));
    };
    c.setPeriod = function (key) {
      var p = t.periods.filter(function (q) { return q[0] === key; })[0] || t.periods[0];
      period.value = p[0];
      c.min = p[2]; c.max = p[3];
      range.min = c.min; range.max = c.max;
      var short = c.max - c.min < 800;  // a year or two: show the days, not just the years
      div.querySelector('.kcm-tl-from').textContent = short ? kcm.iso(c.min) : kcm.iso(c.min).slice(0, 4);
      div.querySelector('.kcm-tl-to').textContent = short ? kcm.iso(c.max) : kcm.iso(c.max).slice(0, 4);
      if (kcm.n !== null) { range.value = kcm.n; }
    };
    c.step = function (days) { move(Math.max(c.min, Math.min(c.max, kcm.n + days)), true); };
    c.change = function (dir) { move(change(dir), true); };

    range.addEventListener('input', function () { stop(); kcm.go(+range.value); });
    range.addEventListener('change', function () { kcm.sync(); });
    div.addEventListener('click', function (e) {
      var b = e.target.closest('button');
      if (!b) { return; }
      if (b.dataset.step) { c.step(+b.dataset.step); }
      if (b.dataset.act === 'play') { c.toggle(); }
      if (b.dataset.act === 'prev') { c.change(-1); }
      if (b.dataset.act === 'next') { c.change(1); }
    });
    div.querySelector('[data-act="speed"]').addEventListener('change', function (e) { speed = +e.target.value; });
    period.addEventListener('change', function () {
      c.setPeriod(period.value);
      if (kcm.n < c.min || kcm.n > c.max) { move(kcm.n < c.min ? c.min : c.max, true); }
    });
    bookmark.addEventListener('change', function () {
      if (bookmark.value === '') { return; }
      var n = +bookmark.value;
      c.setPeriod(narrowest(n));
      move(n, true);
      bookmark.value = '';
    });
    div.addEventListener('keydown', function (e) {
      if (e.target.tagName === 'SELECT' || e.altKey || e.ctrlKey || e.metaKey) { return; }
      var keys = {ArrowLeft: -1, ArrowRight: 1, ArrowDown: -1, ArrowUp: 1};
      if (e.key in keys) { c.step(keys[e.key] * (e.shiftKey ? 7 : 1)); }
      else if (e.key === 'PageUp') { c.change(1); }  // as on any range input: up is forward
      else if (e.key === 'PageDown') { c.change(-1); }
      else if (e.key === 'Home') { move(c.min, true); }
      else if (e.key === 'End') { move(c.max, true); }
      else if (e.key === ' ' && e.target.tagName !== 'BUTTON') { c.toggle(); }
      else { return; }
      e.preventDefault();
      e.stopPropagation();
    });
    var Control = L.Control.extend({options: {position: 'bottomright'}, onAdd: function () { return div; }});
    c.addTo = function (map) { new Control().addTo(map); return c; };
    c.element = div;
    return c;
  }

  // Follow the page's own date slider (Streamlit's, labelled `label`, in the parent page: the map's
  // frame is same-origin) the moment it moves, instead of waiting for the server's rerun, which
  // then only confirms the day. Streamlit 1.67 renders it as an <input type="range"> whose value is
  // the date in microseconds since 1970; if that ever changes, the rerun still moves the map.
  function followPageSlider(kcm, label, epoch) {
    var doc;
    try { doc = window.parent !== window && window.parent.document; } catch (e) { return; }
    if (!doc) { return; }
    var bound = null, observer = new MutationObserver(read);
    function read() {
      var ms = Number(bound.value) / 1000;
      if (isFinite(ms) && ms > 0) { kcm.follow(Math.round((ms - epoch) / DAY_MS)); }
    }
    function bind() {
      var el = doc.querySelector('[data-testid="stSlider"] input[type="range"][aria-label="' + label + '"]');
      if (!el || el === bound) { return; }
      observer.disconnect();
      bound = el;
      observer.observe(el, {attributes: true, attributeFilter: ['value']});
      el.addEventListener('input', read);
    }
    bind();
    setInterval(bind, 1000);
  }

  function addPatterns(places, patterns) {
    var first = places.getLayers()[0];
    var svg = first && first.getElement().ownerSVGElement;
    if (!svg) { return; }
    var ns = 'http://www.w3.org/2000/svg', defs = document.createElementNS(ns, 'defs');
    patterns.forEach(function (p) {
      var pat = document.createElementNS(ns, 'pattern');
      pat.setAttribute('id', p.id);
      pat.setAttribute('patternUnits', 'userSpaceOnUse');
      pat.setAttribute('width', 10);
      pat.setAttribute('height', 10);
      pat.setAttribute('patternTransform', 'rotate(45)');
      p.colours.forEach(function (colour, i) {
        var r = document.createElementNS(ns, 'rect');
        r.setAttribute('x', i * 5);
        r.setAttribute('width', 5);
        r.setAttribute('height', 10);
        r.setAttribute('fill', colour);
        pat.appendChild(r);
      });
      defs.appendChild(pat);
    });
    svg.insertBefore(defs, svg.firstChild);
  }
})();
