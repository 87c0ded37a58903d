/* Karabakh control map, the static site's page: the map (kcmInit, main.js, the same code the app and the
 * snapshots run), the side panel (the day's claims, a chosen place's history, compare two days,
 * downloads, citation and embed code) and the URL, which follows the viewer: ?date= ?place= ?compare=
 * ?lang= embed=1 and ?view=LAT,LNG,ZOOM. The rules are in site_state.js (pure, tested by node); this file
 * only wires them to the page. Its data arrive as scripts (layers/site.py), so the page opens from disk.
 * `window.kcmSite` is for tests and scripts: its state, and choose(id), setCompare(iso), dayCsv().
 */
(function (root) {
  'use strict';
  var S = root.kcmSiteState, manifest = root.KCM_SITE;
  if (!manifest || !S) { return; }
  var doc = root.document;
  var booted = false, tableWaiters = [];

  function $(id) { return doc.getElementById(id); }
  function esc(text) { return S.escapeHtml(text); }

  function failed(src) {
    var box = doc.createElement('div');
    box.className = 'kcm-error';
    box.setAttribute('role', 'alert');
    box.textContent = 'The map\'s data could not be loaded (' + src + '). Reload the page; if it persists, the site ' +
      'is missing files: rebuild it with python -m layers site --out DIR and serve the whole folder.';
    $('map').appendChild(box);
  }

  manifest.onFail = failed;
  manifest.onPart = function (part) {
    if (part.map && !booted) { booted = true; boot(part); }
    if (part.table) { manifest.tableData = part.table; tableWaiters.splice(0).forEach(function (f) { f(part.table); }); }
  };
  if (manifest.failed) { failed(manifest.failed); }
  manifest.parts.forEach(manifest.onPart);

  /** The state of every place on every day (layers/site.py table_data), loaded the first time it is needed. */
  function withTable(callback) {
    if (manifest.tableData) { return callback(manifest.tableData); }
    tableWaiters.push(callback);
    if (tableWaiters.length === 1) {
      var s = doc.createElement('script');
      s.src = manifest.table;
      doc.head.appendChild(s);
    }
  }

  function boot(part) {
    var data = part.map, sd = part.site, w = sd.words, t = data.timeline;
    var q = S.parseQuery(root.location.search), notices = [];
    var day = S.parseDay(q.date, t.first, t.last, sd.defaultDay);
    var place = S.lookup(q.place, sd.places);
    var other = q.compare ? S.parseDay(q.compare, t.first, t.last, day[0]) : [null, null];
    [day[1], place[1], other[1]].forEach(function (n) { if (n) { notices.push(n); } });
    var state = {date: day[0], place: place[0], compare: other[0], lang: sd.lang, embed: q.embed,
      view: S.parseView(q.view)};
    var byId = {};
    sd.places.forEach(function (p) { byId[p[0]] = p; });
    var cal = root.kcmCore.calendar(t.first);
    function label(iso) { return S.dayLabel(iso, w.months); }
    function shown(id) { return byId[id] ? byId[id][3] : id; }

    doc.documentElement.lang = sd.ui;
    if (state.embed) { doc.body.classList.add('kcm-embed'); }
    $('kcm-title').textContent = w.title;
    $('kcm-panel').setAttribute('aria-label', w.panel);
    $('map').setAttribute('aria-label', w.map);
    buildPanel();

    // ---- the map: the app's own browser code ---------------------------------------------------------
    var map = L.map('map', {center: [39.7, 46.7], zoom: 8, minZoom: 6, maxZoom: 14, zoomSnap: 0.25});
    L.control.scale().addTo(map);
    var ready = false;
    root.kcmInit(map, data, {title: w.title, timeline: true, start: state.date, onDay: function (iso) {
      state.date = iso;
      if (ready) { renderDay(); }
    }});
    var kcm = root.kcm;
    if (!kcm || kcm.map !== map || !map.getContainer().getAttribute('data-ready')) { return; }  // main.js said why
    Object.keys(kcm.layers).forEach(function (id) {
      kcm.layers[id].on('popupopen', function () { choose(sd.cells[id] || id, {fit: false, from: 'map'}); });
    });
    ready = true;
    outlines(!state.view);
    if (state.view) { map.setView([state.view.lat, state.view.lng], state.view.zoom, {animate: false}); }
    // The view joins the URL once the viewer has moved the map (not for the opening fit, which depends on
    // the screen: a shared link without ?view= fits the region, or the place, to the reader's screen).
    var moved = !!state.view;
    ['pointerdown', 'wheel', 'keydown', 'touchstart'].forEach(function (type) {
      map.getContainer().addEventListener(type, function (e) {
        if (!e.target.closest || !e.target.closest('.kcm-timeline, .kcm-legend')) { moved = true; }
      }, {passive: true});
    });
    map.on('moveend', function () {
      if (!moved) { return; }
      var c = map.getCenter();
      state.view = {lat: c.lat, lng: c.lng, zoom: map.getZoom()};
      writeUrl();
    });
    renderDay();
    renderPlace();
    writeUrl(true);
    doc.body.setAttribute('data-site-ready', '1');

    // ---- the URL follows the viewer (replaceState: one history entry, not one per day) ----------------
    var urlTimer = null;
    function writeUrl(now) {
      clearTimeout(urlTimer);
      function write() {
        var search = S.serialize(state);
        if (search === root.location.search) { return; }
        try { root.history.replaceState(null, '', search || root.location.pathname); } catch (e) { /* a browser refusing it */ }
        langLinks();
      }
      if (now) { write(); } else { urlTimer = setTimeout(write, 150); }
    }

    // ---- the panel -------------------------------------------------------------------------------------
    function buildPanel() {
      var names = {}, options = sd.places.map(function (p) {
        var value = p[3];
        if (names[value]) { value = p[3] + ' (' + p[0] + ')'; }
        names[value] = p[0];
        var others = p[2].filter(function (n) { return n !== p[3]; }).join(', ');
        return '<option value="' + esc(value) + '" label="' + esc(others) + '"></option>';
      });
      buildPanel.optionIds = names;
      var first = t.first, last = t.last;
      $('kcm-panel').innerHTML =
        '<div class="kcm-notices" id="kcm-notices" role="status"></div>' +
        '<section class="kcm-full-only"><form id="kcm-find" class="kcm-row-form" role="search">' +
        '<label for="kcm-place-input">' + esc(w.place) + '</label>' +
        '<input id="kcm-place-input" list="kcm-place-list" autocomplete="off" placeholder="' + esc(w.placePlaceholder) + '">' +
        '<button type="submit">' + esc(w.find) + '</button><button type="button" id="kcm-place-clear">' + esc(w.clear) +
        '</button></form><datalist id="kcm-place-list">' + options.join('') + '</datalist></section>' +
        '<section id="kcm-place" hidden><h2 id="kcm-place-title"></h2><div id="kcm-place-names"></div>' +
        '<p id="kcm-place-state"></p><ul class="kcm-history" id="kcm-place-history"></ul></section>' +
        '<section id="kcm-day"><h2 id="kcm-day-title"></h2><ul class="kcm-day-claims" id="kcm-day-claims"></ul></section>' +
        '<section class="kcm-full-only"><h2><label for="kcm-compare-input">' + esc(w.compare) + '</label></h2>' +
        '<div class="kcm-row-form"><input type="date" id="kcm-compare-input" min="' + first + '" max="' + last + '">' +
        '<button type="button" id="kcm-compare-clear">' + esc(w.compare_clear) + '</button></div>' +
        '<p class="kcm-small">' + esc(w.compareHelp) + '</p><div id="kcm-compare" aria-live="polite"></div></section>' +
        '<section class="kcm-full-only" id="kcm-share"><h2>' + esc(w.share) + '</h2><ul class="kcm-downloads">' +
        '<li><button type="button" id="kcm-day-csv"></button></li>' +
        '<li><a id="kcm-claims-csv" href="' + esc(manifest.claimsCsv) + '" download="karabakh-control-claims.csv">' +
        esc(w.record_csv) + '</a></li>' +
        '<li><a id="kcm-claims-geojson" href="' + esc(manifest.claimsGeojson) + '" download="karabakh-control-claims.geojson">' +
        esc(w.record_geojson) + '</a></li></ul>' +
        '<p>' + esc(w.cite) + '</p><pre id="kcm-cite"></pre><button type="button" data-copy="kcm-cite">' + esc(w.copy) + '</button>' +
        '<p>' + esc(w.embed) + '</p><pre id="kcm-embed"></pre><button type="button" data-copy="kcm-embed">' + esc(w.copy) +
        '</button></section>' +
        '<section class="kcm-about kcm-full-only"><p>' + esc(w.caption) + '</p><p>' + esc(w.credits) + ' ' + esc(w.keys) +
        '</p></section>' +
        '<p class="kcm-embed-only" hidden><a id="kcm-open-full" target="_blank" rel="noopener">' + esc(w.open_full) + '</a></p>';
      if (state.embed) { doc.querySelector('.kcm-embed-only').hidden = false; }
      $('kcm-notices').textContent = notices.join(' ');
      $('kcm-find').addEventListener('submit', function (e) {
        e.preventDefault();
        var text = $('kcm-place-input').value, id = buildPanel.optionIds[text] || null, notice = null;
        if (!id) { var found = S.lookup(text, sd.places); id = found[0]; notice = found[1]; }
        $('kcm-notices').textContent = notice || '';
        if (id) { choose(id, {fit: true}); }
      });
      $('kcm-place-clear').addEventListener('click', function () { $('kcm-place-input').value = ''; choose(null); });
      $('kcm-compare-input').addEventListener('change', function (e) { setCompare(e.target.value || null); });
      $('kcm-compare-clear').addEventListener('click', function () { setCompare(null); });
      $('kcm-day-csv').addEventListener('click', downloadDay);
      Array.prototype.forEach.call(doc.querySelectorAll('[data-copy]'), function (b) {
        b.addEventListener('click', function () { copy($(b.getAttribute('data-copy')).textContent, b); });
      });
      langLinks();
    }

    function langLinks() {
      var nav = $('kcm-langs');
      nav.setAttribute('aria-label', w.language);
      nav.innerHTML = Object.keys(sd.languages).map(function (code) {
        var href = S.serialize(Object.assign({}, state, {lang: code})) || '?';
        return '<a href="' + esc(href) + '" hreflang="' + code + '"' + (code === sd.lang ? ' aria-current="true"' : '') + '>' +
          esc(sd.languages[code]) + '</a>';
      }).join('');
    }

    function renderDay() {
      var n = cal.number(state.date), dayText = label(state.date);
      doc.title = w.title + ' — ' + dayText;
      $('kcm-day-title').textContent = S.fill(w.dayClaims, {day: dayText});
      var rows = S.dayClaims(sd.claimDays, n);
      $('kcm-day-claims').innerHTML = rows.length ? rows.map(function (r) { return data.claims[r]; }).join('')
        : '<li>' + esc(w.dayClaimsNone) + '</li>';
      $('kcm-day-csv').textContent = S.fill(w.day_csv, {day: dayText});
      var address = S.pageAddress(manifest.baseUrl, root.location.href);
      $('kcm-cite').textContent = S.citation(sd.citation, state.date, w.monthsShort) + '. ' + address +
        S.serialize({date: state.date, lang: state.lang});
      $('kcm-embed').textContent = S.embedCode(address, state.date, state.lang, w.title + ', ' + dayText);
      $('kcm-open-full').href = S.serialize({date: state.date, place: state.place, lang: state.lang}) || '?';
      renderPlaceState();
      if (state.compare) { renderCompare(); }
      writeUrl();
    }

    function placeRecord(id) {
      if (sd.own[id]) { return {header: sd.own[id].header, history: sd.own[id].history, own: sd.own[id]}; }
      return {header: data.headers[id] || '', history: t.history[id] || []};
    }

    function renderPlaceState() {
      if (!state.place) { return; }
      var rec = placeRecord(state.place), n = cal.number(state.date), text;
      if (rec.own) { text = sd.ownTexts[S.valueAt(rec.own.states, n, 0)]; } else { text = kcm.state(state.place)[1]; }
      $('kcm-place-state').innerHTML = esc(S.fill(w.place_state, {day: label(state.date)})) + ' <b>' + text + '</b>';
    }

    function renderPlace() {
      var section = $('kcm-place');
      if (!state.place) { section.hidden = true; return; }
      var rec = placeRecord(state.place);
      section.hidden = false;
      section.setAttribute('data-place', state.place);
      $('kcm-place-title').textContent = S.fill(w.history, {place: shown(state.place)});
      $('kcm-place-names').innerHTML = rec.header;
      $('kcm-place-history').innerHTML = rec.history.map(function (r) { return data.claims[r]; }).join('');
      renderPlaceState();
    }

    function changed() {
      if (!state.compare) { return []; }
      return S.compare(sd, cal.number(state.date), cal.number(state.compare));
    }

    function renderCompare() {
      var box = $('kcm-compare');
      if (!state.compare) { box.innerHTML = ''; return; }
      var rows = changed(), a = state.compare < state.date ? state.compare : state.date;
      var b = state.compare < state.date ? state.date : state.compare;
      var head = '<h2>' + esc(S.fill(w.changed, {first: label(a), last: label(b)})) + '</h2>';
      box.innerHTML = head + (rows.length ? '<table><thead><tr><th>' + esc(w.colPlace) + '</th><th>' + esc(w.colBefore) +
        '</th><th>' + esc(w.colAfter) + '</th></tr></thead><tbody>' + rows.map(function (r) {
        return '<tr data-place="' + esc(r.id) + '"><td>' + esc(shown(r.id)) + '</td><td>' + esc(sd.holdingWords[r.before]) +
          '</td><td>' + esc(sd.holdingWords[r.after]) + '</td></tr>';
      }).join('') + '</tbody></table>' : '<p>' + esc(w.changedNone) + '</p>');
      outlines(false, rows);
    }

    /** Outline the compared places and the chosen one on the map (main.js applies {compare, focus}). */
    function outlines(fit, rows) {
      var compared = S.outline(sd, (rows || changed()).map(function (r) { return r.id; }));
      kcm.set({compare: compared, focus: state.place ? S.outline(sd, [state.place]) : [], fit: !!fit});
    }

    function choose(id, how) {
      how = how || {};
      if (id && !byId[id]) { return; }
      if (id === state.place && how.from === 'map') { return; }
      state.place = id;
      if (how.fit && id) { kcm.focus = []; }  // chosen again from the panel: centre on it again
      renderPlace();
      outlines(how.fit);
      writeUrl();
    }

    function setCompare(iso) {
      var day = iso ? S.parseDay(iso, t.first, t.last, state.date) : [null, null];
      state.compare = day[0];
      $('kcm-compare-input').value = day[0] || '';
      if (day[1]) { $('kcm-notices').textContent = day[1]; }
      renderCompare();
      if (!state.compare) { outlines(false, []); }
      writeUrl();
    }

    function dayCsv(callback) {
      var n = cal.number(state.date);
      withTable(function (table) { callback(S.tableCsv(table, n)); });
    }

    function downloadDay() {
      var iso = state.date;
      dayCsv(function (text) {
        var a = doc.createElement('a');
        a.href = URL.createObjectURL(new Blob([text], {type: 'text/csv;charset=utf-8'}));
        a.download = 'karabakh-control-' + iso + '.csv';
        doc.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
      });
    }

    function copy(text, button) {
      function done() { button.textContent = w.copied; setTimeout(function () { button.textContent = w.copy; }, 2000); }
      if (root.navigator.clipboard && root.isSecureContext) {
        root.navigator.clipboard.writeText(text).then(done, function () {});
        return;
      }
      var area = doc.createElement('textarea');  // from disk: the old way
      area.value = text;
      doc.body.appendChild(area);
      area.select();
      try { doc.execCommand('copy'); done(); } catch (e) { /* nothing to copy with */ }
      area.remove();
    }

    root.kcmSite = {state: state, site: sd, choose: function (id) { choose(id, {fit: true}); },
      setCompare: setCompare, dayCsv: dayCsv, changed: changed};
  }
}(typeof self !== 'undefined' ? self : this));
