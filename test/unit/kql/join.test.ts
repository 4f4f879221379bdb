import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { names, run, table } from './fixtures.js';

const L = table('L', 'k:string, v:long', [
  { k: 'a', v: 1 },
  { k: 'a', v: 2 },
  { k: 'b', v: 3 },
]);
const R = table('R', 'k:string, w:long', [
  { k: 'a', w: 10 },
  { k: 'a', w: 20 },
  { k: 'c', w: 30 },
]);

describe('join', () => {
  it('kind=inner keeps every matching pair (2 left x 2 right on "a")', () => {
    const r = run('L | join kind=inner (R) on k', L, R);
    assert.deepEqual(names(r), ['k', 'v', 'k1', 'w']);
    assert.deepEqual(r.rows, [
      { k: 'a', v: 1, k1: 'a', w: 10 },
      { k: 'a', v: 1, k1: 'a', w: 20 },
      { k: 'a', v: 2, k1: 'a', w: 10 },
      { k: 'a', v: 2, k1: 'a', w: 20 },
    ]);
  });

  it('the default kind (innerunique) keeps one left row per key, then every right match', () => {
    const r = run('L | join (R) on k', L, R);
    assert.equal(r.rows.length, 2);
    // Which left row survives is unspecified in Kusto; it must be one row for both matches.
    const v = r.rows[0].v;
    assert.ok(v === 1 || v === 2);
    assert.deepEqual(
      r.rows.map((x) => [x.k, x.v, x.w]).sort(),
      [
        ['a', v, 10],
        ['a', v, 20],
      ],
    );
    assert.deepEqual(run('L | join kind=innerunique (R) on k', L, R).rows.length, 2);
  });

  it('kind=leftanti returns the unmatched left rows with left columns only', () => {
    const r = run('L | join kind=leftanti (R) on k', L, R);
    assert.deepEqual(names(r), ['k', 'v']);
    assert.deepEqual(r.rows, [{ k: 'b', v: 3 }]);
  });

  it('kind=leftsemi / rightanti / rightsemi', () => {
    assert.deepEqual(run('L | join kind=leftsemi (R) on k', L, R).rows, [
      { k: 'a', v: 1 },
      { k: 'a', v: 2 },
    ]);
    const ra = run('L | join kind=rightanti (R) on k', L, R);
    assert.deepEqual(names(ra), ['k', 'w']);
    assert.deepEqual(ra.rows, [{ k: 'c', w: 30 }]);
    assert.deepEqual(run('L | join kind=rightsemi (R) on k', L, R).rows, [
      { k: 'a', w: 10 },
      { k: 'a', w: 20 },
    ]);
  });

  it('kind=leftouter fills unmatched right columns with typed nulls ("" for strings)', () => {
    const r = run('L | join kind=leftouter (R) on k | where k == "b"', L, R);
    assert.deepEqual(r.rows, [{ k: 'b', v: 3, k1: '', w: null }]);
  });

  it('on $left.X == $right.Y, mixed with a same-name key', () => {
    const A = table('A', 'id:string, dev:string, x:long', [
      { id: 'a', dev: 'd1', x: 1 },
      { id: 'a', dev: 'd2', x: 2 },
    ]);
    const B = table('B', 'key:string, dev:string, y:long', [
      { key: 'a', dev: 'd2', y: 7 },
      { key: 'b', dev: 'd1', y: 8 },
    ]);
    const r = run('A | join kind=inner (B) on $left.id == $right.key, dev', A, B);
    assert.deepEqual(names(r), ['id', 'dev', 'x', 'key', 'dev1', 'y']);
    assert.deepEqual(r.rows, [{ id: 'a', dev: 'd2', x: 2, key: 'a', dev1: 'd2', y: 7 }]);
  });

  it('names the duplicated right key MD51, which project-away removes', () => {
    const D = table('D', 'MD5:string, Name:string', [{ MD5: 'm1', Name: 'f.exe' }]);
    const F = table('F', 'MD5:string, Url:string', [{ MD5: 'm1', Url: 'http://x.test/f.exe' }]);
    const joined = run('D | join kind=inner (F) on MD5', D, F);
    assert.deepEqual(names(joined), ['MD5', 'Name', 'MD51', 'Url']);
    assert.deepEqual(joined.rows, [{ MD5: 'm1', Name: 'f.exe', MD51: 'm1', Url: 'http://x.test/f.exe' }]);
    const away = run('D | join kind=inner (F) on MD5 | project-away MD51', D, F);
    assert.deepEqual(names(away), ['MD5', 'Name', 'Url']);
    assert.deepEqual(away.rows, [{ MD5: 'm1', Name: 'f.exe', Url: 'http://x.test/f.exe' }]);
  });

  it('null keys never match', () => {
    const A = table('A', 'n:long, a:string', [{ n: null, a: 'x' }, { n: 1, a: 'y' }]);
    const B = table('B', 'n:long, b:string', [{ n: null, b: 'p' }, { n: 1, b: 'q' }]);
    assert.deepEqual(run('A | join kind=inner (B) on n', A, B).rows, [{ n: 1, a: 'y', n1: 1, b: 'q' }]);
    assert.deepEqual(run('A | join kind=leftanti (B) on n', A, B).rows, [{ n: null, a: 'x' }]);
  });

  it('keys with a null part never match, whichever side is hashed and whatever the kind', () => {
    const rows = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({ d: `dev${i % 3}`, n: i % 4 === 0 ? null : i % 5, [tag]: i }));
    const small = table('S', 'd:string, n:long, s:long', rows(6, 's'));
    const large = table('G', 'd:string, n:long, g:long', rows(20, 'g'));
    for (const [l, r] of [
      ['S', 'G'],
      ['G', 'S'],
    ]) {
      for (const kind of ['inner', 'innerunique', 'leftsemi', 'rightsemi']) {
        const out = run(`${l} | join kind=${kind} (${r}) on d, n`, small, large).rows;
        assert.ok(out.length > 0, `${l} ${kind} ${r}`);
        for (const row of out) assert.notEqual(row.n, null, `${l} ${kind} ${r}`);
      }
      for (const kind of ['leftanti', 'leftouter']) {
        const out = run(`${l} | join kind=${kind} (${r}) on d, n | where isnull(n)`, small, large).rows;
        // Every left row with a null part comes out once, unmatched.
        assert.equal(out.length, l === 'S' ? 2 : 5, `${l} ${kind} ${r}`);
      }
      const looked = run(`${l} | lookup (${r}) on d, n | where isnull(n)`, small, large).rows;
      for (const row of looked) assert.equal(row[l === 'S' ? 'g' : 's'], null, `${l} lookup ${r}`);
    }
  });
});
