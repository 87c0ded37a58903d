// Tests of the static site's pure logic (layers/js/site_state.js), run with `node --test tests/js`.
// tests/test_site.py checks the same functions against the Python rules they mirror, on the real record.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const S = require('../../layers/js/site_state.js');

// [id, kind rank, names, shown]: ranks as geo/query.py KIND_RANK (village 2, district 4).
const PLACES = [
  ['shusha_district', 4, ['Shusha District', 'Şuşa rayonu', 'Շուշիի շրջան', 'Shushi'], 'Shusha District'],
  ['shusha', 1, ['Shusha', 'Şuşa', 'Շուշի', 'Shushi', 'Шуша'], 'Shusha'],
  ['aghdam', 1, ['Aghdam', 'Ağdam', 'Ակն', 'Akna', 'Агдам'], 'Aghdam'],
  ['aghdam_district', 4, ['Aghdam District', 'Ağdam rayonu', 'Aghdam'], 'Aghdam District'],
  ['ivanyan', 2, ['Ivanyan', 'Xocalı'], 'Ivanyan'],
  ['ivanyan__cell', 9, ['Ivanyan'], 'Ivanyan'],
];

test('a place is found by its id or any of its names, whatever the case or the script', () => {
  assert.deepEqual(S.lookup('shusha', PLACES), ['shusha', null]);
  assert.deepEqual(S.lookup('  Şuşa ', PLACES), ['shusha', null]);
  assert.deepEqual(S.lookup('ŞUŞA', PLACES), ['shusha', null]);
  assert.deepEqual(S.lookup('Շուշի', PLACES), ['shusha', null]);
  assert.deepEqual(S.lookup('ՇՈՒՇԻ', PLACES), ['shusha', null]);  // Armenian capitals
  assert.deepEqual(S.lookup('шуша', PLACES), ['shusha', null]);
  assert.deepEqual(S.lookup('xocalı', PLACES), ['ivanyan', null]);
  assert.deepEqual(S.lookup('', PLACES), [null, null]);
  assert.deepEqual(S.lookup(null, PLACES), [null, null]);
});

test('a settlement wins over a district with the same name; then the smaller id', () => {
  assert.deepEqual(S.lookup('Shushi', PLACES), ['shusha', null]);  // the town, not the district
  assert.deepEqual(S.lookup('aghdam', PLACES), ['aghdam', null]);
  assert.deepEqual(S.lookup('Aghdam District', PLACES), ['aghdam_district', null]);
  assert.deepEqual(S.lookup('ivanyan', PLACES), ['ivanyan', null]);  // an id wins as it is
});

test('an unknown place says so, with the closest id as difflib finds it', () => {
  assert.deepEqual(S.lookup('shusa', PLACES),
    [null, "There is no place 'shusa' in the record; showing the whole region. Did you mean 'shusha'?"]);
  assert.deepEqual(S.lookup('Zzzz', PLACES), [null, "There is no place 'Zzzz' in the record; showing the whole region."]);
  // ids holding '__' (a settlement's cell) are never suggested
  assert.equal(S.closeMatch('ivanyan__cel', ['ivanyan__cell'].filter((id) => id.indexOf('__') < 0)), null);
});

test('SequenceMatcher ratios as Python computes them', () => {
  assert.equal(S.ratio('abcd', 'bcde'), 0.75);
  assert.equal(S.ratio('shusha', 'shusa'), 10 / 11);
  assert.equal(S.ratio('', ''), 1);
  assert.equal(S.ratio('abc', 'xyz'), 0);
});

test('case folding also folds what Python casefold does beyond lower case', () => {
  assert.equal(S.fold('Straße'), 'strasse');
  assert.equal(S.fold('և'), 'եւ');
  assert.equal(S.fold('ŞUŞA'), 'şuşa');
  assert.equal(S.fold('ẞ'), 'ss');
  assert.notEqual(S.fold('LAÇIN'), S.fold('Laçın'));  // dotless ı is its own letter, as for casefold
  assert.equal(S.fold('İsmayıllı'), 'i̇smayıllı');
});

test('?date= is read as geo/query.py parse_day reads it, with the same notices', () => {
  const f = '1988-01-01', l = '2024-09-18';
  assert.deepEqual(S.parseDay('2020-11-08', f, l, '2020-11-10'), ['2020-11-08', null]);
  assert.deepEqual(S.parseDay(' 20201108 ', f, l, '2020-11-10'), ['2020-11-08', null]);
  assert.deepEqual(S.parseDay(null, f, l, '2020-11-10'), ['2020-11-10', null]);
  assert.deepEqual(S.parseDay('', f, l, '2030-01-01'), [l, null]);
  assert.deepEqual(S.parseDay('2020-13-01', f, l, '2020-11-10'),
    ['2020-11-10', "'2020-13-01' is not a date (expected YYYY-MM-DD); showing 2020-11-10."]);
  assert.deepEqual(S.parseDay('2021-02-29', f, l, '2020-11-10')[0], '2020-11-10');
  assert.deepEqual(S.parseDay('2020-1108', f, l, '2020-11-10')[0], '2020-11-10');
  assert.deepEqual(S.parseDay('1900-01-01', f, l, '2020-11-10'),
    [f, '1900-01-01 is before the record starts; showing its first day, 1988-01-01.']);
  assert.deepEqual(S.parseDay('2030-01-01', f, l, '2020-11-10'),
    [l, '2030-01-01 is after the record ends; showing its last day, 2024-09-18.']);
});

