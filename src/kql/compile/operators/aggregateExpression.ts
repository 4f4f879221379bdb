import type { CompiledAggregate } from '../../functions/types.js';
import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { compileScalar, typeOf } from '../scalar.js';
import { Scope, type Scalar } from '../types.js';
import { aggregateWidth, compileAggregateCall, isAggregateCall } from './aggregateCall.js';

/** The aggregate calls inside an expression, outermost only (an aggregate cannot nest another). */
function aggregateCalls(cx: Compiler, node: KNode, found: KNode[]): KNode[] {
  if (node.IsToken) return found;
  if (isAggregateCall(cx, node)) {
    found.push(node);
    return found;
  }
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i);
    if (child) aggregateCalls(cx, child, found);
  }
  return found;
}

/**
 * `summarize x = count() * 2, tostring(make_set(a))`: each aggregate inside the expression is
 * computed per group as a hidden column, then the expression is evaluated once per group over
 * those columns (the binder allows no other column there).
 */
export function compileAggregateExpression(
  cx: Compiler,
  expr: KNode,
  scope: Scope,
  byColumns: ReadonlySet<string>,
): { aggregates: CompiledAggregate[]; result: Scalar } {
  const calls = aggregateCalls(cx, expr, []);
  const hidden: ColumnInfo[] = calls.map((call, k) => {
    if (aggregateWidth(cx, call) !== 1) throw cx.unsupported(call, 'an aggregate of several columns inside an expression');
    return { name: `\u0000aggregate${k}`, type: typeOf(call) };
  });
  const aggregates = calls.map((call, k) => compileAggregateCall(cx, call, scope, byColumns, [hidden[k]]));
  const previous = cx.aggregateSlots;
  cx.aggregateSlots = new Map(calls.map((call, k) => [call, k]));
  try {
    return { aggregates, result: compileScalar(cx, expr, new Scope(hidden)) };
  } finally {
    cx.aggregateSlots = previous;
  }
}
