import type { CompiledAggregate } from '../../functions/types.js';
import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import { nullOf } from '../../values/convert.js';
import type { Compiler } from '../compiler.js';
import { KeyMap } from '../keyMap.js';
import { compileScalar } from '../scalar.js';
import { Scope, tableFrame, type CompiledTabular, type Env, type Frame, type RowFn, type Scalar, type Tabular } from '../types.js';
import { compileSingleAggregate } from './aggregateCall.js';
import { countArgument } from './take.js';

interface Level {
  readonly key: Scalar;
  readonly aggregate: CompiledAggregate;
  readonly limit: ((env: Env) => number) | undefined;
  readonly descending: boolean;
  /** `with others = value`: one more row per level for the groups left out. */
  readonly others: { readonly value: unknown } | undefined;
}

/**
 * top-nested [N] of Expr [with others = C] by Aggregate [asc|desc], ...: the input is grouped by
 * the first level's Expr, the groups ranked by their aggregate (desc by default) and the first N
 * kept; each kept group is split the same way by the next level. Two columns per level (value,
 * aggregate), as the binder names them. An others row aggregates every row of the groups left
 * out and has nulls in the deeper levels' columns (the reference's example).
 */
export function topNested(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const scope = new Scope(input.columns);
  const clauses = cx.elements((op as { Clauses?: KNode | null }).Clauses);
  if (output.length !== clauses.length * 2) throw cx.internal(op, 'top-nested columns differ from the binder schema');
  const levels: Level[] = clauses.map((clause, k) => {
    const c = clause as { Expression?: KNode | null; OfExpression?: KNode | null; WithOthersClause?: KNode | null; ByExpression?: KNode | null };
    const of = unnamed(cx, cx.required(c.OfExpression, clause, 'of expression'));
    let by = cx.required(c.ByExpression, clause, 'by aggregate');
    let descending = true;
    if (cx.is(by, 'OrderedExpression')) {
      descending = by.Ordering?.AscOrDescKeyword?.Text?.toLowerCase() !== 'asc';
      if (by.Ordering?.NullsClause) throw cx.unsupported(by.Ordering, 'top-nested ... nulls first/last');
      by = cx.required(by.Expression, by, 'aggregate');
    }
    const othersNode = c.WithOthersClause ? cx.required(c.WithOthersClause.Expression, c.WithOthersClause, 'others value') : undefined;
    const others = othersNode ? compileScalar(cx, othersNode, new Scope([])) : undefined;
    if (others && !others.constant) throw cx.unsupported(othersNode!, 'a top-nested others value that is not a constant');
    return {
      key: compileScalar(cx, of, scope),
      aggregate: compileSingleAggregate(cx, unnamed(cx, by), input, output[2 * k + 1], 'top-nested'),
      limit: c.Expression ? countArgument(cx, c.Expression) : undefined,
      descending,
      others: others ? { value: others.constant!.value } : undefined,
    };
  });

  return (env) => {
    const table = input.run(env);
    const frame = tableFrame(table, env);
    const keys = levels.map((level) => level.key.bind(frame));
    const columns: unknown[][] = output.map(() => []);
    const prefix: unknown[] = [];
    const emit = (depth: number, rows: number[]): void => {
      const level = levels[depth];
      const groups = groupRows(keys[depth], rows);
      const values = aggregateGroups(level.aggregate, frame, groups.map((g) => g.rows));
      const order = groups.map((_, g) => g).sort((a, b) => compareRanks(values[a], values[b], level.descending));
      const n = level.limit ? Math.min(level.limit(env), order.length) : order.length;
      for (let r = 0; r < n; r++) {
        const g = order[r];
        prefix[2 * depth] = groups[g].key;
        prefix[2 * depth + 1] = values[g];
        if (depth + 1 < levels.length) emit(depth + 1, groups[g].rows);
        else prefix.forEach((v, c) => columns[c].push(v));
      }
      if (level.others && n < order.length) {
        const rest = order.slice(n).flatMap((g) => groups[g].rows);
        columns[2 * depth].push(level.others.value);
        columns[2 * depth + 1].push(aggregateGroups(level.aggregate, frame, [rest])[0]);
        for (let c = 0; c < 2 * depth; c++) columns[c].push(prefix[c]);
        for (let c = 2 * depth + 2; c < output.length; c++) columns[c].push(nullOf(output[c].type));
      }
    };
    emit(0, Array.from({ length: table.length }, (_, i) => i));
    return Table.fromArrays(output, columns, columns[0].length);
  };
}

function unnamed(cx: Compiler, node: KNode): KNode {
  return cx.is(node, 'SimpleNamedExpression') ? cx.required(node.Expression, node, 'value') : node;
}

/** Rows by key, groups in first-seen order. */
function groupRows(key: RowFn, rows: number[]): { key: unknown; rows: number[] }[] {
  const index = new KeyMap([key]);
  const groups: { key: unknown; rows: number[] }[] = [];
  for (const row of rows) {
    const g = index.add(row);
    if (g === groups.length) groups.push({ key: key(row), rows: [] });
    groups[g].rows.push(row);
  }
  return groups;
}

function aggregateGroups(aggregate: CompiledAggregate, frame: Frame, groups: number[][]): unknown[] {
  const accumulator = aggregate.bind(frame);
  groups.forEach((rows, g) => {
    accumulator.addGroup();
    for (const row of rows) accumulator.add(g, row);
  });
  return accumulator.finish(groups.length)[0];
}

/** Rank order of two aggregate values; nulls rank last either way. */
function compareRanks(a: unknown, b: unknown, descending: boolean): number {
  const aNull = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
  const bNull = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1;
  const c = (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  return descending ? -c : c;
}
