import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, table } from './fixtures.js';

const S = table('S', 's:string', [
  { s: 'PUA:Win32/Thing' },
  { s: 'pua:Win32/Other' },
  { s: 'Trojan:Win32/Emotet' },
  { s: 'SoftwareBundler:Win32/X' },
  { s: '' },
]);

const values = (kql: string, col = 's') => run(kql, S).rows.map((r) => r[col]);

describe('string operators', () => {
  it('!startswith is case-insensitive; !startswith_cs is not', () => {
    assert.deepEqual(values('S | where s !startswith "PUA"'), ['Trojan:Win32/Emotet', 'SoftwareBundler:Win32/X', '']);
    assert.deepEqual(values('S | where s !startswith_cs "PUA"'), [
      'pua:Win32/Other',
      'Trojan:Win32/Emotet',
      'SoftwareBundler:Win32/X',
      '',
    ]);
    assert.deepEqual(values('S | where s startswith "softwarebundler:"'), ['SoftwareBundler:Win32/X']);
  });

  it('== and != are case-sensitive, =~ and !~ are not', () => {
    assert.deepEqual(values('S | where s == "pua:win32/thing"'), []);
    assert.deepEqual(values('S | where s =~ "pua:win32/thing"'), ['PUA:Win32/Thing']);
    assert.deepEqual(values('S | where s !~ "pua:win32/thing" and s != ""'), [
      'pua:Win32/Other',
      'Trojan:Win32/Emotet',
      'SoftwareBundler:Win32/X',
    ]);
    assert.deepEqual(values('S | where s != "PUA:Win32/Thing" | count', 'Count'), [4]);
  });

  it('contains, endswith, has (whole terms), _cs variants', () => {
    assert.deepEqual(values('S | where s contains "WIN32/O"'), ['pua:Win32/Other']);
    assert.deepEqual(values('S | where s contains_cs "WIN32"'), []);
    assert.deepEqual(values('S | where s endswith "emotet"'), ['Trojan:Win32/Emotet']);
    assert.deepEqual(values('S | where s has "win32"'), [
      'PUA:Win32/Thing',
      'pua:Win32/Other',
      'Trojan:Win32/Emotet',
      'SoftwareBundler:Win32/X',
    ]);
    // "Emot" is only part of the term "Emotet".
    assert.deepEqual(values('S | where s has "Emot"'), []);
    assert.deepEqual(values('S | where s has_cs "thing"'), []);
    assert.deepEqual(values('S | where s !has "win32"'), ['']);
  });

  it('in and !in are case-sensitive; in~ is not', () => {
    assert.deepEqual(values('S | where s in ("pua:Win32/Other", "PUA:WIN32/THING")'), ['pua:Win32/Other']);
    assert.deepEqual(values('S | where s in~ ("PUA:WIN32/THING")'), ['PUA:Win32/Thing']);
    assert.deepEqual(values('S | where s !in ("", "Trojan:Win32/Emotet", "SoftwareBundler:Win32/X")'), [
      'PUA:Win32/Thing',
      'pua:Win32/Other',
    ]);
    assert.deepEqual(values('let l = dynamic(["", "pua:Win32/Other"]); S | where s in (l)'), ['pua:Win32/Other', '']);
  });
});

