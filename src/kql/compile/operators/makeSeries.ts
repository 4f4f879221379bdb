import type { Accumulator, CompiledAggregate } from '../../functions/types.js';
import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import { nullOf } from '../../values/convert.js';
import { formatDatetime, formatTimespan } from '../../values/datetime.js';
import type { Compiler } from '../compiler.js';
import { KeyMap } from '../keyMap.js';
import { compileScalar } from '../scalar.js';
import { Scope, tableFrame, type CompiledTabular, type Env, type Frame, type Scalar, type Tabular } from '../types.js';
import { compileSingleAggregate } from './aggregateCall.js';

/** The reference caps a series at 2^20 points. */
const MAX_POINTS = 1_048_576;

interface SeriesAggregate {
  readonly aggregate: CompiledAggregate;
  readonly fallback: unknown;
}

/**
 * make-series [kind=nonempty] [Name =] Aggregate [default = D], ... on Axis from Start [to End] step
 * Step [by Keys]: one row per distinct key set; per aggregate an array with one value per step from
 * Start (inclusive) to End (exclusive), aggregated over the rows whose Axis falls in that step
 * (bin_at(Axis, Step, Start)), D (default 0) where no row does; last the array of step starts.
 * Rows outside [Start, End) are ignored. Without `to` each series ends at its last step with data.
 * Datetime steps are held in the arrays as ISO text with seven fraction digits, as Kusto prints
 * them; timespans as their text. Not yet: a missing `from` (Kusto then aligns steps to its own
 * epoch) and `in range(...)`.
 */
