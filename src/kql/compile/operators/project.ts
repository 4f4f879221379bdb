import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { compileScalar } from '../scalar.js';
import { materialize, Scope, tableFrame, type CompiledTabular, type Scalar, type Tabular } from '../types.js';

/** project: one output column per item, in order; plain column references are not copied. */
export function project(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const scope = new Scope(input.columns);
  const items: Scalar[] = cx.elements(op.Expressions).map((expr) => {
    if (cx.is(expr, 'CompoundNamedExpression')) throw cx.unsupported(expr, 'project (a, b) = ...');
    const value = cx.is(expr, 'SimpleNamedExpression') ? cx.required(expr.Expression, expr, 'value') : expr;
    return compileScalar(cx, value, scope);
  });
  if (items.length !== output.length) throw cx.internal(op, 'project columns differ from the binder schema');

  return (env) => {
    const table = input.run(env);
    const frame = tableFrame(table, env);
    return new Table(
      output,
      table.length,
      (c) => {
        const item = items[c];
        return item.slot !== undefined ? table.column(item.slot) : materialize(item, frame);
      },
      (c) => {
        const slot = items[c].slot;
        return slot !== undefined ? { table, column: slot, rows: null } : undefined;
      },
      (c) => {
        const item = items[c];
        return item.slot === undefined && !item.constant ? { value: item.bind(frame), piece: item.bindPiece?.(frame) } : undefined;
      },
    );
  };
}
