import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('math functions', () => {
  kqlCases([
    { expr: 'abs(-5)', expect: 5, type: 'long' },
    { expr: 'abs(-2.5)', expect: 2.5, type: 'real' },
    { expr: 'abs(-1d)', expect: '1.00:00:00', type: 'timespan' },
    { expr: 'abs(long(null))', expect: null },
    { expr: 'abs(datetime(2026-01-15) - datetime(2026-01-16))', expect: '1.00:00:00' },
    { query: 'print round(2.98765, 3), round(2.15, 1), round(2.15), round(-50.55, -2), round(21.5, -1)', rows: [{ print_0: 2.988, print_1: 2.2, print_2: 2, print_3: -100, print_4: 20 }] },
    // Half away from zero (the reference's examples fix no midpoint rule).
    { query: 'print a = round(2.5), b = round(-2.5), c = round(0.5), d = round(1.005, 2)', rows: [{ a: 3, b: -3, c: 1, d: 1 }] },
    { expr: 'round(1234, -2)', expect: 1200, type: 'long' },
    { expr: 'round(int(7))', expect: 7, type: 'int' },
    { expr: 'round(real(null))', expect: null },
    { expr: 'round(2.5, int(null))', expect: null },
    { expr: 'round(1e300, 5)', expect: 1e300 },
    { query: 'print c1 = ceiling(-1.1), c2 = ceiling(0), c3 = ceiling(0.9)', rows: [{ c1: -1, c2: 0, c3: 1 }] },
    { expr: 'ceiling(int(3))', expect: 3, type: 'int' },
    { query: 'print s1 = sign(-42), s2 = sign(0), s3 = sign(11.2)', rows: [{ s1: -1, s2: 0, s3: 1 }] },
    { expr: 'pow(2, 3)', expect: 8, type: 'real' },
    { expr: 'pow(2, -1)', expect: 0.5 },
    { expr: 'pow(long(null), 2)', expect: null },
    { expr: 'sqrt(4)', expect: 2, type: 'real' },
    { expr: 'sqrt(-1)', expect: null },
    { expr: 'log(5)', expect: 1.6094379124341003 },
    { expr: 'log(-1)', expect: null },
    { expr: 'log(0)', expect: '-Infinity' },
    { expr: 'log2(8)', expect: 3 },
    { expr: 'log10(1000)', expect: 3 },
    { expr: 'exp(0)', expect: 1 },
    { expr: 'exp2(3)', expect: 8 },
    { expr: 'exp10(2)', expect: 100 },
    { expr: 'exp(real(null))', expect: null },
    { expr: 'pi()', expect: Math.PI, type: 'real' },
    { query: 'print degrees0 = degrees(pi()/4), degrees1 = degrees(pi()*1.5), degrees2 = degrees(0)', rows: [{ degrees0: 45, degrees1: 270, degrees2: 0 }] },
    { expr: 'radians(180)', expect: Math.PI },
    { expr: 'atan2(1, 1)', expect: Math.PI / 4 },
    { expr: 'atan2(0, -1)', expect: Math.PI },
    { expr: 'cot(1)', expect: 1 / Math.tan(1) },
    { expr: 'sin(0)', expect: 0 },
    { expr: 'cos(0)', expect: 1 },
    { expr: 'tan(0)', expect: 0 },
    { expr: 'atan(1)', expect: Math.PI / 4 },
    { expr: 'asin(1)', expect: Math.PI / 2 },
    { expr: 'acos(2)', expect: null },
    { expr: 'asin(-1.5)', expect: null },
    {
      // The reference writes y = (-1*x); 0 - x gives the same rows without a negative zero.
      query: 'range x from -1 to 1 step 1 | extend y = 0 - x | extend div = 1.0*x/y | extend isnan=isnan(div)',
      rows: [{ x: -1, y: 1, div: -1, isnan: false }, { x: 0, y: 0, div: 'NaN', isnan: true }, { x: 1, y: -1, div: -1, isnan: false }],
    },
    {
      query: 'range x from -1 to 1 step 1 | extend y = 0.0 | extend div = 1.0*x/y | extend isinf=isinf(div), isfinite=isfinite(div)',
      rows: [
        { x: -1, y: 0, div: '-Infinity', isinf: true, isfinite: false },
        { x: 0, y: 0, div: 'NaN', isinf: false, isfinite: false },
        { x: 1, y: 0, div: 'Infinity', isinf: true, isfinite: false },
      ],
    },
    { expr: 'isfinite(1.5)', expect: true },
    { expr: 'isnan(real(null))', expect: null },
    { expr: 'min_of(10, 1, -3, 17)', expect: -3, type: 'long' },
    { expr: 'max_of(10, 1, -3, 17)', expect: 17 },
    { expr: 'max_of(1, 2.5)', expect: 2.5, type: 'real' },
    {
      query: 'datatable (A: int, B: int)[5, 2, 10, 1, int(null), 3, 1, int(null), int(null), int(null)] | project r = min_of(A, B)',
      rows: [{ r: 2 }, { r: 1 }, { r: 3 }, { r: 1 }, { r: null }],
    },
    {
      query: 'datatable (A: int, B: int)[1, 6, 8, 1, int(null), 2, 1, int(null), int(null), int(null)] | project r = max_of(A, B)',
      rows: [{ r: 6 }, { r: 8 }, { r: 2 }, { r: 1 }, { r: null }],
    },
    {
      query:
        'datatable (A: datetime, B: datetime)[datetime(2024-12-15 07:15:22), datetime(2024-12-15 07:15:24), datetime(2024-12-15 08:00:00), datetime(2024-12-15 09:30:00), datetime(2024-12-15 10:45:00), datetime(2024-12-14 10:45:00)] | project maxDate = max_of(A, B)',
      rows: [{ maxDate: '2024-12-15T07:15:24Z' }, { maxDate: '2024-12-15T09:30:00Z' }, { maxDate: '2024-12-15T10:45:00Z' }],
    },
    { expr: 'max_of("apple", "banana", "")', expect: 'banana', type: 'string' },
    { expr: 'min_of("apple", "banana", "")', expect: 'apple' },
    { expr: 'min_of(1h, 30m)', expect: '00:30:00', type: 'timespan' },
  ]);
});
