import type { KNode } from '../../kusto.js';
import type { Compiler } from '../compiler.js';
import { compileScalar } from '../scalar.js';
import { Scope, tableFrame, type CompiledTabular, type Tabular } from '../types.js';

/** Keeps rows whose condition is true (null counts as false). */
export function where(cx: Compiler, op: KNode, input: CompiledTabular): Tabular {
  const condition = compileScalar(cx, cx.required(op.Condition, op, 'condition'), new Scope(input.columns));
  return (env) => {
    const table = input.run(env);
    const test = condition.bind(tableFrame(table, env));
    const keep: number[] = [];
    for (let i = 0; i < table.length; i++) if (test(i) === true) keep.push(i);
    return keep.length === table.length ? table : table.select(keep);
  };
}
