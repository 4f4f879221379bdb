import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnBuilder } from '../../../src/kql/index.js';
import { expectedHitRate } from '../../../src/kql/sharingOdds.js';
import { seededRandom } from '../../../src/util/seededRandom.js';

const CAPACITY = 1 << 20;

/** What a pool of unbounded size sees reading `sample` values drawn at random from `universe`, then what it finds among the next `toCome`. */
function simulate(universe: number, sample: number, toCome: number, seed = 7) {
  const rnd = seededRandom(seed);
  const draw = () => Math.floor(rnd() * universe);
  const pool = new Set<number>();
  let fresh = 0;
  for (let i = 0; i < sample; i++) {
    const v = draw();
    if (!pool.has(v)) fresh++;
    pool.add(v);
  }
  const stretch = { read: sample, fresh, before: 0, after: pool.size, toCome, capacity: CAPACITY };
  let found = 0;
  for (let i = 0; i < toCome; i++) {
    const v = draw();
    if (pool.has(v)) found++;
    pool.add(v);
  }
  return { stretch, actual: found / toCome };
}

describe('expectedHitRate', () => {
  it('foretells the share of later values a pool finds, for universes from a few values to far more than the column has', () => {
    for (const [universe, toCome] of [
      [50, 100_000],
      [20_000, 100_000],
      [200_000, 400_000],
      [200_000, 50_000],
      [2_000_000, 300_000],
    ]) {
      const { stretch, actual } = simulate(universe, 16_384, toCome);
      const foretold = expectedHitRate(stretch);
      assert.ok(Math.abs(foretold - actual) < 0.05, `universe ${universe}, ${toCome} to come: foretold ${foretold.toFixed(3)}, found ${actual.toFixed(3)}`);
    }
  });

  it('is 0 when every value was new and 1 when none was', () => {
    assert.equal(expectedHitRate({ read: 100, fresh: 100, before: 0, after: 100, toCome: 1e6, capacity: CAPACITY }), 0);
    assert.equal(expectedHitRate({ read: 100, fresh: 0, before: 7, after: 7, toCome: 1e6, capacity: CAPACITY }), 1);
  });

  it('counts only the values a full pool keeps: then it is the share found in the stretch', () => {
    const rate = expectedHitRate({ read: 65_536, fresh: 26_214, before: 1000, after: 1000, toCome: 1e7, capacity: 1000 });
    assert.ok(Math.abs(rate - 0.6) < 0.001, String(rate));
    // A universe of about 4M with room for 1M: about a quarter can be found.
    assert.ok(expectedHitRate({ read: 16_384, fresh: 16_352, before: 0, after: 16_352, toCome: 1e7, capacity: CAPACITY }) < 0.3);
  });
});

describe('string columns share repeated values while it pays', () => {
  /** Whether the column still shares (wantsHash) after `n` values from `value(i)`, in a file of `rows` rows; its values are checked too. */
  function sharesAfter(rows: number, n: number, value: (i: number) => string): boolean {
    const column = columnBuilder('string');
    column.reserve(rows);
    const expected: string[] = [];
    for (let i = 0; i < n; i++) {
      const v = value(i);
      expected.push(v);
      column.addText(v);
    }
    assert.deepEqual(column.values, expected);
    return column.wantsHash;
  }

  const rnd = seededRandom(11);
  const site = () => `https://portal.files${Math.floor(rnd() * 200_000)}.test/`;

  it('keeps sharing values from 200k sites in a file of millions of rows, although most of the first ones are new', () => {
    assert.equal(sharesAfter(3_000_000, 20_000, site), true);
  });

  it('stops when the file is too short for those values to come again, or when no value repeats', () => {
    assert.equal(sharesAfter(20_000, 20_000, site), false);
    assert.equal(sharesAfter(3_000_000, 20_000, (i) => `sha-${i}`), false);
  });

  it('stops when a column that repeated a few values turns to new ones', () => {
    const value = (i: number) => (i < 65_536 ? `device-${i % 100}` : `url-${i}`);
    assert.equal(sharesAfter(1_000_000, 65_536, value), true);
    assert.equal(sharesAfter(1_000_000, 131_072, value), false);
  });

  it('counts empty values as rows but not as values to share', () => {
    // One row in ten has a site: 300k rows hold 30k sites from 200k, too few to come again.
    const sparse = (i: number) => (i % 10 === 0 ? site() : '');
    assert.equal(sharesAfter(300_000, 200_000, sparse), false);
    // In 30M rows, 3M sites from the same 200k nearly all come again.
    assert.equal(sharesAfter(30_000_000, 200_000, sparse), true);
  });
});
