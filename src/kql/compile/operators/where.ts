import type { KNode } from '../../kusto.js';
import type { Compiler } from '../compiler.js';
import { borrowRows, keptRows, returnRows } from '../../rowScratch.js';
import { compileScalar } from '../scalar.js';
import { Scope, tableFrame, type CompiledTabular, type Tabular } from '../types.js';

/** Keeps rows whose condition is true (null counts as false). */
export function where(cx: Compiler, op: KNode, input: CompiledTabular): Tabular {
  const condition = compileScalar(cx, cx.required(op.Condition, op, 'condition'), new Scope(input.columns));
  return (env) => {
    const table = input.run(env);
    // The test reads each row once: columns are read in place, not gathered (the kept rows are, later).
    const test = condition.bind({ ...tableFrame(table, env), read: (slot) => table.readThrough(slot) });
    // A list sized for every row (growing one by push costs several times more on millions of rows),
    // borrowed: the kept rows are copied out of it, at their size.
    const keep = borrowRows(table.length);
    let kept = 0;
    for (let i = 0; i < table.length; i++) if (test(i) === true) keep[kept++] = i;
    if (kept < table.length) return table.select(keptRows(keep, kept));
    returnRows(keep);
    return table;
  };
}
