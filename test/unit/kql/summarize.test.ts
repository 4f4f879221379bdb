import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { names, run, table } from './fixtures.js';

describe('summarize', () => {
  it('arg_max(Timestamp, *) expands to every input column but the key, keeping Host1 from a join', () => {
    const Dl = table('Dl', 'Host:string, Timestamp:datetime, File:string', [
      { Host: 'h1', Timestamp: '2026-01-01T10:00:00Z', File: 'old.exe' },
      { Host: 'h1', Timestamp: '2026-01-01T11:00:00Z', File: 'new.exe' },
      { Host: 'h1', Timestamp: null, File: 'nulltime.exe' },
      { Host: 'h2', Timestamp: '2026-01-01T09:00:00Z', File: 'only.exe' },
    ]);
    const S = table('S', 'Host:string, Note:string', [
      { Host: 'h1', Note: 'first host' },
      { Host: 'h2', Note: 'second host' },
    ]);
    const r = run('Dl | join kind=inner (S) on Host | summarize arg_max(Timestamp, *) by Host', Dl, S);
    assert.deepEqual(names(r), ['Host', 'Timestamp', 'File', 'Host1', 'Note']);
    assert.deepEqual(r.rows, [
      { Host: 'h1', Timestamp: new Date('2026-01-01T11:00:00Z'), File: 'new.exe', Host1: 'h1', Note: 'first host' },
      { Host: 'h2', Timestamp: new Date('2026-01-01T09:00:00Z'), File: 'only.exe', Host1: 'h2', Note: 'second host' },
    ]);
  });

  // The reference's example: a group whose maximands are all null keeps its first row.
  it('arg_min with explicit columns, and arg_min whose minimands are all null', () => {
    const T = table('T', 'g:string, n:long, s:string', [
      { g: 'a', n: 5, s: 'five' },
      { g: 'a', n: 2, s: 'two' },
      { g: 'b', n: null, s: 'none' },
    ]);
    assert.deepEqual(run('T | summarize arg_min(n, s) by g', T).rows, [
      { g: 'a', n: 2, s: 'two' },
      { g: 'b', n: null, s: 'none' },
    ]);
  });

  it('makeset(x, 4) keeps at most 4 distinct values; make_set without cap keeps all distinct', () => {
    const T = table('T', 'g:string, f:string', [
      { g: 'a', f: 'x' },
      { g: 'a', f: 'y' },
      { g: 'a', f: 'x' },
      { g: 'a', f: 'z' },
      { g: 'a', f: 'y' },
      { g: 'a', f: 'w' },
      { g: 'a', f: 'v' },
      { g: 'a', f: 'u' },
    ]);
    const capped = run('T | summarize s=makeset(f, 4) by g', T).rows[0].s as string[];
    assert.equal(capped.length, 4);
    assert.equal(new Set(capped).size, 4);
    for (const v of capped) assert.ok(['x', 'y', 'z', 'w', 'v', 'u'].includes(v));
    const all = run('T | summarize s=make_set(f) by g', T).rows[0].s as string[];
    assert.deepEqual([...all].sort(), ['u', 'v', 'w', 'x', 'y', 'z']);
    const list = run('T | summarize l=make_list(f, 3)', T).rows[0].l as string[];
    assert.deepEqual(list, ['x', 'y', 'x']);
  });

  it('count, countif, dcount, min, max, sum, avg, any by a computed key', () => {
    const T = table('T', 'url:string, dev:string, n:long, r:real', [
      { url: 'http://A.test/1', dev: 'd1', n: 1, r: 1.5 },
      { url: 'https://a.test/2', dev: 'd1', n: 3, r: null },
      { url: 'http://a.test:8080/3', dev: 'd2', n: null, r: 2.5 },
      { url: 'http://b.test/', dev: 'd3', n: 10, r: 4 },
    ]);
    const r = run(
      `T | summarize c=count(), ci=countif(n > 1), dc=dcount(dev), mn=min(n), mx=max(n), s=sum(n), a=avg(r), u=any(url)
         by h=tolower(tostring(parse_url(url).Host))`,
      T,
    );
    assert.deepEqual(names(r), ['h', 'c', 'ci', 'dc', 'mn', 'mx', 's', 'a', 'u']);
    assert.deepEqual(r.rows, [
      { h: 'a.test', c: 3, ci: 1, dc: 2, mn: 1, mx: 3, s: 4, a: 2, u: 'http://A.test/1' },
      { h: 'b.test', c: 1, ci: 1, dc: 1, mn: 10, mx: 10, s: 10, a: 4, u: 'http://b.test/' },
    ]);
  });

  it('take_any/any of one column prefers a non-empty value', () => {
    const T = table('T', 'g:string, s:string', [
      { g: 'a', s: '' },
      { g: 'a', s: 'value' },
    ]);
    assert.deepEqual(run('T | summarize x=any(s), y=take_any(s) by g', T).rows, [{ g: 'a', x: 'value', y: 'value' }]);
  });

  it('without by: one row even over no input', () => {
    const T = table('T', 'n:long', []);
    assert.deepEqual(run('T | summarize c=count(), s=make_set(n)', T).rows, [{ c: 0, s: [] }]);
    assert.deepEqual(run('T | summarize c=count() by n', T).rows, []);
  });

  it('summarize by two keys, and default aggregate names from the binder', () => {
    const T = table('T', 'a:string, b:long', [
      { a: 'x', b: 1 },
      { a: 'x', b: 1 },
      { a: 'x', b: 2 },
    ]);
    const r = run('T | summarize count() by a, b', T);
    assert.deepEqual(names(r), ['a', 'b', 'count_']);
    assert.deepEqual(r.rows, [
      { a: 'x', b: 1, count_: 2 },
      { a: 'x', b: 2, count_: 1 },
    ]);
  });
});
