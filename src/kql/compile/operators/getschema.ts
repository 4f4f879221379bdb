import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import type { CompiledTabular, Tabular } from '../types.js';

/** The CLR type Kusto reports per column type (bool is stored as a signed byte). */
const DATA_TYPES: Record<string, string> = {
  string: 'System.String',
  int: 'System.Int32',
  long: 'System.Int64',
  real: 'System.Double',
  decimal: 'System.Data.SqlTypes.SqlDecimal',
  bool: 'System.SByte',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  guid: 'System.Guid',
  dynamic: 'System.Object',
};

/**
 * getschema: one row per input column (ColumnName, ColumnOrdinal, DataType, ColumnType). The schema
 * is the binder's, known at compile time, so the input is never run.
 */
export function getschema(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  if ((op as { KindParameter?: KNode | null }).KindParameter) throw cx.unsupported(op, 'getschema kind=');
  const names = ['ColumnName', 'ColumnOrdinal', 'DataType', 'ColumnType'];
  if (output.length !== names.length || output.some((c, i) => c.name !== names[i])) throw cx.internal(op, 'getschema columns differ from the binder schema');
  const data: unknown[][] = [
    input.columns.map((c) => c.name),
    input.columns.map((_, i) => i),
    input.columns.map((c) => {
      const clr = DATA_TYPES[c.type];
      if (!clr) throw cx.internal(op, `no CLR type for column type '${c.type}'`);
      return clr;
    }),
    input.columns.map((c) => c.type),
  ];
  // Fresh arrays per run: a later operator may own the columns it is handed.
  return () => Table.fromArrays(output, data.map((c) => c.slice()), input.columns.length);
}
