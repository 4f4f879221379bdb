import type { AggregateCall, CompiledAggregate } from '../../functions/types.js';
import type { KNode } from '../../kusto.js';
import { schemaOf } from '../../syntax.js';
import type { ColumnInfo } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { literalValue } from '../literal.js';
import { compileScalar } from '../scalar.js';
import { Scope, type CompiledTabular } from '../types.js';

/** True when a node calls an aggregation function (count(), make_set(), ...). */
export function isAggregateCall(cx: Compiler, node: KNode): boolean {
  if (!cx.is(node, 'FunctionCallExpression') || !node.ReferencedSymbol) return false;
  const symbol = node.ReferencedSymbol;
  return !!cx.registry.aggregate(symbol) || cx.globals.GetAggregate(symbol.Name) === symbol;
}

/** How many output columns an aggregate call gives (arg_max(x, *) and percentiles() give several). */
export function aggregateWidth(cx: Compiler, call: KNode): number {
  return schemaOf(cx.lib, call.ResultType)?.length ?? 1;
}

/** Compiles one aggregate call of a summarize against its input; `outputs` are its columns. */
export function compileAggregateCall(
  cx: Compiler,
  call: KNode,
  scope: Scope,
  byColumns: ReadonlySet<string>,
  outputs: readonly ColumnInfo[],
): CompiledAggregate {
  const symbol = call.ReferencedSymbol;
  const name = cx.required(call.Name, call, 'name').SimpleName ?? '';
  const impl = symbol ? cx.registry.aggregate(symbol) : undefined;
  if (!impl) throw cx.unsupported(call, `aggregate function '${name}'`);
  const own = schemaOf(cx.lib, call.ResultType);
  const argNodes = cx.elements(cx.required(call.ArgumentList, call, 'arguments').Expressions);
  const aggregateCall: AggregateCall = {
    cx,
    node: call,
    name,
    argNodes,
    arg: (i) => compileScalar(cx, argNodes[i], scope),
    constantArg: (i) => {
      const arg = argNodes[i];
      if (arg && arg.IsLiteral) return literalValue(cx, arg);
      const scalar = compileScalar(cx, arg, scope);
      if (!scalar.constant) throw cx.unsupported(arg, `a non-constant argument to ${name}()`);
      return scalar.constant.value;
    },
    outputs,
    sourceNames: own ? own.map((c) => c.name) : outputs.map((c) => c.name),
    input: scope.columns,
    byColumns,
  };
  return impl.compile(aggregateCall);
}

/**
 * One aggregate function call with one output column, for operators that aggregate outside
 * summarize (top-nested, make-series). The reference also allows arithmetic over aggregates there:
 * not yet.
 */
export function compileSingleAggregate(
  cx: Compiler,
  call: KNode,
  input: CompiledTabular,
  output: ColumnInfo,
  operator: string,
): CompiledAggregate {
  if (!cx.is(call, 'FunctionCallExpression')) {
    throw cx.unsupported(call, `a ${operator} aggregate that is not a single aggregate function call`);
  }
  return compileAggregateCall(cx, call, new Scope(input.columns), new Set(), [output]);
}
