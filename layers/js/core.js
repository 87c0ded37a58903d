/* Karabakh control map, browser core: pure functions with no DOM and no Leaflet, tested by
 * `node --test tests/js` (tests/js/core.test.js).
 *
 * Day numbers count days from the record's first day (UTC). A place's change list is flat,
 * [day, state, day, state, ...] with days ascending; its state on day n is found by binary search.
 * The sync between the in-map timeline, the page's slider and the server is a reducer:
 * `sync.reduce(state, event)` returns the new state and the effects to carry out (go to a day,
 * post the day to the app, start or clear timers), so every rule of it can be tested here.
 */
(function (root, factory) {
  var core = factory();
  if (typeof module === 'object' && module.exports) { module.exports = core; } else { root.kcmCore = core; }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';
  var DAY_MS = 864e5;

  /** Day numbers for a record whose first day is `firstIso` (YYYY-MM-DD). */
  function calendar(firstIso) {
    var epoch = Date.parse(firstIso + 'T00:00:00Z');
    return {
      epoch: epoch,
      number: function (iso) { return Math.round((Date.parse(iso + 'T00:00:00Z') - epoch) / DAY_MS); },
      iso: function (n) { return new Date(epoch + n * DAY_MS).toISOString().slice(0, 10); },
      /** The day a Streamlit date slider's value (microseconds since 1970, UTC) stands for. */
      fromMicroseconds: function (us) {
        var ms = Number(us) / 1000;
        return isFinite(ms) && ms > 0 ? Math.round((ms - epoch) / DAY_MS) : null;
      },
      /** '8 November 2020' (or '8 Nov 2020' when short), from the month names given. */
      label: function (n, months, short) {
        var d = new Date(epoch + n * DAY_MS), month = months[d.getUTCMonth()];
        return d.getUTCDate() + ' ' + (short ? month.slice(0, 3) : month) + ' ' + d.getUTCFullYear();
      }
    };
  }

  /** Index into the state table of a place's state on day n, or -1 before its first change. */
  function stateIndex(list, n) {
    var lo = 0, hi = (list || []).length / 2;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[2 * mid] <= n) { lo = mid + 1; } else { hi = mid; }
    }
    return lo ? list[2 * lo - 1] : -1;
  }

  /** The first day in sorted `days` after n (n itself if there is none). */
  function nextChange(days, n) {
    var lo = 0, hi = days.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (days[mid] <= n) { lo = mid + 1; } else { hi = mid; } }
    return lo < days.length ? days[lo] : n;
  }

  /** The last day in sorted `days` before n (n itself if there is none). */
  function previousChange(days, n) {
    var lo = 0, hi = days.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (days[mid] < n) { lo = mid + 1; } else { hi = mid; } }
    return lo > 0 ? days[lo - 1] : n;
  }

  /** The key of the narrowest period [key, label, first, last] holding n; `prefer` wins if it holds n. */
  function narrowest(periods, n, prefer) {
    var fits = periods.filter(function (p) { return p[2] <= n && n <= p[3]; });
    if (!fits.length) { return periods[0][0]; }
    if (prefer && fits.some(function (p) { return p[0] === prefer; })) { return prefer; }
    return fits.reduce(function (a, b) { return b[3] - b[2] < a[3] - a[2] ? b : a; })[0];
  }

  function clamp(n, lo, hi) { return Math.max(lo, Math.min(hi, Math.round(n))); }

  /** The bar of a place's states over the record: one segment per state, at least `minWidth`
   * pixels wide so that a one-day spell stays visible, in a bar `width` pixels wide. */
  function strip(list, lastDay, width, minWidth) {
    var out = [], min = minWidth === undefined ? 3 : minWidth;
    for (var i = 0; i < (list || []).length; i += 2) {
      var x0 = list[i] / Math.max(lastDay, 1) * width;
      var x1 = (i + 2 < list.length ? list[i + 2] : lastDay) / Math.max(lastDay, 1) * width;
      var w = Math.max(x1 - x0, min);
      out.push({x: Math.min(x0, width - w), width: w, day: list[i], state: list[i + 1]});
    }
    return out;
  }

  // ---- the sync between the in-map timeline, the page's slider and the server --------------------
  //
  // Each settled move of the in-map timeline gets a number (`sent`) at once; where it stopped is
  // posted 250 ms later. Until the app has answered the newest move (a rerun carrying its `ack`),
  // the map is driving: reruns answering older moves or other widgets, and the page's slider
  // catching up with days the map posted, must not pull it back. A move of the page's slider by the
  // viewer is the newest move: the map's pending one is dropped.
  var POST_DELAY_MS = 250, GIVE_UP_MS = 5000;

  function initial() { return {sent: 0, driving: false, posted: {}, echo: null, pageDay: null}; }

  function stopDriving(s) { return Object.assign({}, s, {driving: false, posted: {}}); }

  /** (state, event) -> {state, effects}. Events:
   *  {type: 'settle', iso}            the in-map timeline stopped on a day (the app should follow)
   *  {type: 'post', iso, seq}          the post timer fired
   *  {type: 'giveUp'}                  no answer came
   *  {type: 'rerun', payload, n, playing, inRange}  the server's payload ({date, ack, ...}); n = its day
   *  {type: 'page', n, iso}            the page's slider moved to day n
   * Effects: {go: n}, {post: {day, seq}}, {schedule: 'post'|'giveUp', ms, seq?}, {clearTimers: true},
   *  {stopPlayback: true}, {extras: true} (apply the payload's compare and focus). */
  function reduce(s, e) {
    var fx = [];
    switch (e.type) {
      case 'settle':
        s = Object.assign({}, s, {sent: s.sent + 1, driving: true});
        fx.push({clearTimers: true}, {schedule: 'post', ms: POST_DELAY_MS, seq: s.sent});
        return {state: s, effects: fx};
      case 'post':
        var posted = Object.assign({}, s.posted);
        posted[e.iso] = e.seq;
        s = Object.assign({}, s, {posted: posted, echo: e.iso});
        fx.push({post: {day: e.iso, seq: e.seq}}, {schedule: 'giveUp', ms: GIVE_UP_MS});
        return {state: s, effects: fx};
      case 'giveUp':
        return {state: stopDriving(s), effects: [{clearTimers: true}]};
      case 'rerun':
        var p = e.payload || {};
        if (p.ack && p.ack !== s.sent) { return {state: s, effects: []}; }  // answers an older move
        if (p.ack) { s = stopDriving(s); fx.push({clearTimers: true}); }
        var stale = e.playing || (!p.ack && (s.driving || (s.pageDay !== null && p.date && e.n !== s.pageDay)));
        if (p.date && !stale) { fx.push({go: e.n}); }
        fx.push({extras: true});
        return {state: s, effects: fx};
      case 'page':
        var echo = s.echo === e.iso || (s.driving && e.iso in s.posted);
        s = Object.assign({}, s, {pageDay: e.n, echo: null});
        if (echo) { return {state: s, effects: []}; }  // the page catching up with the map
        if (s.driving) { s = stopDriving(Object.assign({}, s, {sent: s.sent + 1})); fx.push({clearTimers: true}); }
        fx.push({stopPlayback: true}, {go: e.n});
        return {state: s, effects: fx};
      default:
        throw new Error('unknown sync event ' + e.type);
    }
  }

  return {
    DAY_MS: DAY_MS, calendar: calendar, stateIndex: stateIndex, nextChange: nextChange,
    previousChange: previousChange, narrowest: narrowest, clamp: clamp, strip: strip,
    sync: {initial: initial, reduce: reduce, POST_DELAY_MS: POST_DELAY_MS, GIVE_UP_MS: GIVE_UP_MS}
  };
}));
