import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { radixOrder, RADIX_FROM } from '../../../src/kql/compile/radixOrder.js';
import { run, table } from './fixtures.js';

/** The order a stable comparison sort gives: what radixOrder must reproduce exactly. */
function byComparison(values: unknown[], descending: boolean, nullsFirst: boolean): number[] {
  const isNull = (v: unknown) => v === null || v === undefined || Number.isNaN(v);
  return values
    .map((_, i) => i)
    .sort((x, y) => {
      const a = values[x];
      const b = values[y];
      if (isNull(a) || isNull(b)) return isNull(a) && isNull(b) ? 0 : isNull(a) === nullsFirst ? -1 : 1;
      const c = (a as number) - (b as number);
      return descending ? -c : c;
    });
}

/** A small deterministic generator, so a failure names a reproducible case. */
function numbers(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('radix order of one numeric key', () => {
  const random = numbers(7);
  const special = [0, -0, 1, -1, 0.5, -0.5, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, NaN, null, undefined, 2 ** 53, -(2 ** 53)];
  const cases: Record<string, unknown[]> = {
    // Defender-like timestamps (ticks from 2020), many repeated, so stability shows.
    ticks: Array.from({ length: 5000 }, () => 2.1e15 + Math.floor(random() * 2000) * 1e7),
    mixed: Array.from({ length: 5000 }, (_, i) => (i % 9 === 0 ? special[i % special.length] : (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20))),
    'small integers': Array.from({ length: 3000 }, () => Math.floor(random() * 50) - 25),
    'all null': Array.from({ length: 100 }, () => null),
    'all equal': Array.from({ length: 100 }, () => 42),
    empty: [],
  };
  for (const [name, values] of Object.entries(cases)) {
    for (const descending of [false, true]) {
      for (const nullsFirst of [false, true]) {
        it(`${name}, ${descending ? 'desc' : 'asc'}, nulls ${nullsFirst ? 'first' : 'last'}: the stable comparison order`, () => {
          const order = radixOrder(values, descending, nullsFirst);
          assert.ok(order);
          assert.deepEqual([...order], byComparison(values, descending, nullsFirst));
        });
      }
    }
  }

  it('leaves values that are not numbers to the comparison sort', () => {
    assert.equal(radixOrder([1, 'a', 2], false, false), null);
    assert.equal(radixOrder([1, { a: 1 }], true, false), null);
  });

  it('sort by over enough rows gives the comparison order, for datetimes and for reals with nulls', () => {
    const rows = Array.from({ length: RADIX_FROM * 2 }, (_, i) => ({
      t: new Date(Date.UTC(2026, 10, 20) + ((i * 7919) % 500) * 1000).toISOString(),
      n: i,
      r: i % 7 === 0 ? null : ((i * 31) % 97) - 48.5,
    }));
    const T = table('T', 't:datetime, n:long, r:real', rows);
    const order = (kql: string) => run(kql, T).rows.map((row) => row.n);
    const times = rows.map((r) => Date.parse(r.t));
    assert.deepEqual(order('T | sort by t desc | project n'), byComparison(times, true, false));
    assert.deepEqual(order('T | sort by t asc | project n'), byComparison(times, false, true));
    const reals = rows.map((r) => r.r);
    assert.deepEqual(order('T | sort by r desc nulls first | project n'), byComparison(reals, true, true));
    assert.deepEqual(order('T | order by r asc nulls last | project n'), byComparison(reals, false, false));
    assert.deepEqual(order('T | top 10 by r | project n'), byComparison(reals, true, false).slice(0, 10));
  });
});
