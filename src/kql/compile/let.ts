import type { KNode } from '../kusto.js';
import { runOnce } from './cache.js';
import type { Compiler } from './compiler.js';
import { Scope } from './types.js';

/**
 * `let name = value`. A tabular value runs at most once per execution however often it is named.
 * A function or view is compiled where it is called (the binder expands its body per call site);
 * here only its declared body is recorded, for positions. `scope` is the row scope scalar values
 * see: none at the top level, the caller's inside a scalar function's body.
 */
export function compileLet(cx: Compiler, statement: KNode, scope: Scope = new Scope([])): void {
  const nameNode = cx.required(statement.Name, statement, 'name');
  const symbol = nameNode.ReferencedSymbol;
  const expr = cx.required(statement.Expression, statement, 'value');
  if (!symbol) throw cx.internal(statement, 'let without a symbol');
  if (cx.is(expr, 'FunctionDeclaration')) {
    const body = (expr as { Body?: KNode | null }).Body;
    if (body) cx.functionBodies.set(symbol, body);
    return;
  }
  if (expr.ResultType?.IsTabular) {
    const compiled = cx.tabular(expr);
    cx.tabularLets.set(symbol, { columns: compiled.columns, node: compiled.node, run: runOnce(cx, compiled) });
  } else {
    const scalar = cx.scalar(expr, scope);
    // Without columns in scope the value cannot depend on a row (`in (list)` builds its set once).
    cx.scalarLets.set(symbol, scope.columns.length === 0 && !scalar.constant ? { ...scalar, rowFree: true } : scalar);
  }
}

/** Compiles the `let` statements of an expanded function body; returns its result expression. */
export function compileFunctionBody(cx: Compiler, body: KNode, scope: Scope): KNode {
  if (!cx.is(body, 'FunctionBody')) return body;
  for (const statement of cx.elements(body.Statements)) {
    if (cx.is(statement, 'LetStatement')) compileLet(cx, statement, scope);
    else throw cx.unsupported(statement, `statement '${cx.operatorName(statement)}' in a function body`);
  }
  return cx.required(body.Expression, body, 'function result');
}
