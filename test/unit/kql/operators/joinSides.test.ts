import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, table } from '../fixtures.js';
import { seededRandom } from '../../../../src/util/seededRandom.js';

/**
 * The join hashes whichever side is smaller; its result (rows and their order) must not depend on
 * that. Each kind is checked against a nested loop over seeded random tables, with the left side
 * smaller, larger and of equal size, keys of two parts with nulls, empty strings and repeats.
 */


interface Row {
  k: number | null;
  s: string;
  x: number;
}

function rows(random: () => number, n: number, start: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    k: random() < 0.1 ? null : Math.floor(random() * 6),
    s: ['', 'a', 'b'][Math.floor(random() * 3)],
    x: start + i,
  }));
}

const matches = (a: Row, b: Row) => a.k !== null && b.k !== null && a.k === b.k && a.s === b.s;
const both = (a: Row, b: Row | null) => ({ k: a.k, s: a.s, v: a.x, k1: b ? b.k : null, s1: b ? b.s : '', w: b ? b.x : null });
const rightOnly = (b: Row) => ({ k: null, s: '', v: null, k1: b.k, s1: b.s, w: b.x });

/** What each kind returns, by nested loops: left rows in order with their right matches in order, then unmatched right rows. */
function expected(kind: string, A: Row[], B: Row[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const firstOfKey = A.filter((a, i) => a.k !== null && A.findIndex((o) => matches(o, a)) === i);
  switch (kind) {
    case 'leftsemi':
    case 'leftanti':
      return A.filter((a) => B.some((b) => matches(a, b)) === (kind === 'leftsemi')).map((a) => ({ k: a.k, s: a.s, v: a.x }));
    case 'rightsemi':
    case 'rightanti':
      return B.filter((b) => A.some((a) => matches(a, b)) === (kind === 'rightsemi')).map((b) => ({ k: b.k, s: b.s, w: b.x }));
  }
  for (const a of kind === 'innerunique' ? firstOfKey : A) {
    const found = B.filter((b) => matches(a, b));
    for (const b of found) out.push(both(a, b));
    if (found.length === 0 && (kind === 'leftouter' || kind === 'fullouter')) out.push(both(a, null));
  }
  if (kind === 'rightouter' || kind === 'fullouter') for (const b of B) if (!A.some((a) => matches(a, b))) out.push(rightOnly(b));
  return out;
}

const KINDS = ['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftsemi', 'leftanti', 'rightsemi', 'rightanti'];

describe('join hashes the smaller side, with the same result', () => {
  for (const [leftRows, rightRows] of [
    [5, 40],
    [40, 5],
    [20, 20],
    [0, 10],
    [10, 0],
  ]) {
    it(`${leftRows} left rows, ${rightRows} right rows: every kind as a nested loop gives it`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const random = seededRandom(seed * 7919 + leftRows);
        const A = rows(random, leftRows, 0);
        const B = rows(random, rightRows, 1000);
        const ta = table('A', 'k:long, s:string, v:long', A.map((r) => ({ k: r.k, s: r.s, v: r.x })));
        const tb = table('B', 'k:long, s:string, w:long', B.map((r) => ({ k: r.k, s: r.s, w: r.x })));
        for (const kind of KINDS) {
          const got = run(`A | join kind=${kind} (B) on k, s`, ta, tb).rows;
          assert.deepEqual(got, expected(kind, A, B), `kind=${kind}, seed ${seed}`);
        }
      }
    });
  }
});

describe('join on a key computed by the probed side (evaluated per row, matched values kept)', () => {
  const doubled = (r: Row) => (r.k === null ? null : r.k * 2);
  const same = (a: Row, b: Row) => a.k !== null && b.k !== null && a.k === b.k;
  const out = (a: Row | null, b: Row | null) => ({ k: a ? doubled(a) : null, v: a ? a.x : null, k1: b ? doubled(b) : null, w: b ? b.x : null });

  function expectedComputed(kind: string, A: Row[], B: Row[]): Record<string, unknown>[] {
    const rows: Record<string, unknown>[] = [];
    const firsts = A.filter((a, i) => a.k !== null && A.findIndex((o) => same(o, a)) === i);
    for (const a of kind === 'innerunique' ? firsts : A) {
      const found = B.filter((b) => same(a, b));
      for (const b of found) rows.push(out(a, b));
      if (found.length === 0 && (kind === 'leftouter' || kind === 'fullouter')) rows.push(out(a, null));
    }
    if (kind === 'rightouter' || kind === 'fullouter') for (const b of B) if (!A.some((a) => same(a, b))) rows.push(out(null, b));
    return rows;
  }

  it('every pair kind, left side larger (probed), as a nested loop gives it', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const random = seededRandom(seed * 104729);
      const A = rows(random, 40, 0);
      const B = rows(random, 6, 1000);
      const ta = table('A', 'k:long, s:string, v:long', A.map((r) => ({ k: r.k, s: r.s, v: r.x })));
      const tb = table('B', 'k:long, s:string, w:long', B.map((r) => ({ k: r.k, s: r.s, w: r.x })));
      for (const kind of ['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter']) {
        const q = `A | project k = k * 2, v | join kind=${kind} (B | project k = k * 2, w) on k`;
        assert.deepEqual(run(q, ta, tb).rows, expectedComputed(kind, A, B), `kind=${kind}, seed ${seed}`);
      }
    }
  });

  it('a computed string key, then filtered and projected', () => {
    const ta = table('A', 'u:string, n:long', [
      { u: 'https://a.test/1', n: 1 },
      { u: 'https://b.test/2', n: 2 },
      { u: 'https://a.test/3', n: 3 },
      { u: 'not a url', n: 4 },
    ]);
    const tb = table('B', 'h:string, tag:string', [{ h: 'a.test', tag: 'bad' }]);
    const q = 'A | project n, Host = tostring(parse_url(u).Host) | join kind=inner (B | project Host = h, tag) on Host | where n > 1 | project Host, n, tag';
    assert.deepEqual(run(q, ta, tb).rows, [{ Host: 'a.test', n: 3, tag: 'bad' }]);
    const outer = run('A | project n, Host = tostring(parse_url(u).Host) | join kind=leftouter (B | project Host = h, tag) on Host | project Host, n, tag', ta, tb).rows;
    assert.deepEqual(outer, [
      { Host: 'a.test', n: 1, tag: 'bad' },
      { Host: 'b.test', n: 2, tag: '' },
      { Host: 'a.test', n: 3, tag: 'bad' },
      { Host: '', n: 4, tag: '' },
    ]);
  });
});
