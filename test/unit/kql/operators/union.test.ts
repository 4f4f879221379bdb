import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute, KqlError, tableFromRows } from '../../../../src/kql/index.js';
import { kqlCases } from '../../../support/kqlCases.js';

const T = 'let T = datatable(a:string, n:long)["x", 1, "y", 2];';
const U = 'let U = datatable(a:long, b:string)[5, "p", 6, "q"];';

const tables = {
  DeviceProcessEvents: tableFromRows('DeviceProcessEvents', [{ name: 'DeviceName', type: 'string' }, { name: 'Pid', type: 'long' }], [{ DeviceName: 'd1', Pid: 7 }]),
  DeviceFileEvents: tableFromRows('DeviceFileEvents', [{ name: 'DeviceName', type: 'string' }, { name: 'FileName', type: 'string' }], [
    { DeviceName: 'd2', FileName: 'a.exe' },
    { DeviceName: 'd3', FileName: 'b.exe' },
  ]),
  EmailEvents: tableFromRows('EmailEvents', [{ name: 'Subject', type: 'string' }], [{ Subject: 'hi' }]),
};

function layout(kql: string, data = {}): string[] {
  return execute(kql, data, { values: 'json' }).columns.map((c) => `${c.name}:${c.type}`);
}

function failure(kql: string, data = {}): KqlError {
  try {
    execute(kql, data, { values: 'json' });
  } catch (error) {
    assert.ok(error instanceof KqlError, String(error));
    return error;
  }
  assert.fail(`expected ${kql} to fail`);
}

describe('union', () => {
  kqlCases([
    // Rows of every input in input order; a cell an input lacks is its column's null ("" for strings).
    {
      query: `${T}${U} union T, U`,
      ordered: true,
      rows: [
        { a_string: 'x', a_long: null, n: 1, b: '' },
        { a_string: 'y', a_long: null, n: 2, b: '' },
        { a_string: '', a_long: 5, n: null, b: 'p' },
        { a_string: '', a_long: 6, n: null, b: 'q' },
      ],
    },
    { query: `${T} T | union (T | where n > 1) | count`, rows: [{ Count: 3 }] },
    // The KQL reference's examples (union operator page).
    {
      query: 'let View_1 = view () { print x=1 }; let View_2 = view () { print x=toint(2) }; union withsource=TableName View_1, View_2',
      rows: [
        { TableName: 'View_1', x_long: 1, x_int: null },
        { TableName: 'View_2', x_long: null, x_int: 2 },
      ],
    },
    {
      query: `let View_1 = view () { print x=1 };
let View_2 = view () { print x=1 };
let OtherView_1 = view () { print x=1 };
union isfuzzy=true
(View_1 | where x > 0),
(View_2 | where x > 0),
(View_3 | where x > 0)
| count`,
      rows: [{ Count: 2 }],
    },
    { query: `${T} union isfuzzy=true T, Missing | count`, rows: [{ Count: 2 }] },
    // withsource names a let or view by its name, a subquery by the table it reads, anything else union_arg<N>.
    {
      query: `${T} union withsource=S (T | where n == 1), (print x = 3) | project S`,
      ordered: true,
      rows: [{ S: 'T' }, { S: 'union_arg1' }],
    },
    { query: `${T} T | union withsource=S T | distinct S`, rows: [{ S: 'T' }] },
    // kind=inner over inputs with the same columns is the plain union.
    { query: `${T} union kind=inner T, (T | where n == 2) | summarize sum(n)`, rows: [{ sum_n: 5 }] },
    // Empty inputs, nulls and dynamic values pass through unchanged.
    {
      query: 'union (datatable(d:dynamic)[dynamic({"k":[1,2]}), dynamic(null)]), (datatable(d:dynamic)[]) ',
      ordered: true,
      rows: [{ d: { k: [1, 2] } }, { d: null }],
    },
    { query: `${T} union T, (T | take 0) | count`, rows: [{ Count: 2 }] },
  ]);

  it('lays out columns as the binder does: by name, and by type when a name has several', () => {
    assert.deepEqual(layout(`${T}${U} union withsource=Src T, U`), ['Src:string', 'a_string:string', 'a_long:long', 'n:long', 'b:string']);
    assert.deepEqual(layout(`${T} union T, (T | project n, c = 1.5)`), ['a:string', 'n:long', 'c:real']);
  });

  it('a wildcard stands for every table it matches, each with its own source name', () => {
    const r = execute('union withsource=Table Device* | order by Table asc, DeviceName asc', tables, { values: 'json' });
    assert.deepEqual(r.columns.map((c) => c.name), ['Table', 'DeviceName', 'Pid', 'FileName']);
    assert.deepEqual(r.rows, [
      { Table: 'DeviceFileEvents', DeviceName: 'd2', Pid: null, FileName: 'a.exe' },
      { Table: 'DeviceFileEvents', DeviceName: 'd3', Pid: null, FileName: 'b.exe' },
      { Table: 'DeviceProcessEvents', DeviceName: 'd1', Pid: 7, FileName: '' },
    ]);
    assert.deepEqual(execute('EmailEvents | union Device* | count', tables, { values: 'json' }).rows, [{ Count: 4 }]);
  });

  it('refuses kind=inner over differing inputs: the binder lays it out like outer', () => {
    const e = failure(`${T}${U}\nunion kind=inner T, U`);
    assert.equal(e.code, 'LOCAL001');
    assert.match(e.message, /union kind=inner over inputs whose columns differ.*\(line 2, col 1\)/);
  });

  it('refuses a union whose renamed columns Kusto and its binder name differently', () => {
    const e = failure('let View_1 = view () { print x=1 }; let View_3 = view () { print x=toint(2), x_long=3 }; union View_1, View_3');
    assert.equal(e.code, 'LOCAL001');
    assert.match(e.message, /'x_long'/);
  });
});
