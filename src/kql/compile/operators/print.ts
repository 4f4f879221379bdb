import type { KNode } from '../../kusto.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { compileScalar } from '../scalar.js';
import { materialize, Scope, type CompiledTabular, type Frame } from '../types.js';

/** print a = expr, expr, ...: one row; the binder names unnamed columns (print_0, ...). */
export function print(cx: Compiler, node: KNode): CompiledTabular {
  const columns = cx.schema(node);
  const scalars = cx.elements(node.Expressions).map((expr) =>
    compileScalar(cx, cx.is(expr, 'SimpleNamedExpression') ? cx.required(expr.Expression, expr, 'value') : expr, new Scope([])),
  );
  if (scalars.length !== columns.length) throw cx.internal(node, 'print columns differ from the binder schema');
  return {
    columns,
    node,
    run: (env) => {
      const frame: Frame = { length: 1, env, column: () => [] };
      return new Table(columns, 1, (c) => materialize(scalars[c], frame));
    },
  };
}
