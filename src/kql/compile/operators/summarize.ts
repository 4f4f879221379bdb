import type { Accumulator, CompiledAggregate } from '../../functions/types.js';
import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { KeyMap } from '../keyMap.js';
import { compileScalar } from '../scalar.js';
import { materialize, Scope, tableFrame, type CompiledTabular, type Scalar, type Tabular } from '../types.js';
import { aggregateWidth, compileAggregateCall, isAggregateCall } from './aggregateCall.js';
import { compileAggregateExpression } from './aggregateExpression.js';

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
  // Each item gives `width` output columns: an aggregate's own, or one expression over aggregates.
  const items: { aggregates: CompiledAggregate[]; result: Scalar | null }[] = cx.elements(op.Aggregates).map((item) => {
    const named = cx.is(item, 'SimpleNamedExpression') || cx.is(item, 'CompoundNamedExpression');
    const call = named ? cx.required(item.Expression, item, 'aggregate') : item;
    if (!isAggregateCall(cx, call)) {
      const { aggregates, result } = compileAggregateExpression(cx, call, scope, byColumns);
      next += 1;
      return { aggregates, result };
    }
    const width = aggregateWidth(cx, call);
    const outputs = output.slice(next, next + width);
    next += width;
    return { aggregates: [compileAggregateCall(cx, call, scope, byColumns, outputs)], result: null };
  });
  if (next !== output.length) throw cx.internal(op, 'summarize columns differ from the binder schema');
  const aggregates = items.flatMap((item) => item.aggregates);

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
    const finished = accumulators.map((a) => a.finish(groups));
    const columns: unknown[][] = [...keyColumns];
    let at = 0;
    for (const item of items) {
      const own = finished.slice(at, at + item.aggregates.length);
      at += item.aggregates.length;
      if (!item.result) columns.push(...own[0]);
      else columns.push(materialize(item.result, { length: groups, env, column: (slot) => own[slot][0] }));
    }
    return Table.fromArrays(output, columns, groups);
  };
}

function hasBinClause(byClause: KNode): boolean {
  const bin = (byClause as { BinClause?: KNode | null }).BinClause;
  return !!bin;
}
