import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute, KqlError } from '../../../src/kql/index.js';
import { kqlCases } from '../../support/kqlCases.js';

const T = 'let T = datatable(a:string, n:long)["x", 1, "y", 2, "z", long(null)];';

function failure(kql: string): KqlError {
  try {
    execute(kql, {}, { values: 'json' });
  } catch (error) {
    assert.ok(error instanceof KqlError, String(error));
    return error;
  }
  assert.fail(`expected ${kql} to fail`);
}

describe('let functions and views', () => {
  kqlCases([
    // Scalar functions: per row, with defaults and named arguments.
    { query: `${T} let g = (s:string, suffix:string = "!") { strcat(s, suffix) }; T | project r = g(a)`, rows: [{ r: 'x!' }, { r: 'y!' }, { r: 'z!' }] },
    { query: 'let g = (s:string, suffix:string = "!") { strcat(s, suffix) }; print r = g(suffix = "?", s = "a")', rows: [{ r: 'a?' }] },
    { query: `${T} let g = (s:string) { toupper(s) }; T | where g(a) == "Y" | project n`, rows: [{ n: 2 }] },
    { query: 'let f = () { 42 }; print a = f(), b = f', rows: [{ a: 42, b: 42 }] },
    // A body's own lets, and a function declared inside another seeing its parameters.
    { query: `${T} let g = (s:string) { let t = toupper(s); strcat(t, t) }; T | take 1 | project r = g(a)`, rows: [{ r: 'XX' }] },
    { query: 'let f = (x:long) { let h = (y:long) { x + y }; h(10) }; print a = f(1), b = f(2)', rows: [{ a: 11, b: 12 }] },
    // Tabular functions: scalar and tabular parameters; a let table inside runs per call.
    { query: `${T} let f = (k:string, extra:long = 100) { T | where a == k | extend m = n + extra }; f("y")`, rows: [{ a: 'y', n: 2, m: 102 }] },
    { query: `${T} let f = (k:string) { let sub = T | where a == k; sub | union sub }; f("x") | union f("y") | summarize c = count() by a`, rows: [{ a: 'x', c: 2 }, { a: 'y', c: 2 }] },
    { query: `${T} let f = (t:(a:string)) { t | count }; let L = T | where n > 1; f(L)`, rows: [{ Count: 1 }] },
    // The KQL reference: a tabular function invoked on the piped table.
    { query: `${T} let f = (t:(*), k:long = 2) { t | take k }; T | invoke f() | count`, rows: [{ Count: 2 }] },
    { query: `${T} let f = (t:(*), k:long = 2) { t | take k }; T | invoke f(1)`, rows: [{ a: 'x', n: 1 }] },
    {
      query: 'let MyFilter = (T:(x:long), v:long) { T | where x >= v }; range x from 1 to 10 step 1 | invoke MyFilter(9)',
      ordered: true,
      rows: [{ x: 9 }, { x: 10 }],
    },
    // Views, called with and without parentheses, joined and unioned.
    { query: `${T} let V = view () { T | where n >= 2 }; V | union (V()) | count`, rows: [{ Count: 2 }] },
    { query: `${T} let V = view () { T | where n >= 1 }; T | join kind=inner V on a | project a, n1`, rows: [{ a: 'x', n1: 1 }, { a: 'y', n1: 2 }] },
    // The reference's let-statement example: a scalar function over a datetime.
    {
      query: 'let lookback = (d:timespan) { ago(d) }; print r = lookback(1d) < now()',
      rows: [{ r: true }],
    },
  ]);

  it('positions an unsupported call inside a function body at its line in the query', () => {
    const e = failure('let g = (s:string) {\n  geo_point_to_geohash(1.0, 2.0) };\nprint g("a")');
    assert.equal(e.code, 'LOCAL001');
    assert.deepEqual([e.diagnostics[0].line, e.diagnostics[0].column], [2, 3]);
  });

  it('refuses a per-row parameter inside a subquery of the body', () => {
    const e = failure(`${T} let f = (x:string) { toscalar(T | where a == x | project n) }; T | extend q = f(a)`);
    assert.match(e.message, /parameter 'x' of 'f' \(a per-row value\) inside a subquery/);
  });
});

