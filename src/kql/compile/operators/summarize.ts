import type { AggregateCall, Accumulator, CompiledAggregate } from '../../functions/types.js';
import type { KNode } from '../../kusto.js';
import { schemaOf } from '../../syntax.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { KeyMap } from '../keyMap.js';
import { compileScalar } from '../scalar.js';
import { literalValue } from '../literal.js';
import { Scope, tableFrame, type CompiledTabular, type Scalar, type Tabular } from '../types.js';

/**
 * summarize aggs by keys: one hash pass assigning group ids in first-seen order; each aggregate
 * keeps per-group state arrays. Output columns: keys, then each aggregate's column(s), as the
 * binder laid them out. Without `by` there is exactly one group, even over no rows.
 */
export function summarize(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const scope = new Scope(input.columns);
  const byNodes = op.ByClause ? cx.elements(op.ByClause.Expressions) : [];
  if (op.ByClause?.Expressions && cx.is(op.ByClause, 'SummarizeByClause') && hasBinClause(op.ByClause)) {
    throw cx.unsupported(op.ByClause, 'summarize ... by ..., bin=');
  }
  const keys: Scalar[] = byNodes.map((node) => {
    if (cx.is(node, 'CompoundNamedExpression')) throw cx.unsupported(node, 'by (a, b) = ...');
    const value = cx.is(node, 'SimpleNamedExpression') ? cx.required(node.Expression, node, 'value') : node;
    return compileScalar(cx, value, scope);
  });
  const byColumns = new Set<string>();
  for (const node of byNodes) if (cx.is(node, 'NameReference') && node.ReferencedSymbol) byColumns.add(node.ReferencedSymbol.Name);

  let next = keys.length;
  const aggregates: CompiledAggregate[] = cx.elements(op.Aggregates).map((item) => {
    // `(a, b) = arg_max(x, y)` only renames the aggregate's columns: the binder's output carries the names.
    const named = cx.is(item, 'SimpleNamedExpression') || cx.is(item, 'CompoundNamedExpression');
    const call = named ? cx.required(item.Expression, item, 'aggregate') : item;
    if (!cx.is(call, 'FunctionCallExpression')) throw cx.unsupported(call, 'an expression over aggregates');
    const symbol = call.ReferencedSymbol;
    const name = cx.required(call.Name, call, 'name').SimpleName ?? '';
    const impl = symbol ? cx.registry.aggregate(symbol) : undefined;
    if (!impl) throw cx.unsupported(call, `aggregate function '${name}'`);
    const own = schemaOf(cx.lib, call.ResultType);
    const width = own ? own.length : 1;
    const outputs = output.slice(next, next + width);
    next += width;
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
      input: input.columns,
      byColumns,
    };
    return impl.compile(aggregateCall);
  });
  if (next !== output.length) throw cx.internal(op, 'summarize columns differ from the binder schema');

  return (env) => {
    const table = input.run(env);
    const frame = tableFrame(table, env);
    const accumulators: Accumulator[] = aggregates.map((a) => a.bind(frame));
    const keyFns = keys.map((k) => k.bind(frame));
    const keyColumns: unknown[][] = keys.map(() => []);
    let groups = 0;
    const newGroup = (row: number) => {
      for (let k = 0; k < keyFns.length; k++) keyColumns[k].push(keyFns[k](row));
      for (const a of accumulators) a.addGroup();
      groups++;
    };
    if (keyFns.length === 0) {
      newGroup(-1);
      for (let i = 0; i < table.length; i++) for (const a of accumulators) a.add(0, i);
    } else {
      const index = new KeyMap(keyFns);
      for (let i = 0; i < table.length; i++) {
        const g = index.add(i);
        if (g === groups) newGroup(i);
        for (const a of accumulators) a.add(g, i);
      }
    }
    const columns = [...keyColumns, ...accumulators.flatMap((a) => a.finish(groups))];
    return Table.fromArrays(output, columns, groups);
  };
}

function hasBinClause(byClause: KNode): boolean {
  const bin = (byClause as { BinClause?: KNode | null }).BinClause;
  return !!bin;
}
