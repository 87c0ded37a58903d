/* Karabakh control map, the timeline control inside the map: play/pause with a speed, steps of a
 * day and a week (buttons and keys), previous/next change, spans and key days. It moves the map
 * through `kcm.go` and tells it when a move has settled (`kcm.settled`). Uses kcmCore (core.js).
 */
(function (root) {
  'use strict';
  var core = root.kcmCore;

  function control(kcm, t, lastDay, narrowest, text) {
    var playing = null, speed = 10;
    var c = {min: 0, max: lastDay};
    var div = L.DomUtil.create('div', 'kcm-timeline');
    div.setAttribute('role', 'group');
    div.setAttribute('aria-label', text.timeline);
    div.innerHTML =
      '<div class="kcm-row">' +
      '<button type="button" data-act="play" title="' + text.play + ' (Space)" aria-label="' + text.play + '">&#9654;</button>' +
      '<select data-act="speed" title="' + text.speed + '" aria-label="' + text.speed + '">' +
      text.speeds.map(function (s) { return '<option value="' + s[0] + '"' + (s[0] === 10 ? ' selected' : '') + '>' + s[1] + '</option>'; }).join('') +
      '</select>' +
      '<button type="button" data-act="prev" title="' + text.prev + ' (Page Down)" aria-label="' + text.prev + '">&laquo;</button>' +
      '<button type="button" data-step="-7" title="' + text.backWeek + ' (Shift+Left)" aria-label="−7 ' + text.backWeek + '">&minus;7</button>' +
      '<button type="button" data-step="-1" title="' + text.backDay + ' (Left)" aria-label="−1 ' + text.backDay + '">&minus;1</button>' +
      '<button type="button" data-step="1" title="' + text.forwardDay + ' (Right)" aria-label="+1 ' + text.forwardDay + '">+1</button>' +
      '<button type="button" data-step="7" title="' + text.forwardWeek + ' (Shift+Right)" aria-label="+7 ' + text.forwardWeek + '">+7</button>' +
      '<button type="button" data-act="next" title="' + text.next + ' (Page Up)" aria-label="' + text.next + '">&raquo;</button>' +
      '<select data-act="period" title="' + text.span + '" aria-label="' + text.span + '">' +
      t.periods.map(function (p) { return '<option value="' + p[0] + '">' + p[1] + '</option>'; }).join('') + '</select>' +
      '<select data-act="bookmark" title="' + text.keyDays + '" aria-label="' + text.keyDays + '"><option value="">' + text.keyDays + '…</option>' +
      t.bookmarks.map(function (b) { return '<option value="' + b[0] + '">' + b[1] + '</option>'; }).join('') + '</select>' +
      '</div><div class="kcm-row"><span class="kcm-tl-from"></span>' +
      '<input type="range" class="kcm-range" step="1" aria-label="' + text.range + '">' +
      '<span class="kcm-tl-to"></span></div>';
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    var range = div.querySelector('.kcm-range'), play = div.querySelector('[data-act="play"]');
    var period = div.querySelector('[data-act="period"]'), bookmark = div.querySelector('[data-act="bookmark"]');

    function move(n, settle) { stop(); kcm.go(n); if (settle) { kcm.settled(); } }
    function stop(quiet) {  // quiet: the page took over, nothing to tell it
      if (!playing) { return; }
      clearInterval(playing);
      playing = null;
      play.innerHTML = '&#9654;';
      play.setAttribute('aria-label', text.play);
      if (!quiet) { kcm.settled(); }
    }
    c.playing = function () { return playing !== null; };
    c.stop = function () { stop(true); };
    c.toggle = function () {
      if (playing) { stop(); return; }
      if (kcm.n >= c.max) { kcm.go(c.min); }
      var carry = 0;
      play.innerHTML = '&#10074;&#10074;';
      play.setAttribute('aria-label', text.pause);
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
      range.setAttribute('aria-valuetext', text.label(n));
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
    c.step = function (days) { move(core.clamp(kcm.n + days, c.min, c.max), true); };
    c.change = function (dir) { move(dir > 0 ? core.nextChange(t.changeDays, kcm.n) : core.previousChange(t.changeDays, kcm.n), true); };

    range.addEventListener('input', function () { stop(); kcm.go(+range.value); });
    range.addEventListener('change', function () { kcm.settled(); });
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

  root.kcmTimeline = {control: control};
}(typeof self !== 'undefined' ? self : this));
