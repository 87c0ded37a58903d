// Tests of the browser core (layers/js/core.js), run with `node --test tests/js` (no npm package).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const core = require('../../layers/js/core.js');

const cal = core.calendar('1988-01-01');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

test('day numbers and ISO days are inverse, in UTC, across leap years', () => {
  assert.equal(cal.number('1988-01-01'), 0);
  assert.equal(cal.number('1988-03-01'), 60);  // 1988 is a leap year
  for (const iso of ['2020-11-08', '2000-02-29', '2024-12-31']) { assert.equal(cal.iso(cal.number(iso)), iso); }
});

test('a Streamlit slider value in microseconds is the day it stands for', () => {
  const us = Date.parse('2020-11-08T00:00:00Z') * 1000;
  assert.equal(cal.iso(cal.fromMicroseconds(us)), '2020-11-08');
  assert.equal(cal.iso(cal.fromMicroseconds(String(us))), '2020-11-08');
  assert.equal(cal.fromMicroseconds('not a number'), null);
  assert.equal(cal.fromMicroseconds(0), null);
});

test('labels name the day in the month names given', () => {
  const n = cal.number('2020-11-08');
  assert.equal(cal.label(n, MONTHS), '8 November 2020');
  assert.equal(cal.label(n, MONTHS, true), '8 Nov 2020');
  assert.equal(cal.label(n, ['', '', '', '', '', '', '', '', '', '', 'noyabr', '']), '8 noyabr 2020');
});

test('the binary search finds the state in force on a day', () => {
  const list = [10, 0, 20, 1, 35, 2];
  assert.equal(core.stateIndex(list, 9), -1);  // before the first change
  assert.equal(core.stateIndex(list, 10), 0);
  assert.equal(core.stateIndex(list, 19), 0);
  assert.equal(core.stateIndex(list, 20), 1);
  assert.equal(core.stateIndex(list, 1000), 2);
  assert.equal(core.stateIndex([], 5), -1);
  assert.equal(core.stateIndex(undefined, 5), -1);
});

test('the binary search agrees with a linear scan on random lists', () => {
  for (let trial = 0; trial < 200; trial++) {
    const days = [...new Set(Array.from({length: 1 + (trial % 9)}, () => Math.floor(Math.random() * 100)))].sort((a, b) => a - b);
    const list = days.flatMap((d, i) => [d, i]);
    for (let n = -2; n < 105; n += 3) {
      let expected = -1;
      days.forEach((d, i) => { if (d <= n) { expected = i; } });
      assert.equal(core.stateIndex(list, n), expected);
    }
  }
});

test('next and previous change', () => {
  const days = [5, 10, 20];
  assert.equal(core.nextChange(days, 0), 5);
  assert.equal(core.nextChange(days, 5), 10);
  assert.equal(core.nextChange(days, 20), 20);  // none after: stay
  assert.equal(core.previousChange(days, 20), 10);
  assert.equal(core.previousChange(days, 11), 10);
  assert.equal(core.previousChange(days, 5), 5);  // none before: stay
  assert.equal(core.nextChange([], 3), 3);
});

test('the narrowest period holding a day, and a preferred one when it holds the day', () => {
  const periods = [['all', 'all', 0, 1000], ['war', 'war', 100, 150], ['after', 'after', 140, 1000]];
  assert.equal(core.narrowest(periods, 120), 'war');
  assert.equal(core.narrowest(periods, 145), 'war');
  assert.equal(core.narrowest(periods, 500), 'after');
  assert.equal(core.narrowest(periods, 5000), 'all');  // none holds it: the first
  assert.equal(core.narrowest(periods, 500, 'all'), 'all');
  assert.equal(core.narrowest(periods, 50, 'war'), 'all');  // preferred but does not hold it
});

test('the history bar keeps a one-day spell visible', () => {
  const segs = core.strip([0, 0, 5000, 1, 5001, 2], 13000, 340, 3);
  assert.equal(segs.length, 3);
  assert.ok(segs[1].width >= 3, 'a one-day spell is at least 3 px wide');
  assert.ok(segs.every((s) => s.x >= 0 && s.x + s.width <= 340 + 1e-9));
  assert.deepEqual(segs.map((s) => s.state), [0, 1, 2]);
});

