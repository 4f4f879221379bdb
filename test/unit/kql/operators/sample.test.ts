import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute } from '../../../../src/kql/index.js';
import { kqlCases } from '../../../support/kqlCases.js';

describe('sample / sample-distinct', () => {
  it('sample N gives N distinct input rows in input order, all of them when fewer', () => {
    for (let run = 0; run < 5; run++) {
      const rows = execute('range i from 1 to 50 step 1 | sample 7', {}).rows.map((r) => r.i as number);
      assert.equal(rows.length, 7);
      assert.deepEqual(rows, [...rows].sort((a, b) => a - b));
      assert.equal(new Set(rows).size, 7);
      assert.ok(rows.every((i) => i >= 1 && i <= 50));
    }
    assert.deepEqual(execute('range i from 1 to 3 step 1 | sample 10', {}).rows, [{ i: 1 }, { i: 2 }, { i: 3 }]);
  });

  it('sample picks different rows across runs (it is random)', () => {
    const picks = new Set<string>();
    for (let run = 0; run < 20; run++) picks.add(JSON.stringify(execute('range i from 1 to 1000 step 1 | sample 3', {}).rows));
    assert.ok(picks.size > 1);
  });

  kqlCases([
    { query: 'datatable(s:string)["a", "b", "a", "c", "b"] | sample-distinct 2 of s', rows: [{ s: 'a' }, { s: 'b' }] },
    { query: 'datatable(s:string)["a", "b", "a"] | sample-distinct 10 of s', rows: [{ s: 'a' }, { s: 'b' }] },
    { query: 'datatable(s:string)["a"] | where s == "z" | sample-distinct 3 of s', rows: [] },
  ]);
});
