import type { KNode } from '../../kusto.js';
import type { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { compileScalar } from '../scalar.js';
import { materialize, Scope, tableFrame, type CompiledTabular, type Env, type Scalar, type Tabular } from '../types.js';
import { RADIX_FROM, radixOrder } from '../radixOrder.js';
import { countArgument, firstRows } from './take.js';

interface SortKey {
  scalar: Scalar;
  descending: boolean;
  nullsFirst: boolean;
}

/** `expr [asc|desc] [nulls first|last]`; KQL defaults: desc, and nulls last for desc / first for asc. */
export function sortKey(cx: Compiler, node: KNode, scope: Scope): SortKey {
  let expr = node;
  let descending = true;
  let nullsFirst: boolean | undefined;
  if (cx.is(node, 'OrderedExpression')) {
    expr = cx.required(node.Expression, node, 'expression');
    const ordering = node.Ordering;
    const direction = ordering?.AscOrDescKeyword?.Text?.toLowerCase();
    if (direction === 'asc') descending = false;
    const nulls = ordering?.NullsClause?.FirstOrLastKeyword?.Text?.toLowerCase();
    if (nulls) nullsFirst = nulls === 'first';
  }
  return { scalar: compileScalar(cx, expr, scope), descending, nullsFirst: nullsFirst ?? !descending };
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Row order by the keys; stable, so equal keys keep their input order. */
export function sortedOrder(table: Table, keys: SortKey[], env: Env): ArrayLike<number> {
  const frame = tableFrame(table, env);
  const columns = keys.map((k) => materialize(k.scalar, frame));
  if (keys.length === 1 && table.length >= RADIX_FROM) {
    const byRadix = radixOrder(columns[0], keys[0].descending, keys[0].nullsFirst);
    if (byRadix) return byRadix;
  }
  const order = Array.from({ length: table.length }, (_, i) => i);
  order.sort((x, y) => {
    for (let k = 0; k < keys.length; k++) {
      const a = columns[k][x];
      const b = columns[k][y];
      const aNull = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
      const bNull = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
      if (aNull || bNull) {
        if (aNull && bNull) continue;
        return aNull === keys[k].nullsFirst ? -1 : 1;
      }
      const c = compareValues(a, b);
      if (c !== 0) return keys[k].descending ? -c : c;
    }
    return 0;
  });
  return order;
}

/** sort by / order by */
export function sort(cx: Compiler, op: KNode, input: CompiledTabular): Tabular {
  const scope = new Scope(input.columns);
  const keys = cx.elements(op.Expressions).map((e) => sortKey(cx, e, scope));
  return (env) => {
    const table = input.run(env);
    return table.select(sortedOrder(table, keys, env));
  };
}

/** top N by expr: sort, then the first N. */
export function top(cx: Compiler, op: KNode, input: CompiledTabular): Tabular {
  const limit = countArgument(cx, cx.required(op.Expression, op, 'count'));
  const key = sortKey(cx, cx.required(op.ByExpression, op, 'by'), new Scope(input.columns));
  return (env) => {
    const table = input.run(env);
    return firstRows(table.select(sortedOrder(table, [key], env)), limit(env));
  };
}
