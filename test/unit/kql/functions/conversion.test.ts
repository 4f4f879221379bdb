import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('conversion functions', () => {
  describe('tobool / toint / tolong / toreal / todecimal', () => {
    kqlCases([
      { query: 'print a = tobool("true") == true, b = tobool("false") == false, c = tobool(1) == true, d = tobool(123) == true', rows: [{ a: true, b: true, c: true, d: true }] },
      { expr: 'tobool("TRUE")', expect: true, type: 'bool' },
      { expr: 'toboolean("0")', expect: false },
      { expr: 'tobool(0)', expect: false },
      { expr: 'tobool(0.5)', expect: true },
      { expr: 'tobool("yes")', expect: null },
      { expr: 'tobool("")', expect: null },
      { expr: 'tobool(dynamic(true))', expect: true },
      { expr: 'tobool(parse_json("{\\"on\\":\\"false\\"}").on)', expect: false },
      { expr: 'tobool(long(null))', expect: null },
      { query: 'print tobool(1d)', error: 'tobool() of a timespan' },
      { expr: 'toint("123") == 123', expect: true },
      { expr: 'toint(2.3)', expect: 2, type: 'int' },
      { expr: 'toint(-2.7)', expect: -2 },
      { expr: 'toint(true)', expect: 1 },
      { expr: 'toint("abc")', expect: null },
      { expr: 'toint("")', expect: null },
      { expr: 'toint(dynamic("12"))', expect: 12 },
      // Outside 32 bits toint() is null rather than wrapped.
      { expr: 'toint("3000000000")', expect: null },
      { expr: 'toint(3000000000)', expect: null },
      { expr: 'tolong("3000000000")', expect: 3000000000, type: 'long' },
      { expr: 'tolong("123") == 123', expect: true },
      { expr: 'tolong(1d)', expect: 864000000000 },
      { query: 'print tolong(now())', error: 'tolong() of a datetime' },
      { query: 'print toint(now())', error: 'toint() of a datetime' },
      { expr: 'toreal("123.4") == 123.4', expect: true },
      { expr: 'todouble("1e3")', expect: 1000, type: 'real' },
      { expr: 'toreal("nan")', expect: 'NaN' },
      { expr: 'toreal("x")', expect: null },
      { expr: 'toreal(1s)', expect: 10000000 },
      { query: 'print toreal(now())', error: 'toreal() of a datetime' },
      { expr: 'todecimal("123.45678") == decimal(123.45678)', expect: true },
      { expr: 'todecimal("1.5")', expect: 1.5, type: 'decimal' },
      { expr: 'todecimal("x")', expect: null },
      { expr: 'decimal(2.5) + 1', expect: 3.5 },
    ]);
  });

  describe('toguid / tostring / totimespan', () => {
    kqlCases([
      {
        query: 'datatable(str: string)["0123456789abcdef0123456789abcdef", "0123456789ab-cdef-0123-456789abcdef", "a string that is not a guid"] | extend guid = toguid(str)',
        rows: [
          { str: '0123456789abcdef0123456789abcdef', guid: '01234567-89ab-cdef-0123-456789abcdef' },
          { str: '0123456789ab-cdef-0123-456789abcdef', guid: '01234567-89ab-cdef-0123-456789abcdef' },
          { str: 'a string that is not a guid', guid: null },
        ],
      },
      { expr: 'toguid("74BE27DE-1E4E-49D9-B579-FE0B331D3642")', expect: '74be27de-1e4e-49d9-b579-fe0b331d3642', type: 'guid' },
      { expr: 'toguid("0123456789abcdef0123456789abcdef and more")', expect: '01234567-89ab-cdef-0123-456789abcdef' },
      { expr: 'toguid("0123456789abcdef")', expect: null },
      { expr: 'toguid("")', expect: null },
      { expr: 'tostring(123)', expect: '123', type: 'string' },
      { expr: 'tostring(true)', expect: 'true' },
      { expr: 'tostring(false)', expect: 'false' },
      { expr: 'tostring(bool(null))', expect: '' },
      { expr: 'tostring(1.5)', expect: '1.5' },
      { expr: 'tostring(0.1 + 0.2)', expect: '0.30000000000000004' },
      // Reals print as .NET prints doubles: scientific from 1E+15 up and below 1E-04.
      { expr: 'tostring(1e15)', expect: '1E+15' },
      { expr: 'tostring(123456789012345.0)', expect: '123456789012345' },
      { expr: 'tostring(0.0001)', expect: '0.0001' },
      { expr: 'tostring(0.00001)', expect: '1E-05' },
      { expr: 'tostring(-2.5e-10)', expect: '-2.5E-10' },
      { expr: 'tostring(real(null))', expect: '' },
      { expr: 'strcat("n=", 1e20)', expect: 'n=1E+20' },
      { expr: 'tostring(datetime(2026-01-15 10:00:00.1234567))', expect: '2026-01-15T10:00:00.1234567Z' },
      { expr: 'tostring(90m)', expect: '01:30:00' },
      { expr: 'tostring(dynamic({"a":[1,"x"]}))', expect: '{"a":[1,"x"]}' },
      { expr: 'tostring(dynamic("text"))', expect: 'text' },
      { expr: 'tostring(dynamic(null))', expect: '' },
      { expr: 'tostring(guid(74be27de-1e4e-49d9-b579-fe0b331d3642))', expect: '74be27de-1e4e-49d9-b579-fe0b331d3642' },
    ]);
  });
});
