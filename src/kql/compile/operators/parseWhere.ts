import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { gather, Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { Scope, type CompiledTabular, type Tabular } from '../types.js';
import { checkSchema, parseRows } from './parse.js';
import { compileParsePattern } from './parsePattern.js';

/** parse-where: like parse, keeping only the rows whose string parses. */
export function parseWhere(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const pattern = compileParsePattern(cx, op, new Scope(input.columns), 'parse-where');
  checkSchema(cx, op, input, pattern, output);
  const width = input.columns.length;
  return (env) => {
    const table = input.run(env);
    const matched: number[] = [];
    const parsed = parseRows(pattern, table, env, matched);
    return new Table(output, matched.length, (c) =>
      c < width ? gather(table.column(c), matched, output[c].type) : parsed[c - width],
    );
  };
}
