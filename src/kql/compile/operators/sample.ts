import type { KNode } from '../../kusto.js';
import type { Compiler } from '../compiler.js';
import type { CompiledTabular, Tabular } from '../types.js';
import { countArgument } from './take.js';

/** sample N: N rows chosen uniformly at random (fewer when the input has fewer), in input order. */
export function sample(cx: Compiler, op: KNode, input: CompiledTabular): Tabular {
  for (const p of cx.elements(op.Parameters)) throw cx.unsupported(p, `sample ${cx.textOf(p).trim()}`);
  const limit = countArgument(cx, cx.required(op.Expression, op, 'count'));
  return (env) => {
    const table = input.run(env);
    const n = Math.min(limit(env), table.length);
    if (n === table.length) return table;
    // A partial Fisher-Yates shuffle picks n distinct rows.
    const rows = Array.from({ length: table.length }, (_, i) => i);
    for (let k = 0; k < n; k++) {
      const j = k + Math.floor(Math.random() * (rows.length - k));
      [rows[k], rows[j]] = [rows[j], rows[k]];
    }
    return table.select(rows.slice(0, n).sort((a, b) => a - b));
  };
}