describe('materialize, as, toscalar, in (subquery)', () => {
  kqlCases([
    { query: `${T} let M = materialize(T | summarize c = count() by a); M | join kind=inner (M) on a | count`, rows: [{ Count: 3 }] },
    { query: `${T} T | where n > 1 | as X | union X`, rows: [{ a: 'y', n: 2 }, { a: 'y', n: 2 }] },
    { query: `${T} T | as hint.materialized=true X | where a in (X | where n == 1 | project a)`, rows: [{ a: 'x', n: 1 }] },
    // toscalar: first row's first column, the same for every row; no rows gives the typed null.
    { query: `${T} let m = toscalar(T | summarize max(n)); T | where n == m | project a`, rows: [{ a: 'y' }] },
    { query: `${T} print a = toscalar(T | where a == "none" | project n), b = toscalar(T | project a)`, rows: [{ a: null, b: 'x' }] },
    { query: 'print r = toscalar(print d = dynamic({"k": [1, 2]}))', rows: [{ r: { k: [1, 2] } }] },
    // The reference's toscalar example: a computed constant reused in a later expression.
    {
      query: 'let Start = toscalar(print x=1); let End = toscalar(print x=5); range z from Start to End step 1 | extend start=Start, end=End',
      ordered: true,
      rows: [1, 2, 3, 4, 5].map((z) => ({ z, start: 1, end: 5 })),
    },
    // in / !in over a subquery's first column, a let table, or toscalar(make_set()).
    { query: `${T} T | where a in ((datatable(k:string)["y", "q"]))`, rows: [{ a: 'y', n: 2 }] },
    { query: `${T} let L = T | where n >= 2 | project a; T | where a !in (L) | project a`, rows: [{ a: 'x' }, { a: 'z' }] },
    { query: `${T} let S = toscalar(T | where n < 2 | summarize make_set(a)); T | where a in (S, "z") | project a`, rows: [{ a: 'x' }, { a: 'z' }] },
    { query: `${T} T | where a in~ (print k = "Y") | project a`, rows: [{ a: 'y' }] },
    // Nulls: a null left side is never in a subquery's values (and always !in).
    { query: `${T} T | where n in (T | project n) | count`, rows: [{ Count: 2 }] },
    { query: `${T} T | where n !in (T | project n) | project a`, rows: [{ a: 'z' }] },
  ]);
});

describe('getschema and externaldata', () => {
  kqlCases([
    {
      query: 'datatable(s:string, i:int, l:long, r:real, b:bool, t:datetime, ts:timespan, d:dynamic, g:guid)[] | getschema',
      ordered: true,
      rows: [
        { ColumnName: 's', ColumnOrdinal: 0, DataType: 'System.String', ColumnType: 'string' },
        { ColumnName: 'i', ColumnOrdinal: 1, DataType: 'System.Int32', ColumnType: 'int' },
        { ColumnName: 'l', ColumnOrdinal: 2, DataType: 'System.Int64', ColumnType: 'long' },
        { ColumnName: 'r', ColumnOrdinal: 3, DataType: 'System.Double', ColumnType: 'real' },
        { ColumnName: 'b', ColumnOrdinal: 4, DataType: 'System.SByte', ColumnType: 'bool' },
        { ColumnName: 't', ColumnOrdinal: 5, DataType: 'System.DateTime', ColumnType: 'datetime' },
        { ColumnName: 'ts', ColumnOrdinal: 6, DataType: 'System.TimeSpan', ColumnType: 'timespan' },
        { ColumnName: 'd', ColumnOrdinal: 7, DataType: 'System.Object', ColumnType: 'dynamic' },
        { ColumnName: 'g', ColumnOrdinal: 8, DataType: 'System.Guid', ColumnType: 'guid' },
      ],
    },
  ]);

  it('externaldata fails with LOCAL001 naming why and what to do, at its line and column', () => {
    const e = failure('let Feed = (\n  externaldata (Url:string) [@"https://feeds.example.test/bad.csv"] with (format="csv"));\nprint 1 | where 1 in (Feed)');
    assert.equal(e.code, 'LOCAL001');
    assert.match(e.message, /^KQL: externaldata reads data from outside the workspace: cannot run locally; .+ \(line 2, col 3\)$/);
  });
});
