import type { KNode } from '../../kusto.js';
import type { Compiler } from '../compiler.js';
import { rowsPassing } from '../../rowScratch.js';
import { compileScalar } from '../scalar.js';
import { Scope, tableFrame, type CompiledTabular, type Tabular } from '../types.js';

/** Keeps rows whose condition is true (null counts as false). */
export function where(cx: Compiler, op: KNode, input: CompiledTabular): Tabular {
  const condition = compileScalar(cx, cx.required(op.Condition, op, 'condition'), new Scope(input.columns));
  return (env) => {
    const table = input.run(env);
    // The test reads each row once: columns are read in place, not gathered (the kept rows are, later).
    const test = condition.bind({ ...tableFrame(table, env), read: (slot) => table.readThrough(slot) });
    const kept = rowsPassing(table.length, test);
    return kept === null ? table : table.select(kept);
  };
}
