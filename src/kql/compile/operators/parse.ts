import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import { nullOf } from '../../values/convert.js';
import type { Compiler } from '../compiler.js';
import { Scope, tableFrame, type CompiledTabular, type Env, type Tabular } from '../types.js';
import { compileParsePattern, type ParsePattern } from './parsePattern.js';

/** parse: the input extended by the pattern's columns; a string that does not parse gives nulls. */
export function parse(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const pattern = compileParsePattern(cx, op, new Scope(input.columns), 'parse');
  checkSchema(cx, op, input, pattern, output);
  const width = input.columns.length;
  return (env) => {
    const table = input.run(env);
    const parsed = parseRows(pattern, table, env, null);
    return new Table(output, table.length, (c) => (c < width ? table.column(c) : parsed[c - width]));
  };
}

export function checkSchema(cx: Compiler, op: KNode, input: CompiledTabular, pattern: ParsePattern, output: ColumnInfo[]): void {
  const columns = [...input.columns, ...pattern.columns];
  if (columns.length !== output.length || columns.some((c, i) => c.name !== output[i].name)) {
    throw cx.internal(op, `${cx.operatorName(op)} columns differ from the binder schema`);
  }
}

/**
 * The pattern's columns for rows `rows` of the table (all rows when null); a row that does not
 * parse holds typed nulls, and `matched` (when given) collects the rows that did.
 */
export function parseRows(pattern: ParsePattern, table: Table, env: Env, matched: number[] | null): unknown[][] {
  const text = pattern.source.bind(tableFrame(table, env));
  const { columns } = pattern;
  const out = columns.map(() => [] as unknown[]);
  for (let i = 0; i < table.length; i++) {
    const values = pattern.match(text(i) as string);
    if (values) {
      matched?.push(i);
      for (let c = 0; c < columns.length; c++) out[c].push(values[c]);
    } else if (!matched) {
      for (let c = 0; c < columns.length; c++) out[c].push(nullOf(columns[c].type));
    }
  }
  return out;
}
