import { describe } from 'node:test';
import { kqlCases } from '../../support/kqlCases.js';

describe('literals', () => {
  kqlCases([
    // KQL's dynamic literals are not JSON: single quotes, typed elements, negative numbers.
    { expr: `dynamic(['a', "b", -1, 2.5, true, null])`, expect: ['a', 'b', -1, 2.5, true, null] },
    { expr: `dynamic({'k': [1], "x y": {'n': null}})`, expect: { k: [1], 'x y': { n: null } } },
    { expr: 'dynamic([datetime(2020-01-01 00:00:00.0000001), 1d])', expect: ['2020-01-01T00:00:00.0000001Z', '1.00:00:00'] },
    { expr: 'dynamic(null)', expect: null },
    { expr: 'dynamic(5)', expect: 5 },
    // The binder's own value of these timespan forms is 0: they are read from the text.
    { expr: 'timespan(2)', expect: '2.00:00:00' },
    { expr: 'time(00:01:00)', expect: '00:01:00' },
    { expr: 'timespan(0.12:34:56.7)', expect: '12:34:56.7000000' },
    { expr: '1.5s', expect: '00:00:01.5000000' },
    { expr: '10ms', expect: '00:00:00.0100000' },
    { expr: 'time(null)', expect: null },
    { expr: 'datetime(2026-01-15 11:00:00.1234567)', expect: '2026-01-15T11:00:00.1234567Z' },
    { expr: 'datetime(null)', expect: null },
    // Nulls as the reference has them: two nulls are neither equal nor unequal, a null and a value are unequal.
    { expr: '5 == int(null)', expect: false },
    { expr: '5 != int(null)', expect: true },
    { expr: 'int(null) == int(null)', expect: null },
    { expr: '-14 % 12', expect: 10 },
  ]);
});
