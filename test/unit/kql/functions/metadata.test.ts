import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('column_ifexists', () => {
  kqlCases([
    // The reference's example: no Capital column, so the default column State. Column names are the
    // binder's: Capital when the column exists, else Column1 (the reference's table shows State).
    { query: 'datatable(State:string)["FLORIDA", "GEORGIA"] | project column_ifexists("Capital", State)', rows: [{ Column1: 'FLORIDA' }, { Column1: 'GEORGIA' }], ordered: true },
    { query: 'datatable(Capital:string, State:string)["Tallahassee", "FLORIDA"] | project column_ifexists("Capital", State)', rows: [{ Capital: 'Tallahassee' }] },
    { query: 'datatable(Capital:string, State:string)["Tallahassee", "FLORIDA"] | project c = column_ifexists("Capital", State)', rows: [{ c: 'Tallahassee' }] },
    // The form a public Defender hunt uses, with and without the column.
    {
      query: `datatable(FileName:string, ProcessVersionInfoOriginalFileName:string)["renamed.exe", "bitsadmin.exe", "x.exe", "y.exe"]
        | where FileName =~ "bitsadmin.exe" or column_ifexists('ProcessVersionInfoOriginalFileName', 'ColumnNotAvailable') =~ 'bitsadmin.exe'`,
      rows: [{ FileName: 'renamed.exe', ProcessVersionInfoOriginalFileName: 'bitsadmin.exe' }],
    },
    {
      query: `datatable(FileName:string)["BITSADMIN.EXE", "x.exe"]
        | where FileName =~ "bitsadmin.exe" or column_ifexists('ProcessVersionInfoOriginalFileName', 'ColumnNotAvailable') =~ 'bitsadmin.exe'`,
      rows: [{ FileName: 'BITSADMIN.EXE' }],
    },
    { query: 'datatable(a:string)["x"] | extend v = column_ifexists("missing", "none")', rows: [{ a: 'x', v: 'none' }] },
    // The deprecated alias.
    { query: 'datatable(n:long)[7] | project v = columnifexists("n", 0)', rows: [{ v: 7 }] },
    // An item of the same extend is a column for the items after it.
    { query: 'datatable(a:long)[1] | extend y = a + 1, z = column_ifexists("y", 0)', rows: [{ a: 1, y: 2, z: 2 }] },
    { query: 'datatable(n:long)[3, 5, long(null)] | summarize m = max(column_ifexists("n", 0)), s = sum(column_ifexists("zz", 1))', rows: [{ m: 5, s: 3 }] },
    // Nulls of the column come through as they are.
    { query: 'datatable(n:long)[long(null)] | project v = column_ifexists("n", 0)', rows: [{ v: null }] },
    // The binder types the call as the default: a long column read with a string default is text.
    { query: 'datatable(p:long)[5, long(null)] | project x = column_ifexists("p", "")', rows: [{ x: '5' }, { x: '' }], ordered: true },
    { query: 'datatable(p:int)[5] | project x = column_ifexists("p", 0)', rows: [{ x: 5 }] },
    {
      query: 'datatable(t:datetime)[datetime(2024-05-06 07:08:09.1234567)] | project x = column_ifexists("t", dynamic(null))',
      rows: [{ x: '2024-05-06T07:08:09.1234567Z' }],
    },
    { query: 'datatable(t:datetime)[datetime(2024-05-06)] | project x = column_ifexists("t", "")', rows: [{ x: '2024-05-06T00:00:00Z' }] },
    { query: 'datatable(p:real)[1.5] | project x = column_ifexists("p", 0)', error: 'column_ifexists() on a real column with a long default' },
  ]);
});

describe('ingestion_time', () => {
  kqlCases([
    // Local data has no ingestion time: null, as Kusto gives for a table without an IngestionTime policy.
    { expr: 'ingestion_time()', expect: null, type: 'datetime' },
    { query: 'datatable(a:long)[1, 2] | extend t = ingestion_time()', rows: [{ a: 1, t: null }, { a: 2, t: null }] },
    { query: 'datatable(a:long)[1, 2] | where ingestion_time() > ago(1d)', rows: [] },
    { query: 'datatable(a:long)[1] | where isnull(ingestion_time())', rows: [{ a: 1 }] },
  ]);
});

describe('gettype', () => {
  kqlCases([
    // The reference's examples.
    { expr: 'gettype("a")', expect: 'string', type: 'string' },
    { expr: 'gettype(111)', expect: 'long' },
    { expr: 'gettype(1==1)', expect: 'bool' },
    { expr: 'gettype(now())', expect: 'datetime' },
    { expr: 'gettype(1s)', expect: 'timespan' },
    { expr: "gettype(parse_json('1'))", expect: 'int' },
    { expr: `gettype(parse_json(' "abc" '))`, expect: 'string' },
    { expr: `gettype(parse_json(' {"abc":1} '))`, expect: 'dictionary' },
    { expr: "gettype(parse_json(' [1, 2, 3] '))", expect: 'array' },
    { expr: 'gettype(123.45)', expect: 'real' },
    { expr: 'gettype(guid(12e8b78d-55b4-46ae-b068-26d7a0080254))', expect: 'guid' },
    { expr: "gettype(parse_json(''))", expect: 'null' },
    // Typed nulls keep their type; dynamic values are typed per value.
    { expr: 'gettype(int(null))', expect: 'int' },
    { expr: 'gettype(decimal(1))', expect: 'decimal' },
    { expr: 'gettype(dynamic(null))', expect: 'null' },
    { expr: 'gettype(dynamic(true))', expect: 'bool' },
    { expr: "gettype(parse_json('3000000000'))", expect: 'long' },
    { expr: "gettype(parse_json('1.5'))", expect: 'real' },
    {
      query: 'datatable(d:dynamic)[dynamic(1), dynamic("s"), dynamic([1]), dynamic({"a":1}), dynamic(null), dynamic(2.5)] | project t = gettype(d)',
      rows: [{ t: 'int' }, { t: 'string' }, { t: 'array' }, { t: 'dictionary' }, { t: 'null' }, { t: 'real' }],
      ordered: true,
    },
  ]);
});
