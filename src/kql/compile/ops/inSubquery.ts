import { toKqlString } from '../../values/convert.js';
import { runOnce } from '../cache.js';
import type { Compiler } from '../compiler.js';
import type { CompiledTabular, Scalar } from '../types.js';

/**
 * `x in (T | project c)`, `x !in (L)`, `x in (toscalar(...))`, `in~`: the values of the subqueries'
 * first columns and of the row-free items (constants, toscalar(), top-level lets; dynamic arrays
 * contribute their elements) form one set per execution, probed once per row. As with constant
 * lists, a null left side is never `in` (and always `!in`) unless the comparison ignores case.
 */
export function inSubquery(cx: Compiler, left: Scalar, tables: CompiledTabular[], items: Scalar[], ignoreCase: boolean, negate: boolean): Scalar {
  const runs = tables.map((t) => ({ run: runOnce(cx, t), type: t.columns[0]?.type ?? 'dynamic' }));
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
      for (const item of items) add(set, item.constant ? item.constant.value : item.bind(frame)(0), item.type);
      for (const { run, type } of runs) {
        const table = run(frame.env);
        if (table.columns.length === 0) continue;
        const values = table.column(0);
        // A dynamic column's arrays count as values here, not as lists of values.
        for (let i = 0; i < table.length; i++) set.add(norm(values[i], type));
      }
      const f = left.bind(frame);
      return (i) => {
        const v = f(i);
        if (!ignoreCase && (v === null || v === undefined)) return negate;
        return set.has(norm(v, leftType)) !== negate;
      };
    },
  };
}
