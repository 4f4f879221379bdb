import type { KNode } from '../kusto.js';
import type { Compiler } from './compiler.js';
import { compileLet } from './let.js';
import { compileTabular } from './tabular.js';
import type { CompiledTabular } from './types.js';

/** A query block: `let` statements (tabular or scalar) and exactly one tabular result statement. */
export function compileQuery(cx: Compiler, root: KNode): CompiledTabular {
  if (!cx.is(root, 'QueryBlock')) throw cx.unsupported(root, `'${cx.kindName(root)}'`);
  let result: CompiledTabular | undefined;
  for (const statement of cx.elements(root.Statements)) {
    if (cx.is(statement, 'LetStatement')) {
      compileLet(cx, statement);
    } else if (cx.is(statement, 'ExpressionStatement')) {
      if (result) throw cx.unsupported(statement, 'more than one result statement');
      const expr = cx.required(statement.Expression, statement, 'expression');
      if (!expr.ResultType?.IsTabular) throw cx.unsupported(expr, 'a scalar query result');
      result = compileTabular(cx, expr);
    } else {
      throw cx.unsupported(statement, `statement '${cx.operatorName(statement)}'`);
    }
  }
  if (!result) throw cx.unsupported(root, 'a query without a result statement');
  return result;
}
