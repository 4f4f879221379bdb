import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import type { CompiledTabular, Tabular } from '../types.js';

/**
 * project-away / project-keep / project-reorder: the binder already resolved wildcards and order,
 * so each output column is an input column of the same name.
 */
export function projectByName(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const sources = output.map((c) => {
    const index = input.columns.findIndex((i) => i.name === c.name);
    if (index < 0) throw cx.internal(op, `column '${c.name}' is not in the input`);
    return index;
  });
  return (env) => {
    const table = input.run(env);
    return new Table(output, table.length, (c) => table.column(sources[c]), (c) => ({ table, column: sources[c], rows: null }));
  };
}

/** project-rename New = Old, ...: output columns in input order, renamed ones read the old name. */
export function projectRename(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const renamed = new Map<string, string>();
  for (const expr of cx.elements(op.Expressions)) {
    if (!cx.is(expr, 'SimpleNamedExpression')) throw cx.unsupported(expr, 'this project-rename form');
    const to = cx.required(expr.Name, expr, 'name').SimpleName ?? '';
    const from = cx.required(expr.Expression, expr, 'column');
    renamed.set(to, from.ReferencedSymbol?.Name ?? cx.textOf(from));
  }
  const sources = output.map((c) => {
    const index = input.columns.findIndex((i) => i.name === (renamed.get(c.name) ?? c.name));
    if (index < 0) throw cx.internal(op, `column '${c.name}' is not in the input`);
    return index;
  });
  return (env) => {
    const table = input.run(env);
    return new Table(output, table.length, (c) => table.column(sources[c]), (c) => ({ table, column: sources[c], rows: null }));
  };
}
