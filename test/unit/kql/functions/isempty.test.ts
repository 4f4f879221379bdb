import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

// isempty: true for null and the empty string, on every type (the reference's examples first).
describe('isempty / isnotempty on every type', () => {
  kqlCases([
    { expr: 'isempty("")', expect: true, type: 'bool' },
    { expr: 'isempty("x")', expect: false },
    { expr: 'isempty(parsejson(""))', expect: true },
    { expr: 'isempty(parsejson("[]"))', expect: false },
    { expr: 'isempty(parsejson("{}"))', expect: false },
    { expr: 'isempty(dynamic(null))', expect: true },
    { expr: 'isempty(dynamic(0))', expect: false },
    { expr: 'isempty(1)', expect: false },
    { expr: 'isempty(0)', expect: false },
    { expr: 'isempty(long(null))', expect: true },
    { expr: 'isempty(int(null))', expect: true },
    { expr: 'isempty(real(null))', expect: true },
    { expr: 'isempty(real(nan))', expect: false },
    { expr: 'isempty(decimal(null))', expect: true },
    { expr: 'isempty(datetime(null))', expect: true },
    { expr: 'isempty(datetime(2024-01-01))', expect: false },
    { expr: 'isempty(timespan(null))', expect: true },
    { expr: 'isempty(0s)', expect: false },
    { expr: 'isempty(bool(null))', expect: true },
    { expr: 'isempty(false)', expect: false },
    { expr: 'isempty(guid(null))', expect: true },
    { expr: 'isempty(guid(12e8b78d-55b4-46ae-b068-26d7a0080254))', expect: false },
    { expr: 'isnotempty("")', expect: false },
    { expr: 'isnotempty(dynamic([]))', expect: true },
    { expr: 'isnotempty(datetime(null))', expect: false },
    { expr: 'notempty("a")', expect: true },
    {
      query: `datatable(s:string, n:long, t:datetime, d:dynamic, b:bool)
        ["a", 1, datetime(2024-01-01), dynamic({"k":1}), true,
         "", long(null), datetime(null), dynamic(null), bool(null)]
        | project es = isempty(s), en = isempty(n), et = isempty(t), ed = isempty(d), eb = isempty(b), nd = isnotempty(d)`,
      rows: [
        { es: false, en: false, et: false, ed: false, eb: false, nd: true },
        { es: true, en: true, et: true, ed: true, eb: true, nd: false },
      ],
      ordered: true,
    },
  ]);
});
