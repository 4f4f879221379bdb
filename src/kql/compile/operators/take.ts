import type { KNode } from '../../kusto.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { compileScalar } from '../scalar.js';
import { Scope, type CompiledTabular, type Env, type Tabular } from '../types.js';

/** A row-count argument (take N, top N): a constant, a scalar let, or now()-based arithmetic. */
export function countArgument(cx: Compiler, node: KNode): (env: Env) => number {
  const scalar = compileScalar(cx, node, new Scope([]));
  const read = (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw cx.internal(node, 'row count must be a non-negative number');
    return Math.floor(value);
  };
  if (scalar.constant) {
    const n = read(scalar.constant.value);
    return () => n;
  }
  return (env) => read(scalar.bind({ length: 1, env, column: () => [] })(0));
}

export function firstRows(table: Table, n: number): Table {
  if (n >= table.length) return table;
  return new Table(table.columns, n, (c) => table.column(c).slice(0, n));
}

/** take / limit: the first N rows in the input's order. */
export function take(cx: Compiler, op: KNode, input: CompiledTabular): Tabular {
  const limit = countArgument(cx, cx.required(op.Expression, op, 'count'));
  return (env) => firstRows(input.run(env), limit(env));
}