export function makeSeries(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const n = op as { OnClause?: KNode | null; RangeClause?: KNode | null };
  let nonEmpty = false;
  for (const p of cx.elements(op.Parameters)) {
    const name = cx.textOf(cx.required(p.Name, p, 'parameter name')).trim();
    const value = cx.textOf(cx.required(p.Expression, p, 'parameter value')).trim();
    if (name === 'kind' && value === 'nonempty') nonEmpty = true;
    else if (!name.startsWith('hint.')) throw cx.unsupported(p, `make-series ${name}=${value}`);
  }
  const scope = new Scope(input.columns);
  const range = cx.required(n.RangeClause, op, 'range');
  if (!cx.is(range, 'MakeSeriesFromToStepClause')) throw cx.unsupported(range, "make-series ... in range(...) (write 'from ... to ... step ...')");
  const r = range as { MakeSeriesFromClause?: KNode | null; MakeSeriesToClause?: KNode | null; MakeSeriesStepClause?: KNode | null };
  if (!r.MakeSeriesFromClause) throw cx.unsupported(range, "make-series without 'from'");
  const bound = (clause: KNode | null | undefined): Scalar | undefined =>
    clause ? compileScalar(cx, cx.required(clause.Expression, clause, 'bound'), new Scope([])) : undefined;
  const from = bound(r.MakeSeriesFromClause)!;
  const to = bound(r.MakeSeriesToClause);
  const step = bound(r.MakeSeriesStepClause);
  if (!step) throw cx.internal(range, 'make-series without step');

  const byNodes = op.ByClause ? cx.elements(op.ByClause.Expressions) : [];
  const keys = byNodes.map((node) => compileScalar(cx, cx.is(node, 'SimpleNamedExpression') ? cx.required(node.Expression, node, 'value') : node, scope));
  const aggregateNodes = cx.elements(op.Aggregates);
  if (output.length !== keys.length + aggregateNodes.length + 1) throw cx.internal(op, 'make-series columns differ from the binder schema');
  const aggregates: SeriesAggregate[] = aggregateNodes.map((item, k) => {
    const expr = cx.required(item.Expression, item, 'aggregate');
    const call = cx.is(expr, 'SimpleNamedExpression') ? cx.required(expr.Expression, expr, 'aggregate') : expr;
    const defaultClause = (item as { DefaultExpression?: KNode | null }).DefaultExpression;
    let fallback: unknown = 0;
    if (defaultClause) {
      const value = compileScalar(cx, cx.required(defaultClause.Expression, defaultClause, 'default'), new Scope([]));
      if (!value.constant) throw cx.unsupported(defaultClause, 'a make-series default that is not a constant');
      fallback = value.constant.value;
    }
    return { aggregate: compileSingleAggregate(cx, call, input, output[keys.length + k], 'make-series'), fallback };
  });
  const axis = compileScalar(cx, cx.required(n.OnClause?.Expression, op, 'on'), scope);
  const axisType = axis.type;
  const point = (value: number): unknown =>
    axisType === 'datetime' ? formatDatetime(value, true) : axisType === 'timespan' ? formatTimespan(value) : value;

  return (env) => {
    const start = constantOf(from, env);
    const end = to ? constantOf(to, env) : undefined;
    const width = constantOf(step, env);
    if (start === null || width === null || (to && end === null)) return new Table(output, 0, () => []);
    if (width <= 0) throw cx.internal(range, 'make-series step must be positive');
    const fixedPoints = end === undefined || end === null ? undefined : Math.max(0, Math.ceil((end - start) / width));
    if ((fixedPoints ?? 0) > MAX_POINTS) throw cx.unsupported(range, `a make-series of ${fixedPoints} points (the limit is ${MAX_POINTS})`);

    const table = input.run(env);
    const frame = tableFrame(table, env);
    const axisOf = axis.bind(frame);
    const keyFns = keys.map((k) => k.bind(frame));
    const series = keyFns.length ? new KeyMap(keyFns) : undefined;
    const seriesRows: number[] = [];
    const cells: Map<number, number>[] = [];
    const cellPoint: number[] = [];
    const accumulators: Accumulator[] = aggregates.map((a) => a.aggregate.bind(frame));
    for (let i = 0; i < table.length; i++) {
      const x = axisOf(i);
      if (typeof x !== 'number' || Number.isNaN(x) || x < start || (fixedPoints !== undefined && x >= end!)) continue;
      const k = Math.floor((x - start) / width);
      if (k >= MAX_POINTS) continue;
      const s = series ? series.add(i) : 0;
      if (s === seriesRows.length) {
        seriesRows.push(i);
        cells.push(new Map());
      }
      let cell = cells[s].get(k);
      if (cell === undefined) {
        cell = cellPoint.length;
        cells[s].set(k, cell);
        cellPoint.push(k);
        for (const a of accumulators) a.addGroup();
      }
      for (const a of accumulators) a.add(cell, i);
    }
    const values = accumulators.map((a) => a.finish(cellPoint.length)[0]);

    const columns: unknown[][] = output.map(() => []);
    const addRow = (row: number | undefined, s: number | undefined) => {
      keyFns.forEach((key, c) => columns[c].push(row === undefined ? nullOf(output[c].type) : key(row)));
      let points = fixedPoints ?? 0;
      if (fixedPoints === undefined && s !== undefined) for (const k of cells[s].keys()) points = Math.max(points, k + 1);
      aggregates.forEach((a, j) => {
        const array = new Array<unknown>(points).fill(a.fallback);
        if (s !== undefined) for (const [k, cell] of cells[s]) array[k] = values[j][cell] ?? null;
        columns[keyFns.length + j].push(array);
      });
      columns[output.length - 1].push(Array.from({ length: points }, (_, k) => point(start + k * width)));
    };
    seriesRows.forEach((row, s) => addRow(row, s));
    if (seriesRows.length === 0 && nonEmpty) addRow(undefined, undefined);
    return Table.fromArrays(output, columns, columns[0].length);
  };
}

function constantOf(scalar: Scalar, env: Env): number | null {
  const frame: Frame = { length: 1, env, column: () => [] };
  const value = scalar.constant ? scalar.constant.value : scalar.bind(frame)(0);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