// ---- the sync state machine ---------------------------------------------------------------------
const {initial, reduce} = core.sync;
function runAll(events, state = initial()) {
  const effects = [];
  for (const e of events) { const out = reduce(state, e); state = out.state; effects.push(out.effects); }
  return {state, effects};
}
const gos = (fx) => fx.filter((f) => f.go !== undefined).map((f) => f.go);

test('a settled move of the map is numbered at once and posted after a delay', () => {
  const {state, effects} = runAll([{type: 'settle', iso: '2020-11-08'}]);
  assert.equal(state.sent, 1);
  assert.equal(state.driving, true);
  assert.deepEqual(effects[0].find((f) => f.schedule), {schedule: 'post', ms: core.sync.POST_DELAY_MS, seq: 1});
  const posted = reduce(state, {type: 'post', iso: '2020-11-08', seq: 1});
  assert.deepEqual(posted.effects[0], {post: {day: '2020-11-08', seq: 1}});
  assert.equal(posted.state.posted['2020-11-08'], 1);
});

test('a rerun answering an older move is ignored entirely', () => {
  const {state} = runAll([{type: 'settle', iso: 'a'}, {type: 'settle', iso: 'b'}]);
  const out = reduce(state, {type: 'rerun', payload: {date: '2020-01-01', ack: 1}, n: 5});
  assert.deepEqual(out.effects, []);
  assert.equal(out.state, state);
});

test('the rerun answering the newest move ends the driving and moves the map', () => {
  const {state} = runAll([{type: 'settle', iso: 'a'}]);
  const out = reduce(state, {type: 'rerun', payload: {date: '2020-01-01', ack: 1}, n: 5});
  assert.equal(out.state.driving, false);
  assert.deepEqual(gos(out.effects), [5]);
  assert.ok(out.effects.some((f) => f.extras));
});

test('while the map drives, a rerun without ack (another widget) does not pull it back', () => {
  const {state} = runAll([{type: 'settle', iso: 'a'}]);
  const out = reduce(state, {type: 'rerun', payload: {date: '2020-01-01'}, n: 5});
  assert.deepEqual(gos(out.effects), []);
  assert.ok(out.effects.some((f) => f.extras), 'compare and focus still apply');
});

test('during playback a rerun does not move the map', () => {
  const out = reduce(initial(), {type: 'rerun', payload: {date: '2020-01-01'}, n: 5, playing: true});
  assert.deepEqual(gos(out.effects), []);
});

test('a rerun for an older position of the page slider does not pull the map back', () => {
  const {state} = runAll([{type: 'page', n: 7, iso: 'x'}]);
  assert.deepEqual(gos(reduce(state, {type: 'rerun', payload: {date: 'd'}, n: 6}).effects), []);
  assert.deepEqual(gos(reduce(state, {type: 'rerun', payload: {date: 'd'}, n: 7}).effects), [7]);
});

test('the page slider catching up with a day the map posted is an echo, not a move', () => {
  let {state} = runAll([{type: 'settle', iso: '2020-11-08'}, {type: 'post', iso: '2020-11-08', seq: 1}]);
  const out = reduce(state, {type: 'page', n: 100, iso: '2020-11-08'});
  assert.deepEqual(out.effects, []);
  assert.equal(out.state.driving, true, 'still waiting for the answer');
  state = out.state;
  assert.equal(state.pageDay, 100);
});

test("a viewer's move of the page slider drops the map's pending move", () => {
  const {state} = runAll([{type: 'settle', iso: '2020-11-08'}]);
  const out = reduce(state, {type: 'page', n: 50, iso: '2020-01-01'});
  assert.equal(out.state.driving, false);
  assert.equal(out.state.sent, 2, 'the answer to the dropped move is now stale');
  assert.deepEqual(gos(out.effects), [50]);
  assert.ok(out.effects.some((f) => f.stopPlayback));
  const late = reduce(out.state, {type: 'rerun', payload: {date: 'd', ack: 1}, n: 3});
  assert.deepEqual(late.effects, []);
});

test('no answer: the map stops waiting', () => {
  const {state} = runAll([{type: 'settle', iso: 'a'}, {type: 'post', iso: 'a', seq: 1}, {type: 'giveUp'}]);
  assert.equal(state.driving, false);
  assert.deepEqual(state.posted, {});
});

test('an unknown event is an error, not silently ignored', () => {
  assert.throws(() => reduce(initial(), {type: 'nonsense'}), /unknown sync event/);
});
