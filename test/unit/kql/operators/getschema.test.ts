import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('getschema', () => {
  kqlCases([
    {
      query: `datatable(s:string, i:int, l:long, r:real, b:bool, t:datetime, ts:timespan, g:guid, d:dynamic, m:decimal)[] | getschema`,
      rows: [
        { ColumnName: 's', ColumnOrdinal: 0, DataType: 'System.String', ColumnType: 'string' },
        { ColumnName: 'i', ColumnOrdinal: 1, DataType: 'System.Int32', ColumnType: 'int' },
        { ColumnName: 'l', ColumnOrdinal: 2, DataType: 'System.Int64', ColumnType: 'long' },
        { ColumnName: 'r', ColumnOrdinal: 3, DataType: 'System.Double', ColumnType: 'real' },
        { ColumnName: 'b', ColumnOrdinal: 4, DataType: 'System.SByte', ColumnType: 'bool' },
        { ColumnName: 't', ColumnOrdinal: 5, DataType: 'System.DateTime', ColumnType: 'datetime' },
        { ColumnName: 'ts', ColumnOrdinal: 6, DataType: 'System.TimeSpan', ColumnType: 'timespan' },
        { ColumnName: 'g', ColumnOrdinal: 7, DataType: 'System.Guid', ColumnType: 'guid' },
        { ColumnName: 'd', ColumnOrdinal: 8, DataType: 'System.Object', ColumnType: 'dynamic' },
        { ColumnName: 'm', ColumnOrdinal: 9, DataType: 'System.Data.SqlTypes.SqlDecimal', ColumnType: 'decimal' },
      ],
      ordered: true,
    },
    // The schema after operators, and a result that later operators use like any table.
    {
      query: 'datatable(a:string, b:long)["x", 1] | extend c = b * 2 | project-away a | getschema | where ColumnType == "long" | project ColumnName, ColumnOrdinal',
      rows: [{ ColumnName: 'b', ColumnOrdinal: 0 }, { ColumnName: 'c', ColumnOrdinal: 1 }],
      ordered: true,
    },
    { query: 'print x = 1 | getschema | getschema | count', rows: [{ Count: 4 }] },
  ]);
});