describe('dynamic values', () => {
  const E = table('E', 'id:long, AdditionalFields:dynamic, Text:string', [
    { id: 1, AdditionalFields: { ThreatName: 'Trojan:Win32/A', Nested: { List: [1, 2, 3] } }, Text: '{"x":{"y":"z"}}' },
    { id: 2, AdditionalFields: '{"ThreatName":"Backdoor:B"}', Text: 'not json' },
    { id: 3, AdditionalFields: null, Text: '' },
  ]);

  it('parse_json(...).ThreatName and tostring (missing → "")', () => {
    const r = run('E | project id, t=tostring(parse_json(AdditionalFields).ThreatName)', E);
    assert.deepEqual(r.rows, [
      { id: 1, t: 'Trojan:Win32/A' },
      { id: 2, t: 'Backdoor:B' },
      { id: 3, t: '' },
    ]);
  });

  it('member access with ["x"], [index] and on parsed strings', () => {
    const r = run(
      `E | extend p = parse_json(Text)
         | project id, y = tostring(p.x["y"]), second = toint(AdditionalFields.Nested.List[1]),
                   lst = tolong(AdditionalFields["Nested"]["List"][-1]), raw = tostring(p)`,
      E,
    );
    assert.deepEqual(r.rows, [
      { id: 1, y: 'z', second: 2, lst: 3, raw: '{"x":{"y":"z"}}' },
      { id: 2, y: '', second: null, lst: null, raw: 'not json' },
      { id: 3, y: '', second: null, lst: null, raw: '' },
    ]);
  });

  it('parse_url returns the documented bag; Host feeds tostring', () => {
    const U = table('U', 'u:string', [
      { u: 'scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment' },
      { u: 'https://cdn.badfiles.test/c/readme.pdf' },
      { u: 'not a url' },
    ]);
    const r = run('U | project b = parse_url(u), h = tostring(parse_url(u).Host)', U);
    assert.deepEqual(r.rows[0].b, {
      Scheme: 'scheme',
      Host: 'host',
      Port: '1234',
      Path: '/this/is/a/path',
      Username: 'username',
      Password: 'password',
      'Query Parameters': { k1: 'v1', k2: 'v2' },
      Fragment: 'fragment',
    });
    assert.deepEqual(
      r.rows.map((x) => x.h),
      ['host', 'cdn.badfiles.test', ''],
    );
  });
});

describe('scalar functions and operators', () => {
  const T = table('T', 'n:long, r:real, s:string, t:datetime', [
    { n: 7, r: 2.5, s: '42', t: '2026-01-15T11:00:00.1234567Z' },
    { n: null, r: null, s: 'x', t: null },
  ]);

  it('arithmetic keeps long division integral and propagates nulls', () => {
    const r = run('T | project a = n / 2, b = n % 4, c = r * 2, d = n + r, e = -n', T);
    assert.deepEqual(r.rows, [
      { a: 3, b: 3, c: 5, d: 9.5, e: -7 },
      { a: null, b: null, c: null, d: null, e: null },
    ]);
  });

  it('conversions, emptiness and strcat', () => {
    const r = run(
      `T | project i = toint(s), l = tolong("12"), re = toreal(s), up = toupper(s), cat = strcat(s, "-", n),
                   e = isempty(s), ne = isnotempty(r), nu = isnull(n), nn = isnotnull(t), len = strlen(s)`,
      T,
    );
    assert.deepEqual(r.rows, [
      { i: 42, l: 12, re: 42, up: '42', cat: '42-7', e: false, ne: true, nu: false, nn: true, len: 2 },
      { i: null, l: 12, re: null, up: 'X', cat: 'x-', e: false, ne: false, nu: true, nn: false, len: 1 },
    ]);
  });

  // Datetimes are held as 100 ns ticks, Kusto's unit: Defender's seventh fractional digit survives.
  it('ago()/now() use the fixed clock; datetimes keep 100 ns ticks', () => {
    const r = run(
      `T | where t > ago(1h) and t <= now()
         | project later = t > datetime(2026-01-15T11:00:00.1234566Z), same = t == datetime(2026-01-15 11:00:00.1234567),
                   notSame = t == datetime(2026-01-15 11:00:00.1234568), text = tostring(t), age = now() - t`,
      T,
    );
    assert.deepEqual(r.rows, [
      { later: true, same: true, notSame: false, text: '2026-01-15T11:00:00.1234567Z', age: '00:59:59.8765433' },
    ]);
  });

  it('not(), iif and three-valued and/or', () => {
    const r = run('T | project a = not(n > 5), b = iif(n > 5, "big", "small"), c = n > 5 or true, d = n > 5 and false', T);
    assert.deepEqual(r.rows, [
      { a: false, b: 'big', c: true, d: false },
      { a: null, b: 'small', c: true, d: false },
    ]);
  });
});
