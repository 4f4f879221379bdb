import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute } from '../../../../src/kql/index.js';
import { kqlCases } from '../../../support/kqlCases.js';

describe('mv-expand', () => {
  kqlCases([
    // The reference's examples.
    {
      query: "datatable (a: int, b: dynamic)[1, dynamic([10, 20]), 2, dynamic([\"a\", \"b\"])] | mv-expand b",
      rows: [{ a: 1, b: 10 }, { a: 1, b: 20 }, { a: 2, b: 'a' }, { a: 2, b: 'b' }],
      ordered: true,
    },
    {
      query: 'datatable (a: int, b: dynamic)[1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"})] | mv-expand b',
      rows: [{ a: 1, b: { prop1: 'a1' } }, { a: 1, b: { prop2: 'b1' } }, { a: 2, b: { prop1: 'a2' } }, { a: 2, b: { prop2: 'b2' } }],
      ordered: true,
    },
    {
      query:
        'datatable (a: int, b: dynamic)[1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"})] | mv-expand kind=array b | extend key = b[0], val = b[1]',
      rows: [
        { a: 1, b: ['prop1', 'a1'], key: 'prop1', val: 'a1' },
        { a: 1, b: ['prop2', 'b1'], key: 'prop2', val: 'b1' },
        { a: 2, b: ['prop1', 'a2'], key: 'prop1', val: 'a2' },
        { a: 2, b: ['prop2', 'b2'], key: 'prop2', val: 'b2' },
      ],
      ordered: true,
    },
    {
      query: 'datatable (a: int, b: dynamic, c: dynamic)[1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 4, 3])] | mv-expand b, c',
      rows: [{ a: 1, b: { prop1: 'a' }, c: 5 }, { a: 1, b: { prop2: 'b' }, c: 4 }, { a: 1, b: null, c: 3 }],
      ordered: true,
    },
    {
      query: 'datatable (a: int, b: dynamic, c: dynamic)[1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 6])] | mv-expand b | mv-expand c',
      rows: [
        { a: 1, b: { prop1: 'a' }, c: 5 },
        { a: 1, b: { prop1: 'a' }, c: 6 },
        { a: 1, b: { prop2: 'b' }, c: 5 },
        { a: 1, b: { prop2: 'b' }, c: 6 },
      ],
      ordered: true,
    },
    {
      query: 'datatable (x: dynamic)[dynamic([1, 2, 3, 4])] | mv-expand with_itemindex=Index x',
      rows: [{ x: 1, Index: 0 }, { x: 2, Index: 1 }, { x: 3, Index: 2 }, { x: 4, Index: 3 }],
      ordered: true,
    },
    // to typeof(): the column's type, elements that are not of it become null.
    {
      query: 'datatable (a: string, b: dynamic, c: dynamic)["k", dynamic([1, 2]), dynamic([6, "x", 7.5])] | mv-expand b, c to typeof(long) | extend c2 = c * 2',
      rows: [
        { a: 'k', b: 1, c: 6, c2: 12 },
        { a: 'k', b: 2, c: null, c2: null },
        { a: 'k', b: null, c: null, c2: null },
      ],
      ordered: true,
    },
    {
      query: 'print d = dynamic(["a", 1, "2020-01-02T03:04:05.1234567Z"]) | mv-expand s = d to typeof(string), t = d to typeof(datetime)',
      rows: [
        { d: ['a', 1, '2020-01-02T03:04:05.1234567Z'], s: 'a', t: null },
        { d: ['a', 1, '2020-01-02T03:04:05.1234567Z'], s: '', t: null },
        { d: ['a', 1, '2020-01-02T03:04:05.1234567Z'], s: '2020-01-02T03:04:05.1234567Z', t: '2020-01-02T03:04:05.1234567Z' },
      ],
      ordered: true,
    },
    // Null gives one row, an empty array or bag none, a non-array value one row holding itself.
    {
      query: 'datatable (k: string, d: dynamic)["null", dynamic(null), "empty", dynamic([]), "bag", dynamic({}), "text", dynamic("x"), "n", dynamic(5)] | mv-expand d',
      rows: [{ k: 'null', d: null }, { k: 'text', d: 'x' }, { k: 'n', d: 5 }],
      ordered: true,
    },
    // An empty array beside a non-empty one only pads.
    {
      query: 'print a = dynamic([]), b = dynamic([1, 2]) | mv-expand a, b',
      rows: [{ a: null, b: 1 }, { a: null, b: 2 }],
      ordered: true,
    },
    // Named expressions: a new column, or replacing one in place; unnamed ones get the binder's name.
    {
      query: 'print n = 1, d = dynamic({"x": [1, 2]}) | mv-expand v = d.x',
      rows: [{ n: 1, d: { x: [1, 2] }, v: 1 }, { n: 1, d: { x: [1, 2] }, v: 2 }],
      ordered: true,
    },
    {
      query: 'print n = 1, d = dynamic({"x": [1, 2]}) | mv-expand d = d.x',
      rows: [{ n: 1, d: 1 }, { n: 1, d: 2 }],
      ordered: true,
    },
    {
      query: 'print n = 1, d = dynamic({"x": [1, 2]}) | mv-expand d.x, dynamic(["p"]) | project-away d',
      rows: [{ n: 1, d_x: 1, Column1: 'p' }, { n: 1, d_x: 2, Column1: null }],
      ordered: true,
    },
    {
      query: 'print n = 1, d = dynamic([3, 4]) | mv-expand x = d, dynamic(["p"]) | project x, Column1',
      rows: [{ x: 3, Column1: 'p' }, { x: 4, Column1: null }],
      ordered: true,
    },
    // A conversion of one column is named after it and replaces it in place (public hunts write
    // `mv-expand parse_json(Folders)`); an unnamed expression after it still goes to the end.
    {
      query: 'datatable (f: string, n: long)["[1, 2]", 1, "{\\"a\\": 3}", 2] | mv-expand parse_json(f), pack_array(n)',
      rows: [{ f: 1, n: 1, Column1: 1 }, { f: 2, n: 1, Column1: null }, { f: { a: 3 }, n: 2, Column1: 2 }],
      ordered: true,
    },
    {
      query: 'datatable (f: string, n: long)["[1, 2]", 1] | mvexpand todynamic(f) to typeof(long) | extend t = gettype(f)',
      rows: [{ f: 1, n: 1, t: 'long' }, { f: 2, n: 1, t: 'long' }],
      ordered: true,
    },
    // limit N per input row; the deprecated mvexpand keeps a 128 default and takes bagexpansion=.
    {
      query: 'datatable (k: long, d: dynamic)[1, dynamic([1, 2, 3]), 2, dynamic([4, 5, 6])] | mv-expand d limit 2',
      rows: [{ k: 1, d: 1 }, { k: 1, d: 2 }, { k: 2, d: 4 }, { k: 2, d: 5 }],
      ordered: true,
    },
    {
      query: 'range i from 1 to 200 step 1 | summarize d = make_list(i) | mvexpand d | count',
      rows: [{ Count: 128 }],
    },
    {
      query: 'range i from 1 to 200 step 1 | summarize d = make_list(i) | mv-expand d | count',
      rows: [{ Count: 200 }],
    },
    {
      query: 'print d = dynamic({"a": 1}) | mvexpand bagexpansion=array d',
      rows: [{ d: ['a', 1] }],
    },
    {
      query: 'print d = dynamic({"a": 1, "b": 2}) | mv-expand with_itemindex=i kind=bag d',
      rows: [{ d: { a: 1 }, i: 0 }, { d: { b: 2 }, i: 1 }],
      ordered: true,
    },
    // Expanded, then filtered and counted per element: the usual hunting shape.
    {
      query:
        'datatable (Device: string, Ips: dynamic)["d1", dynamic(["10.0.0.1", "10.0.0.2"]), "d2", dynamic(["10.0.0.2"])] | mv-expand Ip = Ips to typeof(string) | summarize n = count() by Ip',
      rows: [{ Ip: '10.0.0.1', n: 1 }, { Ip: '10.0.0.2', n: 2 }],
    },
    { query: 'print a = "x" | mv-expand a', error: 'KS141' },
  ]);

  it('types the expanded column as to typeof() says, else dynamic (the reference example)', () => {
    const out = execute('datatable (a: string, b: dynamic, c: dynamic)["Constant", dynamic([1, 2, 3, 4]), dynamic([6, 7, 8, 9])] | mv-expand b, c to typeof(int)', {});
    assert.deepEqual(out.columns, [
      { name: 'a', type: 'string' },
      { name: 'b', type: 'dynamic' },
      { name: 'c', type: 'int' },
    ]);
    assert.deepEqual(out.rows.map((r) => r.c), [6, 7, 8, 9]);
  });
});
