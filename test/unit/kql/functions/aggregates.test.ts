import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute } from '../../../../src/kql/index.js';
import { kqlCases } from '../../../support/kqlCases.js';

const T = 'let T = datatable(g:string, n:long, s:string)["a", 1, "x", "a", 2, "y", "a", long(null), "", "b", 10, "x"];';
const EMPTY = 'datatable(x:long)[]';

describe('aggregation functions', () => {
  kqlCases([
    // The KQL reference's examples (variance, stdev, sumif, summarize's defaults and null handling).
    { query: 'range x from 1 to 5 step 1 | summarize make_list(x), variance(x)', rows: [{ list_x: [1, 2, 3, 4, 5], variance_x: 2.5 }] },
    { query: 'range x from 1 to 5 step 1 | summarize make_list(x), stdev(x)', rows: [{ list_x: [1, 2, 3, 4, 5], stdev_x: 1.5811388300841898 }] },
    {
      query: 'let T = datatable(name:string, day_of_birth:long)["John", 9, "Paul", 18, "George", 25, "Ringo", 7]; T | summarize sumif(day_of_birth, strlen(name) > 4)',
      rows: [{ sumif_day_of_birth: 32 }],
    },
    {
      query: `${EMPTY} | summarize any_x=take_any(x), arg_max_x=arg_max(x, *), arg_min_x=arg_min(x, *), avg(x), max(x), min(x), percentile(x, 55), stdev(x), sum(x), sumif(x, x > 0), variance(x)`,
      rows: [{ any_x: null, arg_max_x: null, arg_min_x: null, avg_x: 'NaN', max_x: null, min_x: null, percentile_x_55: null, stdev_x: 0, sum_x: 0, sumif_x: 0, variance_x: 0 }],
    },
    { query: `${EMPTY} | summarize countif(x > 0), dcount(x), dcountif(x, x > 0)`, rows: [{ countif_: 0, dcount_x: 0, dcountif_x: 0 }] },
    { query: `${EMPTY} | summarize make_set(x), make_list(x), make_list_if(x, true), make_set_if(x, true)`, rows: [{ set_x: [], list_x: [], list_x1: [], set_x1: [] }] },
    { query: 'range x from 1 to 4 step 1 | extend y = iff(x == 1, real(null), real(5)) | summarize sum(y), avg(y)', rows: [{ sum_y: 15, avg_y: 5 }] },
    { query: 'range x from 1 to 2 step 1 | extend y = iff(x == 1, real(null), real(5)) | summarize make_set(y), make_set(y)', rows: [{ set_y: [5], set_y1: [5] }] },

    // percentile(s): nearest rank (the smallest value with P% of the values at or below it; 0 is the minimum).
    {
      query: 'range x from 1 to 5 step 1 | summarize percentile(x, 50), percentiles(x, 0, 20, 21, 100)',
      rows: [{ percentile_x_50: 3, percentile_x_0: 1, percentile_x_20: 1, percentile_x_21: 2, percentile_x_100: 5 }],
    },
    { query: 'range x from 1 to 20 step 1 | summarize p = percentile(x, 95)', rows: [{ p: 19 }] },
    { query: 'range x from 1 to 5 step 1 | summarize percentiles_array(x, 50, 90), a = percentiles_array(x, dynamic([10, 100]))', rows: [{ percentiles_x: [3, 5], a: [1, 5] }] },
    { query: `${T} T | summarize p = percentile(n, 50) by g`, rows: [{ g: 'a', p: 1 }, { g: 'b', p: 10 }] },
    { query: 'range x from 1 to 5 step 1 | summarize w = percentilew(x, x, 50), percentilesw_array(x, x, 50, 100)', rows: [{ w: 4, percentiles_x: [4, 5] }] },
    { query: 'print d = datetime(2020-01-01 00:00:00.0000001) | summarize p = percentile(d, 50), a = percentiles_array(d, 50)', rows: [{ p: '2020-01-01T00:00:00.0000001Z', a: ['2020-01-01T00:00:00.0000001Z'] }] },

    // variance/stdev families; one value is a sample of variance 0.
    { query: 'range x from 1 to 5 step 1 | summarize variancep(x), stdevp(x), varianceif(x, x > 3), stdevif(x, x > 3)', rows: [{ variancep_x: 2, stdevp_x: 1.4142135623730951, varianceif_x: 0.5, stdevif_x: 0.7071067811865476 }] },
    { query: 'print x = 3 | summarize variance(x), stdev(x)', rows: [{ variance_x: 0, stdev_x: 0 }] },

    // The *if forms: only rows whose predicate is true (a null predicate is false).
    {
      query: `${T} T | summarize sumif(n, s == "x"), avgif(n, g == "a"), maxif(n, g == "a"), minif(n, n > 1), dcountif(s, n > 0), countif(n > 1)`,
      rows: [{ sumif_n: 11, avgif_n: 1.5, maxif_n: 2, minif_n: 2, dcountif_s: 2, countif_: 2 }],
    },
    { query: `${T} T | summarize l = make_list_if(s, n > 1), st = make_set_if(s, isnotempty(s), 1), c = count_distinctif(s, n < 5) by g`, rows: [{ g: 'a', l: ['y'], st: ['x'], c: 2 }, { g: 'b', l: ['x'], st: ['x'], c: 0 }] },
    { query: `${T} T | summarize sumif(n, g == "none"), make_list_if(s, false)`, rows: [{ sumif_n: 0, list_s: [] }] },
    { query: `${T} T | summarize take_anyif(s, n > 1), anyif(s, n == 10)`, rows: [{ s: 'y', anyif_s: 'x' }] },

    // count_distinct, make_list_with_nulls, make_bag.
    { query: `${T} T | summarize count_distinct(s), make_list_with_nulls(n)`, rows: [{ count_distinct_s: 3, list_n: [1, 2, null, 10] }] },
    {
      query: 'datatable(d:dynamic, k:string)[dynamic({"a":1,"b":2}), "x", dynamic({"a":3,"c":4}), "x", dynamic([1]), "x", dynamic(null), "y"] | summarize b = make_bag(d), two = make_bag(d, 2), y = make_bag_if(d, k == "y") by k',
      rows: [
        { k: 'x', b: { a: 1, b: 2, c: 4 }, two: { a: 1, b: 2 }, y: {} },
        { k: 'y', b: {}, two: {}, y: {} },
      ],
    },
    // make_list/make_set hold datetimes as their text inside dynamic, as Kusto does.
    { query: 'print d = datetime(2020-01-01) | summarize make_list(d), make_set(d)', rows: [{ list_d: ['2020-01-01T00:00:00.0000000Z'], set_d: ['2020-01-01T00:00:00.0000000Z'] }] },

    // Expressions over aggregates, and naming several outputs.
    {
      query: `${T} T | summarize x = count() * 2, tostring(make_set(s)), avg(n) + 1, y = iff(count() > 1, "many", "one") by g`,
      rows: [
        { g: 'a', x: 6, set_s: '["x","y",""]', Column1: 2.5, y: 'many' },
        { g: 'b', x: 2, set_s: '["x"]', Column1: 11, y: 'one' },
      ],
    },
    { query: `${T} T | summarize (top, what) = arg_max(n, s)`, rows: [{ top: 10, what: 'x' }] },
  ]);

  it('deprecated argmax/argmin pick the same rows under the binder names, also for *', () => {
    const r = execute(`${T} T | summarize argmax(n, s), argmin(n, *)`, {}, { values: 'json' });
    assert.deepEqual(r.columns.map((c) => c.name), ['max_n', 'max_n_s', 'min_n', 'min_n_g', 'min_n_s']);
    assert.deepEqual(r.rows, [{ max_n: 10, max_n_s: 'x', min_n: 1, min_n_g: 'a', min_n_s: 'x' }]);
  });

  it('refuses a percentile outside 0..100 with its position', () => {
    assert.throws(() => execute('range x from 1 to 5 step 1\n| summarize percentile(x, 101)', {}), /percentile 101.*\(line 2, col 27\)/);
  });
});
