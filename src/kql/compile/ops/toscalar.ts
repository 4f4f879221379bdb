import type { KNode } from '../../kusto.js';
import { fromInput, toOutput } from '../../values/convert.js';
import { runOnce } from '../cache.js';
import type { Compiler } from '../compiler.js';
import type { Scalar } from '../types.js';

/**
 * toscalar(tabular): the first column of the first row, computed once per execution (null of the
 * result type when there are no rows). The subquery cannot see the current row, so every row of
 * the caller gets the same value.
 */
export function toscalar(cx: Compiler, node: KNode, type: string): Scalar {
  const kind = (node as { KindParameter?: KNode | null }).KindParameter;
  if (kind) throw cx.unsupported(kind, 'toscalar(kind=...)');
  const inner = cx.tabular(cx.required(node.Expression, node, 'subquery'));
  if (inner.columns.length === 0) throw cx.internal(node, 'toscalar over a table without columns');
  const columnType = inner.columns[0].type;
  const run = runOnce(cx, inner);
  const empty = fromInput(undefined, type);
  return {
    type,
    rowFree: true,
    bind: (frame) => {
      const table = run(frame.env);
      let value = table.length > 0 ? table.column(0)[0] : empty;
      // The binder may type the result wider than the column (e.g. an int column read as long).
      if (table.length > 0 && columnType !== type) value = fromInput(toOutput(value, columnType), type);
      return () => value;
    },
  };
}
