/* Karabakh control map, the static site's pure logic: the URL's state (?date= ?place= ?lang= ?compare=
 * ?view= embed=1), the look-up of a place by any of its names, the day's claims, the places that changed
 * hands between two days, the day's table as CSV, the citation and the embed code. No DOM, no Leaflet:
 * tested by `node --test tests/js` (tests/js/site_state.test.js), and against the Python rules it mirrors
 * (geo/query.py: parse_day, parse_place; geo/story.py: changes_between; geo/table.py and geo/safe_csv.py) by
 * tests/test_site.py. Uses kcmCore (core.js) for day numbers and change lists.
 */
(function (root, factory) {
  var core = typeof module === 'object' && module.exports ? require('./core.js') : root.kcmCore;
  var site = factory(core);
  if (typeof module === 'object' && module.exports) { module.exports = site; } else { root.kcmSiteState = site; }
}(typeof self !== 'undefined' ? self : this, function (core) {
  'use strict';
  var LANGUAGES = ['en', 'az', 'hy', 'ru'];

  /** Case folding as Python's str.casefold does it for the record's scripts (Latin, Azerbaijani,
   * Armenian, Cyrillic): lower case, then the full foldings that expand a letter ('ß' to 'ss', the
   * Armenian 'և' to 'եւ'), found as the lower case of its upper case when that is longer. Upper-casing
   * everything would not do: the Azerbaijani dotless 'ı' would become 'i', which casefold keeps apart. */
  function fold(text) {
    var out = '';
    Array.from(String(text).toLowerCase()).forEach(function (c) {
      var wide = c.toUpperCase().toLowerCase();
      out += Array.from(wide).length > 1 ? wide : c;
    });
    return out;
  }

  /** The data variant of ?lang= (layers/i18n.py: language): '' without it (every side's names),
   * a known code, 'hy' for hy_latn, and English for anything else. */
  function variant(lang) {
    if (lang === null || lang === undefined || String(lang).trim() === '') { return ''; }
    var code = String(lang).trim().toLowerCase().replace(/-/g, '_');
    if (code === 'hy_latn') { code = 'hy'; }
    return LANGUAGES.indexOf(code) >= 0 ? code : 'en';
  }

  /** The query string's parts, as given (null when absent). `embed` is true for embed=1 or embed=true. */
  function parseQuery(search) {
    var q = new URLSearchParams(search || '');
    function get(k) { return q.has(k) ? q.get(k) : null; }
    var embed = get('embed');
    return {date: get('date'), place: get('place'), lang: get('lang'), compare: get('compare'), view: get('view'),
      embed: embed !== null && ['1', 'true', 'yes'].indexOf(embed.trim().toLowerCase()) >= 0};
  }

  /** The query string of a state: ?date=…&place=…&compare=…&lang=…&embed=1&view=… (empty parts left out). */
  function serialize(state) {
    var parts = [];
    [['date', state.date], ['place', state.place], ['compare', state.compare], ['lang', state.lang]].forEach(function (kv) {
      if (kv[1]) { parts.push(kv[0] + '=' + encodeURIComponent(kv[1])); }
    });
    if (state.embed) { parts.push('embed=1'); }
    if (state.view) { parts.push('view=' + formatView(state.view)); }
    return parts.length ? '?' + parts.join('&') : '';
  }

  /** ?view=LAT,LNG,ZOOM as {lat, lng, zoom}, or null when it is not three numbers in range. */
  function parseView(text) {
    if (!text) { return null; }
    var p = String(text).split(',').map(function (x) { return x.trim() === '' ? NaN : Number(x); });
    if (p.length !== 3 || p.some(function (x) { return !isFinite(x); })) { return null; }
    if (Math.abs(p[0]) > 90 || Math.abs(p[1]) > 180 || p[2] < 0 || p[2] > 20) { return null; }
    return {lat: p[0], lng: p[1], zoom: p[2]};
  }

  function formatView(v) {
    return v.lat.toFixed(4) + ',' + v.lng.toFixed(4) + ',' + (Math.round(v.zoom * 100) / 100);
  }

  /** A calendar date written YYYY-MM-DD or YYYYMMDD (as Python's date.fromisoformat reads them), or null. */
  function isoDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) || /^(\d{4})(\d{2})(\d{2})$/.exec(text);
    if (!m || +m[1] < 1) { return null; }
    var d = new Date(Date.UTC(2000, +m[2] - 1, +m[3]));
    d.setUTCFullYear(+m[1]);
    if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) { return null; }
    return m[1] + '-' + m[2] + '-' + m[3];
  }

  /** [day, notice] for ?date=, inside first..last (ISO days); geo/query.py parse_day, word for word. */
  function parseDay(text, first, last, fallback) {
    var dflt = fallback < first ? first : fallback > last ? last : fallback;
    if (text === null || text === undefined || text === '') { return [dflt, null]; }
    var day = isoDate(String(text).trim());
    if (!day) { return [dflt, "'" + text + "' is not a date (expected YYYY-MM-DD); showing " + dflt + '.']; }
    if (day < first) { return [first, day + ' is before the record starts; showing its first day, ' + first + '.']; }
    if (day > last) { return [last, day + ' is after the record ends; showing its last day, ' + last + '.']; }
    return [day, null];
  }

  // ---- difflib.get_close_matches(word, possibilities, n=1), for the "Did you mean" of a place --------
  function longestMatch(a, b, alo, ahi, blo, bhi, b2j) {
    var besti = alo, bestj = blo, bestsize = 0, j2len = {};
    for (var i = alo; i < ahi; i++) {
      var newj2len = {}, js = b2j[a[i]] || [];
      for (var k = 0; k < js.length; k++) {
        var j = js[k];
        if (j < blo) { continue; }
        if (j >= bhi) { break; }
        var size = newj2len[j] = (j2len[j - 1] || 0) + 1;
        if (size > bestsize) { besti = i - size + 1; bestj = j - size + 1; bestsize = size; }
      }
      j2len = newj2len;
    }
    return [besti, bestj, bestsize];
  }

  /** SequenceMatcher(None, a, b).ratio() for short strings (no junk, no autojunk: b is under 200 long). */
  function ratio(a, b) {
    var b2j = {};
    for (var j = 0; j < b.length; j++) { (b2j[b[j]] = b2j[b[j]] || []).push(j); }
    var matches = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop(), m = longestMatch(a, b, q[0], q[1], q[2], q[3], b2j);
      if (m[2]) {
        matches += m[2];
        if (q[0] < m[0] && q[2] < m[1]) { queue.push([q[0], m[0], q[2], m[1]]); }
        if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) { queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]); }
      }
    }
    return a.length + b.length ? 2 * matches / (a.length + b.length) : 1;
  }

  /** The closest of `candidates` to `word` with a ratio of at least 0.6, ties to the larger string
   * (heapq.nlargest over (score, candidate)), or null. */
  function closeMatch(word, candidates) {
    var best = null, bestScore = -1;
    candidates.forEach(function (x) {
      var s = ratio(x, word);
      if (s >= 0.6 && (s > bestScore || (s === bestScore && x > best))) { best = x; bestScore = s; }
    });
    return best;
  }

  /** [id, notice] for ?place= (geo/query.py parse_place): an id, or any of a place's names, whatever the
   * case; a settlement wins over a district or an area with the same name (by kind rank, then id).
   * `places` is [[id, rank, names, shown], ...] (layers/site.py site_data). */
  function lookup(text, places) {
    if (text === null || text === undefined || String(text).trim() === '') { return [null, null]; }
    var wanted = String(text).trim();
    for (var i = 0; i < places.length; i++) { if (places[i][0] === wanted) { return [wanted, null]; } }
    var lowered = fold(wanted);
    var found = places.filter(function (p) {
      return fold(p[0]) === lowered || p[2].some(function (n) { return n && fold(n) === lowered; });
    });
    if (found.length) {
      found.sort(function (a, b) { return a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
      return [found[0][0], null];
    }
    var close = closeMatch(lowered, places.map(function (p) { return p[0]; }).filter(function (id) { return id.indexOf('__') < 0; }));
    return [null, "There is no place '" + wanted + "' in the record; showing the whole region." +
      (close ? " Did you mean '" + close + "'?" : '')];
  }

  /** The value a flat change list [day, value, ...] holds on day n (`before` before its first change). */
  function valueAt(list, n, before) {
    var i = core.stateIndex(list, n);
    return i < 0 ? before : i;
  }

  /** Row numbers of the claims dated day n (`claimDays`: each claim's day number, in record order). */
  function dayClaims(claimDays, n) {
    var rows = [];
    for (var r = 0; r < claimDays.length; r++) { if (claimDays[r] === n) { rows.push(r); } }
    return rows;
  }

  /** The places whose holding differs between days a and b (geo/story.py changes_between):
   * [{id, before, after}] in the order of `site.places`, holdings as their index in `site.holdings`. */
  function compare(site, a, b) {
    var lo = Math.min(a, b), hi = Math.max(a, b), out = [];
    var unclaimed = site.holdings.indexOf('unclaimed');
    site.places.forEach(function (p) {
      var list = site.holding[p[0]];
      if (!list) { return; }
      var x = valueAt(list, lo, unclaimed), y = valueAt(list, hi, unclaimed);
      if (x !== y) { out.push({id: p[0], before: x, after: y}); }
    });
    return out;
  }

  /** The drawn pieces that show the places `ids` (a district is its cells and bare sectors). */
  function outline(site, ids) {
    var seen = {}, out = [];
    ids.forEach(function (id) {
      (site.pieces[id] || [id]).forEach(function (p) { if (!seen[p]) { seen[p] = 1; out.push(p); } });
    });
    return out.sort();
  }

  /** The day's table as CSV (geo/safe_csv.py to_csv of geo/table.py state_table: what the app downloads). */
  function tableCsv(table, n) {
    var out = [table.header];
    table.order.forEach(function (id) {
      var i = core.stateIndex(table.changes[id], n);
      if (i >= 0) { out.push(table.lines[i]); }
    });
    return out.join('');
  }

  /** '8 November 2020', or '8 Nov 2020' with the short month names (layers/i18n.py day_label). */
  function dayLabel(iso, monthNames) {
    var p = iso.split('-');
    return (+p[2]) + ' ' + monthNames[+p[1] - 1] + ' ' + p[0];
  }

  /** The citation of day `iso` (layers/snapshot.py citation): the build's template with its {day}. */
  function citation(template, iso, monthsShort) { return String(template).replace('{day}', dayLabel(iso, monthsShort)); }

  /** Fill a string's {placeholders} (layers/i18n.py t). */
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
  }

  /** The page's address without its query: `baseUrl` when the build was given one, else `href`'s. */
  function pageAddress(baseUrl, href) {
    if (baseUrl) { return baseUrl; }
    return String(href).split('#')[0].split('?')[0];
  }

  /** The iframe that embeds day `iso` (embed=1: the map first, the day's claims below it). */
  function embedCode(address, iso, lang, title) {
    var src = address + serialize({date: iso, lang: lang, embed: true});
    return '<iframe src="' + escapeHtml(src) + '" title="' + escapeHtml(title) +
      '" width="100%" height="720" style="border:0" loading="lazy"></iframe>';
  }

  return {
    LANGUAGES: LANGUAGES, fold: fold, variant: variant, parseQuery: parseQuery, serialize: serialize,
    parseView: parseView, formatView: formatView, isoDate: isoDate, parseDay: parseDay, ratio: ratio,
    closeMatch: closeMatch, lookup: lookup, valueAt: valueAt, dayClaims: dayClaims, compare: compare,
    outline: outline, tableCsv: tableCsv, dayLabel: dayLabel, citation: citation, fill: fill, escapeHtml: escapeHtml,
    pageAddress: pageAddress, embedCode: embedCode
  };
}));
