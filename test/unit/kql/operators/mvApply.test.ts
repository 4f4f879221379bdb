import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('mv-apply', () => {
  kqlCases([
    // An unnamed conversion of one column expands under that column's name, as the binder names it.
    {
      query: 'datatable (k: long, f: string)[1, "[3, 9, 4]", 2, "[5]"] | mv-apply parse_json(f) on (top 1 by tolong(f))',
      rows: [{ k: 1, f: 9 }, { k: 2, f: 5 }],
      ordered: true,
    },
    // `as` inside the subquery names that row's expansion only (a result cached for the whole
    // query gave the second row the first row's table).
    {
      query: 'datatable (k: long, a: dynamic)[1, dynamic([1, 2]), 2, dynamic([5, 6, 7])] | mv-apply x = a to typeof(long) on (as P | extend s = toscalar(P | summarize sum(x)))',
      rows: [
        { k: 1, a: [1, 2], x: 1, s: 3 },
        { k: 1, a: [1, 2], x: 2, s: 3 },
        { k: 2, a: [5, 6, 7], x: 5, s: 18 },
        { k: 2, a: [5, 6, 7], x: 6, s: 18 },
        { k: 2, a: [5, 6, 7], x: 7, s: 18 },
      ],
      ordered: true,
    },
    // The reference's examples.
    {
      query: 'let data = datatable (index: int, Arr: dynamic)[0, dynamic([7]), 1, dynamic([6, 11, 7])]; data | mv-apply Arr2 = Arr to typeof(long) on (take 100)',
      rows: [
        { index: 0, Arr: [7], Arr2: 7 },
        { index: 1, Arr: [6, 11, 7], Arr2: 6 },
        { index: 1, Arr: [6, 11, 7], Arr2: 11 },
        { index: 1, Arr: [6, 11, 7], Arr2: 7 },
      ],
      ordered: true,
    },
    {
      query: 'let data = datatable (index: int, Arr: dynamic)[0, dynamic([1, 5, 3]), 1, dynamic([10, 2, 5, 7])]; data | mv-apply topElem = Arr to typeof(long) on (top 1 by topElem)',
      rows: [
        { index: 0, Arr: [1, 5, 3], topElem: 5 },
        { index: 1, Arr: [10, 2, 5, 7], topElem: 10 },
      ],
      ordered: true,
    },
    {
      query: 'let data = datatable (index: int, Arr: dynamic)[0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7])]; data | mv-apply Arr2 = Arr to typeof(long) on (top 2 by Arr2 | summarize Top2 = make_list(Arr2))',
      rows: [
        { index: 0, Arr: [5, 1, 3], Top2: [5, 3] },
        { index: 1, Arr: [4, 10, 8, 7], Top2: [10, 8] },
      ],
      ordered: true,
    },
    {
      query: `datatable (Val:int, Arr1:dynamic, Arr2:dynamic)[
        1, dynamic(["A1", "A2", "A3"]), dynamic([10, 30, 7]),
        7, dynamic(["B1", "B2", "B5"]), dynamic([15, 11, 50]),
        3, dynamic(["C1", "C2", "C3", "C4"]), dynamic([6, 40, 20, 8])]
        | mv-apply NewArr1 = Arr1, NewArr2 = Arr2 to typeof(long) on (top 2 by NewArr2 | summarize NewArr1 = make_list(NewArr1), NewArr2 = make_list(NewArr2))`,
      rows: [
        { Val: 1, Arr1: ['A1', 'A2', 'A3'], Arr2: [10, 30, 7], NewArr1: ['A2', 'A1'], NewArr2: [30, 10] },
        { Val: 7, Arr1: ['B1', 'B2', 'B5'], Arr2: [15, 11, 50], NewArr1: ['B5', 'B1'], NewArr2: [50, 15] },
        { Val: 3, Arr1: ['C1', 'C2', 'C3', 'C4'], Arr2: [6, 40, 20, 8], NewArr1: ['C2', 'C3'], NewArr2: [40, 20] },
      ],
      ordered: true,
    },
    {
      query: 'let data = datatable (row: int, Arr: dynamic)[0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7])]; data | mv-apply with_itemindex=index value = Arr to typeof(long) on (where index >= 2)',
      rows: [
        { row: 0, Arr: [5, 1, 3], value: 3, index: 2 },
        { row: 1, Arr: [4, 10, 8, 7], value: 8, index: 2 },
        { row: 1, Arr: [4, 10, 8, 7], value: 7, index: 3 },
      ],
      ordered: true,
    },
    {
      query: `datatable (Val: int, Arr1: dynamic, Arr2: dynamic)[
        1, dynamic(["A1", "A2"]), dynamic(["B1", "B2", "B3"]),
        5, dynamic(["C1", "C2"]), dynamic(["D1"])]
        | mv-apply T1 = Arr1, T2 = Arr2 on (extend Out = strcat(T1, "_", T2) | summarize Out = make_list(Out))`,
      rows: [
        { Val: 1, Arr1: ['A1', 'A2'], Arr2: ['B1', 'B2', 'B3'], Out: ['A1_B1', 'A2_B2', '_B3'] },
        { Val: 5, Arr1: ['C1', 'C2'], Arr2: ['D1'], Out: ['C1_D1', 'C2_'] },
      ],
      ordered: true,
    },
    // Applying on a column replaces it; the subquery's own columns win over the input's.
    {
      query: 'datatable (k: string, d: dynamic)["a", dynamic([1, 2, 3]), "b", dynamic([4])] | mv-apply d on (where d > 1)',
      rows: [{ k: 'a', d: 2 }, { k: 'a', d: 3 }, { k: 'b', d: 4 }],
      ordered: true,
    },
    {
      query: 'datatable (k: string, d: dynamic)["a", dynamic([1, 2]), "b", dynamic([])] | mv-apply d on (summarize n = count(), s = sum(toint(d)) | extend k = "sub")',
      rows: [{ k: 'sub', n: 2, s: 3 }, { k: 'sub', n: 0, s: 0 }],
      ordered: true,
    },
    // An empty array gives the subquery no rows (summarize without by still gives one); limit caps the rows.
    {
      query: 'datatable (k: string, d: dynamic)["a", dynamic([1, 2, 3]), "b", dynamic([])] | mv-apply x = d to typeof(long) limit 2 on (summarize c = count(), m = max(x))',
      rows: [{ k: 'a', d: [1, 2, 3], c: 2, m: 2 }, { k: 'b', d: [], c: 0, m: null }],
      ordered: true,
    },
    // A subquery may read other tables and lets; window functions are refused inside (its rows are not serialized).
    {
      query: 'let allowed = datatable (v: long)[2, 3]; datatable (k: string, d: dynamic)["a", dynamic([1, 2, 3])] | mv-apply v = d to typeof(long) on (where v in (2, 3) | summarize hits = count())',
      rows: [{ k: 'a', d: [1, 2, 3], hits: 2 }],
    },
    {
      query: 'print d = dynamic([1, 2]) | mv-apply d on (extend r = row_number())',
      error: 'row_number() needs a serialized row set',
    },
    {
      query: 'print d = dynamic([3, 1, 2]) | mv-apply d to typeof(long) on (sort by d asc | extend r = row_number())',
      rows: [{ d: 1, r: 1 }, { d: 2, r: 2 }, { d: 3, r: 3 }],
      ordered: true,
    },
    // Nested: mv-apply inside mv-apply, and mv-expand inside.
    {
      query: 'print d = dynamic([[1, 2], [3]]) | mv-apply inner = d on (mv-apply x = inner to typeof(long) on (summarize s = sum(x)) | summarize total = sum(s), parts = count())',
      rows: [{ d: [[1, 2], [3]], total: 6, parts: 2 }],
    },
    {
      query: 'print b = dynamic({"x": 1, "y": 22}) | mv-apply e = b on (mv-expand kind=array e | summarize keys = make_list(tostring(e[0])))',
      rows: [{ b: { x: 1, y: 22 }, keys: ['x', 'y'] }],
    },
  ]);
});
