import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import type { CompiledTabular, Tabular } from '../types.js';

/** The .NET type Kusto reports for each scalar type (KQL reference, getschema operator). */
const DATA_TYPES: Record<string, string> = {
  string: 'System.String',
  int: 'System.Int32',
  long: 'System.Int64',
  real: 'System.Double',
  decimal: 'System.Data.SqlTypes.SqlDecimal',
  bool: 'System.Boolean',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  guid: 'System.Guid',
  dynamic: 'System.Object',
};

/** T | getschema: one row per input column (its name, ordinal, .NET type and KQL type); T never runs. */
export function getschema(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  if ((op as { KindParameter?: KNode | null }).KindParameter) throw cx.unsupported(op, 'getschema kind=');
  if (output.length !== 4) throw cx.internal(op, 'getschema columns differ from the binder schema');
  const columns = input.columns;
  const data = [
    columns.map((c) => c.name),
    columns.map((_, i) => i),
    columns.map((c) => DATA_TYPES[c.type] ?? 'System.Object'),
    columns.map((c) => c.type),
  ];
  const table = Table.fromArrays(output, data, columns.length);
  return () => table;
}
