import type { KNode } from '../kusto.js';
import type { Compiler } from './compiler.js';
import { compileScalar } from './scalar.js';
import { compileTabular } from './tabular.js';
import { Scope, type CompiledTabular } from './types.js';

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

function compileLet(cx: Compiler, statement: KNode): void {
  const nameNode = cx.required(statement.Name, statement, 'name');
  const symbol = nameNode.ReferencedSymbol;
  const expr = cx.required(statement.Expression, statement, 'value');
  if (!symbol) throw cx.internal(statement, 'let without a symbol');
  if (cx.is(expr, 'FunctionDeclaration')) throw cx.unsupported(statement, 'let with a function declaration');
  if (expr.ResultType?.IsTabular) cx.tabularLets.set(symbol, compileTabular(cx, expr));
  else cx.scalarLets.set(symbol, compileScalar(cx, expr, new Scope([])));
}
