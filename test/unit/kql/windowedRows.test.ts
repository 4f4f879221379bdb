import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableData } from '../../../src/kql/index.js';
import { run, table } from './fixtures.js';

// A table given as some rows of its columns (the local source's time window) must answer exactly as
// the same rows given whole: filters and joins read such columns in place instead of copying them.
const all = table(
  'T',
  'n:long, k:string, v:long',
  Array.from({ length: 40 }, (_, i) => ({ n: i, k: i % 7 === 0 ? '' : `k${i % 5}`, v: i % 3 === 0 ? null : i * 10 })),
);
const keep = [1, 2, 3, 5, 8, 13, 14, 20, 21, 22, 30, 34, 35, 39];
const windowed: TableData = { ...all, length: keep.length, rows: Int32Array.from(keep) };
const whole: TableData = { ...all, data: all.data.map((col) => keep.map((r) => col[r])), length: keep.length };
const other = table('U', 'k:string, w:long', [
  { k: 'k1', w: 1 },
  { k: 'k3', w: 3 },
  { k: 'k3', w: 33 },
  { k: '', w: 0 },
]);

const queries = [
  'T | where v > 100 and isnotempty(k)',
  'T | where n % 2 == 0 | where k != "k4" | project n, k',
  'T | serialize | where prev(k) == k or next(v) > 200 or row_number() % 3 == 0',
  'T | serialize r = row_number() | where v > 50 | project r, n',
  'T | join kind=inner (U) on k',
  'T | where isnotempty(k) | join kind=inner (U) on k | project n, w',
  'U | join kind=leftouter (T | where v > 0) on k',
  'T | join kind=leftanti (U) on k',
  'U | join kind=rightsemi (T) on k',
];

describe('a table given as rows of its columns (a time window)', () => {
  for (const q of queries) {
    it(q, () => {
      const expected = run(q, whole, other);
      assert.ok(expected.rows.length > 0, 'the case selects something');
      assert.deepEqual(run(q, windowed, other), expected);
    });
  }
});
