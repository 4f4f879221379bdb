import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('logic functions', () => {
  kqlCases([
    {
      query: 'range Size from 1 to 15 step 2 | extend bucket = case(Size <= 3, "Small", Size <= 10, "Medium", "Large")',
      rows: [
        { Size: 1, bucket: 'Small' },
        { Size: 3, bucket: 'Small' },
        { Size: 5, bucket: 'Medium' },
        { Size: 7, bucket: 'Medium' },
        { Size: 9, bucket: 'Medium' },
        { Size: 11, bucket: 'Large' },
        { Size: 13, bucket: 'Large' },
        { Size: 15, bucket: 'Large' },
      ],
    },
    { expr: 'case(false, 1, true, 2, 3)', expect: 2, type: 'long' },
    { expr: 'case(false, 1, 3)', expect: 3 },
    { expr: 'case(true, 1, 2.5)', expect: 1, type: 'real' },
    // A null predicate is not true: the next one is tried.
    { query: 'datatable(b:bool)[true, false, bool(null)] | extend r = case(b, "yes", "no")', rows: [{ b: true, r: 'yes' }, { b: false, r: 'no' }, { b: null, r: 'no' }] },
    // Only the chosen branch is evaluated (no division by zero error path needed, but nulls stay nulls).
    { query: 'datatable(x:long)[0, 4] | extend r = case(x == 0, long(null), 8 / x)', rows: [{ x: 0, r: null }, { x: 4, r: 2 }] },
    { expr: 'coalesce(tolong("not a number"), tolong("42"), 33)', expect: 42, type: 'long' },
    { expr: 'coalesce("", "x")', expect: 'x', type: 'string' },
    { expr: 'coalesce("", "")', expect: '' },
    { expr: 'coalesce(int(null), int(null))', expect: null },
    { expr: 'coalesce(datetime(null), datetime(2026-01-15))', expect: '2026-01-15T00:00:00Z' },
    { query: 'datatable(a:string, b:string)["", "b", "a", "b"] | extend r = coalesce(a, b, "c")', rows: [{ a: '', b: 'b', r: 'b' }, { a: 'a', b: 'b', r: 'a' }] },
    { expr: 'coalesce(dynamic(null), dynamic({"a":1}))', expect: { a: 1 } },
  ]);
});
