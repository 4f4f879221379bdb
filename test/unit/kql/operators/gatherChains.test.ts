import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, table } from '../fixtures.js';

/**
 * where | project | join chains gather each column once, at composed rows, from the first table
 * that holds it (Table origins): the rows must be those of step-by-step evaluation, typed nulls of
 * outer joins included, whichever columns earlier steps happened to read.
 */
const A = table('A', 'k:string, n:long, t:datetime', [
  { k: 'a', n: 1, t: '2026-01-01T00:00:00Z' },
  { k: 'b', n: 2, t: '2026-01-02T00:00:00Z' },
  { k: 'c', n: 3, t: '2026-01-03T00:00:00Z' },
  { k: 'd', n: 4, t: '2026-01-04T00:00:00Z' },
]);
const B = table('B', 'k:string, w:long', [
  { k: 'a', w: 10 },
  { k: 'c', w: 30 },
  { k: 'c', w: 31 },
]);
const C = table('C', 'w:long, label:string', [
  { w: 31, label: 'x' },
  { w: 10, label: 'y' },
]);

describe('chains of filters, projections and joins', () => {
  it('leftouter nulls survive a filter, project-away and a second join', () => {
    const q = `A | where n > 1 | join kind=leftouter (B) on k | project-away k1 | extend m = n * 2 | where m != 8 | project k, w, t | join kind=leftouter (C) on w | project k, w, label, t`;
    assert.deepEqual(run(q, A, B, C).rows, [
      { k: 'b', w: null, label: '', t: new Date('2026-01-02T00:00:00Z') },
      { k: 'c', w: 30, label: '', t: new Date('2026-01-03T00:00:00Z') },
      { k: 'c', w: 31, label: 'x', t: new Date('2026-01-03T00:00:00Z') },
    ]);
  });

  it('a column read by an earlier step and one not read give the same rows', () => {
    const read = run('A | where k != "a" | where n < 4 | join kind=inner (B) on k | project k, n, w', A, B).rows;
    const notRead = run('A | where n < 4 | where k != "a" | join kind=inner (B) on k | project k, n, w', A, B).rows;
    const expected = [
      { k: 'c', n: 3, w: 30 },
      { k: 'c', n: 3, w: 31 },
    ];
    assert.deepEqual(read, expected);
    assert.deepEqual(notRead, expected);
  });

  it('rightouter rows with no left side, filtered and projected', () => {
    const q = 'A | where n == 1 | join kind=rightouter (B) on k | where isnull(n) | project k1, n, t, w';
    assert.deepEqual(run(q, A, B).rows, [
      { k1: 'c', n: null, t: null, w: 30 },
      { k1: 'c', n: null, t: null, w: 31 },
    ]);
  });
});
