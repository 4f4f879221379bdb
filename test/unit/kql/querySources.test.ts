import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute } from '../../../src/kql/index.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const json = (kql: string) => execute(kql, {}, { values: 'json', now: NOW });

describe('queries that start without a table', () => {
  it('print: one row, unnamed columns named by the binder', () => {
    const r = json('print a = 1, "x", now(), 1.5 * 2');
    assert.deepEqual(r.columns.map((c) => c.name), ['a', 'print_1', 'print_2', 'print_3']);
    assert.deepEqual(r.rows, [{ a: 1, print_1: 'x', print_2: '2026-01-01T00:00:00Z', print_3: 3 }]);
  });

  it('datatable: values held as their column types, then piped', () => {
    const r = json(`datatable(a:int, c:real, d:dynamic, t:datetime)
      [1, 2, dynamic({"k":1}), datetime(2020-01-01 00:00:00.0000001), -2, 3.5, "[1]", datetime(null)] | where a > 0`);
    assert.deepEqual(r.rows, [{ a: 1, c: 2, d: { k: 1 }, t: '2020-01-01T00:00:00.0000001Z' }]);
  });

  it('range over longs and datetimes, inclusive of the end', () => {
    assert.deepEqual(json('range x from 1 to 10 step 3').rows.map((r) => r.x), [1, 4, 7, 10]);
    assert.deepEqual(
      json('range t from datetime(2026-01-01) to datetime(2026-01-01 12:00) step 6h').rows.map((r) => r.t),
      ['2026-01-01T00:00:00Z', '2026-01-01T06:00:00Z', '2026-01-01T12:00:00Z'],
    );
    assert.deepEqual(json('range x from 5 to 1 step 1').rows, []);
  });
});
