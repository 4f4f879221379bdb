import { toKqlString } from '../../values/convert.js';
import { runOnce } from '../cache.js';
import type { Compiler } from '../compiler.js';
import type { CompiledTabular, Frame, Scalar } from '../types.js';

/** Takes one value of a list, with its type; `fromSubquery` when it is a row of a subquery's first column. */
export type ListValue = (value: unknown, type: string, fromSubquery: boolean) => void;

/**
 * The values of an `in` or `has_any` list that do not depend on the row: each item's (a constant,
 * toscalar(), a top-level let), then every row of each subquery's first column, the subqueries run
 * once per execution.
 */
export function rowFreeListValues(cx: Compiler, items: Scalar[], tables: CompiledTabular[]): (frame: Frame, take: ListValue) => void {
  const runs = tables.map((t) => ({ run: runOnce(cx, t), type: t.columns[0]?.type ?? 'dynamic' }));
  return (frame, take) => {
    for (const item of items) take(item.constant ? item.constant.value : item.bind(frame)(0), item.type, false);
    for (const { run, type } of runs) {
      const table = run(frame.env);
      if (table.columns.length === 0) continue;
      const values = table.column(0);
      for (let i = 0; i < table.length; i++) take(values[i], type, true);
    }
  };
}

/**
 * `x in (T | project c)`, `x !in (L)`, `x in (toscalar(...))`, `in~`: the values of the subqueries'
 * first columns and of the row-free items (constants, toscalar(), top-level lets; dynamic arrays
 * contribute their elements) form one set per execution, probed once per row. As with constant
 * lists, a null left side is never `in` (and always `!in`) unless the comparison ignores case.
 */
export function inSubquery(cx: Compiler, left: Scalar, tables: CompiledTabular[], items: Scalar[], ignoreCase: boolean, negate: boolean): Scalar {
  const values = rowFreeListValues(cx, items, tables);
  const norm = ignoreCase
    ? (v: unknown, type: string) => toKqlString(v, type).toLowerCase()
    : (v: unknown) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v);
  const add = (set: Set<unknown>, v: unknown, type: string) => {
    if (Array.isArray(v)) for (const e of v) set.add(norm(e, typeof e === 'string' ? 'string' : 'dynamic'));
    else set.add(norm(v, type));
  };
  const leftType = left.type;
  return {
    type: 'bool',
    bind: (frame) => {
      const set = new Set<unknown>();
      // A subquery's dynamic arrays count as values; an item's are lists of values.
      values(frame, (v, type, fromSubquery) => (fromSubquery ? set.add(norm(v, type)) : add(set, v, type)));
      const f = left.bind(frame);
      return (i) => {
        const v = f(i);
        if (!ignoreCase && (v === null || v === undefined)) return negate;
        return set.has(norm(v, leftType)) !== negate;
      };
    },
  };
}
