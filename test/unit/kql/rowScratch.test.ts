import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { borrowRows, keptRows, returnRows, rowsPassing } from '../../../src/kql/rowScratch.js';
import { run, table } from './fixtures.js';

describe('the spare row list', () => {
  it('is lent to one borrower at a time, reused once given back, and copied out at the size kept', () => {
    returnRows(new Array<number>(100));
    const a = borrowRows(100);
    const b = borrowRows(100);
    assert.notEqual(a, b, 'a list lent out is not lent again');
    a[0] = 7;
    a[1] = 9;
    const kept = keptRows(a, 2);
    assert.ok(kept instanceof Int32Array);
    assert.deepEqual([...kept], [7, 9]);
    assert.equal(borrowRows(50), a, 'the list given back is lent again');
    returnRows(b);
    assert.equal(borrowRows(200).length >= 200, true, 'a larger need than the spare gets a new list');
  });
});

// Filters in subqueries and after them borrow the same spare one after another.
const t = table('T', 'n:long, v:long', Array.from({ length: 300 }, (_, i) => ({ n: i, v: (i * 37) % 101 })));
const u = table('U', 'w:long', Array.from({ length: 50 }, (_, i) => ({ w: i * 2 })));

describe('filters with filtered subqueries', () => {
  const expected = (keep: (r: { n: number; v: number }) => boolean) =>
    Array.from({ length: 300 }, (_, i) => ({ n: i, v: (i * 37) % 101 })).filter(keep).map((r) => r.n);

  it('a filter comparing with a filtered subquery\'s scalar', () => {
    const out = run('T | where v > toscalar(U | where w > 60 | summarize max(w)) - 10 and n % 2 == 0 | project n', t, u);
    assert.deepEqual(
      out.rows.map((r) => r.n),
      expected((r) => r.v > 98 - 10 && r.n % 2 === 0),
    );
  });

  it('an in-subquery with its own filter, then a filter over the result', () => {
    const out = run('T | where v in ((U | where w % 4 == 0 | project w)) | where n > 100 | project n', t, u);
    assert.deepEqual(
      out.rows.map((r) => r.n),
      expected((r) => r.v % 4 === 0 && r.v <= 98 && r.n > 100),
    );
  });
});

describe('rowsPassing', () => {
  it('lists the rows whose test is true, at their size, and null when every row passes; a listing inside a test gets its own list', () => {
    let inner: Int32Array | null = null;
    const outer = rowsPassing(10, (i) => {
      if (i === 7) inner = rowsPassing(6, (j) => j % 2 === 0);
      return i % 3 === 0 ? true : i === 4 ? null : 1;
    });
    assert.deepEqual([...(outer as Int32Array)], [0, 3, 6, 9]);
    assert.deepEqual([...(inner as unknown as Int32Array)], [0, 2, 4]);
    assert.equal(rowsPassing(5, () => true), null);
  });
});
