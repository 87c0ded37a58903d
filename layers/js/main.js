/* Karabakh control map, the map in the browser: kcmInit wires the core (core.js), the drawing
 * (draw.js), the timeline control (timeline.js) and, in the app, the bridge to Streamlit
 * (bridge.js); the app, the snapshots and the static site all run it.
 *
 * kcmInit(map, data, options) draws the context and every place once, then
 *   kcm.go(n)    shows day n (days since data.timeline.first), restyling only the places whose
 *                state changed;
 *   kcm.set(p)   applies what the server sends on each rerun ({date, ack, compare, focus});
 *   the timeline control moves the day in the browser with no round trip, and (in the app) tells
 *   the app where it stopped; the page's own date slider is followed the moment it moves.
 * `data` is the object built by layers/map.py:base_data, or a URL to fetch it from. Any failure,
 * in the fetch or in drawing, is said in the map itself: never a silently blank map.
 */
(function (root) {
  'use strict';
  var core = root.kcmCore, draw = root.kcmDraw;

  function fail(map, error, loading) {
    var box = L.DomUtil.create('div', 'kcm-error', map.getContainer());
    box.setAttribute('role', 'alert');
    box.textContent = (loading ? 'The map\'s data could not be loaded (' : 'The map could not be drawn (') +
      (error && error.message || error) + '). Reload the page; if it persists, ' +
      (loading ? 'the server is not serving the map\'s data (see .streamlit/config.toml).'
        : 'please report it with this message.');
    if (root.console) { root.console.error(error); }
  }

  root.kcmInit = function (map, data, options) {
    function start(d) {
      try { init(map, d, options || {}); } catch (error) { fail(map, error); }
    }
    if (typeof data === 'string') {
      fetch(data).then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status + ' for ' + data); }
        return r.json();
      }).then(start, function (error) { fail(map, error, true); });
    } else {
      start(data);
    }
  };

  var DEFAULT_TEXT = {
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
      'November', 'December'],
    inForce: 'Claims in force on', none: 'none', noClaim: '',  // noClaim: always from the data (layers/popup.py)
    historyOne: 'Whole history: 1 claim', historyMany: 'Whole history: {n} claims', stripLabel: 'States over time',
    timeline: 'Timeline', play: 'Play', pause: 'Pause', speed: 'Playback speed', prev: 'Previous change',
    next: 'Next change', backWeek: 'Back a week', backDay: 'Back a day', forwardDay: 'Forward a day',
    forwardWeek: 'Forward a week', span: 'Span of the timeline', keyDays: 'Key days',
    range: 'Date on the in-map timeline',
    speeds: [[2, '2 days/s'], [10, '10 days/s'], [35, '5 weeks/s'], [180, '6 months/s'], [730, '2 years/s']],
    choose: 'Several places here: choose one', keyToggle: 'Key', keyClose: 'Close the key'
  };

  /** The interface's words: the data's own (its language) over the English defaults. */
  function texts(data, cal, lastDay) {
    var text = Object.assign({}, DEFAULT_TEXT, data.text || {});
    text.label = function (n, short) { return cal.label(n, text.months, short); };
    text.history = function (count) {
      return count === 1 ? text.historyOne : text.historyMany.replace('{n}', count);
    };
    text.lastDay = lastDay;
    return text;
  }

  function init(map, data, options) {
    var t = data.timeline, cal = core.calendar(t.first);
    if (options.range) {  // a snapshot of a range: its own span, first in the list and chosen
      var span = options.range.map(cal.number);
      t = Object.assign({}, t, {periods: [['range', options.range[0] + ' – ' + options.range[1], span[0], span[1]]]
        .concat(t.periods)});
      data = Object.assign({}, data, {timeline: t});
    }
    var lastDay = cal.number(t.last);
    var text = texts(data, cal, lastDay);
    var kcm = root.kcm = {map: map, data: data, layers: {}, day: null, n: null, compare: [], focus: [],
      sync: core.sync.initial(), iso: cal.iso, number: cal.number, label: text.label};
    // kept for scripts and tests that read these names
    Object.defineProperty(kcm, 'sent', {get: function () { return kcm.sync.sent; }});
    Object.defineProperty(kcm, 'driving', {get: function () { return kcm.sync.driving; }});

    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(data.attribution);
    draw.context(map, data);
    var drawn = draw.places(map, data, function (id) { return draw.popupHtml(data, id, kcm.n, text); },
      options.townLabels);
    kcm.layers = drawn.layers;
    map.on('popupopen', function (e) {
      kcm.openPopup = e.popup;
      clearOfBoxes(e.popup);
    });
    // ---- what a click or a tap opens: a town or city within reach wins over villages and cells; several
    // villages within reach offer a choice; a target is about 24 px across without hiding its neighbours
    var REACH_PX = 12, RANK = {city: 0, town: 1, village: 2};
    function near(latlng) {
      var at = map.latLngToContainerPoint(latlng), found = [];
      Object.keys(kcm.layers).forEach(function (id) {
        var layer = kcm.layers[id];
        if (!layer.getLatLng) { return; }
        var d = map.latLngToContainerPoint(layer.getLatLng()).distanceTo(at);
        if (d <= REACH_PX) { found.push({id: id, layer: layer, d: d, rank: RANK[layer.feature.properties.kind] || 3}); }
      });
      return found.sort(function (a, b) { return a.rank - b.rank || a.d - b.d; });
    }
    kcm.choose = function (latlng, clicked) {
      var found = near(latlng), towns = found.filter(function (c) { return c.rank <= 1; });
      if (towns.length) { return towns[0].layer.openPopup(); }
      if (found.length === 1) { return found[0].layer.openPopup(); }
      if (found.length > 1) {
        var list = found.map(function (c) {
          return '<li><button type="button" class="kcm-choice" data-id="' + c.id + '">' + c.layer.feature.properties.label +
            '</button></li>';
        }).join('');
        return L.popup({className: 'kcm-popup kcm-chooser'}).setLatLng(latlng)
          .setContent('<p>' + text.choose + '</p><ul class="kcm-choices">' + list + '</ul>').openOn(map);
      }
      if (clicked) { clicked.openPopup(latlng); }
    };
    map.getContainer().addEventListener('click', function (e) {
      var b = e.target.closest && e.target.closest('.kcm-choice');
      if (b) { map.closePopup(); kcm.layers[b.getAttribute('data-id')].openPopup(); }
    });
    // A click on a place reaches its layer first, then the map; a tap may reach only the map.
    var clicked = null;
    drawn.group.on('click', function (e) { clicked = e.layer; });
    map.on('click', function (e) { var layer = clicked; clicked = null; kcm.choose(e.latlng, layer); });
    drawn.group.eachLayer(function (layer) {  // the keyboard reaches every place: Enter or Space opens it
      var el = layer.getElement();
      if (el && el.getAttribute('tabindex') === '0') {
        el.addEventListener('keydown', function (e) {
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); layer.openPopup(); }
        });
      }
    });
    // A popup opens clear of the map's own boxes (title, zoom buttons, legend, timeline).
    function box(el) { return el && el.offsetParent !== null ? el.getBoundingClientRect() : null; }
    function clearOfBoxes(popup) {
      var frame = map.getContainer().getBoundingClientRect(), top = 10, bottom = 10, left = 10;
      [dateBox, legendBox, control.element, map.zoomControl && map.zoomControl.getContainer()].forEach(function (el) {
        var r = box(el);
        if (!r || !r.width) { return; }
        if (el.closest('.leaflet-top')) { top = Math.max(top, r.bottom - frame.top + 8); }  // a box in a top corner
        else { bottom = Math.max(bottom, frame.bottom - r.top + 8); }
      });
      popup.options.autoPanPaddingTopLeft = L.point(left, top);
      popup.options.autoPanPaddingBottomRight = L.point(10, bottom);
      popup.options.maxHeight = Math.max(120, frame.height - top - bottom - 60);
      popup.update();  // re-measures and pans with the new padding
    }
    map.on('popupclose', function (e) { if (kcm.openPopup === e.popup) { kcm.openPopup = null; } });

    kcm.state = function (id, n) {
      var s = core.stateIndex(t.changes[id], n === undefined ? kcm.n : n);
      return s < 0 ? ['unclaimed', text.noClaim, [], 'unclaimed', null, 0] : t.states[s];
    };
    kcm.popup = function (id) { return draw.popupHtml(data, id, kcm.n, text); };

    kcm.go = function (n) {
      n = core.clamp(n, 0, lastDay);
      if (n === kcm.n) { return; }
      kcm.n = n;
      kcm.day = cal.iso(n);
      Object.keys(kcm.layers).forEach(function (id) {
        draw.restyle(data, kcm.layers[id], core.stateIndex(t.changes[id], n));
      });
      if (kcm.openPopup) { kcm.openPopup.update(); }  // its day, claims in force and history bar
      dateBox.textContent = options.title + ' — ' + text.label(n);
      var cite = options.citation && document.getElementById('kcm-citation');
      if (cite) { cite.textContent = options.citation.replace('{day}', text.label(n, true)); }
      map.getContainer().setAttribute('data-day', kcm.day);
      control.show(n);
      if (options.onDay) { options.onDay(kcm.day, n); }
    };

    // ---- the sync between the map, the page's slider and the server: core.sync.reduce decides ----
    var timers = {};
    function run(event) {
      var out = core.sync.reduce(kcm.sync, event);
      kcm.sync = out.state;
      out.effects.forEach(function (fx) {
        if (fx.clearTimers) { Object.keys(timers).forEach(function (k) { clearTimeout(timers[k]); }); timers = {}; }
        if (fx.schedule === 'post') {
          timers.post = setTimeout(function () { run({type: 'post', iso: kcm.day, seq: fx.seq}); }, fx.ms);
        }
        if (fx.schedule === 'giveUp') { timers.giveUp = setTimeout(function () { run({type: 'giveUp'}); }, fx.ms); }
        if (fx.post) { root.kcmBridge.postDay(fx.post.day, fx.post.seq); }
        if (fx.stopPlayback) { control.stop(); }
        if (fx.go !== undefined) {
          if (fx.go < control.min || fx.go > control.max) { control.setPeriod(narrowest(fx.go)); }
          kcm.go(fx.go);
        }
        if (fx.extras) { extras(event.payload || {}); }
      });
    }
    // The in-map timeline settled on a day: in the app, the page follows it.
    kcm.settled = function () {
      if (options.sync && root.kcmBridge && root.kcmBridge.inFrame()) { run({type: 'settle', iso: kcm.day}); }
    };
    kcm.set = function (payload) {
      run({type: 'rerun', payload: payload, n: payload.date ? cal.number(payload.date) : null,
        playing: control.playing()});
    };
    kcm.follow = function (n) { run({type: 'page', n: n, iso: cal.iso(n)}); };

    function mark(ids, cls, on) {
      ids.forEach(function (id) { var l = kcm.layers[id], el = l && l.getElement(); if (el) { el.classList.toggle(cls, on); } });
    }
    function extras(payload) {
      mark(kcm.compare, 'kcm-changed', false);
      kcm.compare = payload.compare || [];
      mark(kcm.compare, 'kcm-changed', true);
      // focus: the place picked in the page, as the drawn pieces that show it (a district is its cells)
      var focus = (payload.focus || []).filter(function (id) { return kcm.layers[id]; });
      if (focus.join(' ') === kcm.focus.join(' ')) { return; }
      mark(kcm.focus, 'kcm-focus', false);
      if (focus.length) {
        var bounds = L.latLngBounds([]);
        focus.forEach(function (id) {
          var layer = kcm.layers[id];
          bounds.extend(layer.getBounds ? layer.getBounds() : layer.getLatLng());
        });
        mark(focus, 'kcm-focus', true);
        if (payload.fit !== false) { map.fitBounds(bounds, {maxZoom: 10}); }
      }
      kcm.focus = focus;
    }

    // ---- controls ----------------------------------------------------------------------------------
    var DateBox = L.Control.extend({options: {position: 'topright'},
      onAdd: function () { var d = L.DomUtil.create('div', 'kcm-date'); d.id = 'kcm-date'; return d; }});
    var dateBox = new DateBox().addTo(map).getContainer();
    // The key: always open on a wide screen; on a phone a button opens and closes it.
    // On a phone the timeline spans the bottom, so the key sits under the zoom buttons.
    var Legend = L.Control.extend({options: {position: map.getSize().x < 520 ? 'topleft' : 'bottomleft'},
      onAdd: function () {
        var d = L.DomUtil.create('div', 'kcm-legend');
        d.innerHTML = '<button type="button" class="kcm-key-toggle" aria-expanded="false" aria-controls="kcm-legend-body">' +
          text.keyToggle + '</button><div class="kcm-legend-body" id="kcm-legend-body">' + data.legend + '</div>';
        var toggle = d.querySelector('.kcm-key-toggle');
        toggle.addEventListener('click', function () {
          var open = d.classList.toggle('kcm-open');
          toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
          toggle.textContent = open ? text.keyClose : text.keyToggle;
        });
        L.DomEvent.disableClickPropagation(d);
        L.DomEvent.disableScrollPropagation(d);
        return d;
      }});
    var legendBox = new Legend().addTo(map).getContainer();

    function narrowest(n) { return core.narrowest(t.periods, n, options.range ? 'range' : null); }
    var control = root.kcmTimeline.control(kcm, t, lastDay, narrowest, text);
    kcm.control = control;
    if (options.timeline !== false) { control.addTo(map); }

    if (options.follow && root.kcmBridge) {
      root.kcmBridge.followPageSlider(options.follow, function (us) {
        var n = cal.fromMicroseconds(us);
        if (n !== null) { kcm.follow(n); }
      });
    }
    map.fitBounds(data.bounds, {paddingBottomRight: [0, options.timeline === false ? 0 : 60]});  // above the timeline
    var start = options.start ? cal.number(options.start)
      : root.kcmPending && root.kcmPending.date ? cal.number(root.kcmPending.date) : lastDay;
    control.setPeriod(narrowest(start));
    kcm.go(start);
    if (root.kcmPending) { kcm.set(root.kcmPending); }
    map.getContainer().setAttribute('data-ready', '1');
  }

  // The server's per-rerun payload can arrive before the data has been fetched.
  root.kcmApply = function (payload) {
    root.kcmPending = payload;
    if (root.kcm && root.kcm.set) { root.kcm.set(payload); }
  };
}(typeof self !== 'undefined' ? self : this));
