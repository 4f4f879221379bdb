import type { AggregateCall, CompiledAggregate } from '../../functions/types.js';
import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { literalValue } from '../literal.js';
import { compileScalar } from '../scalar.js';
import { Scope, type CompiledTabular } from '../types.js';

/**
 * One aggregate function call with one output column, for operators that aggregate outside
 * summarize (top-nested, make-series). The reference also allows arithmetic over aggregates there:
 * not yet.
 */
export function compileAggregateCall(cx: Compiler, call: KNode, input: CompiledTabular, output: ColumnInfo, operator: string): CompiledAggregate {
  if (!cx.is(call, 'FunctionCallExpression')) throw cx.unsupported(call, `a ${operator} aggregate that is not a single aggregate function call`);
  const name = cx.required(call.Name, call, 'name').SimpleName ?? '';
  const impl = call.ReferencedSymbol ? cx.registry.aggregate(call.ReferencedSymbol) : undefined;
  if (!impl) throw cx.unsupported(call, `aggregate function '${name}'`);
  const scope = new Scope(input.columns);
  const argNodes = cx.elements(cx.required(call.ArgumentList, call, 'arguments').Expressions);
  const aggregateCall: AggregateCall = {
    cx,
    node: call,
    name,
    argNodes,
    arg: (i) => compileScalar(cx, argNodes[i], scope),
    constantArg: (i) => {
      const arg = argNodes[i];
      if (arg.IsLiteral) return literalValue(cx, arg);
      const scalar = compileScalar(cx, arg, scope);
      if (!scalar.constant) throw cx.unsupported(arg, `a non-constant argument to ${name}()`);
      return scalar.constant.value;
    },
    outputs: [output],
    sourceNames: [output.name],
    input: input.columns,
    byColumns: new Set(),
  };
  return impl.compile(aggregateCall);
}
