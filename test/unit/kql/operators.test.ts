import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { names, run, table } from './fixtures.js';

const T = table('T', 'name:string, n:long, when:datetime', [
  { name: 'b', n: 2, when: '2026-01-02T00:00:00Z' },
  { name: 'a', n: null, when: null },
  { name: 'c', n: 5, when: '2026-01-05T00:00:00Z' },
  { name: 'd', n: 1, when: '2026-01-01T00:00:00Z' },
]);
const col = (r: { rows: Record<string, unknown>[] }, c: string) => r.rows.map((x) => x[c]);

describe('sort / order / top / take', () => {
  it('sort by defaults to descending with nulls last', () => {
    assert.deepEqual(col(run('T | sort by n', T), 'name'), ['c', 'b', 'd', 'a']);
    assert.deepEqual(col(run('T | order by when desc', T), 'name'), ['c', 'b', 'd', 'a']);
  });

  it('asc puts nulls first unless nulls last is given', () => {
    assert.deepEqual(col(run('T | sort by n asc', T), 'name'), ['a', 'd', 'b', 'c']);
    assert.deepEqual(col(run('T | sort by n asc nulls last', T), 'name'), ['d', 'b', 'c', 'a']);
    assert.deepEqual(col(run('T | sort by n desc nulls first', T), 'name'), ['a', 'c', 'b', 'd']);
  });

  it('several keys, strings ordinal', () => {
    const U = table('U', 'g:string, v:long', [
      { g: 'x', v: 1 },
      { g: 'y', v: 2 },
      { g: 'x', v: 3 },
      { g: 'B', v: 4 },
    ]);
    assert.deepEqual(
      run('U | sort by g asc, v desc', U).rows.map((r) => `${r.g}${r.v}`),
      ['B4', 'x3', 'x1', 'y2'],
    );
  });

  it('take / limit / top', () => {
    assert.deepEqual(col(run('T | take 2', T), 'name'), ['b', 'a']);
    assert.deepEqual(col(run('let k = 1; T | sort by name asc | limit k', T), 'name'), ['a']);
    assert.deepEqual(col(run('T | top 2 by when', T), 'name'), ['c', 'b']);
  });
});

describe('project / extend / project-away / count / distinct', () => {
  it('project renames, computes and reorders', () => {
    const r = run('T | where name == "b" | project N=n, name, twice=n*2', T);
    assert.deepEqual(names(r), ['N', 'name', 'twice']);
    assert.deepEqual(r.rows, [{ N: 2, name: 'b', twice: 4 }]);
  });

  it('extend appends new columns and replaces same-named ones in place', () => {
    const r = run('T | where name == "c" | extend a = n + 1 | extend b = a * 10, n = -1', T);
    assert.deepEqual(names(r), ['name', 'n', 'when', 'a', 'b']);
    assert.deepEqual(r.rows, [{ name: 'c', n: -1, when: new Date('2026-01-05T00:00:00Z'), a: 6, b: 60 }]);
  });

  it('project-away, project-rename, project-keep with wildcards', () => {
    assert.deepEqual(names(run('T | project-away n, w*', T)), ['name']);
    assert.deepEqual(run('T | project-rename Who=name | project-keep Who | take 1', T).rows, [{ Who: 'b' }]);
  });

  it('count and distinct', () => {
    assert.deepEqual(run('T | count', T).rows, [{ Count: 4 }]);
    const D = table('D', 'a:string, b:long', [
      { a: 'x', b: 1 },
      { a: 'x', b: 1 },
      { a: 'y', b: 1 },
    ]);
    assert.deepEqual(run('D | distinct a', D).rows, [{ a: 'x' }, { a: 'y' }]);
    assert.deepEqual(run('D | distinct *', D).rows, [
      { a: 'x', b: 1 },
      { a: 'y', b: 1 },
    ]);
  });

  it('a tabular let used twice is evaluated once per run and gives the same rows', () => {
    const r = run('let big = T | where n > 1; big | join kind=inner (big) on name | project name, n, n1', T);
    assert.deepEqual(r.rows, [
      { name: 'b', n: 2, n1: 2 },
      { name: 'c', n: 5, n1: 5 },
    ]);
  });
});
