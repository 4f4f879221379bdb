import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

const AIRPORTS = `datatable (Airport:string, Airline:string, Departures:long)[
  "TLV", "LH", 1, "TLV", "LY", 100, "SEA", "LH", 1, "SEA", "BA", 2, "SEA", "LY", 0]`;
const SALARIES = `datatable (name:string, month:int, salary:long)[
  "Alice", 1, 1000, "Bob", 1, 1000, "Alice", 2, 2000, "Bob", 2, 1950, "Alice", 3, 1400, "Bob", 3, 1450]`;

describe('window functions and serialize', () => {
  kqlCases([
    // row_number: the reference's examples.
    {
      query: 'range a from 1 to 4 step 1 | sort by a desc | extend rn = row_number()',
      rows: [{ a: 4, rn: 1 }, { a: 3, rn: 2 }, { a: 2, rn: 3 }, { a: 1, rn: 4 }],
      ordered: true,
    },
    {
      query: 'range a from 1 to 3 step 1 | sort by a desc | extend rn = row_number(7)',
      rows: [{ a: 3, rn: 7 }, { a: 2, rn: 8 }, { a: 1, rn: 9 }],
      ordered: true,
    },
    {
      query: `${AIRPORTS} | sort by Airport asc, Departures desc | extend Rank = row_number(1, prev(Airport) != Airport)`,
      rows: [
        { Airport: 'SEA', Airline: 'BA', Departures: 2, Rank: 1 },
        { Airport: 'SEA', Airline: 'LH', Departures: 1, Rank: 2 },
        { Airport: 'SEA', Airline: 'LY', Departures: 0, Rank: 3 },
        { Airport: 'TLV', Airline: 'LY', Departures: 100, Rank: 1 },
        { Airport: 'TLV', Airline: 'LH', Departures: 1, Rank: 2 },
      ],
      ordered: true,
    },
    // A range is serialized as it comes; serialize with items is an extend.
    { query: 'range a from 5 to 7 step 1 | extend rn = row_number()', rows: [{ a: 5, rn: 1 }, { a: 6, rn: 2 }, { a: 7, rn: 3 }], ordered: true },
    {
      query: 'datatable (s: string)["x", "y", "z"] | serialize rn = row_number(), p = prev(s), n = next(s, 1, "end"), p2 = prev(s, 2, "none")',
      rows: [
        { s: 'x', rn: 1, p: '', n: 'y', p2: 'none' },
        { s: 'y', rn: 2, p: 'x', n: 'z', p2: 'none' },
        { s: 'z', rn: 3, p: 'y', n: 'end', p2: 'x' },
      ],
      ordered: true,
    },
    // prev/next of non-strings give typed nulls, and keep their type (datetime arithmetic on them).
    {
      query:
        'datatable (t: datetime)[datetime(2026-01-01 00:00:00), datetime(2026-01-01 00:00:05.5), datetime(2026-01-01 00:01:00)] | sort by t asc | extend gap = t - prev(t), n = next(t, 2)',
      rows: [
        { t: '2026-01-01T00:00:00Z', gap: null, n: '2026-01-01T00:01:00Z' },
        { t: '2026-01-01T00:00:05.5Z', gap: '00:00:05.5000000', n: null },
        { t: '2026-01-01T00:01:00Z', gap: '00:00:54.5000000', n: null },
      ],
      ordered: true,
    },
    // Order-keeping operators between sort and the window function keep the set serialized.
    {
      query: 'range a from 1 to 6 step 1 | sort by a asc | where a % 2 == 0 | project a | extend p = prev(a)',
      rows: [{ a: 2, p: null }, { a: 4, p: 2 }, { a: 6, p: 4 }],
      ordered: true,
    },
    {
      query: 'let s = range a from 1 to 3 step 1 | top 2 by a; s | extend rn = row_number()',
      rows: [{ a: 3, rn: 1 }, { a: 2, rn: 2 }],
      ordered: true,
    },
    {
      query: '(range a from 1 to 2 step 1 | sort by a asc) | where a > 0 | extend rn = row_number()',
      rows: [{ a: 1, rn: 1 }, { a: 2, rn: 2 }],
      ordered: true,
    },
    // row_cumsum: the reference's examples, and a null term that adds nothing.
    {
      query: 'datatable (a:long)[1, 2, 3, 4, 5, 6, 7, 8, 9, 10] | where a % 2 == 0 | serialize cs = row_cumsum(a)',
      rows: [{ a: 2, cs: 2 }, { a: 4, cs: 6 }, { a: 6, cs: 12 }, { a: 8, cs: 20 }, { a: 10, cs: 30 }],
      ordered: true,
    },
    {
      query: `${SALARIES} | order by name asc, month asc | extend total = row_cumsum(salary, name != prev(name))`,
      rows: [
        { name: 'Alice', month: 1, salary: 1000, total: 1000 },
        { name: 'Alice', month: 2, salary: 2000, total: 3000 },
        { name: 'Alice', month: 3, salary: 1400, total: 4400 },
        { name: 'Bob', month: 1, salary: 1000, total: 1000 },
        { name: 'Bob', month: 2, salary: 1950, total: 2950 },
        { name: 'Bob', month: 3, salary: 1450, total: 4400 },
      ],
      ordered: true,
    },
    {
      query: 'datatable (x: real)[1.5, real(null), 2] | serialize c = row_cumsum(x)',
      rows: [{ x: 1.5, c: 1.5 }, { x: null, c: 1.5 }, { x: 2, c: 3.5 }],
      ordered: true,
    },
    // row_rank_min / row_rank_dense (the reference's example for min).
    {
      query:
        'datatable (Airline:string, Departures:long)["LH", 3, "LY", 100, "UA", 3, "BA", 2, "EL", 3] | sort by Departures asc | extend Rank = row_rank_min(Departures), Dense = row_rank_dense(Departures)',
      rows: [
        { Airline: 'BA', Departures: 2, Rank: 1, Dense: 1 },
        { Airline: 'LH', Departures: 3, Rank: 2, Dense: 2 },
        { Airline: 'UA', Departures: 3, Rank: 2, Dense: 2 },
        { Airline: 'EL', Departures: 3, Rank: 2, Dense: 2 },
        { Airline: 'LY', Departures: 100, Rank: 5, Dense: 3 },
      ],
      ordered: true,
    },
    {
      query: 'datatable (g:string, v:long)["a", 1, "a", 1, "a", 2, "b", 2, "b", 3] | serialize r = row_rank_dense(v, g != prev(g))',
      rows: [{ g: 'a', v: 1, r: 1 }, { g: 'a', v: 1, r: 1 }, { g: 'a', v: 2, r: 2 }, { g: 'b', v: 2, r: 1 }, { g: 'b', v: 3, r: 2 }],
      ordered: true,
    },
    // Over a row set that is not serialized Kusto refuses window functions; so do we, at the call.
    { query: 'datatable (s: string)["x"] | extend p = prev(s)', error: "prev() needs a serialized row set (Kusto refuses it here): add '| serialize' or '| sort by ...' before this operator (line 1, col 41)" },
    { query: 'range a from 1 to 3 step 1 | sort by a | summarize by a | extend rn = row_number()', error: 'row_number() needs a serialized row set' },
    { query: 'range a from 1 to 3 step 1 | sort by a | mv-expand b = dynamic([1]) | extend rn = row_cumsum(a)', error: 'row_cumsum() needs a serialized row set' },
    { query: 'print x = 1 | extend y = next(x)', error: 'next() needs a serialized row set' },
    { query: 'range a from 1 to 3 step 1 | extend p = prev(a, a)', error: 'prev() with a non-constant or non-integer argument 2' },
  ]);
});
