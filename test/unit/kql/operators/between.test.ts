import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('between and !between', () => {
  kqlCases([
    {
      query: 'range x from 1 to 100 step 1 | where x between (50 .. 55)',
      rows: [{ x: 50 }, { x: 51 }, { x: 52 }, { x: 53 }, { x: 54 }, { x: 55 }],
      ordered: true,
    },
    { query: 'range x from 1 to 10 step 1 | where x !between (2 .. 9)', rows: [{ x: 1 }, { x: 10 }], ordered: true },
    { expr: '5 between (1 .. 5)', expect: true },
    { expr: '5.5 between (1 .. 5)', expect: false },
    { expr: '2.5 between (2 .. 3)', expect: true },
    { expr: '6 !between (1 .. 5)', expect: true },
    { expr: '90m between (1h .. 2h)', expect: true },
    { expr: 'datetime(2007-07-28) between (datetime(2007-07-27) .. datetime(2007-07-30))', expect: true },
    { expr: 'datetime(2007-12-01T08:00:00.0000001) between (datetime(2007-12-01T01:30:00) .. datetime(2007-12-01T08:00:00))', expect: false },
    // A timespan upper bound after a datetime lower bound means lower + timespan.
    { expr: 'datetime(2007-07-29T23:59:59) between (datetime(2007-07-27) .. 3d)', expect: true },
    { expr: 'datetime(2007-07-30T00:00:00.0000001) between (datetime(2007-07-27) .. 3d)', expect: false },
    { expr: 'dynamic(3) between (1 .. 5)', expect: true },
    { expr: 'dynamic("3") between (1 .. 5)', expect: true },
    { expr: 'dynamic(true) between (0 .. 5)', expect: null },
    { expr: 'int(null) between (1 .. 5)', expect: null },
    { expr: 'int(null) !between (1 .. 5)', expect: null },
    {
      query: 'datatable(n:long)[1, 3, long(null), 7] | where n between (2 .. 8)',
      rows: [{ n: 3 }, { n: 7 }],
    },
    {
      query: 'datatable(n:long)[1, 3, long(null), 7] | where n !between (2 .. 8)',
      rows: [{ n: 1 }],
    },
    {
      query: 'datatable(n:long, lo:long, hi:long)[1, 0, 2, 5, 0, 2] | where n between (lo .. hi)',
      rows: [{ n: 1, lo: 0, hi: 2 }],
    },
  ]);
});