test('?lang= picks the data as layers/i18n.py language does', () => {
  assert.equal(S.variant(null), '');
  assert.equal(S.variant(''), '');
  assert.equal(S.variant('HY'), 'hy');
  assert.equal(S.variant('hy-Latn'), 'hy');
  assert.equal(S.variant('ru'), 'ru');
  assert.equal(S.variant('fr'), 'en');
});

test('the URL carries the state and reads back the same', () => {
  const state = {date: '2020-11-08', place: 'shusha', compare: '2020-09-27', lang: 'hy', embed: true,
    view: {lat: 39.7581234, lng: 46.75, zoom: 11.25}};
  const search = S.serialize(state);
  assert.equal(search, '?date=2020-11-08&place=shusha&compare=2020-09-27&lang=hy&embed=1&view=39.7581,46.7500,11.25');
  const q = S.parseQuery(search);
  assert.deepEqual([q.date, q.place, q.compare, q.lang, q.embed], ['2020-11-08', 'shusha', '2020-09-27', 'hy', true]);
  assert.deepEqual(S.parseView(q.view), {lat: 39.7581, lng: 46.75, zoom: 11.25});
  assert.equal(S.serialize({date: '2020-11-08', place: null, lang: ''}), '?date=2020-11-08');
  assert.equal(S.parseQuery('?embed=true').embed, true);
  assert.equal(S.parseQuery('?embed=0').embed, false);
  assert.equal(S.serialize({date: '2020-11-08', place: 'Շուշի'}), '?date=2020-11-08&place=%D5%87%D5%B8%D6%82%D5%B7%D5%AB');
});

test('a bad ?view= is ignored', () => {
  for (const bad of ['', 'x', '39.7,46.7', '39.7,46.7,z', '99,46.7,8', '39.7,46.7,30', '39.7,,8']) {
    assert.equal(S.parseView(bad), null, bad);
  }
});

const SITE = {
  places: [['a', 2, ['A'], 'A'], ['b', 2, ['B'], 'B'], ['d', 4, ['D'], 'D'], ['c', 2, ['C'], 'C']],
  holdings: ['unclaimed', 'armenian', 'azerbaijan', 'contested'],
  holding: {a: [0, 0, 10, 1, 20, 3, 21, 2], b: [0, 1], c: [0, 0, 15, 2]},  // a district (d) has none
  pieces: {d: ['a__cell', 'b__cell'], a: ['a', 'a__cell']}
};

test('compare lists the places whose holding differs between the two days, in either order', () => {
  assert.deepEqual(S.compare(SITE, 12, 22), [{id: 'a', before: 1, after: 2}, {id: 'c', before: 0, after: 2}]);
  assert.deepEqual(S.compare(SITE, 22, 12), S.compare(SITE, 12, 22));
  assert.deepEqual(S.compare(SITE, 20, 20), []);
  assert.deepEqual(S.compare(SITE, 10, 14), []);
});

test('a place is outlined by the pieces that draw it', () => {
  assert.deepEqual(S.outline(SITE, ['d']), ['a__cell', 'b__cell']);
  assert.deepEqual(S.outline(SITE, ['a', 'b']), ['a', 'a__cell', 'b']);
  assert.deepEqual(S.outline(SITE, []), []);
});

test('the day\'s claims are those dated that day', () => {
  assert.deepEqual(S.dayClaims([5, 7, 7, 9], 7), [1, 2]);
  assert.deepEqual(S.dayClaims([5, 7], 6), []);
});

test('the day\'s table is the header and each place\'s line on that day', () => {
  const table = {header: 'place_id,holder\n', lines: ['a,unclaimed\n', 'a,armenian\n', 'b,"x, y"\n'],
    order: ['a', 'b'], changes: {a: [0, 0, 10, 1], b: [0, 2]}};
  assert.equal(S.tableCsv(table, 9), 'place_id,holder\na,unclaimed\nb,"x, y"\n');
  assert.equal(S.tableCsv(table, 10), 'place_id,holder\na,armenian\nb,"x, y"\n');
});

test('labels, citation and embed code', () => {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];
  assert.equal(S.dayLabel('2020-11-08', months), '8 November 2020');
  assert.equal(S.citation('Map, state on {day}, data as of 1 Jan 2024', '2020-11-08', months.map((m) => m.slice(0, 3))),
    'Map, state on 8 Nov 2020, data as of 1 Jan 2024');
  assert.equal(S.fill('Claims made on {day}', {day: 'x'}), 'Claims made on x');
  assert.equal(S.fill('{a} {missing}', {a: 1}), '1 {missing}');
  assert.equal(S.pageAddress(null, 'http://127.0.0.1:8/map/?date=2020-11-08#x'), 'http://127.0.0.1:8/map/');
  assert.equal(S.pageAddress('https://example.org/map/', 'file:///x/index.html'), 'https://example.org/map/');
  assert.equal(S.embedCode('https://example.org/map/', '2020-11-08', 'hy', 'Map, "8" <Nov>'),
    '<iframe src="https://example.org/map/?date=2020-11-08&amp;lang=hy&amp;embed=1" title="Map, &quot;8&quot; &lt;Nov&gt;" ' +
    'width="100%" height="720" style="border:0" loading="lazy"></iframe>');
});
